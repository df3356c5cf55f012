"""Instructor-guide sections generated from the course's single sources of truth, committed.

A page holds a generated section between two comments::

    <!-- generated: rule-catalogue -->
    | Rule | ... |          (written by `course-docs`; do not edit by hand)
    <!-- end: rule-catalogue -->

``course-docs`` rewrites every such section (in docs/instructors/ and the README) from its source
(the schema, the tag vocabulary, the rule catalogue, the settings); the checker reports a section that no longer matches
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
from ..checks.contract import Contract, example
from ..data import CourseData
from ..findings import Finding, rule
from ..repo import find_root, shown_path
from ..settings import DOCUMENTED, OTHER_VARIABLES, Settings, SettingsError, from_config
from . import render

STALE = rule(
    "docs-generated-stale",
    "instructor guide",
    "Generated sections of the instructor guide and the README match their sources (schema, tags, rules, settings).",
    "Run `course-docs` and commit the pages it rewrites.",
)

_SECTION = re.compile(r"(<!-- generated: (?P<name>[a-z-]+) -->\n)(?P<body>.*?)(<!-- end: (?P=name) -->)", re.S)


def settings_table(settings: Settings) -> str:
    """The guide's table of every documented setting with its default (paths relative to the
    repository), its environment override and purpose, then the other environment variables."""
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


# Optional keys the guide's example shows besides every required one (in the schema's order).
EXAMPLE_OPTIONAL = ("level", "questions", "keypoints", "prerequisites")
EXAMPLE_BODY = """\
## First section

Text, with a footnoted source for every fact.[^sennrich2016] WordPiece splits words the same
way[^wu2016], and clinical text needs models trained on it.[^alsentzer2019]

!!! question "Exercise: split a word"

    Objectives: 1

    The question.

    ??? success "Solution"

        The answer.

## Check your understanding

A ```` ```quiz ```` block of at least four questions: see [self-checks](assessment.md).

[^sennrich2016]: Sennrich R, Haddow B, Birch A. Neural Machine Translation of Rare Words with Subword Units. ACL 2016. [arXiv:1508.07909](https://arxiv.org/abs/1508.07909).
[^wu2016]: Wu Y, et al. Google's Neural Machine Translation System. 2016. [arXiv:1609.08144](https://arxiv.org/abs/1609.08144).
[^alsentzer2019]: Alsentzer E, et al. Publicly Available Clinical BERT Embeddings. ClinicalNLP 2019. [arXiv:1904.03323](https://arxiv.org/abs/1904.03323).
"""


def lesson_example(contract: Contract) -> str:
    """The guide's example lesson: every required key and a few optional ones, each with the
    schema's own example value, so copying it cannot miss a key the check requires."""
    keys = [k for k in contract.properties if k in contract.required(True) or k in EXAMPLE_OPTIONAL]
    front = [example(contract.properties[key], key) or f"{key}:" for key in keys]
    return "\n".join(["```markdown", "---", *front, "---", "", EXAMPLE_BODY.rstrip(), "```"])


def required_keys(contract: Contract) -> str:
    """The keys every lesson needs, as a list of code spans (the README's "Add a lesson")."""
    return ", ".join(f"`{key}`" for key in contract.required(True))


def sources(data: CourseData, settings: Settings) -> dict[str, Callable[[], str]]:
    """What writes each generated section, by the name its ``<!-- generated: NAME -->`` comment gives."""
    contract = Contract(data)
    return {
        "lesson-example": lambda: lesson_example(contract),
        "required-keys": lambda: required_keys(contract),
        "contract-table": lambda: render.contract_table(contract),
        "retired-keys": lambda: render.retired_keys(contract),
        "tag-table": lambda: render.tag_table(contract),
        "rule-catalogue": catalogue.markdown_table,
        "settings-table": lambda: settings_table(settings),
    }


def rewrite(text: str, makers: dict[str, Callable[[], str]]) -> str:
    """``text`` with every generated section that ``makers`` knows rewritten; unknown sections are left as they are."""

    def one(match: re.Match[str]) -> str:
        maker = makers.get(match.group("name"))
        if maker is None:
            return match.group(0)
        return f"{match.group(1)}{maker().rstrip()}\n{match.group(4)}"

    return _SECTION.sub(one, text)


def pages(docs_dir: Path, repo_root: Path | None = None) -> list[Path]:
    """The pages with generated sections: the instructor guide's, and the repository's README."""
    candidates = sorted((docs_dir / "instructors").glob("*.md"))
    if repo_root is not None and (repo_root / "README.md").is_file():
        candidates.append(repo_root / "README.md")
    return [p for p in candidates if "<!-- generated: " in p.read_text("utf-8")]


def stale(data: CourseData, settings: Settings) -> list[Finding]:
    """A ``docs-generated-stale`` finding for each page whose generated sections differ from what
    ``course-docs`` writes, at the line of the first that does."""
    makers = sources(data, settings)
    out = []
    for path in pages(settings.docs_dir, settings.repo_root):
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
    """``course-docs``: rewrite the stale generated sections of the guide and the README; with
    ``--check`` only print them (exit 1 if any). Returns 2 outside a course repository."""
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
    try:
        settings = from_config(root)
    except SettingsError as error:
        print(f"course-docs: mkdocs.yml: {error}", file=sys.stderr)
        return 2
    data = CourseData.load(settings.docs_dir, root)
    if args.check:
        found = stale(data, settings)
        for finding in found:
            print(finding)
        return 1 if found else 0
    makers = sources(data, settings)
    for path in pages(settings.docs_dir, settings.repo_root):
        text = path.read_text(encoding="utf-8")
        new = rewrite(text, makers)
        if new != text:
            path.write_text(new, encoding="utf-8")
            print(f"rewrote {shown_path(path, root)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
