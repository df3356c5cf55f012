"""Hostile payloads planted in a copy of the course (issue 21): every front-matter key of a lesson,
a quiz block, the glossary, the tag and dataset data, a heading, a Mermaid block, raw HTML that
redirects or loads from elsewhere, and an SVG, an HTML and a JS file under docs/.

Every script payload records itself in ``window.__pwned`` (so a test asserts it stays undefined);
every redirect or load points at ``elsewhere.example`` (so the browser guard would count it).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

LESSON = "modules/01-foundations/tokenization.md"
LESSON_PAGE = "modules/01-foundations/tokenization.html"
ELSEWHERE = "https://elsewhere.example/"
PLANTED_FILES = ("assets/evil.svg", "evil.html", "assets/javascripts/evil.js")


def run(label: str) -> str:
    return f"window.__pwned=(window.__pwned||[]).concat(`{label}`)"


def payload(label: str) -> str:
    """Markup that runs ``label``'s script three ways, and breaks out of an attribute first."""
    return f'"><img src=x onerror="{run(label)}"><script>{run(label)}</script><svg onload="{run(label)}">'


def _yaml(value: str, escaped: bool = False) -> str:
    text = json.dumps(value)  # a JSON string is a YAML double-quoted scalar
    return text.replace("<", "\\x3c").replace(">", "\\x3e") if escaped else text


def plant(course: Path) -> None:
    docs = course / "docs"
    lesson = docs / LESSON
    text = lesson.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    data = yaml.safe_load(front)
    lines = []
    for key, value in data.items():
        if key == "title":  # YAML escapes: the file holds no `<`
            lines.append(f"title: {_yaml('Tokenization ' + payload('title'), escaped=True)}")
        elif isinstance(value, list) and key not in ("prerequisites", "datasets", "tags"):
            lines.append(f"{key}:")
            lines.extend(f"  - {json.dumps(item)}" for item in [*value, payload(key)])
        elif key == "tags":
            lines.append(f"tags: {json.dumps([*value, payload('tag-name')])}")
        elif isinstance(value, list):
            lines.append(f"{key}: {json.dumps(value)}")
        else:
            lines.append(f"{key}: {_yaml(payload(key))}")
    quiz_payload = payload("quiz") + f'<meta http-equiv="refresh" content="0;url={ELSEWHERE}quiz">'
    body = body.replace('- question: "', "- question: " + _yaml(quiz_payload)[:-1] + " ", 1)
    body = (
        f"## Heading {payload('heading')}\n\n"
        f"XSSTERM in a sentence, and [the SVG](../../assets/evil.svg).\n\n"
        f'<meta http-equiv="refresh" content="0;url={ELSEWHERE}meta">\n\n'
        f'<base href="{ELSEWHERE}">\n\n'
        f"<script>{run('body-script')}</script>\n\n"
        '<script src="../../assets/javascripts/evil.js"></script>\n\n'
        f'<iframe src="{ELSEWHERE}frame"></iframe>\n\n'
        f'<form action="{ELSEWHERE}collect"><input name="q" value="x"></form>\n\n'
        f'<img src="{ELSEWHERE}pixel.gif" alt="">\n\n'
        "```mermaid\nflowchart LR\n"
        f'  A["{payload("mermaid").replace(chr(34), "#quot;")}"] --> B\n```\n\n' + body
    )
    lesson.write_text("---\n" + "\n".join(lines) + "\n---\n" + body, encoding="utf-8")

    data_dir = docs / "_data"
    glossary = data_dir / "glossary.yml"
    glossary.write_text(
        glossary.read_text(encoding="utf-8") + f"- term: XSSTERM\n  expansion: {_yaml(payload('glossary-expansion'))}\n"
        f"  definition: {_yaml(payload('glossary-definition'), escaped=True)}\n",
        encoding="utf-8",
    )
    tags = data_dir / "tags.yml"
    tags.write_text(
        tags.read_text(encoding="utf-8") + f"{_yaml(payload('tag-name'))}: {_yaml(payload('tag-description'))}\n",
        encoding="utf-8",
    )
    datasets = data_dir / "datasets.yml"
    text = datasets.read_text(encoding="utf-8")
    text = re.sub(
        r"(?m)^(pubmed:\n(?:  .*\n)*?  name: ).*$", lambda m: m.group(1) + _yaml(payload("dataset")), text, count=1
    )
    datasets.write_text(text, encoding="utf-8")

    notebook = docs / "notebooks" / "tokenization.ipynb"  # a Markdown cell that would redirect
    cells = json.loads(notebook.read_text(encoding="utf-8"))
    cells["cells"].insert(
        1,
        {
            "cell_type": "markdown",
            "metadata": {},
            "source": [
                f'<meta http-equiv="refresh" content="0;url={ELSEWHERE}notebook">\n\n',
                payload("notebook-cell"),
            ],
        },
    )
    notebook.write_text(json.dumps(cells, indent=1), encoding="utf-8")

    (docs / "assets" / "evil.svg").write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg" onload="{run("svg-onload")}"><script>{run("svg")}</script></svg>',
        encoding="utf-8",
    )
    (docs / "evil.html").write_text(
        f'<html><head><meta http-equiv="refresh" content="0;url={ELSEWHERE}html"></head>'
        f"<body><script>{run('html-file')}</script></body></html>",
        encoding="utf-8",
    )
    (docs / "assets" / "javascripts" / "evil.js").write_text(run("js-file") + ";\n", encoding="utf-8")
