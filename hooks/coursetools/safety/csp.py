"""A Content-Security-Policy for every page, as a ``<meta http-equiv>`` (the site is static).

Scripts run only from the site's own files and from the inline scripts the theme writes into
each page, allowed one by one by their SHA-256 hash (computed per page, after every other change
to it). Anything else, such as a ``<script>`` or an ``onerror=`` that slipped into a notebook's
output, is blocked by the browser. Nothing is loaded from another origin: the site makes no
third-party request, and the policy makes sure of it.
"""

from __future__ import annotations

import base64
import hashlib
import re

# Inline <script> elements that the browser would run: no src, and a JavaScript type (or none).
_SCRIPT = re.compile(r"<script(?P<attrs>(?:\s[^>]*)?)>(?P<body>.*?)</script>", re.DOTALL | re.IGNORECASE)
_TYPE = re.compile(r"""\stype\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_SRC = re.compile(r"\ssrc\s*=", re.IGNORECASE)
_HEAD = re.compile(r"<head(?:\s[^>]*)?>", re.IGNORECASE)
_JS_TYPES = {"", "text/javascript", "application/javascript", "module"}

# 'unsafe-inline' for styles: the theme and KaTeX set style attributes; styles cannot run code.
# blob: and data: workers/frames: the offline search runs in a worker, or an iframe shim from disk.
POLICY = (
    "default-src 'self'; "
    "script-src 'self' {hashes}; "
    "style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; "
    "font-src 'self' data:; "
    "connect-src 'self'; "
    "worker-src 'self' blob:; "
    "frame-src 'self' blob: data:; "
    "object-src 'none'; "
    "base-uri 'self'; "
    "form-action 'self'"
)


def inline_script_hashes(html: str) -> list[str]:
    """The CSP source expressions (``'sha256-...'``) of the theme's runnable inline scripts.

    Scripts inside the page's ``<article>`` (its content, written by contributors or produced by a
    notebook) are never allowed: only those the theme template writes around it."""
    hashes = []
    start, end = html.find("<article"), html.rfind("</article>")
    for match in _SCRIPT.finditer(html):
        if 0 <= start < match.start() and match.end() <= end:
            continue
        attrs = match.group("attrs") or ""
        kind = _TYPE.search(attrs)
        if _SRC.search(attrs) or (kind and kind.group(1).lower() not in _JS_TYPES):
            continue
        digest = hashlib.sha256(match.group("body").encode("utf-8")).digest()
        source = f"'sha256-{base64.b64encode(digest).decode('ascii')}'"
        if source not in hashes:
            hashes.append(source)
    return hashes


def policy(html: str) -> str:
    return POLICY.format(hashes=" ".join(inline_script_hashes(html))).replace("  ", " ")


def add_policy(html: str) -> str:
    """``html`` with a CSP ``<meta>`` as the first element of its ``<head>`` (unchanged if no head)."""
    head = _HEAD.search(html)
    if head is None:
        return html
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(html)}">'
    return html[: head.end()] + meta + html[head.end() :]
