"""Progress marks, "continue where you left off", and wide content (issue 23), in a real browser.

- Progress marks sit on a lesson's own entry in the navigation, never on the sections of a table
  of contents, at 1366x900 and in the phone's drawer (375x812, where Material puts the table of
  contents inside the navigation).
- The home page's "Start the course" becomes "Continue where you left off: <lesson>" once a lesson
  has been read, pointing at the lesson last opened if unread, else the next unread one.
- Diagrams fit the text at 1366 px; whatever still scrolls (diagrams, display equations) on a
  phone is a focusable, named region that fades at the edge with more to see, in light and dark.

The figures (how many diagrams and equations overflow at each width) are printed; run alone with
``pytest tests/browser/test_progress_and_wide.py -s`` (COURSE_SITE_DIR=/path/to/site skips the build).
"""

from __future__ import annotations

import pytest

from .conftest import MOBILE, settle
from .test_site import wait_for_scheme

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 900}
VIEWPORTS = {"1366": LAPTOP, "375": MOBILE}
SCHEMES = {"light": "default", "dark": "slate"}
FIRST = "modules/01-foundations/what-is-a-language-model.html"
SECOND = "modules/01-foundations/generation-and-sampling.html"
THIRD = "modules/01-foundations/tokenization.html"
CODING = "modules/03-healthcare-tasks/medical-coding.html"
NOTEBOOK = "notebooks/attention-from-scratch.html"


@pytest.fixture(autouse=True, scope="module")
def _chromium_first(browser):
    """Skip (or, in CI, fail) on a missing Chromium before the site is built or served."""


def _page(new_context, width: str, scheme: str = "light"):
    viewport = VIEWPORTS[width]
    mobile = viewport["width"] < 600
    context, guard = new_context(viewport=viewport, color_scheme=scheme, is_mobile=mobile, has_touch=mobile)
    return context.new_page(), guard


def _read_to_the_end(page, site, path: str) -> None:
    page.goto(site.url(path))
    settle(page)
    page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_function(
        "key => (JSON.parse(Object.entries(localStorage).find(([k]) => k.includes('progress'))?.[1] || '{}')"
        ".read || {})[key]",
        arg=path,
    )


# Every progress mark in the primary sidebar: where it sits and whether it is drawn.
MARKS_JS = """() => Array.from(document.querySelectorAll('.md-sidebar--primary .progress-mark')).map(m => {
  const entry = m.closest('.md-nav__link');
  const box = m.getBoundingClientRect();
  return {
    toc: !!m.closest('.md-nav--secondary'),
    href: entry.getAttribute('href'),
    label: entry.tagName === 'LABEL',
    text: entry.textContent.trim(),
    visible: box.width > 0 && box.height > 0 && getComputedStyle(m).visibility !== 'hidden',
  };
})"""


@pytest.mark.parametrize("width", ["1366", "375"])
def test_progress_marks_the_lesson_entry_not_its_sections(site, new_context, width):
    page, guard = _page(new_context, width)
    _read_to_the_end(page, site, CODING)
    page.reload()
    settle(page)
    if width == "375":  # open the drawer: the table of contents is in it, under the lesson's entry
        page.click("label.md-header__button[for='__drawer']")
        page.wait_for_timeout(400)
        page.click(".md-sidebar--primary label.md-nav__link[for='__toc']")
        page.wait_for_timeout(400)
        sections = page.locator(".md-sidebar--primary .md-nav--secondary a.md-nav__link")
        assert sections.count() >= 5 and sections.first.is_visible(), "the drawer's table of contents is not open"
    marks = page.evaluate(MARKS_JS)
    assert not [m for m in marks if m["toc"] or "#" in (m["href"] or "")], f"marks on in-page sections: {marks}"
    shown = [m for m in marks if m["visible"]]
    assert len(shown) == 1, f"expected one visible mark (the lesson's own entry) at {width} px: {marks}"
    assert "Medical coding" in shown[0]["text"] or "coding" in shown[0]["text"].lower(), shown
    assert shown[0]["label"] == (width == "375"), shown  # the drawer's entry for the page is its <label>
    assert not guard.blocked


def _start_button(page) -> dict:
    return page.eval_on_selector(
        ".md-content a.course-start",
        "a => ({text: a.textContent.trim(), href: a.getAttribute('href')})",
    )


def _title(page, site, path: str) -> str:
    page.goto(site.url(path))
    settle(page)
    return page.locator("article h1").first.inner_text().strip()


@pytest.mark.parametrize("width", ["1366", "375"])
def test_home_page_offers_to_continue_where_you_left_off(site, new_context, width):
    page, guard = _page(new_context, width)
    second_title, third_title = _title(page, site, SECOND), _title(page, site, THIRD)
    page.evaluate("() => localStorage.clear()")
    page.goto(site.url("index.html"))
    settle(page)
    assert _start_button(page) == {"text": "Start the course", "href": FIRST}
    # Lesson 1 read: continue with lesson 2, named.
    _read_to_the_end(page, site, FIRST)
    page.goto(site.url("index.html"))
    settle(page)
    assert _start_button(page) == {"text": f"Continue where you left off: {second_title}", "href": SECOND}
    assert page.get_by_role("link", name=f"Continue where you left off: {second_title}").is_visible()
    # Lesson 3 opened but not finished: that is where to continue.
    page.goto(site.url(THIRD))
    settle(page)
    page.goto(site.url("index.html"))
    settle(page)
    assert _start_button(page) == {"text": f"Continue where you left off: {third_title}", "href": THIRD}
    # Nothing left this browser; erasing progress brings "Start the course" back.
    page.click(".course-progress__reset")
    assert _start_button(page) == {"text": "Start the course", "href": FIRST}
    assert not guard.blocked


