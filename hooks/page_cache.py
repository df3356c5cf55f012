"""MkDocs hook: a page whose Markdown has not changed is not converted again.

Converting Markdown to HTML is most of a build (about 20 ms for a lesson with Python-Markdown and
the course's extensions, plus building a new converter for every page). This hook keeps what
``Page.render`` produced, by content, in ``<cache_dir>/pages/`` and gives it back when the same
page's final Markdown comes again in the same *context*. The context is everything else the HTML
and MkDocs' checks of it depend on: the Markdown extensions and their settings (the glossary
included), the validation settings, the URL style, the versions of MkDocs, Markdown,
pymdown-extensions and Material, this file and the course tooling, and every file of the site
with its address (a link is checked against them). What is kept is exactly what ``render`` sets:
the HTML, the table of contents, the title found in it, the anchors it has and the links it makes
to anchors of other pages, so ``validation.anchors`` still checks those links on every build.

A conversion that logged anything (a broken link, an unknown anchor) is never kept: it runs, and
warns, on every build until it is fixed. Markdown extension settings that cannot be written out
faithfully (a function in ``mdx_configs``) turn the cache off. A stored entry that cannot be read
is converted again. A full build deletes the entries it did not use; only the newest few contexts
are kept. Set ``COURSE_PAGE_CACHE=0`` to convert every page.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import types
from importlib import metadata
from pathlib import Path
from typing import Any

from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents

from coursetools.result_store import code_digest
from coursetools.settings import SettingsError, from_config

GENERATOR = Page.__module__.split(".")[0]  # "mkdocs", or "properdocs" when ProperDocs runs the hooks

VERSION = 2
KEEP_CONTEXTS = 3
_PACKAGES = ("mkdocs", "Markdown", "pymdown-extensions", "mkdocs-material")


class _Cache:
    """The state of one build."""

    def __init__(self, folder: Path, settings_digest: str):
        self.root = folder
        self.settings_digest = settings_digest
        self.folder: Path | None = None  # set once the files are known (on_files)
        self.used: set[str] = set()
        self.hits = 0
        self.converted: list[str] = []


_cache: _Cache | None = None
_dirty = False


def on_startup(command: str, dirty: bool) -> None:
    """``startup`` event: remember ``--dirty`` (a dirty build deletes no cache entries)."""
    global _dirty
    _dirty = dirty


def on_config(config: Any) -> None:
    """``config`` event: open the page cache for this build's context (Markdown extensions and settings,
    validation, URL style, package versions, the tooling's code); no cache when ``COURSE_PAGE_CACHE=0``,
    when the settings do not load, or when an extension setting has no stable description."""
    global _cache
    _cache = None
    if os.environ.get("COURSE_PAGE_CACHE", "1") == "0":
        return
    try:
        settings = from_config(Path(config.config_file_path).resolve().parent, config, docs_dir=Path(config.docs_dir))
    except SettingsError:
        return  # course_hooks reports it
    described = repr(
        (
            VERSION,
            [str(e) for e in config.markdown_extensions],
            sorted((str(k), repr(v)) for k, v in (config.mdx_configs or {}).items()),
            repr(config.validation),
            config.use_directory_urls,
            [_version(name) for name in _PACKAGES],
            code_digest(),
            hashlib.sha256(Path(__file__).read_bytes()).hexdigest(),
        )
    )
    if " at 0x" in described:  # a function or object without a stable description: do not guess
        return
    _cache = _Cache(settings.page_cache, hashlib.sha256(described.encode()).hexdigest())


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "missing"


def on_files(files: Any, config: Any) -> None:
    """``files`` event: choose the cache's folder for this context (the first 32 hex digits of its digest)."""
    if _cache is not None:
        _cache.folder = _cache.root / _cache.settings_digest[:32]


@event_priority(-1000)  # last: the Markdown as every other hook and plugin left it
def on_page_markdown(markdown: str, page: Page, config: Any, files: Any) -> str:
    """``page_markdown`` event, after every other hook: give a Markdown page a ``render`` that reads
    back the stored conversion of this exact Markdown (and address), or converts and stores it. Pages
    another plugin renders (notebooks) are left alone; returns ``markdown`` unchanged."""
    if _cache is None or _cache.folder is None or not page.file.src_uri.endswith(".md"):
        return markdown
    if "render" in vars(page):  # another plugin renders this page its own way (mkdocs-jupyter)
        return markdown
    own = f"{page.file.src_uri}\0{page.file.dest_uri}\0{page.file.inclusion}\0{markdown}"
    key = hashlib.sha256(own.encode("utf-8", "surrogatepass")).hexdigest()
    page.render = types.MethodType(_cached_render(_cache, key), page)  # type: ignore[method-assign]
    return markdown


