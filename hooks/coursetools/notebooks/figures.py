"""Notebook figures as image files that load when they scroll into view.

nbconvert embeds every figure as a base64 ``data:`` URI in the page, so a notebook page weighs
its figures on the first load (about two thirds of its HTML), whether or not the student
scrolls to them, and search and the browser cache cannot share them. :func:`externalize`
writes each figure to a content-addressed file and points the ``<img>`` at it, with
``loading="lazy"`` and, for PNG, its width and height (no layout shift). The alt text stays.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import struct
from collections.abc import Callable

_DATA_IMG = re.compile(
    r'<img(?P<before>[^>]*?) src="data:image/(?P<kind>png|jpeg|gif|webp);base64,(?P<data>[A-Za-z0-9+/=\s]+)"'
    r"(?P<after>[^>]*)>"
)
_EXTENSIONS = {"png": "png", "jpeg": "jpg", "gif": "gif", "webp": "webp"}


def png_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) from a PNG's header, or None."""
    if len(data) >= 24 and data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR":
        width, height = struct.unpack(">II", data[16:24])
        return width, height
    return None


def externalize(html: str, write: Callable[[str, bytes], str]) -> str:
    """Replace embedded figures by files; ``write(name, bytes)`` stores one and returns its URL."""

    def replace(match: re.Match[str]) -> str:
        try:
            data = base64.b64decode("".join(match.group("data").split()), validate=True)
        except (binascii.Error, ValueError):
            return match.group(0)
        name = f"{hashlib.sha256(data).hexdigest()[:16]}.{_EXTENSIONS[match.group('kind')]}"
        url = write(name, data)
        attributes = match.group("before") + match.group("after")
        extra = ""
        if "loading=" not in attributes:
            extra += ' loading="lazy" decoding="async"'
        size = png_size(data) if match.group("kind") == "png" else None
        if size and "width=" not in attributes and "height=" not in attributes:
            extra += f' width="{size[0]}" height="{size[1]}"'
        return f'<img{match.group("before")} src="{url}"{extra}{match.group("after")}>'

    return _DATA_IMG.sub(replace, html)
