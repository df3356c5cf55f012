"""Raw HTML in a lesson that runs script, redirects the reader or loads from elsewhere.

Python-Markdown passes raw HTML through, so a lesson (or a quiz block, whose text is Markdown
too) could carry a ``<meta http-equiv="refresh">`` that sends every reader to a third party, a
``<base>`` that points every relative link elsewhere, a ``<script>``, an ``<iframe>``, or a form
that posts to another site. The Content-Security-Policy blocks inline script in the page, but
not a redirect. Each of these is one located error; code (fenced, indented, inline) and HTML
comments are not looked at (the page is masked first, see checks.markdown), quiz blocks are, and
so are the Markdown cells of notebooks (:func:`notebook_findings`).

Bounded: one pass of bounded regular expressions over the page.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterable
from pathlib import Path

from ..findings import Finding, rule

SCRIPT = rule(
    "html-script",
    "safety",
    "a page carries no script: no `<script>` element, no event-handler attribute (`onclick=`) and "
    "no `javascript:` URL, in its text or its quiz blocks",
    "remove it; a script the course needs goes in a file listed in `extra_javascript` of mkdocs.yml "
    "(see the instructor guide, 'Security')",
)
REDIRECT = rule(
    "html-redirect",
    "safety",
    'a page does not redirect or re-base the reader: no `<meta>` (such as `http-equiv="refresh"`) '
    "and no `<base>` element",
    "remove the element; link to the other page instead",
)
EMBED = rule(
    "html-embed",
    "safety",
    "a page embeds nothing and loads nothing from another site: no `<iframe>`, `<object>`, "
    "`<embed>`, `<frame>`, `<applet>`, `<portal>` or `<link>`, and no `src=` (or `srcset=`, "
    "`data=`, `poster=`) to another site",
    "link to the resource instead, or copy the file into the course and refer to it by a relative path",
)
FORM = rule(
    "html-form-action",
    "safety",
    "a form in a page does not send anything out of the site (`action=` or `formaction=` to another address)",
    "remove the form, or the attribute; quizzes are checked in the browser without sending anything",
)

_TAG = re.compile(
    r"<(?P<name>[a-zA-Z][a-zA-Z0-9:-]{0,30})(?P<attrs>(?:\s[^<>]{0,4000})?)/?>"
    r"|<(?P<open>script|meta|base|iframe|object|embed|frame|frameset|applet|portal|link)\b",
    re.IGNORECASE,
)
_ATTR = re.compile(
    r"""(?P<name>[^\s"'<>/=]{1,60})(?:\s*=\s*(?:"(?P<dq>[^"]{0,4000})"|'(?P<sq>[^']{0,4000})'|(?P<bare>[^\s"'=<>`]{1,4000})))?"""
)
_SCRIPT_URL = re.compile(r"(?:java|vb)script:", re.IGNORECASE)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")
_ELSEWHERE = re.compile(r"^\s*(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//|\\\\)")  # absolute or scheme-relative
_EMBEDS = {"iframe", "object", "embed", "frame", "frameset", "applet", "portal", "link"}
_LOADS = {"src", "srcset", "data", "poster", "background", "xlink:href"}


def _elsewhere(value: str) -> bool:
    stripped = _INVISIBLE.sub("", value)
    return bool(_ELSEWHERE.match(stripped)) and not stripped.lower().startswith(("data:image/", "#"))


def check_text(lines: Iterable[str], first_line: int, shown: str) -> list[Finding]:
    """Findings for raw HTML in ``lines`` (the masked body, or a quiz block), numbered from
    ``first_line``."""
    text = "\n".join(lines)
    out: list[Finding] = []

    def add(offset: int, message: str, which: object) -> None:
        line = first_line + text.count("\n", 0, offset)
        out.append(Finding(shown, line, message, which.fix, which.id))  # type: ignore[attr-defined]

    for match in _SCRIPT_URL.finditer(text):
        add(match.start(), "a `javascript:` URL runs script when followed", SCRIPT)
    for match in _TAG.finditer(text):
        name = (match.group("name") or match.group("open") or "").lower()
        attrs = match.group("attrs") or ""
        if name == "script":
            add(match.start(), "a `<script>` element in the page", SCRIPT)
            continue
        if name in ("meta", "base"):
            refresh = "refresh" in attrs.lower()
            what = "redirects the reader" if refresh else "changes where the page's links and scripts point"
            add(match.start(), f"a `<{name}>` element {what}", REDIRECT)
            continue
        if name in _EMBEDS:
            add(match.start(), f"an `<{name}>` element embeds or loads another document", EMBED)
            continue
        for attr in _ATTR.finditer(attrs):
            key = attr.group("name").lower()
            value = attr.group("dq") or attr.group("sq") or attr.group("bare") or ""
            if key.startswith("on") and len(key) > 2:
                add(match.start(), f"an event-handler attribute `{key}=` on `<{name}>` runs script", SCRIPT)
            elif key in ("action", "formaction") and _elsewhere(value):
                add(match.start(), f'`<{name} {key}="{value[:60]}">` sends the form out of the site', FORM)
            elif key in _LOADS and _elsewhere(value):
                add(match.start(), f'`<{name} {key}="{value[:60]}">` loads from another site', EMBED)
    return out


_NEUTRALIZED = re.compile(r"<(?=/?(?:script|meta|base)\b)", re.IGNORECASE)


def inert_content(html: str) -> str:
    """A Markdown page's converted content with its ``<script>``, ``<meta>`` and ``<base>`` tags
    shown as text: what the build publishes even without --strict. The policy already blocks
    inline script and foreign frames, objects, forms and images; a redirect it cannot block, and a
    ``<script src>`` could name any file of the site. (Linear: one substitution, no element matching.)"""
    return _NEUTRALIZED.sub("&lt;", html)


def inert_notebook_content(html: str) -> str:
    """A notebook page's converted content with ``<meta>`` and ``<base>`` shown as text (its cells'
    inline scripts are refused by the policy; the template's own are moved to files first)."""
    return _REDIRECTING.sub("&lt;", html)


_REDIRECTING = re.compile(r"<(?=/?(?:meta|base)\b)", re.IGNORECASE)


def notebook_findings(path: Path, shown: str) -> list[Finding]:
    """The raw-HTML findings of a notebook's Markdown cells (code in them masked), each named by
    its cell (``cell 3``) and the line within it. An unreadable notebook is left to the notebook
    checks."""
    from ..checks.markdown import mask  # the same masking as a page's

    try:
        notebook = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return []
    cells = notebook.get("cells") if isinstance(notebook, dict) else None
    out: list[Finding] = []
    for number, cell in enumerate(cells if isinstance(cells, list) else [], start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "markdown":
            continue
        source = cell.get("source", "")
        text = "".join(source) if isinstance(source, list) else str(source)
        for found in check_text(mask(text), 1, shown):
            out.append(dataclasses.replace(found, where=f"cell {number}, line {found.line}"))
    return out
