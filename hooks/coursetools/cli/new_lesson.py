"""``course-new-lesson MODULE "Title"``: a lesson skeleton that builds, added to the navigation.

The skeleton has every required front-matter key (today's date), the sections a lesson needs, an
exercise with a collapsible solution, a self-check and key points. Its places to fill in are
marked ``TODO:``; while any is left, the check reports one error (rule ``lesson-placeholder``),
so a skeleton never passes ``mkdocs build --strict`` and cannot be deployed, and it reports the
content rules (length, sources) only as warnings, so the preview shows one problem rather than a
pile while the lesson grows; once the last placeholder is gone, they are errors again.
The default tag is the one the module's lessons use most.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import unicodedata
from pathlib import Path

import yaml

from ..checks.contract import did_you_mean
from ..repo import find_root, load_yaml
from ..settings import SettingsError, from_config

TEMPLATE = """\
---
title: {title}
description: "TODO: one sentence of at most 200 characters saying what the lesson teaches."
authors: [{author}]
date: {today}
reviewed: {today}
tags: [{tag}]
level: beginner
objectives:
  - "TODO: Explain the first thing a student will be able to do."
  - "TODO: Apply the second thing a student will be able to do."
questions:
  - "TODO: What question does this lesson answer?"
keypoints:
  - "TODO: The first thing to remember."
---

## TODO: the first section

TODO: Write the lesson in your own words. Every fact needs a footnote to a primary source (a DOI,
an arXiv id or an official page), like this one.[^source1]

!!! question "Exercise: TODO"

    Objectives: 1, 2

    TODO: the task.

    ??? success "Solution"

        TODO: the worked solution.

## Check your understanding

```quiz
- question: "TODO: a single-choice question."
  assesses: [1]
  kind: single
  choices:
    - text: "TODO: the right answer."
      correct: true
      feedback: "TODO: why it is right."
    - text: "TODO: a plausible wrong answer."
      feedback: "TODO: why it is wrong."
- question: "TODO: a question with several right answers."
  assesses: [2]
  kind: multiple
  choices:
    - text: "TODO: a right answer."
      correct: true
      feedback: "TODO: why."
    - text: "TODO: another right answer."
      correct: true
      feedback: "TODO: why."
    - text: "TODO: a wrong answer."
      feedback: "TODO: why not."
- question: "TODO: a question with a number as its answer."
  assesses: [2]
  kind: numeric
  answer: 1
  tolerance: 0.01
  feedback:
    correct: "TODO: the working."
    incorrect: "TODO: a hint."
- question: "Spot the error: TODO a statement with one mistake in it."
  assesses: [1]
  kind: single
  spot-error: true
  choices:
    - text: "TODO: the mistaken part."
      correct: true
      feedback: "TODO: what is wrong with it."
    - text: "TODO: a correct part."
      feedback: "TODO: why it is right."
```

[^source1]: TODO: Author A, Author B. Title. Journal. Year. https://doi.org/10.xxxx/xxxx
"""


def yaml_scalar(text: str) -> str:
    """``text`` as it must be written in front matter to read back as exactly ``text``: as it is
    when YAML reads it so (inside a ``[...]`` list too), else double-quoted with escapes."""
    try:
        plain = yaml.safe_load(f"a: {text}\nb: [{text}]\n")
    except yaml.YAMLError:
        plain = None
    if isinstance(plain, dict) and plain.get("a") == text and plain.get("b") == [text]:
        return text
    return json.dumps(text, ensure_ascii=False)  # JSON strings are YAML double-quoted scalars


def slugify(title: str) -> str:
    """A title as a file name stem: accents dropped, lower case, other runs as ``-`` (``lesson`` if nothing is left)."""
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "lesson"


def add_to_nav(config_text: str, module: str, lesson: str) -> str | None:
    """Insert ``modules/MODULE/LESSON`` after the module's last entry in ``nav:``; None if not found."""
    lines = config_text.split("\n")
    prefix = f"modules/{module}/"
    places = [i for i, line in enumerate(lines) if prefix in line and line.lstrip().startswith("- ")]
    if not places:
        return None
    last = places[-1]
    indent = lines[last][: len(lines[last]) - len(lines[last].lstrip())]
    lines.insert(last + 1, f"{indent}- {prefix}{lesson}")
    return "\n".join(lines)


def module_tag(folder: Path) -> str:
    """The tag the module's pages use most (ties: the first in their order); `TODO` if none has one."""
    counts: dict[str, int] = {}
    for page in sorted(folder.glob("*.md")):
        try:
            front = page.read_text(encoding="utf-8").split("\n---\n", 1)[0]
            data = load_yaml(front.removeprefix("---\n")) if front.startswith("---\n") else None
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue
        tags = data.get("tags") if isinstance(data, dict) else None
        for tag in tags if isinstance(tags, list) else []:
            if isinstance(tag, str):
                counts[tag] = counts.get(tag, 0) + 1
    return max(counts, key=lambda t: counts[t]) if counts else "TODO"


def main(argv: list[str] | None = None) -> int:
    """``course-new-lesson MODULE "Title"``: write the lesson skeleton and add it to the module's ``nav:``
    in mkdocs.yml; returns 2, writing nothing, for an unknown module, an existing file, or a module
    missing from ``nav:``."""
    parser = argparse.ArgumentParser(prog="course-new-lesson", description=__doc__.split("\n")[0])
    parser.add_argument("module", help="the module folder under docs/modules/, e.g. 02-transformers")
    parser.add_argument("title", help='the lesson title, e.g. "Positional encoding"')
    parser.add_argument("--author", default="LLMs Meet Healthcare course team")
    parser.add_argument(
        "--tag", default=None, help="a tag from docs/_data/tags.yml (default: the one the module's lessons use most)"
    )
    args = parser.parse_args(argv)
    root = find_root(Path.cwd())
    if root is None:
        print("course-new-lesson: run it from the course repository", file=sys.stderr)
        return 2
    try:
        settings = from_config(root)
    except SettingsError as error:
        print(f"course-new-lesson: mkdocs.yml: {error}", file=sys.stderr)
        return 2
    modules_dir = settings.docs_dir / "modules"
    folder = modules_dir / args.module
    if not folder.is_dir():
        known = sorted(p.name for p in modules_dir.iterdir() if p.is_dir()) if modules_dir.is_dir() else []
        guess = did_you_mean(args.module, known)
        print(
            f"course-new-lesson: there is no module `{args.module}`; "
            + (f"did you mean `{guess}`?" if guess else "modules: " + ", ".join(known)),
            file=sys.stderr,
        )
        return 2
    tag = args.tag or module_tag(folder)
    target = folder / f"{slugify(args.title)}.md"
    if target.exists():
        print(f"course-new-lesson: {target.relative_to(root)} exists already; choose another title", file=sys.stderr)
        return 2
    config_file = root / "mkdocs.yml"
    new_config = add_to_nav(config_file.read_text(encoding="utf-8"), args.module, target.name)
    if new_config is None:
        print(
            f"course-new-lesson: module `{args.module}` is not in `nav:` of mkdocs.yml; add it there first",
            file=sys.stderr,
        )
        return 2
    target.write_text(
        TEMPLATE.format(
            title=yaml_scalar(args.title), author=yaml_scalar(args.author), tag=tag, today=dt.date.today().isoformat()
        ),
        encoding="utf-8",
    )
    config_file.write_text(new_config, encoding="utf-8")
    print(
        f"wrote {target.relative_to(root)} and added it to `nav:` in mkdocs.yml.\n"
        "Fill in every `TODO:` (course-check lists them), then preview it with `.venv/bin/mkdocs serve`."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
