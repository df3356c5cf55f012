"""Links that run code when followed: ``javascript:`` (and ``vbscript:``) URLs in page content.

lychee skips schemes it does not check, so such a link passed the link check silently. The
theme's own ``javascript:void(0)`` controls (outside the page's ``<article>``) are not content
and are left alone; the Content-Security-Policy blocks them from running code anyway.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data"}
_INVISIBLE = re.compile(r"[\x00-\x20]+")  # browsers ignore these inside a scheme
SCRIPT_SCHEMES = ("javascript:", "vbscript:")


class _ArticleLinks(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # inside how many <article> elements
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self.depth += 1
        if not self.depth:
            return
        for name, value in attrs:
            if name in _URL_ATTRIBUTES and value and is_script_url(value):
                self.found.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag == "article" and self.depth:
            self.depth -= 1


def is_script_url(url: str) -> bool:
    """True for a URL a browser would run as script (``JavaScript:``, ``java\\tscript:`` ...)."""
    return _INVISIBLE.sub("", url).lower().startswith(SCRIPT_SCHEMES)


def script_links(html: str) -> list[str]:
    """The script URLs in the page's content, as written (entities decoded)."""
    parser = _ArticleLinks()
    parser.feed(html)
    parser.close()
    return parser.found


def site_script_links(site: Path, pages: list[Path]) -> list[tuple[str, str]]:
    """(page relative to the site, URL) for every script URL in the content of ``pages``."""
    out = []
    for page in pages:
        html = page.read_text(encoding="utf-8", errors="replace")
        if "script:" not in html.lower() and "&#" not in html:
            continue
        for url in script_links(html):
            out.append((page.relative_to(site).as_posix(), url))
    return out
