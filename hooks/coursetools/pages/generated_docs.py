"""Instructor-guide sections generated from the course's single sources of truth, committed.

A page holds a generated section between two comments::

    <!-- generated: rule-catalogue -->
    | Rule | ... |          (written by `course-docs`; do not edit by hand)
    <!-- end: rule-catalogue -->

``course-docs`` rewrites every such section from its source (the schema, the tag vocabulary, the
rule catalogue, the settings); the checker reports a section that no longer matches
(``docs-generated-stale``). So the tables can be read in the repository, on GitHub or in an
editor, and still cannot disagree with the checks.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from pathlib import Path

from .. import catalogue
from ..checks.contract import Contract
from ..data import CourseData
from ..findings import Finding, rule
from ..repo import find_root, shown_path
from ..settings import DOCUMENTED, OTHER_VARIABLES, Settings, from_config
from . import render

STALE = rule(
    "docs-generated-stale",
    "instructor guide",
    "Generated sections of the instructor guide match their sources (schema, tags, rules, settings).",
    "Run `course-docs` and commit the pages it rewrites.",
)

_SECTION = re.compile(r"(<!-- generated: (?P<name>[a-z-]+) -->\n)(?P<body>.*?)(<!-- end: (?P=name) -->)", re.S)


def settings_table(settings: Settings) -> str:
    rows = [
        "| Setting (`extra.course` in mkdocs.yml) | Default | Environment override | What it is for |",
        "|---|---|---|---|",
    ]
    defaults = Settings(settings.repo_root, settings.docs_dir)
    for name, variable, text in DOCUMENTED:
        owner, _, leaf = name.rpartition(".")
        value = getattr(getattr(defaults, owner) if owner else defaults, leaf)
        shown = (
            value.relative_to(settings.repo_root).as_posix()
            if isinstance(value, Path) and value.is_relative_to(settings.repo_root)
            else value
        )
        if isinstance(shown, tuple):
            shown = list(shown)
        rows.append(
            f"| `{name}` | `{shown if shown != '' else '(none)'}` | {f'`{variable}`' if variable else '—'} | {text} |"
        )
    rows += ["", "| Other environment variable | What it is for |", "|---|---|"]
    rows += [f"| `{name}` | {text} |" for name, text in OTHER_VARIABLES]
    return "\n".join(rows)


def sources(data: CourseData, settings: Settings) -> dict[str, Callable[[], str]]:
    contract = Contract(data)
    return {
        "contract-table": lambda: render.contract_table(contract),
        "retired-keys": lambda: render.retired_keys(contract),
        "tag-table": lambda: render.tag_table(contract),
        "rule-catalogue": catalogue.markdown_table,
        "settings-table": lambda: settings_table(settings),
    }


def rewrite(text: str, makers: dict[str, Callable[[], str]]) -> str:
    def one(match: re.Match[str]) -> str:
        maker = makers.get(match.group("name"))
        if maker is None:
            return match.group(0)
        return f"{match.group(1)}{maker().rstrip()}\n{match.group(4)}"

    return _SECTION.sub(one, text)


def pages(docs_dir: Path) -> list[Path]:
    return sorted(p for p in (docs_dir / "instructors").glob("*.md") if "<!-- generated: " in p.read_text("utf-8"))


def stale(data: CourseData, settings: Settings) -> list[Finding]:
    makers = sources(data, settings)
    out = []
    for path in pages(settings.docs_dir):
        text = path.read_text(encoding="utf-8")
        if rewrite(text, makers) != text:
            first = next((m for m in _SECTION.finditer(text) if rewrite(m.group(0), makers) != m.group(0)), None)
            line = text[: first.start()].count("\n") + 1 if first else 1
            name = first.group("name") if first else "?"
            out.append(
                Finding(
                    shown_path(path, settings.repo_root),
                    line,
                    f"the generated section `{name}` is out of date",
                    "run `course-docs` and commit the result",
                    STALE.id,
                )
            )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="course-docs",
        description="Rewrite the generated sections of the "
        "instructor guide from the schema, tags, rule catalogue and settings.",
    )
    parser.add_argument("--check", action="store_true", help="only report stale sections (exit 1 if any)")
    args = parser.parse_args(argv)
    root = find_root(Path.cwd())
    if root is None:
        print("course-docs: run it from the course repository", file=sys.stderr)
        return 2
    settings = from_config(root)
    data = CourseData.load(settings.docs_dir, root)
    if args.check:
        found = stale(data, settings)
        for finding in found:
            print(finding)
        return 1 if found else 0
    makers = sources(data, settings)
    for path in pages(settings.docs_dir):
        text = path.read_text(encoding="utf-8")
        new = rewrite(text, makers)
        if new != text:
            path.write_text(new, encoding="utf-8")
            print(f"rewrote {shown_path(path, root)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
