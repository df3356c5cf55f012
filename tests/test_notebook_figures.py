"""Notebook figures are image files that load lazily, with their alt text and size."""

from __future__ import annotations

import base64
import re
import struct
import zlib

from coursetools.notebooks.figures import externalize, png_size


def tiny_png(width: int = 3, height: int = 2) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\x00\x00\x00" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def test_an_embedded_png_becomes_a_lazy_file_with_its_alt_and_size():
    png = tiny_png()
    html = f'<p>x</p><img alt="Bar chart of counts" src="data:image/png;base64,{base64.b64encode(png).decode()}">'
    written: dict[str, bytes] = {}

    def write(name: str, data: bytes) -> str:
        written[name] = data
        return f"../assets/notebook-figures/{name}"

    out = externalize(html, write)
    ((name, data),) = written.items()
    assert data == png and name.endswith(".png")
    assert out == (
        f'<p>x</p><img alt="Bar chart of counts" src="../assets/notebook-figures/{name}" '
        'loading="lazy" decoding="async" width="3" height="2">'
    )
    assert png_size(png) == (3, 2)


def test_broken_base64_is_left_alone():
    html = '<img alt="x" src="data:image/png;base64,@@@">'
    assert externalize(html, lambda name, data: "nope") == html


def test_built_notebook_pages_embed_no_figure(built_site):
    pages = sorted((built_site / "notebooks").glob("*.html"))
    figures = 0
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "data:image/png;base64" not in html, page.name
        for tag in re.findall(r"<img[^>]*notebook-figures/[^>]*>", html):
            figures += 1
            src = re.search(r'src="([^"]+)"', tag).group(1)
            assert (page.parent / src).resolve().is_file(), (page.name, src)
            assert 'loading="lazy"' in tag and re.search(r'alt="[^"]{10,}"', tag), tag
    assert figures >= 5


def test_notebook_css_keeps_only_rules_the_page_can_use():
    from coursetools.notebooks.css import classes_in, prune

    css = (
        ":root{--jp-a:1}.jp-Cell{margin:0}.jp-Dialog{x:1}.jp-Cell .jp-Dialog{y:2}"
        "@media print{.jp-Cell{p:1}.jp-Menu{q:1}}@font-face{font-family:X}p{color:red}"
        "/* } */.jp-Cell:not(.jp-mod-x){z:1}"
    )
    used = classes_in('<div class="jp-Cell other"><p>x</p></div>')
    assert prune(css, used) == (
        ":root{--jp-a:1}\n.jp-Cell{margin:0}\n@media print{.jp-Cell{p:1}}\n"
        "@font-face{font-family:X}\np{color:red}\n/* } */.jp-Cell:not(.jp-mod-x){z:1}"
    )


def test_a_finished_notebook_page_is_kept_by_content_with_its_files(tmp_path, monkeypatch):
    from coursetools.notebooks import html as notebook_html
    from coursetools.notebooks import page
    from coursetools.result_store import ResultStore, digest_of

    png = tiny_png()
    css = ".jp-Cell{color:red}" + ".jp-Unused{color:blue}" * 300  # large enough to become a shared file
    output = (
        f'<html><head><style type="text/css">{css}</style></head><body>'
        f'<div class="jp-Cell"><img alt="A figure" src="data:image/png;base64,{base64.b64encode(png).decode()}">'
        "</div></body></html>"
    )
    store, blobs = ResultStore(tmp_path / "store", ["test"]), tmp_path / "blobs"
    first_site, second_site = tmp_path / "one", tmp_path / "two"
    first = page.finish(output, "notebooks/x.html", first_site, store, blobs)
    assert "data:image/png" not in first and "<style" not in first and "jp-Unused" not in first
    files = {p.relative_to(first_site).as_posix(): p.read_bytes() for p in first_site.rglob("*") if p.is_file()}
    assert any(name.endswith(".png") for name in files) and any(name.endswith(".css") for name in files)

    def not_again(*args: object) -> str:
        raise AssertionError("finished again although the page did not change")

    monkeypatch.setattr(notebook_html, "slim", not_again)
    assert page.finish(output, "notebooks/x.html", second_site, store, blobs) == first
    again = {p.relative_to(second_site).as_posix(): p.read_bytes() for p in second_site.rglob("*") if p.is_file()}
    assert again == files  # the same files, written from the kept copies
    # A kept file that is gone or altered is not trusted: the page is finished again.
    for blob in blobs.iterdir():
        blob.write_bytes(b"tampered")
    monkeypatch.undo()
    assert page.finish(output, "notebooks/x.html", tmp_path / "three", store, blobs) == first
    assert all(digest_of(blob.read_bytes()) == blob.name for blob in blobs.iterdir())  # and repaired
