"""The standalone check: ``python -m coursetools.check [FILE ...]``.

Runs every lesson check without building the site (for pre-commit hooks, editors and CI), prints
one ``docs/path.md:LINE: problem; fix`` line per finding and exits 1 if there is any. With file
arguments it reports only on those files (the whole course is still read, so prerequisites and
cross-page rules stay correct).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .cli_args import files_as_paths
from .course import check_course
from .repo import find_root


def find_repo_root(start: Path) -> Path:
    root = find_root(start)
    if root is not None:
        return root
    raise SystemExit("coursetools.check: no mkdocs.yml with a docs/ folder here or above; "
                     "run it from the course repository")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m coursetools.check", description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="*", type=Path, help="only report on these files")
    parser.add_argument("--root", type=Path, default=None, help="the course repository (default: found from the current folder)")
    parser.add_argument("--quiet", action="store_true", help="print findings only, no summary")
    # Hardening: a file named `--help.md` is a file, not an option (coursetools.cli_args).
    args = parser.parse_args(files_as_paths(sys.argv[1:] if argv is None else argv))
    root = (args.root or find_repo_root(Path.cwd())).resolve()
    started = time.perf_counter()
    checked = (".md", ".ipynb", ".csv", ".tsv", ".json", ".jsonl", ".txt")
    only = [f for f in args.files if f.suffix in checked] if args.files else None
    if args.files and not only:
        return 0  # e.g. pre-commit passed only files the check does not read
    course = check_course(root / "docs", root, only=only)
    for finding in course.findings:
        print(finding)
    if not args.quiet:
        elapsed = time.perf_counter() - started
        count = len(course.findings)
        print(f"{count} problem{'s' if count != 1 else ''} in {len(course.pages)} pages "
              f"({elapsed:.2f} s)", file=sys.stderr)
    return 1 if course.findings else 0


if __name__ == "__main__":
    sys.exit(main())
