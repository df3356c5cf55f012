"""The standalone check: ``course-check [FILE ...]``.

Runs every lesson check without building the site (for pre-commit hooks, editors and CI), prints
one ``docs/path.md:LINE: [rule] problem; fix`` line per finding and exits 1 if there is any error
(warnings are printed, never fail). With file arguments it reports only on those files (the whole
course is still read, so prerequisites and cross-page rules stay correct); when one of them is
mkdocs.yml or a file under docs/_data/, which can change any page's findings, the whole course is
reported.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .. import catalogue
from ..checks import review
from ..checks.contract import Contract, example
from ..course import check_course
from ..data import CourseData
from ..findings import Finding
from ..repo import find_root
from ..settings import SettingsError, from_config
from .args import files_as_paths

CHECKED = (".md", ".ipynb", ".csv", ".tsv", ".json", ".jsonl", ".txt", ".yml", ".yaml")


def changes_everything(path: Path, root: Path, docs_dir: Path) -> bool:
    """mkdocs.yml (settings, `nav:`) and the course data (docs/_data/) can change any page's findings."""
    resolved = path.resolve()
    return resolved == (root / "mkdocs.yml").resolve() or (docs_dir / "_data") in resolved.parents


def github_annotation(finding: Finding) -> str:
    """A GitHub Actions workflow command: the finding appears on the line of a pull request."""

    def escape(text: str, is_property: bool = False) -> str:
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return text.replace(":", "%3A").replace(",", "%2C") if is_property else text

    level = "error" if finding.severity == "error" else "warning"
    line = f",line={finding.line}" if finding.line else ""
    message = f"{finding.message}; {finding.fix}" if finding.fix else finding.message
    where = f"{finding.where}: " if finding.where else ""
    return (
        f"::{level} file={escape(finding.path, True)}{line},title={escape(finding.rule or 'course-check', True)}"
        f"::{escape(where + message)}"
    )


def explain(topic: str, contract: Contract) -> str:
    """``--explain``: a rule, a front-matter key, or the list of either."""
    known = {r.id: r for r in catalogue.rules()}
    if topic == "rules":
        return "\n".join(f"{r.id:30} {r.severity:8} {r.checks}" for r in known.values())
    if topic in known:
        r = known[topic]
        return f"{r.id} ({r.group}, {r.severity})\n  checks: {r.checks}\n  fix:    {r.fix}"
    if contract.properties:
        required = set(contract.required(True))
        if topic == "keys":
            return "\n".join(
                f"{key:16} {'required' if key in required else 'optional':9} {prop.get('description', '')}"
                for key, prop in contract.properties.items()
            )
        if topic in contract.properties:
            prop = contract.properties[topic]
            return (
                f"{topic} ({'required for lessons' if topic in required else 'optional'})\n"
                f"  {prop.get('description', '')}\n  example: {example(prop, topic)}"
            )
        if topic in contract.retired:
            return f"{topic}: not a key of this course; {contract.retired[topic]}"
    return f"nothing is called `{topic}`; try `--explain rules` or `--explain keys`"


def main(argv: list[str] | None = None) -> int:
    """``course-check [FILE ...]``: print every finding (or GitHub annotations) and a summary line;
    returns 1 if there is an error, 2 when it cannot run (no course here, bad settings), else 0.
    ``--explain`` prints a rule or a key; given only files it does not read, it checks nothing."""
    parser = argparse.ArgumentParser(prog="course-check", description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="*", help="only report on these files")
    parser.add_argument(
        "--root", type=Path, default=None, help="the course repository (default: found from the current folder)"
    )
    parser.add_argument(
        "--format",
        choices=("text", "github"),
        default="text",
        help="`github` prints GitHub Actions annotations (findings on the lines of a pull request)",
    )
    parser.add_argument(
        "--show-silenced",
        action="store_true",
        help="also list the findings silenced by `course-check: ignore` comments, with their reasons",
    )
    parser.add_argument(
        "--explain", metavar="RULE|KEY", help="explain a rule or a front-matter key (`rules` and `keys` list them all)"
    )
    parser.add_argument("--quiet", action="store_true", help="print findings only, no summary")
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="check every file again instead of reading back the results of unchanged ones (.cache/checks)",
    )
    parser.add_argument(
        "--review-report",
        type=Path,
        metavar="FILE",
        help="also write the lessons due for review as Markdown (the weekly workflow posts it)",
    )
    # Hardening: a file named `--help.md` is a file, not an option (coursetools.cli.args).
    args = parser.parse_args(files_as_paths(sys.argv[1:] if argv is None else argv))
    root = args.root or find_root(Path.cwd())
    if root is None:
        print(
            "course-check: no mkdocs.yml with a docs/ folder here or above; run it from the course repository",
            file=sys.stderr,
        )
        return 2
    root = root.resolve()
    started = time.perf_counter()
    try:
        settings = from_config(root)
    except SettingsError as error:
        print(f"mkdocs.yml: {error}", file=sys.stderr)
        return 2
    if args.explain:
        print(explain(args.explain, Contract(CourseData.load(settings.docs_dir, root))))
        return 0
    files = [Path(f) for f in args.files]
    only = [f for f in files if f.suffix in CHECKED] if files else None
    if files and not only:
        return 0  # e.g. pre-commit passed only files the check does not read
    if only and any(changes_everything(f, root, settings.docs_dir) for f in only):
        only = None  # the whole course: a data file or mkdocs.yml can change any page's findings
    results = None if args.no_cache else settings.results_cache
    course = check_course(settings.docs_dir, root, only=only, settings=settings, results=results)
    for finding in course.findings:
        print(github_annotation(finding) if args.format == "github" else finding)
    if args.review_report:
        args.review_report.write_text(review.overdue_report(course.findings), encoding="utf-8")
    if args.show_silenced:
        for finding, silence in course.silenced:
            print(f"silenced: {finding}  (by line {silence.line}: {silence.reason})")
    if not args.quiet:
        elapsed = time.perf_counter() - started
        errors, warnings = len(course.errors), len(course.warnings)
        print(
            f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}"
            f"{f', {len(course.silenced)} silenced' if course.silenced else ''} in {len(course.pages)} pages "
            f"({elapsed:.2f} s)",
            file=sys.stderr,
        )
    return 1 if course.errors else 0


if __name__ == "__main__":
    sys.exit(main())
