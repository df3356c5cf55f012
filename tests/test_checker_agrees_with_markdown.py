"""Differential test: the footnotes and level-1 headings the checker sees are the ones the site renders.

For every page of the course and a set of tricky fixtures, the body is rendered with the site's
own Markdown configuration (the extensions and settings of mkdocs.yml, through the ``markdown``
library MkDocs uses) and compared with what ``coursetools`` finds: defined footnotes, footnotes
referenced and rendered, and level-1 headings.
"""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest
import yaml

from coursetools.checks import footnotes, frontmatter, headings
from coursetools.checks.markdown import mask

ROOT = Path(__file__).resolve().parent.parent


class _ConfigLoader(yaml.SafeLoader):
    pass


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def site_markdown() -> markdown.Markdown:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)
    names, settings = [], {}
    for entry in config["markdown_extensions"]:
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        names.append(name)
        settings[name] = options or {}
    return markdown.Markdown(extensions=names, extension_configs=settings)


def rendered(body: str) -> tuple[set[str], set[str], int]:
    html = site_markdown().convert(body)
    defined = set(re.findall(r'<li id="fn:([^"]+)"', html))
    cited = set(re.findall(r'<sup id="fnref\d*:([^"]+)"', html))
    return defined, cited, len(re.findall(r"<h1[\s>]", html))


def checked(body: str) -> tuple[set[str], set[str], int]:
    masked = mask(body)
    notes = footnotes.scan(body, 1, "x", masked)
    defined = set(notes.definitions)
    return defined, {label for label in notes.references if label in defined}, len(headings.h1_lines(masked))


def course_pages() -> list[Path]:
    return sorted(p for p in (ROOT / "docs").rglob("*.md") if "_data" not in p.parts)


FIXTURES = {
    "blockquote": "Fact[^a].\n\n> [^a]: In a quote.\n",
    "blockquote-continued": "Fact[^a].\n\n> A quote.\n> [^a]: In the same quote.\n",
    "quoted-text-and-note": "> Fact[^a].\n>\n> [^a]: Both quoted.\n",
    "list-item-definition": "Fact[^a].\n\n- [^a]: As a list item.\n",
    "indented-under-item-after-blank": "Fact[^a].\n\n- item\n\n    [^a]: Child of the item.\n",
    "indented-under-item-no-blank": "Fact[^a].\n\n- item\n    [^a]: Text of the item.\n",
    "lazy-in-item": "Fact[^a].\n\n- item\n  [^a]: Two spaces.\n",
    "numbered-item": "Fact[^a].\n\n1. item\n\n    [^a]: Under a numbered item.\n",
    "code-under-item": "Fact[^a].\n\n- item\n\n        [^a]: Code in the item.\n",
    "indented-code": "Fact[^a].\n\n    [^a]: Code.\n",
    "admonition": "Fact[^a].\n\n!!! note\n    [^a]: In an admonition.\n",
    "code-in-admonition": "Fact[^a].\n\n!!! note\n    Body.\n\n        [^a]: Code.\n",
    "content-tab": 'Fact[^a].\n\n=== "Tab"\n    [^a]: In a tab.\n',
    "md-in-html": "Fact[^a].\n\n<div markdown>\n[^a]: In HTML with markdown.\n</div>\n",
    "fenced-code": "Fact[^a].\n\n```\n[^a]: In code.\n```\n",
    "inline-code": "Fact `[^a]` and[^b].\n\n[^b]: Only b.\n",
    "escaped": "Not a note \\[^a].\n\n[^a]: Defined, never cited.\n",
    "label-with-space": "Fact[^a b].\n\n[^a b]: Spaced label.\n",
    "comment": "Fact[^a].\n<!-- [^a]: in a comment -->\n\n[^a]: Real.\n",
    "definition-list": "Term\n:   Fact[^a]\n\n[^a]: In a definition list.\n",
    "atx-h1": "# Title\n\nText.\n",
    "atx-h1-no-space": "#Title\n\nText.\n",
    "setext-h1": "Title\n=====\n\nText.\n",
    "h2-not-h1": "## Section\n\nText.\n",
    "hash-in-code": "```\n# comment\n```\n",
}


@pytest.mark.parametrize("path", course_pages(), ids=lambda p: p.relative_to(ROOT / "docs").as_posix())
def test_course_page_checker_sees_what_renders(path):
    front = frontmatter.parse(path.read_text(encoding="utf-8"), path.name)
    assert checked(front.body) == rendered(front.body)


@pytest.mark.parametrize("name", FIXTURES)
def test_tricky_fixture_checker_sees_what_renders(name):
    body = FIXTURES[name]
    assert checked(body) == rendered(body)
