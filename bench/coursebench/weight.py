"""What a student downloads: the one page-weight implementation, used by the benchmark and by
the browser tests (which check it against what Chromium really fetches).

``first_load(site, page)`` is everything a first visit to ``page`` fetches before the student
does anything: the HTML, every stylesheet, script, icon and image the HTML names, and, on a page
with math, the KaTeX fonts its formulas use (``MATH_FONTS``: the two that every formula needs; a
page with large operators fetches one or two more, which the browser test reports). Images marked
``loading=lazy`` (the diagrams) are counted too, as an upper bound: the browser fetches those near
the first screen at once and the others when the student scrolls to them. Search is not in it:
the index and the search worker load when the student starts to search
(``overrides/partials/lazy-search.html``); ``first_query(site)`` is what that costs.

Bytes are counted raw and gzip-compressed at level 6 (what static hosts such as GitHub Pages
serve), which is closer to what crosses a hospital network than the raw size. Sizes are in
bytes; the report shows kB of 1000 bytes.

    python -m coursebench.weight SITE PAGE     # e.g. site modules/02-transformers/attention.html
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

GZIP_LEVEL = 6
KB = 1000
MATH_FONTS = ("KaTeX_Main-Regular.woff2", "KaTeX_Math-Italic.woff2")
SEARCH_INDEX = "search/search_index.json"
_LINK_RELS = {"stylesheet", "icon", "shortcut", "preload", "modulepreload", "manifest", "apple-touch-icon"}
_CSS_URL = re.compile(r"url\((['\"]?)([^)'\"]+)\1\)")
_CONFIG = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.S)


def gzip_size(data: bytes) -> int:
    """Size of ``data`` gzip-compressed as a static host would serve it."""
    return len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))


def kind_of(path: str) -> str:
    """What a site file is, for the tables: html, css, js, font, image, search index, search worker."""
    if "search_index" in path:
        return "search index"
    if "/workers/" in path or "/lunr/" in path:
        return "search worker"
    for suffixes, name in (
        ((".html",), "html"),
        ((".css",), "css"),
        ((".js",), "js"),
        ((".woff2", ".woff", ".ttf"), "font"),
        ((".svg", ".png", ".jpg", ".jpeg", ".webp", ".gif"), "image"),
    ):
        if path.endswith(suffixes):
            return name
    return "other"


@dataclass
class File:
    """One file of the site: path relative to the site (posix), kind (``kind_of``), bytes raw and
    gzip-compressed, and whether it is a lazy-loaded image."""

    path: str  # relative to the site, posix
    kind: str
    raw: int
    gzip: int
    lazy: bool = False  # an image with loading=lazy: fetched when near the screen


@dataclass
class Load:
    """The files of one first visit."""

    page: File
    assets: list[File] = field(default_factory=list)
    external: list[str] = field(default_factory=list)  # addresses on other sites (should be none)
    missing: list[str] = field(default_factory=list)  # addresses that name no file of the site

    @property
    def files(self) -> list[File]:
        """The page, then its assets (external and missing addresses are not files)."""
        return [self.page, *self.assets]

    @property
    def raw(self) -> int:
        """Bytes of all the files, uncompressed (lazy images included)."""
        return sum(f.raw for f in self.files)

    @property
    def gzip(self) -> int:
        """Bytes of all the files, gzip-compressed (lazy images included)."""
        return sum(f.gzip for f in self.files)

    def to_json(self) -> dict[str, object]:
        """The load as JSON data: both totals, the page's own sizes, every file, the external and missing addresses."""
        return {
            "raw": self.raw,
            "gzip": self.gzip,
            "html": self.page.raw,
            "html_gzip": self.page.gzip,
            "files": [vars(f) for f in self.files],
            "external": self.external,
            "missing": self.missing,
        }


