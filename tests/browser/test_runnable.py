"""Running the notebooks from the site, in a real browser: every notebook page offers a download
that fetches its zip, and Colab and Binder links to its own file that request nothing on load."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from .conftest import settle

pytestmark = pytest.mark.browser

NOTEBOOKS = sorted(p.stem for p in (Path(__file__).resolve().parents[2] / "docs/notebooks").glob("*.ipynb"))
REPO = "llms-meet-healthcare/course"


@pytest.fixture(autouse=True, scope="module")
def _chromium_first(browser):
    """Skip (or, in CI, fail) on a missing Chromium before the site is built or served."""


@pytest.mark.parametrize("stem", NOTEBOOKS)
def test_notebook_page_download_and_launch_links(site, new_context, tmp_path, stem):
    context, guard = new_context(accept_downloads=True)
    page = context.new_page()
    page.goto(site.url(f"notebooks/{stem}.html"), wait_until="load")
    settle(page)

    download = page.locator("a.course-run__download")
    assert download.count() == 1 and download.is_visible()
    with page.expect_download() as event:
        download.click()
    saved = tmp_path / event.value.suggested_filename
    event.value.save_as(saved)
    assert saved.name == f"{stem}.zip"
    with zipfile.ZipFile(io.BytesIO(saved.read_bytes())) as bundle:
        assert f"{stem}/{stem}.ipynb" in bundle.namelist() and f"{stem}/nbhelpers.py" in bundle.namelist()

    colab = page.locator("a.course-run__colab")
    binder = page.locator("a.course-run__binder")
    assert colab.is_visible() and binder.is_visible()
    assert colab.get_attribute("href") == (
        f"https://colab.research.google.com/github/{REPO}/blob/main/docs/notebooks/{stem}.ipynb"
    )
    assert binder.get_attribute("href") == (
        f"https://mybinder.org/v2/gh/{REPO}/main?labpath=docs/notebooks/{stem}.ipynb"
    )
    assert guard.blocked == []  # nothing was requested from Colab, Binder or anywhere else

    # Solutions are closed until the student opens one.
    solutions = page.locator("details.course-solution")
    assert solutions.count() >= 2
    first = solutions.first
    assert first.get_attribute("open") is None
    code = first.locator(".jp-InputArea")
    assert not code.is_visible()
    first.locator("summary").click()
    assert code.is_visible()
    context.close()


def test_lesson_offers_the_notebook_download(site, new_context):
    context, guard = new_context(accept_downloads=True)
    page = context.new_page()
    page.goto(site.url("modules/01-foundations/tokenization.html"), wait_until="load")
    settle(page)
    download = page.locator("a.course-run__download")
    assert download.count() == 1 and download.is_visible()
    with page.expect_download() as event:
        download.click()
    assert event.value.suggested_filename == "tokenization.zip"
    assert guard.blocked == []
    context.close()
