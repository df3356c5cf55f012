"""What the notebook executor enforces: its rules, the cache version, and which files count as the
system's own (not a notebook's data)."""

from __future__ import annotations

import os
import sys

from ..findings import rule
from ..safety.files import LIMITS_SETTING

rule(
    "notebook-timeout",
    "notebooks",
    "Every notebook cell finishes within the timeout.",
    "Make the cell faster, or raise `extra.course.notebook_timeout` in mkdocs.yml.",
)
rule(
    "notebook-error",
    "notebooks",
    "Every notebook cell runs without raising an exception.",
    "Fix the cell; run the notebook in Jupyter to debug it.",
)
rule("notebook-dead-kernel", "notebooks", "The kernel survives every cell.", "Use less memory in the cell named.")
rule(
    "notebook-kernel",
    "notebooks",
    "The notebook kernel can start.",
    "Install the course's requirements (README) so ipykernel is available.",
)
rule(
    "notebook-alt",
    "notebooks",
    "Every figure a notebook draws has alt text.",
    "Give the figure alt text (see docs/notebooks/nbhelpers.py).",
)

# 2: outputs sanitized (coursetools.safety.sanitize); 3: run in the sandbox; 4: streams merged, no timings
CACHE_VERSION = 4
DEFAULT_TIMEOUT = 120  # seconds per cell

INVALID = rule(
    "notebook-invalid",
    "notebooks",
    "a notebook must be a valid .ipynb (JSON) file",
    "open and save it in Jupyter, or restore it from version control",
)
OUTPUT_TOO_LARGE = rule(
    "notebook-output-too-large",
    "notebooks",
    "a cell's outputs must not exceed the output size limit",
    f"print less (a summary, the first rows), or raise `{LIMITS_SETTING}.output_bytes` in mkdocs.yml",
)
WROTE_SOURCES = rule(
    "notebook-wrote-sources",
    "notebooks",
    "a notebook must not write into the repository while it runs",
    "write results to a temporary folder (tempfile), or show them as output",
)
READ_OUTSIDE = rule(
    "notebook-read-outside",
    "notebooks",
    "a notebook must read only files of the repository",
    "copy the file into docs/notebooks/data/ and read it from there",
)
# Read by Python and its libraries on their own: not the notebook's data.
_SYSTEM_PREFIXES = tuple(
    sorted(
        {
            sys.prefix,
            sys.base_prefix,
            sys.exec_prefix,
            "/usr/",
            "/lib",
            "/proc/",
            "/sys/",
            "/dev/",
            "/etc/localtime",
            "/etc/timezone",
            "/etc/fonts/",
            "/etc/ssl/",
            "/etc/mime.types",
            "/etc/matplotlibrc",
            "/tmp/matplotlib",
            os.path.expanduser("~/.cache/"),
            os.path.expanduser("~/.config/"),
            os.path.expanduser("~/.local/"),
            os.path.expanduser("~/.matplotlib/"),
            os.path.expanduser("~/.ipython/"),
        }
    )
)
ENV_PACKAGES = ("ipykernel", "numpy", "matplotlib", "tokenizers", "nbclient")
