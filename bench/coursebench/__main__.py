"""``python -m coursebench``: the same as ``course-bench`` (exits with its status)."""

from .cli import main

raise SystemExit(main())
