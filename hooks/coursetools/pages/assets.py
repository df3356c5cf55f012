"""Per-page assets and the work a page asks of a phone's browser.

- Load the math renderer only on pages that have math. KaTeX's script is about half of a
  lesson's first load; most pages (the glossary, the instructor guide, many lessons) have no
  math. Pages without ``arithmatex`` output, and that are not notebooks (whose Markdown cells may
  hold ``$...$``), drop the KaTeX tags; lessons drop KaTeX's auto-render too (katex-render.js
  renders each ``arithmatex`` element itself; only notebook cells need ``$`` delimiters found).
- Glossary tooltips on the first use of each term only. The ``abbr`` extension wraps every
  occurrence (87 on the medical coding lesson), and the theme mounts a tooltip on each: most
  of that lesson's main-thread work on a phone. Later uses stay ``<abbr>`` without a title.
- The theme mounts the same tooltip on every ``title`` in the content, so a section's permalink
  ("Link to this section") and a footnote's way back ("Jump back to footnote 1") carry their
  words as ``aria-label`` instead: the same accessible name, no tooltip to mount.
"""

from __future__ import annotations

import re

_KATEX_TAGS = re.compile(
    r'<script src="[^"]*(?:assets/vendor/katex/[^"]*|assets/javascripts/katex-render\.js)"></script>'
    r'|<link rel="stylesheet" href="[^"]*assets/vendor/katex/katex\.min\.css">'
)
_AUTO_RENDER = re.compile(r'<script src="[^"]*assets/vendor/katex/contrib/auto-render\.min\.js"></script>')
_ABBR = re.compile(r'<abbr title="[^"]*">(?P<term>[^<]*)</abbr>')
_LINK_TITLE = re.compile(r'(?P<start><a class="(?:headerlink|footnote-backref)" href="[^"]*") title=')


def has_math(html: str) -> bool:
    """True for a page with ``arithmatex`` math, or a notebook page (its cells may hold ``$...$``)."""
    return 'class="arithmatex"' in html or "jupyter-wrapper" in html


def drop_unused_math(html: str) -> str:
    """A page without math loses KaTeX's tags, a page with math its auto-render script (each
    ``arithmatex`` element is rendered by katex-render.js); a notebook page keeps both."""
    if not has_math(html):
        return _KATEX_TAGS.sub("", html)
    return html if "jupyter-wrapper" in html else _AUTO_RENDER.sub("", html)


def first_use_abbreviations(html: str) -> str:
    """Keep an abbreviation's tooltip (its ``title``) on its first use outside a link (and on any
    use in a link before that, links being focusable already); later uses lose the title."""
    done: set[str] = set()

    def one(match: re.Match[str]) -> str:
        term = match.group("term")
        if term in done:
            return f"<abbr>{term}</abbr>"
        before = match.start()
        if html.rfind("<a ", 0, before) <= html.rfind("</a>", 0, before):  # not inside a link
            done.add(term)
        return match.group(0)

    return _ABBR.sub(one, html)


def labels_not_tooltips(html: str) -> str:
    """Permalinks and footnote back-links: ``title`` becomes ``aria-label`` (see the module doc)."""
    return _LINK_TITLE.sub(r"\g<start> aria-label=", html)


def lighter(html: str) -> str:
    """Everything above, for a finished page."""
    return labels_not_tooltips(first_use_abbreviations(drop_unused_math(html)))
