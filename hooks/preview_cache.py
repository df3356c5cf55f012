"""MkDocs hooks that make `mkdocs serve` rebuild in well under a second; nothing else.

MkDocs builds a new template environment for every rebuild, lists all ~14,500 files of
Material's theme folder to find static files, and compiles Material's ~50 templates again. None
of that changes while a preview runs, so this module keeps it for the session (MkDocs loads a
hook file once per `mkdocs serve`):

- compiled templates, in a Jinja bytecode cache (Jinja compares each template's source checksum,
  so an edited override is compiled anew);
- the listing of theme folders inside installed packages (they cannot change during a session),
  without the hidden files MkDocs would drop anyway; folders of the course itself (`overrides/`)
  are listed afresh each time.

`mkdocs build` is untouched: it uses neither cache.
"""

from __future__ import annotations

import os
from typing import Any

import jinja2

_serving = False
_templates: jinja2.BytecodeCache | None = None
_listings: dict[tuple[str, bool], list[str]] = {}


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates, kept in memory for the preview session."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Give ``bucket`` the bytecode kept under its key, if any (Jinja checks it against the source)."""
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Keep ``bucket``'s compiled template for the rest of the session."""
        self.store[bucket.key] = bucket.bytecode_to_string()


def _walk(folder: str, followlinks: bool) -> list[str]:
    """What jinja2.FileSystemLoader.list_templates lists for one search path."""
    found = []
    for dirpath, _, filenames in os.walk(folder, followlinks=followlinks):
        for filename in filenames:
            name = os.path.join(dirpath, filename)[len(folder) :].strip(os.sep).replace(os.sep, "/")
            found.append(name[2:] if name[:2] == "./" else name)
    return found


def _installed(folder: str) -> bool:
    return "site-packages" in folder.split(os.sep) or "dist-packages" in folder.split(os.sep)


def cached_listing(loader: jinja2.FileSystemLoader) -> list[str]:
    """``loader.list_templates()`` answered from memory: folders of installed packages are listed once
    per session, without hidden files; other folders (the course's overrides) are listed every time."""
    names: set[str] = set()
    for folder in loader.searchpath:
        key = (str(folder), loader.followlinks)
        if _installed(str(folder)):
            if key not in _listings:
                # Hidden files (Material's ~14,000 `.icons/`) are never static files: MkDocs drops
                # them after matching each against its patterns; drop them once here instead.
                _listings[key] = [
                    name
                    for name in _walk(str(folder), loader.followlinks)
                    if not name.startswith(".") and "/." not in name
                ]
            names.update(_listings[key])
        else:
            names.update(_walk(str(folder), loader.followlinks))
    return sorted(names)


def on_startup(command: str, dirty: bool) -> None:
    """``startup`` event: the caches are used only when the command is ``serve``."""
    global _serving
    _serving = command == "serve"


def on_config(config: Any) -> Any:
    """``config`` event, under ``serve`` only: wrap the theme's ``get_env`` so every rebuild's Jinja
    environment shares one bytecode cache and the cached template listing (done once per session)."""
    if not _serving:
        return config
    theme = config.theme
    if getattr(theme.get_env, "_course_cached", False):
        return config
    make_env = theme.get_env

    def get_env() -> jinja2.Environment:
        global _templates
        env = make_env()
        if _templates is None:
            _templates = MemoryBytecodeCache()
        env.bytecode_cache = _templates
        loader = env.loader
        if isinstance(loader, jinja2.FileSystemLoader):
            loader.list_templates = lambda: cached_listing(loader)  # type: ignore[method-assign]
        return env

    get_env._course_cached = True  # type: ignore[attr-defined]
    theme.get_env = get_env
    return config
