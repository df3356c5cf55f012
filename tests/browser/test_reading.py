"""The reading experience (issue 15) in a real browser: the lesson text starts on the first screen,
the folded questions and objectives open from the keyboard, the new pages are axe-clean in light
and dark mode, and printing leaves the site's chrome out.

Run alone: ``pytest tests/browser/test_reading.py`` (with COURSE_SITE_DIR=/path/to/site to skip
the build).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import MOBILE, settle
from .test_site import COLOUR_RULES, lessons, run_axe

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 900}
LESSON = "modules/02-transformers/attention.html"

# The first paragraph of the lesson's own text: the first <p> after the header, skipping headings.
FIRST_PARAGRAPH = """() => {
  const header = document.querySelector('.md-content .lesson-header');
  for (let el = header && header.nextElementSibling; el; el = el.nextElementSibling) {
    if (el.tagName === 'P' && el.textContent.trim()) {
      const box = el.getBoundingClientRect();
      return {top: box.top + window.scrollY, bottom: box.bottom + window.scrollY,
              text: el.textContent.trim().slice(0, 60)};
    }
  }
  return null;
}"""


@pytest.fixture(autouse=True, scope="module")
def _chromium_first(browser):
    """Skip (or, in CI, fail) on a missing Chromium before the site is built or served."""


def _first_paragraphs(site, new_context, viewport: dict, shot: Path) -> dict[str, dict]:
    context, _ = new_context(viewport=viewport)
    page = context.new_page()
    found = {}
    for path in lessons(site):
        page.goto(site.url(path))
        settle(page)
        found[path] = page.evaluate(FIRST_PARAGRAPH)
        if path == LESSON:  # the lesson top as a student sees it, for the CI artifacts
            page.screenshot(path=str(shot))
    context.close()
    return found


def test_the_lesson_text_starts_on_the_first_screen_of_a_laptop(site, new_context, screenshots_dir):
    found = _first_paragraphs(site, new_context, LAPTOP, screenshots_dir / "reading-lesson-top-1366.png")
    assert len(found) >= 20
    late = {path: box for path, box in found.items() if box is None or box["bottom"] > LAPTOP["height"]}
    assert not late, f"first paragraph below the fold at 1366x900: {late}"


def test_the_lesson_text_starts_within_two_screens_of_a_phone(site, new_context, screenshots_dir):
    found = _first_paragraphs(site, new_context, MOBILE, screenshots_dir / "reading-lesson-top-375.png")
    late = {path: box for path, box in found.items() if box is None or box["top"] > 2 * MOBILE["height"]}
    assert not late, f"first paragraph more than two screens down at 375x812: {late}"


def test_questions_and_objectives_open_from_the_keyboard(site, new_context):
    context, _ = new_context(viewport=LAPTOP)
    page = context.new_page()
    page.goto(site.url(LESSON))
    settle(page)
    objectives = page.locator(".lesson-header ol li")
    assert objectives.count() >= 3
    assert not objectives.first.is_visible(), "the objectives should start folded"
    summary = page.locator(".lesson-goals > summary")
    for _ in range(80):  # Tab through the page until the summary has focus
        page.keyboard.press("Tab")
        if summary.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reaches the questions-and-objectives summary")
    page.keyboard.press("Enter")
    assert objectives.first.is_visible()
    assert page.locator(".lesson-goals h2#objectives").is_visible()
    # A link to #objectives opens the fold too.
    page.goto(site.url(LESSON) + "#objectives")
    settle(page)
    assert objectives.first.is_visible()
    context.close()


@pytest.mark.parametrize(
    "path",
    [
        LESSON,
        "glossary.html",
        "print/module-02.html",
        "index.html",
        "notebooks/attention-from-scratch.html",
        "modules/02-transformers/index.html",
    ],
)
def test_reading_pages_are_axe_clean_in_light_and_dark(site, new_context, axe_source, screenshots_dir, path):
    context, _ = new_context(viewport=LAPTOP, color_scheme="light")
    page = context.new_page()
    page.goto(site.url(path))
    settle(page)
    if path == "glossary.html":  # for the CI artifacts
        page.screenshot(path=str(screenshots_dir / "reading-glossary-1366.png"))
    page.locator(".lesson-goals").evaluate_all("els => els.forEach(el => el.open = true)")
    light = run_axe(page, axe_source, {})
    page.emulate_media(color_scheme="dark")
    page.wait_for_function("() => document.body.getAttribute('data-md-color-scheme') === 'slate'")
    dark = run_axe(page, axe_source, {"runOnly": {"type": "rule", "values": COLOUR_RULES}})
    context.close()
    assert not light and not dark, f"{path}: light {light}, dark {dark}"


def test_printing_leaves_out_navigation_and_prints_folded_text_open(site, new_context):
    context, _ = new_context(viewport=LAPTOP)
    page = context.new_page()
    page.goto(site.url(LESSON))
    settle(page)
    assert page.locator(".md-sidebar--primary").is_visible()
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".md-tabs"):
        assert not page.locator(chrome).first.is_visible(), f"{chrome} is printed"
    assert page.locator(".lesson-header ol li").first.is_visible(), "objectives are not printed"
    assert page.locator(".footnote").is_visible()
    external = page.locator(".footnote a[href^='http']").first
    after = external.evaluate("el => getComputedStyle(el, '::after').content")
    assert external.get_attribute("href") in after, "an external link is printed without its address"
    context.close()
