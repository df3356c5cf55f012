"""``python -m coursetools.links``: the same as ``course-links`` (exits with its status)."""

import sys

from .check import main

sys.exit(main())
