"""Post-processing of mkdocs-jupyter's notebook pages.

mkdocs-jupyter renders a notebook with nbconvert's lab template, which brings things a course
site for hospital networks must not ship: MathJax and Mermaid loaders that point at CDNs, an
empty ``<script src="">``, a stray attribute on copy buttons, a duplicate stylesheet printed as a Python
list and about 0.6 MB of inline CSS repeated on every notebook page.
This module removes the loaders (math is rendered by the site's own KaTeX), moves the large
inline styles into one shared, cacheable CSS file, gives every figure the alt text its output
declared, and keeps code, outputs, prompts and copy buttons out of the search index.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

_IMG = re.compile(r'<img alt="[^"]*"(?P<between>[^>]*?) src="data:image/png;base64,(?P<data>[^"]{1,200})')
_SEARCH_NOISE = re.compile(
    r'<div class="(?:jp-OutputArea jp-Cell-outputArea|jp-InputArea jp-Cell-inputArea|jp-InputPrompt[^"]*'
    r'|jp-OutputPrompt[^"]*|zeroclipboard-container[^"]*|clipboard-copy-txt)"'
)
_CODE_OR_TABLE = re.compile(r"<(?P<tag>pre|table)(?=[\s>])")
_REMOVE = [
    re.compile(r'<script src="">\s*</script>'),
    re.compile(
        r"<!-- (?:MathJax configuration|Load mathjax|End of mathjax configuration|End of mermaid configuration) -->"
    ),
    re.compile(r'<script type="text/x-mathjax-config">.*?</script>', re.S),
    re.compile(r'<script type="module">(?:(?!</script>).)*?mermaid(?:(?!</script>).)*</script>', re.S),
    re.compile(r"<style>\s*\.jp-Mermaid.*?</style>", re.S),
    # mkdocs-jupyter appends its Pygments CSS once more, printed as a Python list (a CSS parse
    # error that browsers ignore whole); the same rules are in the page's stylesheets already.
    re.compile(r"<style>\s*\[['\"](?:(?!</style>).)*['\"]\]\s*</style>", re.S),
]
# The template's `<clipboard-copy for="cell-1", aria-label=...>` parses to a stray `,=""`
# attribute; the element's own script then makes it a button (an aria-label needs that role).
_COPY_BUTTON = re.compile(r'<clipboard-copy ,="" ')
COPY_BUTTON = '<clipboard-copy role="button" tabindex="0" '

_STYLE = re.compile(r'<style type="text/css">(?P<css>.*?)</style>', re.S)
MIN_SHARED_CSS = 2000  # bytes: smaller inline styles stay inline


def decorate(html: str, alts: dict[str, str]) -> str:
    """Figures get their declared alt text; code, outputs and prompts are excluded from search.

    A notebook's narrative (its Markdown cells) is what students search for; its code and
    outputs would otherwise be two thirds of the search index every page downloads."""

    def add_alt(match: re.Match[str]) -> str:
        data = match.group("data")
        alt = next((text for key, text in alts.items() if key.startswith(data[:100])), "")
        escaped = alt.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
        return f'<img alt="{escaped}"{match.group("between")} src="data:image/png;base64,{data}'

    html = _IMG.sub(add_alt, html)
    html = _SEARCH_NOISE.sub(lambda m: m.group(0) + " data-search-exclude", html)
    # Material's search ends an excluded element at the first closing tag of the same name, so an
    # excluded <div> leaks whatever follows its first inner </div> (whole code cells, outputs).
    # <pre> and <table> never nest: excluded one by one, code and tables stay out of the index
    # (a table's cells would be run together into one string of words).
    return _CODE_OR_TABLE.sub(r"<\g<tag> data-search-exclude", html)


def slim(html: str, write_css: Callable[[str, str], str]) -> str:
    """Drop CDN loaders; move large inline styles to shared files.

    ``write_css(name, css)`` stores the CSS under a content-addressed name and returns the
    href to use from this page.
    """
    for pattern in _REMOVE:
        html = pattern.sub("", html)
    html = _COPY_BUTTON.sub(COPY_BUTTON, html)

    def link(match: re.Match[str]) -> str:
        css = match.group("css")
        if len(css) < MIN_SHARED_CSS:
            return match.group(0)
        name = f"notebook-{hashlib.sha256(css.encode()).hexdigest()[:12]}.css"
        return f'<link rel="stylesheet" href="{write_css(name, css)}">'

    return _STYLE.sub(link, html)