def _cached_render(cache: _Cache, key: str) -> Any:
    def render(page: Page, config: Any, files: Any) -> None:
        assert cache.folder is not None
        entry = cache.folder / f"{key}.json"
        cache.used.add(entry.name)
        if _restore(page, entry, files):
            cache.hits += 1
            return
        cache.converted.append(page.file.src_uri)
        records = _Records()
        # ProperDocs (a drop-in for MkDocs) logs through `properdocs.*`, which does not propagate
        # to the root logger: watch the generator's own logger too, or a page whose conversion
        # warned would be kept and its warning never repeated.
        watched = [logging.getLogger(), logging.getLogger("mkdocs"), logging.getLogger(GENERATOR)]
        for logger in watched:
            logger.addHandler(records)
        looked_up = _LookedUp(files)
        try:
            Page.render(page, config, looked_up)  # type: ignore[arg-type]  # Files, recording its lookups
        finally:
            for logger in watched:
                logger.removeHandler(records)
        if not records.seen:
            _store(page, entry, looked_up.answers)

    return render


class _LookedUp:
    """The site's files as a page's conversion sees them, recording which targets its links looked
    up and what they found (the address of the file, or None)."""

    def __init__(self, files: Any):
        self._files = files
        self.answers: dict[str, str | None] = {}

    def get_file_from_path(self, path: str) -> Any:
        found = self._files.get_file_from_path(path)
        self.answers[path] = _address(found)
        return found

    def __getattr__(self, name: str) -> Any:
        return getattr(self._files, name)

    def __iter__(self) -> Any:
        return iter(self._files)


def _address(file: Any) -> str | None:
    return None if file is None else f"{file.dest_uri}\0{file.url}\0{file.inclusion}"


class _Records(logging.Handler):
    """Whether anything was logged while a page was converted."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.seen = False

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.INFO:
            self.seen = True


def _toc(items: Any) -> list[dict[str, Any]]:
    return [{"title": i.title, "id": i.id, "level": i.level, "children": _toc(i.children)} for i in items]


def _anchor(item: dict[str, Any]) -> AnchorLink:
    link = AnchorLink(str(item["title"]), str(item["id"]), int(item["level"]))
    link.children = [_anchor(child) for child in item["children"]]
    return link


def _store(page: Page, entry: Path, answers: dict[str, str | None]) -> None:
    links = {f.src_uri: dict(anchors) for f, anchors in (page.links_to_anchors or {}).items()}
    data = {
        "lookups": answers,
        "content": page.content,
        "toc": _toc(page.toc),
        "title": page._title_from_render,
        "anchors": sorted(page.present_anchor_ids or ()),
        "links": links if page.links_to_anchors is not None else None,
    }
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-", suffix=".json")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out, separators=(",", ":"))
        os.replace(temporary, entry)
    except OSError:
        return  # a read-only or full disk only costs the next build its speed


def _restore(page: Page, entry: Path, files: Any) -> bool:
    try:
        data = json.loads(entry.read_text(encoding="utf-8"))
        for path, answer in data["lookups"].items():
            if _address(files.get_file_from_path(path)) != answer:
                return False  # a link's target appeared, moved or went away: convert again
        content, toc, anchors = data["content"], [_anchor(i) for i in data["toc"]], data["anchors"]
        links = None
        if data["links"] is not None:
            links = {}
            for src_uri, targets in data["links"].items():
                target = files.get_file_from_path(src_uri)
                if target is None:
                    return False
                links[target] = {str(a): str(link) for a, link in targets.items()}
        if not isinstance(content, str) or not isinstance(anchors, list):
            return False
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False
    page.content = content
    page.toc = TableOfContents(toc)
    if page.toc.items:
        page.toc.items[0].active = True  # type: ignore[attr-defined]  # as mkdocs' get_toc does
    page._title_from_render = data.get("title")
    page.present_anchor_ids = {str(a) for a in anchors}
    if links is not None and logging.getLogger(GENERATOR).getEffectiveLevel() > logging.DEBUG:
        page.links_to_anchors = links
    return True


def on_post_build(config: Any) -> None:
    """Delete what this build did not use (after a full build only) and all but the newest contexts."""
    if _cache is None or _cache.folder is None:
        return
    logging.getLogger("mkdocs.plugins.course").debug(
        f"page cache: {_cache.hits} pages read back, {len(_cache.converted)} converted"
        + (f" ({', '.join(sorted(_cache.converted))})" if _cache.converted else "")
    )
    if _dirty:
        return
    try:
        if _cache.folder.is_dir():
            os.utime(_cache.folder)  # used now: the newest context
            for stale in _cache.folder.glob("*.json"):
                if stale.name not in _cache.used:
                    stale.unlink(missing_ok=True)
        contexts = sorted(
            (p for p in _cache.root.iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime, reverse=True
        )
        for old in contexts[KEEP_CONTEXTS:]:
            if old != _cache.folder:
                shutil.rmtree(old, ignore_errors=True)
    except OSError:
        return
