"""``python -m coursetools``: the same as ``course-check`` (exits with its status)."""

from .cli.check import main

raise SystemExit(main())
