"""Clean a notebook's rich outputs before they are published: an allow-list, not a block-list.

A cell's ``display(HTML(...))`` would otherwise be published as is and run script in the site's
own origin. Every HTML output goes through ammonia (the ``nh3`` binding) keeping only what the
course's notebooks legitimately show: tables, text formatting, figures (``<img>`` from a
``data:`` URI or a relative file), and math written as TeX (rendered by the site's KaTeX).
SVG outputs become ``<img>`` of a ``data:`` URI (a script inside an image never runs), and
JavaScript and widget outputs are dropped.
"""

from __future__ import annotations

import base64
import html as html_lib
import re
from typing import Any

import nh3

_DATA_URL = re.compile(r'(\s(?:href|src)=")data:(?!image/)', re.IGNORECASE)

TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "samp",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
    "var",
}
ATTRIBUTES = {
    "*": {"class", "title", "lang", "dir"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto", "data"}
# Removed with everything inside them, not just unwrapped.
DROP_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "template", "noscript", "svg", "math"}
DROPPED_TYPES = (
    "application/javascript",
    "text/javascript",
    "application/vnd.jupyter.widget-view+json",
    "application/vnd.jupyter.widget-state+json",
)


def clean_html(html: str) -> str:
    """``html`` with everything outside the allow-list removed (scripts, handlers, frames, styles)."""
    cleaned = nh3.clean(
        html,
        tags=TAGS,
        clean_content_tags=DROP_WITH_CONTENT,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    return _drop_non_image_data_urls(cleaned)


def _drop_non_image_data_urls(html: str) -> str:
    """``data:`` is allowed for figures only: a link to ``data:text/html`` would be a page of its own."""
    return _DATA_URL.sub(lambda m: m.group(1) + "#blocked:", html)


def clean_notebook(nb: Any) -> int:
    """Sanitize every rich output of ``nb`` (a notebook node) in place; return how many changed."""
    changed = 0
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []) or []:
            data = output.get("data")
            if not isinstance(data, dict):
                continue
            for kind in DROPPED_TYPES:
                if data.pop(kind, None) is not None:
                    changed += 1
            if "text/html" in data:
                before = _text(data["text/html"])
                data["text/html"] = clean_html(before)
                changed += data["text/html"] != before
            if "image/svg+xml" in data:
                svg = _text(data.pop("image/svg+xml")).encode("utf-8")
                alt = (output.get("metadata", {}).get("image/svg+xml", {}) or {}).get("alt", "")
                uri = "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
                data.setdefault("text/html", f'<img src="{uri}" alt="{html_lib.escape(str(alt))}">')
                changed += 1
            if "text/markdown" in data:  # raw HTML inside Markdown is HTML all the same
                before = _text(data["text/markdown"])
                data["text/markdown"] = clean_html(before) if "<" in before else before
                changed += data["text/markdown"] != before
    return changed


def _text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)
