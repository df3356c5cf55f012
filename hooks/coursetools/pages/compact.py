"""Built pages without the template's indentation.

Material's templates indent every navigation entry by dozens of spaces and blank lines: at 800
lessons over half of a lesson page's HTML was whitespace inside the navigation. :func:`compact`
turns each run of whitespace that starts or ends at a tag and holds a line break into a single
line break. A browser treats any such run as one space, so the page renders the same; the text
of ``<pre>``, ``<textarea>``, ``<script>`` and ``<style>`` elements, where whitespace is kept as
written, is left exactly as it is.
"""

from __future__ import annotations

import re

_KEPT = re.compile(r"<(pre|textarea|script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_AFTER_TAG = re.compile(r">[ \t\r\f]*\n\s*")
_BEFORE_TAG = re.compile(r"[ \t\r\f]*\n\s*<")


def _squeeze(html: str, after_tag: bool, before_tag: bool) -> str:
    """Squeeze a stretch of HTML; ``after_tag``/``before_tag``: it starts right after or ends right
    before a kept element's tag."""
    text = (">" if after_tag else "") + html + ("<" if before_tag else "")
    text = _BEFORE_TAG.sub("\n<", _AFTER_TAG.sub(">\n", text))
    return text[1 if after_tag else 0 : len(text) - (1 if before_tag else 0)]


def compact(html: str) -> str:
    """``html`` with the line-broken whitespace around its tags reduced to one line break each."""
    out, position = [], 0
    for kept in _KEPT.finditer(html):
        out.append(_squeeze(html[position : kept.start()], position > 0, True))
        out.append(kept.group(0))
        position = kept.end()
    out.append(_squeeze(html[position:], position > 0, False))
    return "".join(out)
