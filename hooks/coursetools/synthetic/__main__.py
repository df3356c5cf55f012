"""``python -m coursetools.synthetic [OUT_DIR]``: the same as ``course-synthetic-data``."""

import sys

from . import cli

sys.exit(cli())
