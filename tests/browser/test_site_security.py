"""Issue 21 in a real browser: a copy of the course with payloads planted in every front-matter
key of a lesson, a quiz block, glossary, tag and dataset data, a heading, a Mermaid block, raw
HTML that redirects or loads from elsewhere, and an SVG, an HTML and a JS file, built WITHOUT
--strict (so what is tested is what the build publishes inert): no injected script runs, no
redirect happens, no request leaves the site, and the policy refuses the planted inline script."""

from __future__ import annotations

import pytest

from conftest import copy_course, mkdocs_build
from security_payloads import LESSON_PAGE, PLANTED_FILES, plant

from .conftest import settle
from .test_site import CSP_VIOLATIONS_JS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAGES = [
    LESSON_PAGE,  # front matter, quiz, heading, Mermaid, raw HTML
    "modules/01-foundations/index.html",  # the module's nav and listing show the lesson's title
    "modules/01-foundations/generation-and-sampling.html",  # another lesson of the module: its nav
    "glossary.html",
    "tags.html",
    "references.html",
    "print/module-01.html",
    "index.html",
    "notebooks/tokenization.html",  # a Markdown cell with a refresh and a script
]


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    course = copy_course(root / "course")
    plant(course)
    site = root / "site"
    result = mkdocs_build(course / "mkdocs.yml", site, strict=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return site


def test_planted_files_are_not_published(hostile_site):
    assert [path for path in PLANTED_FILES if (hostile_site / path).exists()] == []


@pytest.mark.parametrize("page", PAGES)
def test_no_injected_script_runs_and_nothing_leaves(hostile_site, new_context, page):
    context, guard = new_context()
    context.add_init_script(CSP_VIOLATIONS_JS)
    tab = context.new_page()
    dialogs: list[str] = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    url = (hostile_site / page).as_uri()
    tab.goto(url)
    settle(tab)
    tab.wait_for_timeout(1500)  # a refresh of 0 s would have fired by now
    assert tab.url == url  # no redirect
    assert tab.evaluate("() => window.__pwned") is None
    assert dialogs == []
    assert guard.blocked == []  # nothing requested from another host
    if page == LESSON_PAGE:
        tab.locator("input.md-search__input").click()  # search shows the planted title as text
        tab.locator("input.md-search__input").fill("Tokenization")
        tab.wait_for_timeout(1500)
        assert tab.evaluate("() => window.__pwned") is None
        violations = tab.evaluate("() => window.__cspViolations")
        # the handlers left in the lesson's own text are refused by the policy
        assert any("script-src" in v for v in violations), violations


def test_policy_refuses_a_script_planted_in_the_navigation(hostile_site, new_context, tmp_path):
    """The policy is fixed before content: a script that reached the page's navigation (as the
    theme writes titles there) is refused, while the theme's own inline scripts run."""
    page = hostile_site / "modules/01-foundations/index.html"
    html = page.read_text(encoding="utf-8")
    planted = html.replace("<nav", "<nav><script>window.__pwned = ['nav']</script>", 1)
    target = page.with_name("planted.html")
    target.write_text(planted, encoding="utf-8")
    context, guard = new_context()
    context.add_init_script(CSP_VIOLATIONS_JS)
    tab = context.new_page()
    tab.goto(target.as_uri())
    settle(tab)
    assert tab.evaluate("() => window.__pwned") is None
    violations = tab.evaluate("() => window.__cspViolations")
    assert len(violations) == 1 and "script-src" in violations[0], violations
    assert tab.evaluate("() => typeof __md_get") == "function"  # the theme's inline script ran
    assert guard.blocked == []
