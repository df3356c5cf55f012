"""A notebook page's finished HTML, and the files it needs beside it.

``finish`` turns the page mkdocs-jupyter and the theme produced into what is published: the
JupyterLab stylesheet reduced to the rules the page uses, in a shared file (``css``), figures as
lazily loaded image files (``figures``), and the template's inline scripts as files (``scripts``,
so the Content-Security-Policy can refuse inline scripts). With a store, the result is kept by
content: the same page HTML gives back the same HTML and files without doing the work again (the
files' bytes are kept under ``blobs/``, named by their SHA-256; ``prune_blobs`` drops the unnamed).
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from ..result_store import ResultStore, digest_of
from . import css as notebook_css
from . import figures as notebook_figures
from . import html as notebook_html
from . import scripts as notebook_scripts

KIND = "notebook-page"


def _write(site_dir: Path, rel: str, data: bytes) -> None:
    target = site_dir / rel
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def finish(
    output: str, dest_uri: str, site_dir: Path, store: ResultStore | None = None, blobs: Path | None = None
) -> str:
    """The published HTML of the notebook page at ``dest_uri`` (its side files written to ``site_dir``)."""
    digest = digest_of(f"{dest_uri}\0{output}".encode("utf-8", "surrogatepass"))
    if store is not None and blobs is not None:
        known = store.get_value(KIND, dest_uri, digest)
        if _restore(known, site_dir, blobs):
            return str(known["html"])
    written: dict[str, bytes] = {}
    page_dir = posixpath.dirname(dest_uri)

    def put(rel: str, data: bytes) -> str:
        written[rel] = data
        _write(site_dir, rel, data)
        return posixpath.relpath(rel, page_dir)

    used = notebook_css.classes_in(output)

    def write_css(name: str, css: str) -> str:
        # JupyterLab's stylesheet reduced to the rules this page's HTML can use (575 kB -> ~130 kB)
        css = notebook_css.prune(css, used)
        data = css.encode("utf-8")
        return put(f"assets/stylesheets/notebook-{digest_of(data)[:12]}.css", data)

    def write_figure(name: str, data: bytes) -> str:
        return put(f"assets/notebook-figures/{name}", data)

    def write_script(name: str, js: str) -> str:
        return put(f"assets/javascripts/{name}", js.encode("utf-8"))

    html = notebook_figures.externalize(notebook_html.slim(output, write_css), write_figure)
    html = notebook_scripts.externalize(html, write_script)
    if store is not None and blobs is not None:
        try:
            blobs.mkdir(parents=True, exist_ok=True)
            files = {}
            for rel, data in written.items():
                files[rel] = digest_of(data)
                blob = blobs / files[rel]
                if not blob.exists() or digest_of(blob.read_bytes()) != files[rel]:  # missing or damaged
                    blob.write_bytes(data)
            store.put_value(KIND, dest_uri, digest, {"html": html, "files": files})
        except OSError:
            pass  # not kept: done again next time
    return html


def _restore(known: object, site_dir: Path, blobs: Path) -> bool:
    """Write a kept page's files to the site; False if anything is missing or not as kept."""
    if not isinstance(known, dict) or not isinstance(known.get("html"), str):
        return False
    files = known.get("files")
    if not isinstance(files, dict):
        return False
    contents = {}
    for rel, sha in files.items():
        if not isinstance(rel, str) or not isinstance(sha, str) or ".." in rel.split("/") or rel.startswith("/"):
            return False
        try:
            data = (blobs / sha).read_bytes()
        except OSError:
            return False
        if digest_of(data) != sha:
            return False
        contents[rel] = data
    for rel, data in contents.items():
        _write(site_dir, rel, data)
    return True


def prune_blobs(store: ResultStore, blobs: Path) -> None:
    """Delete the blobs none of the store's notebook pages names."""
    kept: set[str] = set()
    for key, entry in store.entries.items():
        value = entry.get("value") if isinstance(entry, dict) else None
        if key.startswith(f"{KIND}:") and isinstance(value, dict) and isinstance(value.get("files"), dict):
            kept.update(str(sha) for sha in value["files"].values())
    if blobs.is_dir():
        for blob in blobs.iterdir():
            if blob.name not in kept:
                blob.unlink(missing_ok=True)