class _References(HTMLParser):
    """The addresses a page's HTML makes the browser fetch on load, with their kind."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.lazy: set[str] = set()
        self.math = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "link" and a.get("href"):
            if set(a.get("rel", "").lower().split()) & _LINK_RELS:
                self.urls.append(a["href"])
        elif tag == "script" and a.get("src"):
            self.urls.append(a["src"])
        elif tag == "img" and a.get("src"):
            self.urls.append(a["src"])
            if a.get("loading", "").lower() == "lazy":
                self.lazy.add(a["src"])
        if "arithmatex" in a.get("class", "").split():
            self.math = True


def resolve(site: Path, page: str, url: str) -> Path | None:
    """The site file an address on ``page`` (relative to the site) names; None if off-site.

    Absolute addresses (404.html's) carry the published prefix, e.g. /course/assets/...; the
    longest suffix that exists in the site is taken.
    """
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    if not path:
        return None
    if path.startswith("/"):
        pieces = [p for p in path.split("/") if p]
        for start in range(len(pieces)):
            candidate = site.joinpath(*pieces[start:])
            if candidate.is_file():
                return candidate
        return site.joinpath(*pieces) if pieces else None
    return (site / page).parent.joinpath(path).resolve()


def _file(site: Path, target: Path) -> File:
    data = target.read_bytes()
    path = target.relative_to(site).as_posix()
    return File(path, kind_of(path), len(data), gzip_size(data))


def _math_fonts(site: Path, stylesheets: list[Path]) -> list[Path]:
    fonts: list[Path] = []
    for sheet in stylesheets:
        for _, url in _CSS_URL.findall(sheet.read_text(encoding="utf-8", errors="replace")):
            name = url.split("?", 1)[0].rsplit("/", 1)[-1]
            font = (sheet.parent / url.split("?", 1)[0]).resolve()
            if name in MATH_FONTS and font.is_file() and font not in fonts:
                fonts.append(font)
    return fonts


def first_load(site: Path, page: str | Path) -> Load:
    """What a first visit to ``page`` (relative to ``site``, or absolute inside it) fetches
    before the student interacts: the HTML, what it links, and on a math page the KaTeX fonts."""
    site = Path(site).resolve()
    page_path = Path(page)
    if page_path.is_absolute():
        page_path = page_path.resolve().relative_to(site)
    name = page_path.as_posix()
    html = (site / name).read_bytes()
    parser = _References()
    parser.feed(html.decode("utf-8", errors="replace"))
    load = Load(File(name, "html", len(html), gzip_size(html)))
    seen: list[Path] = []
    lazy: set[Path] = set()
    for url in parser.urls:
        if url.startswith("data:"):
            continue
        target = resolve(site, name, url)
        if target is None or not target.is_relative_to(site):
            load.external.append(url)
        elif not target.is_file():
            load.missing.append(url)
        elif target not in seen:
            seen.append(target)
            if url in parser.lazy:
                lazy.add(target)
    if parser.math:
        seen += [font for font in _math_fonts(site, [p for p in seen if p.suffix == ".css"]) if font not in seen]
    load.assets = [_file(site, target) for target in seen]
    for asset, target in zip(load.assets, seen):
        asset.lazy = target in lazy
    return load


def first_query(site: Path, page: str = "index.html") -> list[File]:
    """What starting to search fetches: the search worker (named in the page's ``__config``) and
    the search index. From file:// the index comes as ``search_index.js``, of the same size."""
    site = Path(site)
    files: list[File] = []
    html = site / page
    match = _CONFIG.search(html.read_text(encoding="utf-8", errors="replace")) if html.is_file() else None
    if match:
        worker = json.loads(match.group(1)).get("search")
        target = resolve(site, page, worker) if worker else None
        if target is not None and target.is_file():
            files.append(_file(site.resolve(), target.resolve()))
    index = site / SEARCH_INDEX
    if index.is_file():
        files.append(_file(site.resolve(), index.resolve()))
    return files


def median_page(site: Path, pages: list[str]) -> str | None:
    """The median-size page among ``pages`` (paths relative to the site that exist)."""
    present = sorted((p for p in pages if (site / p).is_file()), key=lambda p: ((site / p).stat().st_size, p))
    return present[len(present) // 2] if present else None


def built_page(site: Path, source: str) -> str | None:
    """The HTML page built from a docs/ source path (``.md`` or ``.ipynb``), if it exists."""
    stem = source.rsplit(".", 1)[0]
    for candidate in (f"{stem}.html", f"{stem}/index.html"):
        if (site / candidate).is_file():
            return candidate
    return None


def site_bytes(site: Path) -> tuple[int, int]:
    """(bytes, files) of the whole built site."""
    sizes = [p.stat().st_size for p in Path(site).rglob("*") if p.is_file()]
    return sum(sizes), len(sizes)


def format_load(load: Load) -> str:
    """A small table: one line per file, then the total, in kB."""
    width = max(len(f.path) for f in load.files)
    lines = [f"{'file':<{width}}  {'kind':<13} {'raw kB':>8} {'gzip kB':>8}"]
    lines += [
        f"{f.path:<{width}}  {f.kind + (' (lazy)' if f.lazy else ''):<13} {f.raw / KB:>8.1f} {f.gzip / KB:>8.1f}"
        for f in load.files
    ]
    lines.append(f"{'total':<{width}}  {'':<13} {load.raw / KB:>8.1f} {load.gzip / KB:>8.1f}")
    lines += [f"external (not counted): {url}" for url in load.external]
    lines += [f"missing: {url}" for url in load.missing]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """``course-weight SITE PAGE``: print PAGE's first load file by file and what a first search fetches;
    returns 0, 2 for wrong arguments (usage on stderr), 1 if PAGE is not in SITE."""
    args = sys.argv[1:] if argv is None else argv
    usage = "usage: course-weight SITE_DIR PAGE (e.g. site modules/02-transformers/attention.html)"
    if args in (["--help"], ["-h"]):
        print(f"{usage}\nWhat one built page weighs on a first visit, and what search fetches when first used.")
        return 0
    if len(args) != 2:
        print(usage, file=sys.stderr)
        return 2
    site, page = Path(args[0]), args[1]
    if not (site / page).is_file():
        print(f"{site / page}: no such page (build the site first: mkdocs build -d {site})", file=sys.stderr)
        return 1
    print(format_load(first_load(site, page)))
    query = first_query(site, page)
    print(
        f"\nstarting to search fetches {sum(f.gzip for f in query) / KB:.1f} kB gzip: "
        + ", ".join(f"{f.path} ({f.gzip / KB:.1f} kB)" for f in query)
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
