"""``python -m coursebench``: run the benchmark, write ``docs/_data/benchmarks.json`` and the
performance page's tables from it (``report.write_page``).

    python -m coursebench [--runs N] [--sizes 100,500,800] [--quick] [--json PATH] [--skip-serve]

``--quick`` (one run, 100 lessons, no serve, no profile) is the test suite's smoke test.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from pathlib import Path

from .builds import log
from .corpus import repo_root
from .measure import DEFAULT_RUNS, DEFAULT_SIZES, run
from .report import PAGE, summary, write_page


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(s) for s in text.split(",") if s.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"--sizes takes whole numbers separated by commas, not {text!r}") from None
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError(f"--sizes needs at least one size of 1 or more, not {text!r}")
    return sizes


def parser() -> argparse.ArgumentParser:
    """The argument parser of ``python -m coursebench`` (``--sizes``: whole numbers, each 1 or more)."""
    p = argparse.ArgumentParser(
        prog="python -m coursebench", description="Benchmarks: build cost, growth with the course, page weight."
    )
    p.add_argument("--runs", type=int, default=None, help=f"runs per figure (default {DEFAULT_RUNS}; 1 with --quick)")
    p.add_argument(
        "--sizes",
        type=_sizes,
        default=None,
        help="generated lessons per corpus, comma-separated (default "
        f"{','.join(map(str, DEFAULT_SIZES))}; 100 with --quick)",
    )
    p.add_argument("--quick", action="store_true", help="one run, 100 lessons, no serve, no profile")
    p.add_argument(
        "--json",
        type=Path,
        default=None,
        help="where to write the results (default docs/_data/benchmarks.json in the course)",
    )
    p.add_argument("--skip-serve", action="store_true", help="do not measure mkdocs serve")
    p.add_argument("--skip-profile", action="store_true", help="do not profile a build")
    p.add_argument("--root", type=Path, default=None, help="the course (default: this repository)")
    p.add_argument("--scratch", type=Path, default=None, help="work folder (default: a temporary one)")
    p.add_argument("--keep", action="store_true", help="keep the work folder")
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark in a new work folder, write the results as JSON and print their summary.

    Without ``--json`` the results go to the course's ``docs/_data/benchmarks.json`` and the
    performance page is rewritten from them. The work folder is removed afterwards, also after a
    failure, unless ``--keep``. Returns 0, or 2 (nothing measured) if the course has no ``mkdocs.yml``."""
    args = parser().parse_args(argv)
    root = (args.root or repo_root()).resolve()
    if not (root / "mkdocs.yml").is_file():
        print(f"{root}: no mkdocs.yml here; give the course with --root")
        return 2
    runs = args.runs or (1 if args.quick else DEFAULT_RUNS)
    sizes = args.sizes or ([100] if args.quick else list(DEFAULT_SIZES))
    serve = not (args.skip_serve or args.quick)
    target = args.json or root / "docs" / "_data" / "benchmarks.json"
    if args.scratch:
        args.scratch.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="course-bench-", dir=args.scratch))
    try:
        results = run(
            root, scratch, runs, sizes, serve, quick=args.quick, do_profile=not (args.quick or args.skip_profile)
        )
    finally:
        if args.keep:
            log(f"work folder kept: {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    if args.json is None:  # the course's own figures: the performance page shows them
        page = write_page(root / PAGE, results)
        print(f"rewrote {page.relative_to(root).as_posix()}")
    print(summary(results))
    print(f"\nwritten to {target} ({results['seconds']:.0f} s)")
    return 0
