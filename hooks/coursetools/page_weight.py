"""What a student downloads to open one page of the built site for the first time.

``first_load_bytes(site_dir, page)`` reads the page's HTML and adds every same-site asset the
HTML makes the browser fetch straight away: stylesheets (``<link rel="stylesheet">``), the
icon (``<link rel="icon">``) and scripts (``<script src>``). Each is counted raw and
gzip-compressed (level 6, what static hosts such as GitHub Pages typically serve), which is
closer to what crosses a hospital network than the raw size.

Not counted, because whether the browser fetches them depends on the page's layout and not
only on its HTML: fonts named by ``url()`` in the stylesheets (fetched only for the glyphs a
page uses, e.g. KaTeX's on a page with math), lazy images and what scripts load later (the
search worker and index). ``tests/browser/test_site.py`` measures those by recording the
responses of a real first load in Chromium.

Plain Python, no MkDocs import: ``python -m coursetools.page_weight SITE PAGE`` prints the
table.
"""

from __future__ import annotations

import gzip
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

GZIP_LEVEL = 6


def gzip_size(data: bytes) -> int:
    """Size of ``data`` gzip-compressed as a static host would serve it."""
    return len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))


class _Assets(HTMLParser):
    """Collects (kind, url) for the assets a page's HTML loads at once."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        if tag == "link":
            rel = attributes.get("rel", "").lower().split()
            href = attributes.get("href", "")
            if "stylesheet" in rel and href:
                self.found.append(("stylesheet", href))
            elif "icon" in rel and href:
                self.found.append(("icon", href))
        elif tag == "script" and attributes.get("src"):
            self.found.append(("script", attributes["src"]))


def _resolve(site_dir: Path, page: Path, url: str) -> Path | None:
    """The file under site_dir that ``url`` (as written in ``page``) names; None if off-site."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    if not path:
        return None
    if path.startswith("/"):
        # Absolute addresses (404.html) carry the published prefix, e.g. /course/assets/...;
        # find the longest suffix that exists in the site.
        pieces = [p for p in path.split("/") if p]
        for start in range(len(pieces)):
            candidate = site_dir.joinpath(*pieces[start:])
            if candidate.is_file():
                return candidate
        return site_dir.joinpath(*pieces) if pieces else None
    return (site_dir / page).parent.joinpath(path).resolve()


def first_load_bytes(site_dir: Path, page: Path) -> dict:
    """Raw and gzip bytes of ``page`` and of each same-site asset its HTML loads at once.

    Returns ``{"page": {...}, "assets": [{...}], "external": [urls], "missing": [urls],
    "total": {"raw": int, "gzip": int}}`` where each entry is ``{"path", "kind", "raw", "gzip"}``
    and paths are relative to ``site_dir``. An asset named twice is counted once.
    """
    site_dir = Path(site_dir).resolve()
    page = Path(page)
    if page.is_absolute():
        page = page.resolve().relative_to(site_dir)
    html = (site_dir / page).read_bytes()
    parser = _Assets()
    parser.feed(html.decode("utf-8", errors="replace"))

    entry = {"path": page.as_posix(), "kind": "html", "raw": len(html), "gzip": gzip_size(html)}
    assets, external, missing, seen = [], [], [], set()
    for kind, url in parser.found:
        target = _resolve(site_dir, page, url)
        if target is None:
            external.append(url)
            continue
        if target in seen:
            continue
        seen.add(target)
        if not target.is_file():
            missing.append(url)
            continue
        data = target.read_bytes()
        try:
            path = target.relative_to(site_dir).as_posix()
        except ValueError:  # a relative address that climbs out of the site
            external.append(url)
            continue
        assets.append({"path": path, "kind": kind, "raw": len(data), "gzip": gzip_size(data)})

    total = {key: entry[key] + sum(a[key] for a in assets) for key in ("raw", "gzip")}
    return {"page": entry, "assets": assets, "external": external, "missing": missing,
            "total": total}


def format_report(report: dict) -> str:
    """A small table: one line per file, then the total, in KB (1 KB = 1000 bytes)."""
    rows = [report["page"], *report["assets"]]
    width = max(len(r["path"]) for r in rows)
    lines = [f"{'file':<{width}}  {'kind':<10} {'raw KB':>8} {'gzip KB':>8}"]
    for r in rows:
        lines.append(f"{r['path']:<{width}}  {r['kind']:<10} {r['raw'] / 1000:>8.1f} {r['gzip'] / 1000:>8.1f}")
    t = report["total"]
    lines.append(f"{'total':<{width}}  {'':<10} {t['raw'] / 1000:>8.1f} {t['gzip'] / 1000:>8.1f}")
    for url in report["external"]:
        lines.append(f"external (not counted): {url}")
    for url in report["missing"]:
        lines.append(f"missing: {url}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python -m coursetools.page_weight SITE_DIR PAGE (e.g. site modules/02-transformers/attention.html)")
        return 2
    site_dir, page = Path(args[0]), Path(args[1])
    if not (site_dir / page).is_file():
        print(f"{site_dir / page}: no such page (build the site first: mkdocs build -d {site_dir})")
        return 1
    print(format_report(first_load_bytes(site_dir, page)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
