"""``mkdocs build --strict 2>&1 | course-annotate``: the build's log, passed through unchanged, plus
one GitHub Actions annotation per problem, so strict-build failures appear on the lines of a pull
request as `course-check --format github` findings do.

The course's errors print as ``ERROR - course: docs/path.md:LINE: [rule] message; fix`` and its
warnings as ``WARNING - docs/path.md:LINE: ...``; MkDocs' own warnings name a file as
``Doc file 'x.md' ...`` (relative to docs/) and are annotated on it (or on mkdocs.yml).
Exits 0: the build's own exit status decides (CI runs the pipe with ``set -o pipefail``).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator

from ..findings import Finding, rule
from .check import github_annotation

BUILD_WARNING = rule(
    "build-warning",
    "build",
    "The strict build logs no warning of MkDocs' own (a link to a missing page or anchor, a `nav:` entry).",
    "Fix what the message names: under `mkdocs build --strict` every such warning fails the build.",
)

_LEVEL = re.compile(r"^(?P<level>WARNING|ERROR)\s+-\s+(?P<text>.*)$")
_FINDING = re.compile(
    r"^(?P<logger>[\w.-]+: )?(?P<path>[^\s:]+):(?P<line>\d+|cell \d+): (?:\[(?P<rule>[\w-]+)\] )?(?P<rest>.+)$"
)
_DOC_FILE = re.compile(r"Doc file '(?P<path>[^']+)'")


def annotate_lines(lines: Iterable[str], docs: str = "docs") -> Iterator[str]:
    """The annotation for each WARNING or ERROR line of a MkDocs (or ProperDocs) log."""
    for raw in lines:
        match = _LEVEL.match(raw.rstrip("\n"))
        if match is None:
            continue
        text = match.group("text")
        found = _FINDING.match(text)
        if found is not None:
            message, _, fix = found.group("rest").partition("; ")
            where = found.group("line")
            finding = Finding(
                found.group("path"),
                int(where) if where.isdigit() else 0,
                message,
                fix,
                found.group("rule") or BUILD_WARNING.id,
                where="" if where.isdigit() else where,
                # `course: ...` lines come through an mkdocs.* logger and fail --strict; the course's
                # advice (warnings, through the `coursetools` logger) has no prefix and never does.
                level="error" if found.group("logger") or match.group("level") == "ERROR" else "warning",
            )
        else:
            doc = _DOC_FILE.search(text)
            path = f"{docs}/{doc.group('path')}" if doc else "mkdocs.yml"
            finding = Finding(path, 0, text, "", BUILD_WARNING.id, level="error")  # MkDocs' own: --strict fails on it
        yield github_annotation(finding)


def main(argv: list[str] | None = None) -> int:
    """``course-annotate``: copy standard input to standard output line by line, each WARNING or ERROR
    line followed by its GitHub Actions annotation; ``-h`` prints the module's help. Always returns 0."""
    args = sys.argv[1:] if argv is None else argv
    if args and args[0] in ("-h", "--help"):
        print((__doc__ or "").strip())
        return 0
    for line in sys.stdin:
        sys.stdout.write(line)
        for annotation in annotate_lines([line]):
            print(annotation)
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