# --- Wide content ----------------------------------------------------------------------------

# Diagrams and display equations on the page: how wide they are against their box, and the cues a
# scrolling one carries (focusable region, name, the fade attribute, the caption's hint).
WIDE_JS = """() => {
  const regions = [];
  const add = (kind, el) => {
    const overflow = el.scrollWidth > el.clientWidth + 1;
    const caption = el.closest('figure')?.querySelector('figcaption');
    regions.push({kind, overflow, scroll: el.scrollWidth, box: el.clientWidth,
                  label: el.getAttribute('aria-label') || '', role: el.getAttribute('role'),
                  tabindex: el.getAttribute('tabindex'), more: el.getAttribute('data-scroll-more'),
                  mask: getComputedStyle(el).maskImage || getComputedStyle(el).webkitMaskImage || 'none',
                  hint: caption ? getComputedStyle(caption, '::after').content : ''});
  };
  document.querySelectorAll('.md-content .course-diagram__frame').forEach(el => add('diagram', el));
  document.querySelectorAll('.md-content div.arithmatex, .md-content .jp-RenderedMarkdown .katex-display')
    .forEach(el => { if (el.matches('div.arithmatex') && !el.querySelector('.katex-display')) return; add('equation', el); });
  return regions;
}"""


def _diagram_pages(site) -> list[str]:
    """Pages with a diagram, the printable module pages (copies of the lessons) left out."""
    return [
        p
        for p in site.pages()
        if not p.startswith("print/") and 'class="course-diagram' in (site.root / p).read_text(encoding="utf-8")
    ]


def _cue_problems(path: str, regions: list[dict]) -> list[str]:
    problems = []
    for r in regions:
        if not r["overflow"]:
            continue
        if r["role"] != "region" or r["tabindex"] != "0" or not r["label"].endswith("(scrolls)"):
            problems.append(f"{path}: a wide {r['kind']} is not a named, focusable region: {r}")
        if r["more"] != "end" or "gradient" not in r["mask"]:
            problems.append(f"{path}: a wide {r['kind']} does not fade at its right edge: {r}")
        if r["kind"] == "diagram" and "Scroll sideways" not in r["hint"]:
            problems.append(f"{path}: a wide diagram's caption does not say it scrolls: {r}")
    return problems


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", ["1366", "375"])
def test_diagrams_fit_or_say_they_scroll(site, new_context, width, scheme):
    page, guard = _page(new_context, width, scheme)
    total, wide, problems = 0, [], []
    for path in _diagram_pages(site):
        page.goto(site.url(path))
        settle(page)
        wait_for_scheme(page, SCHEMES[scheme])
        regions = [r for r in page.evaluate(WIDE_JS) if r["kind"] == "diagram"]
        total += len(regions)
        wide += [f"{path} ({r['scroll']} px in {r['box']} px)" for r in regions if r["overflow"]]
        problems += _cue_problems(path, regions)
    print(f"\n{len(wide)} of {total} diagrams wider than the text at {width} px ({scheme}): {wide}")
    assert total >= 21
    assert not problems, "\n".join(problems)
    if width == "1366":
        assert not wide, f"diagrams wider than the text at 1366 px: {wide}"
    else:
        assert len(wide) <= total // 3, f"too many diagrams scroll on a phone: {wide}"
    assert not guard.blocked


@pytest.mark.parametrize("width", ["1366", "375"])
def test_display_equations_fit_or_say_they_scroll(site, new_context, width):
    page, guard = _page(new_context, width)
    found = {}
    for path in (FIRST, NOTEBOOK):
        page.goto(site.url(path))
        settle(page)
        page.wait_for_function("() => document.querySelector('.katex-display')")
        regions = [r for r in page.evaluate(WIDE_JS) if r["kind"] == "equation"]
        found[path] = regions
        assert regions, f"{path}: no display equation found"
        assert not _cue_problems(path, regions), "\n".join(_cue_problems(path, regions))
    counts = {p: f"{sum(r['overflow'] for r in rs)} of {len(rs)}" for p, rs in found.items()}
    print(f"\ndisplay equations wider than their column at {width} px: {counts}")
    if width == "1366":
        assert not any(r["overflow"] for rs in found.values() for r in rs), counts
    else:
        assert sum(r["overflow"] for r in found[FIRST]) <= 2, counts
    assert not guard.blocked


def test_a_scrolled_region_fades_the_side_it_came_from(site, new_context):
    page, _ = _page(new_context, "375")
    for path in _diagram_pages(site):
        page.goto(site.url(path))
        settle(page)
        frame = page.locator(".course-diagram__frame[data-scroll-more]")
        if frame.count():
            break
    else:
        pytest.skip("no diagram scrolls on a phone any more")
    frame = frame.first
    frame.focus()
    assert frame.evaluate("el => el === document.activeElement")
    frame.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
    page.wait_for_function("el => el.getAttribute('data-scroll-more') === 'start'", arg=frame.element_handle())
    frame.evaluate("el => { el.scrollLeft = 20; }")
    page.wait_for_function("el => el.getAttribute('data-scroll-more') === 'both'", arg=frame.element_handle())
