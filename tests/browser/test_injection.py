"""Script injected through content does not run: a notebook's HTML output is sanitized, and the
Content-Security-Policy of every page refuses inline script in a Markdown page."""

from __future__ import annotations

import nbformat
import pytest

from conftest import mkdocs_build

from .conftest import settle
from .test_site import CSP_VIOLATIONS_JS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAYLOAD = (
    "<script>window.__ran = (window.__ran || []).concat('script'); alert(1)</script>"
    "<img src=x onerror=\"window.__ran = (window.__ran || []).concat('onerror'); alert(2)\">"
)


@pytest.fixture
def injected_site(course_copy, tmp_path):
    docs = course_copy / "docs"
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Injected"),
        nbformat.v4.new_code_cell(
            "from IPython.display import HTML, display\n"
            f"display(HTML({PAYLOAD + '<table><tr><td>kept</td></tr></table>'!r}))"
        ),
    ]
    nbformat.write(nb, str(docs / "notebooks" / "injected.ipynb"))
    page = "---\ntitle: Injected\ndescription: d.\n---\n\nText.\n\n" + PAYLOAD + "\n"
    (docs / "injected.md").write_text(page)
    site = tmp_path / "site"
    result = mkdocs_build(course_copy / "mkdocs.yml", site, strict=False)  # pages not in nav
    assert (site / "injected.html").exists(), result.stdout + result.stderr
    return site


@pytest.mark.parametrize("page, violations", [("notebooks/injected.html", 0), ("injected.html", 1)])
def test_injected_script_does_not_run(injected_site, new_context, page, violations):
    context, guard = new_context()
    context.add_init_script(CSP_VIOLATIONS_JS)
    tab = context.new_page()
    dialogs = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    tab.goto((injected_site / page).as_uri())
    settle(tab)
    tab.wait_for_timeout(500)
    assert tab.evaluate("() => window.__ran || []") == []
    assert dialogs == []
    assert not guard.blocked  # and nothing was fetched from another host
    if page.startswith("notebooks/"):
        assert tab.locator("td", has_text="kept").count() == 1  # the table survives sanitizing
    found = tab.evaluate("() => window.__cspViolations")
    # The sanitized notebook has nothing left to block; the Markdown page's <script> is published
    # as text (coursetools.safety.raw_html.inert_content) and its handler is refused by the policy.
    assert len(found) == violations, found
