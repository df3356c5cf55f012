from .cli.check import main

raise SystemExit(main())
