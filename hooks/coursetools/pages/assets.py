"""Per-page assets: load the math renderer only on pages that have math.

KaTeX's script is about half of a lesson's first load; most pages (the glossary, the instructor
guide, many lessons) have no math. Pages without ``arithmatex`` output, and that are not
notebooks (whose Markdown cells may hold ``$...$``), drop the KaTeX tags.
"""

from __future__ import annotations

import re

_KATEX_TAGS = re.compile(
    r'<script src="[^"]*(?:assets/vendor/katex/[^"]*|assets/javascripts/katex-render\.js)"></script>'
    r'|<link rel="stylesheet" href="[^"]*assets/vendor/katex/katex\.min\.css">'
)


def has_math(html: str) -> bool:
    return 'class="arithmatex"' in html or "jupyter-wrapper" in html


def drop_unused_math(html: str) -> str:
    return html if has_math(html) else _KATEX_TAGS.sub("", html)
