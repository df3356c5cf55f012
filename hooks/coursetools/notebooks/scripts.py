"""Move the notebook template's own inline scripts into files, so that the CSP can forbid inline ones.

mkdocs-jupyter's template writes two inline scripts before the first cell (the copy-button
element and its "copied" notice). Under the site's Content-Security-Policy (``coursetools.safety.csp``)
inline scripts inside a page's content are refused, so these two are moved to a shared,
content-addressed file and loaded by URL. Only scripts *before the first cell* are moved: a
``<script>`` inside a cell is never trusted.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

_INLINE_SCRIPT = re.compile(r"<script>(?P<body>(?:(?!</script>).)*)</script>", re.DOTALL)
_FIRST_CELL = '<div class="jp-Cell '


def externalize(html: str, write_js: Callable[[str, str], str]) -> str:
    """``html`` with the template's inline scripts replaced by ``<script src>``.

    ``write_js(name, js)`` stores the script under a content-addressed name and returns the
    src to use from this page."""
    article = html.find("<article")
    cells = html.find(_FIRST_CELL, max(article, 0))
    if article < 0 or cells < 0:
        return html
    head = html[article:cells]

    def to_file(match: re.Match[str]) -> str:
        body = match.group("body")
        name = f"notebook-{hashlib.sha256(body.encode()).hexdigest()[:12]}.js"
        return f'<script src="{write_js(name, body)}"></script>'

    return html[:article] + _INLINE_SCRIPT.sub(to_file, head) + html[cells:]
