"""A Content-Security-Policy for every page, as a ``<meta http-equiv>`` (the site is static).

Scripts run only from the site's own files and from the inline scripts the theme's templates
write, allowed one by one by their SHA-256 hash. Those hashes are known before any content:

1. :func:`template_scripts` reads the templates the theme renders a page with, starting from
   ``main.html`` and following ``{% extends %}``, ``{% include %}`` and ``{% import %}`` names
   through the theme's folders in MkDocs' order (``overrides/`` first, then Material's
   templates), and takes the body of every inline ``<script>`` of a JavaScript type in them
   (Jinja comments removed);
2. :func:`allowed_hashes` renders each body with nothing but the page's ``base_url`` (``.``,
   ``..``, ``../..`` by depth; the site's path for the 404 page) and the site's config, in a
   sandboxed Jinja environment, and hashes the result. A body that needs anything else (the
   page, its content) cannot be rendered and is not allowed.

The policy of a page lists the hashes of the page's inline scripts that are in that set, so it
stays as short as before. Any other inline script, such as a ``<script>`` that slipped into a
title in the navigation, into the header or into the content, or an ``onerror=`` handler, is
blocked by the browser: the policy does not depend on what the page happens to contain. The
course's own scripts are files (``extra_javascript``), allowed by ``'self'``; which files may
be scripts is decided by coursetools.safety.active_files. Nothing is loaded from another
origin: the site makes no third-party request, and the policy makes sure of it.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar

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


_JINJA_COMMENT = re.compile(r"\{#.*?#\}", re.DOTALL)
_REFERENCE = re.compile(r"""\{%-?\s*(?:extends|include|import|from)\s+["']([^"']+)["']""")


def _runnable(attrs: str) -> bool:
    kind = _TYPE.search(attrs)
    return not _SRC.search(attrs) and not (kind and kind.group(1).lower() not in _JS_TYPES)


def template_scripts(template_dirs: Sequence[Path], entry: str = "main.html", limit: int = 200) -> list[str]:
    """The Jinja source of every inline JavaScript ``<script>`` body in the templates reachable
    from ``entry``, each template looked up in ``template_dirs`` in order (first found wins)."""
    bodies: list[str] = []
    seen: set[str] = set()
    waiting = [entry]
    while waiting and len(seen) < limit:
        name = waiting.pop(0)
        if name in seen:
            continue
        seen.add(name)
        source = next((Path(d) / name for d in template_dirs if (Path(d) / name).is_file()), None)
        if source is None:
            continue
        text = _JINJA_COMMENT.sub("", source.read_text(encoding="utf-8", errors="replace"))
        for match in _SCRIPT.finditer(text):
            if _runnable(match.group("attrs") or "") and match.group("body") not in bodies:
                bodies.append(match.group("body"))
        waiting.extend(_REFERENCE.findall(text))
    return bodies


def digest(body: str) -> str:
    """The CSP source expression of an inline script's text."""
    return f"'sha256-{base64.b64encode(hashlib.sha256(body.encode('utf-8')).digest()).decode('ascii')}'"


def allowed_hashes(bodies: Sequence[str], base_url: str, config: Mapping[str, Any]) -> set[str]:
    """The hashes of ``bodies`` rendered for a page at ``base_url`` of a site configured by
    ``config``; a body that cannot be rendered from those alone is left out."""
    from jinja2 import TemplateError
    from jinja2.sandbox import SandboxedEnvironment

    environment = SandboxedEnvironment(autoescape=False, keep_trailing_newline=True)
    out = set()
    for body in bodies:
        try:
            text = environment.from_string(body).render(base_url=base_url, config=config)
        except (TemplateError, TypeError, ValueError, AttributeError):
            continue
        out.add(digest(text))
    return out


class ThemeScripts:
    """The theme's inline scripts for one set of template folders, read once, and their hashes
    per ``base_url`` (a build asks for a handful: one per page depth, and the 404 page's)."""

    _known: ClassVar[dict[tuple[str, ...], ThemeScripts]] = {}

    def __init__(self, template_dirs: Sequence[Path]):
        self.bodies = template_scripts(template_dirs)
        self._hashes: dict[tuple[str, int], set[str]] = {}

    @classmethod
    def of(cls, template_dirs: Sequence[Any]) -> ThemeScripts:
        """The :class:`ThemeScripts` of these template folders: read once per process, shared by its builds."""
        key = tuple(str(d) for d in template_dirs)
        if key not in cls._known:
            cls._known[key] = cls([Path(d) for d in key])
        return cls._known[key]

    def allowed(self, base_url: str, config: Mapping[str, Any]) -> set[str]:
        """The hashes of the theme's inline scripts rendered for ``base_url``, computed once per base URL and config."""
        key = (base_url, id(config))
        if key not in self._hashes:
            self._hashes[key] = allowed_hashes(self.bodies, base_url, config)
        return self._hashes[key]


def inline_script_hashes(html: str, allowed: set[str]) -> list[str]:
    """The hashes of the page's runnable inline scripts that are in ``allowed``, in page order."""
    hashes = []
    for match in _SCRIPT.finditer(html):
        if not _runnable(match.group("attrs") or ""):
            continue
        source = digest(match.group("body"))
        if source in allowed and source not in hashes:
            hashes.append(source)
    return hashes


def policy(html: str, allowed: set[str]) -> str:
    """The Content-Security-Policy for ``html``: scripts from the site itself and the allowed inline scripts it has."""
    return POLICY.format(hashes=" ".join(inline_script_hashes(html, allowed))).replace("  ", " ")


def add_policy(html: str, allowed: set[str]) -> str:
    """``html`` with a CSP ``<meta>`` as the first element of its ``<head>`` (unchanged if no head);
    ``allowed``: the hashes of the theme's inline scripts (:func:`allowed_hashes`)."""
    head = _HEAD.search(html)
    if head is None:
        return html
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(html, allowed)}">'
    return html[: head.end()] + meta + html[head.end() :]
