"""Self-check quizzes and progress, in a real browser: answered with the keyboard, right and
wrong answers with their feedback, progress that survives a reload and resets, axe-clean with
feedback shown (light and dark), readable without JavaScript, and working from file://.

What the tests answer (the right and wrong choices, the numeric answer) is read from the page's
own answer list, so they keep working as authors change the questions.
"""

from __future__ import annotations

import re

import pytest

from .conftest import Errors, settle
from .test_site import run_axe, wait_for_scheme

pytestmark = pytest.mark.browser

LESSON = "modules/02-transformers/attention.html"


@pytest.fixture(autouse=True, scope="module")
def _chromium_first(browser):
    """Skip (or, in CI, fail) on a missing Chromium before the site is built or served."""


def open_page(context, url):
    page = context.new_page()
    errors = Errors()
    errors.watch(page)
    page.goto(url)
    settle(page)
    return page, errors


def feedback(page, question: str) -> str:
    return re.sub(r"\s+", " ", page.locator(f"#{question} .quiz-q__feedback").text_content()).strip()


def reason(page, question: str, selector: str) -> str:
    text = page.locator(f"#{question} .quiz-q__answers {selector} .quiz-fb").first.text_content()
    return re.sub(r"\s+", " ", text).strip()


def first_question(page, kind: str) -> str:
    ident = page.evaluate(
        "k => { const q = document.querySelector(`.quiz-q[data-kind=${k}]`); return q && q.id; }", kind
    )
    assert ident, f"no {kind} question on the page"
    return ident


def tab_until(page, selector: str, limit: int = 400) -> None:
    """Press Tab until the focused element matches ``selector`` (as a keyboard user would)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def start_at_quiz(page) -> None:
    """Put the keyboard focus just before the quiz: on the section's permalink."""
    page.locator("#check-your-understanding a.headerlink").focus()


def test_single_choice_with_the_keyboard_wrong_then_right(site, new_context):
    context, guard = new_context()
    page, errors = open_page(context, site.url(LESSON))
    q = first_question(page, "single")
    right = page.get_attribute(f"#{q} .quiz-q__answers li[data-correct=true]", "data-choice")
    wrong = page.get_attribute(f"#{q} .quiz-q__answers li[data-correct=false]", "data-choice")
    start_at_quiz(page)
    tab_until(page, f"#{q} input[type=radio]")
    # Arrow keys move through a radio group and select; stop on the wrong choice.
    for _ in range(10):
        if page.evaluate("() => document.activeElement.value") == wrong:
            break
        page.keyboard.press("ArrowDown")
    if not page.is_checked(f"#{q}-c{wrong}"):  # Tab focused it without a choice made: Space selects
        page.keyboard.press(" ")
    assert page.is_checked(f"#{q}-c{wrong}")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent") == "Check answer"
    page.keyboard.press("Enter")
    text = feedback(page, q)
    assert text.startswith("✗ Not quite. Try another answer."), text
    assert reason(page, q, f"li[data-choice='{wrong}']") in text
    assert page.get_attribute(f"#{q}", "data-state") == "wrong"
    # Back to the group, choose the right answer, check with the space bar.
    page.keyboard.press("Shift+Tab")
    for _ in range(10):
        if page.evaluate("() => document.activeElement.value") == right:
            break
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    page.keyboard.press(" ")
    text = feedback(page, q)
    assert text.startswith("✓ Correct."), text
    assert reason(page, q, f"li[data-choice='{right}']") in text
    assert page.get_attribute(f"#{q} .quiz-q__feedback", "role") == "status"
    assert not guard.blocked and not errors.messages, (guard.blocked, errors.messages)


def test_multiple_choice_and_numeric_with_the_keyboard(site, new_context):
    context, _ = new_context()
    page, errors = open_page(context, site.url(LESSON))
    q = first_question(page, "multiple")
    correct = page.eval_on_selector_all(
        f"#{q} .quiz-q__answers li[data-correct=true]", "items => items.map(i => i.dataset.choice)"
    )
    start_at_quiz(page)
    tab_until(page, f"#{q}-c{correct[0]}")
    page.keyboard.press(" ")  # tick only the first correct statement
    tab_until(page, f"#{q} .quiz-q__check")
    page.keyboard.press("Enter")
    text = feedback(page, q)
    if len(correct) > 1:
        assert text.startswith("✗ Not quite."), text
        assert "not chosen yet" in text
        letter = page.locator(f"label[for={q}-c{correct[0]}] .quiz-choice__letter").text_content()
        assert f"{letter} Right: " in text and reason(page, q, f"li[data-choice='{correct[0]}']") in text
    for choice in correct[1:]:
        page.focus(f"#{q}-c{choice}")
        page.keyboard.press(" ")
    page.focus(f"#{q} .quiz-q__check")
    page.keyboard.press("Enter")
    assert feedback(page, q).startswith("✓ Correct. You chose every correct answer and nothing else.")

    n = first_question(page, "numeric")
    field = page.locator(f"#{n} input[type=number]")
    answer = float(field.get_attribute("data-answer"))
    tolerance = float(field.get_attribute("data-tolerance"))
    tab_until(page, f"#{n} input[type=number]")
    page.keyboard.type(repr(answer + 10 * tolerance + 1))
    page.keyboard.press("Enter")
    text = feedback(page, n)
    assert text.startswith("✗ Not quite. Try again."), text
    assert reason(page, n, "[data-for=incorrect]") in text
    field.fill("")
    page.keyboard.type(repr(answer))
    page.keyboard.press("Enter")
    text = feedback(page, n)
    assert text.startswith("✓ Correct."), text
    assert reason(page, n, "[data-for=correct]") in text
    assert not errors.messages, errors.messages


def answer_everything(page) -> None:
    """Answer every question of the page's quiz right (with the mouse)."""
    for q in page.eval_on_selector_all(".quiz-q", "qs => qs.map(q => q.id)"):
        kind = page.get_attribute(f"#{q}", "data-kind")
        if kind == "numeric":
            page.fill(f"#{q} input[type=number]", page.get_attribute(f"#{q} input", "data-answer"))
        else:
            for choice in page.eval_on_selector_all(
                f"#{q} .quiz-q__answers li[data-correct=true]", "items => items.map(i => i.dataset.choice)"
            ):
                page.check(f"#{q}-c{choice}")
        page.click(f"#{q} .quiz-q__check")
        assert feedback(page, q).startswith("✓ Correct."), (q, feedback(page, q))


def marks(page, href_end: str) -> list[str]:
    """The visually hidden words after the sidebar link to a page: "(read)", "(quiz passed)"."""
    return page.eval_on_selector_all(
        ".md-sidebar--primary a.md-nav__link .progress-visually-hidden",
        "(els, end) => els.filter(e => e.closest('a').href.endsWith(end)).map(e => e.textContent.trim())",
        href_end,
    )


def home_summary(page) -> str:
    return page.locator(".course-progress__summary").inner_text()


def test_progress_survives_a_reload_and_resets(site, new_context):
    context, guard = new_context()
    page, errors = open_page(context, site.url(LESSON))
    total = page.eval_on_selector_all(".quiz-q", "qs => qs.length")
    assert marks(page, LESSON) == []
    answer_everything(page)
    assert page.locator(".quiz__score").inner_text() == f"All {total} answered right: quiz passed."
    assert page.evaluate("() => Object.keys(localStorage).filter(k => k.includes('progress')).length") == 1
    page.reload()
    settle(page)
    assert marks(page, LESSON) == ["(read)", "(quiz passed)"]
    # Another lesson counts as read once its end has been on screen.
    other = "modules/01-foundations/tokenization.html"
    page.goto(site.url(other))
    settle(page)
    page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_function(
        "end => [...document.querySelectorAll('.md-sidebar--primary a.md-nav__link')]"
        ".some(a => a.href.endsWith(end) && a.querySelector('.progress-mark'))",
        arg=other,
    )
    page.goto(site.url("index.html"))
    settle(page)
    lessons = int(page.get_attribute("[data-course-progress]", "data-lessons"))
    assert home_summary(page) == f"2 of {lessons} lessons read, 1 quiz passed."
    page.reload()
    settle(page)
    assert home_summary(page) == f"2 of {lessons} lessons read, 1 quiz passed."
    # Reset, with the keyboard.
    page.locator(".course-progress__reset").focus()
    page.keyboard.press("Enter")
    assert home_summary(page) == f"0 of {lessons} lessons read, 0 quizzes passed."
    assert page.locator(".course-progress__status").inner_text() == "Your progress has been erased from this browser."
    page.goto(site.url(LESSON))
    settle(page)
    assert marks(page, LESSON) == []
    assert not guard.blocked and not errors.messages, (guard.blocked, errors.messages)


def test_quiz_feedback_is_accessible_in_light_and_dark(site, new_context, axe_source):
    context, _ = new_context(color_scheme="light")
    page, _ = open_page(context, site.url(LESSON))
    wait_for_scheme(page, "default")
    q = first_question(page, "single")
    wrong = page.get_attribute(f"#{q} .quiz-q__answers li[data-correct=false]", "data-choice")
    page.check(f"#{q}-c{wrong}")
    page.click(f"#{q} .quiz-q__check")
    answer_everything(page)
    page.check(f"#{q}-c{wrong}")
    page.click(f"#{q} .quiz-q__check")  # one question wrong again: both colours on screen
    page.locator(".quiz-q__answers").first.evaluate("d => d.open = true")
    assert run_axe(page, axe_source, {}) == []
    page.emulate_media(color_scheme="dark")
    wait_for_scheme(page, "slate")
    assert (
        run_axe(page, axe_source, {"runOnly": {"type": "rule", "values": ["color-contrast", "link-in-text-block"]}})
        == []
    )


def test_quiz_reads_sensibly_without_javascript(site, new_context):
    context, _ = new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site.url(LESSON))
    q = page.locator(".quiz-q").first
    assert not q.locator(".quiz-q__check").is_visible()
    q.locator(".quiz-q__answers summary").click()
    assert q.locator(".quiz-q__answers li[data-correct=true] .quiz-verdict").first.inner_text().endswith(". Right:")
    assert (
        "The answers, with the reason for each, are under every question." in page.locator(".quiz__intro").inner_text()
    )


def test_progress_works_from_disk(site, new_context):
    context, guard = new_context()
    page, errors = open_page(context, (site.root / LESSON).as_uri())
    answer_everything(page)
    page.goto((site.root / "index.html").as_uri())
    settle(page)
    assert re.fullmatch(r"1 of \d+ lessons read, 1 quiz passed\.", home_summary(page)), home_summary(page)
    assert not guard.blocked and not errors.messages, (guard.blocked, errors.messages)


# --- Choice order: shuffled per browser, the same on every visit; the source order without JS --

VIEWPORTS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 375, "height": 812}}

ORDER = """() => [...document.querySelectorAll('.quiz-q')].filter(q => q.querySelector('.quiz-q__choices')).map(q => ({
  id: q.id,
  values: [...q.querySelectorAll('.quiz-q__choices input')].map(i => i.value),
  letters: [...q.querySelectorAll('.quiz-choice__letter')].map(l => l.textContent),
  answers: [...q.querySelectorAll('.quiz-q__answers li')].map(li => li.dataset.choice),
  verdicts: [...q.querySelectorAll('.quiz-q__answers li .quiz-verdict')].map(s => s.textContent.split('.')[0]),
  tops: [...q.querySelectorAll('.quiz-choice')].map(c => c.getBoundingClientRect().top),
}))"""


def letters(count: int) -> list[str]:
    return [chr(ord("A") + i) for i in range(count)]


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=list(VIEWPORTS))
def test_choice_order_is_one_per_browser_and_survives_a_reload(site, new_context, viewport):
    context, guard = new_context(viewport=VIEWPORTS[viewport])
    page, errors = open_page(context, site.url(LESSON))
    first = page.evaluate(ORDER)
    assert first and all(q["id"] for q in first)
    for q in first:
        count = len(q["values"])
        assert sorted(q["values"], key=int) == [str(i) for i in range(1, count + 1)], q  # every choice, once
        # Letters, the answer list and what is read out all follow the order on screen.
        assert q["letters"] == [f"{x}." for x in letters(count)], q
        assert q["answers"] == q["values"] and q["verdicts"] == letters(count), q
        assert q["tops"] == sorted(q["tops"]), q
    seed = page.evaluate("() => localStorage.getItem('course-quiz-seed')")
    assert re.fullmatch(r"[0-9a-f]{16}", seed or ""), seed
    page.reload()
    settle(page)
    again = page.evaluate(ORDER)
    assert [q["values"] for q in again] == [q["values"] for q in first]
    # Another student (another browser profile) gets another order for at least one question
    # (all five questions of the lesson agreeing by chance has a probability of about 1e-5).
    other, _ = new_context(viewport=VIEWPORTS[viewport])
    page2, errors2 = open_page(other, site.url(LESSON))
    assert [q["values"] for q in page2.evaluate(ORDER)] != [q["values"] for q in first]
    # A right answer is still judged right in the new order, and its letter is the one on screen.
    q = next(q for q in first if page.get_attribute(f"#{q['id']}", "data-kind") == "multiple")
    correct = page.eval_on_selector_all(
        f"#{q['id']} .quiz-q__answers li[data-correct=true]", "items => items.map(i => i.dataset.choice)"
    )
    page.check(f"#{q['id']}-c{correct[0]}")
    page.click(f"#{q['id']} .quiz-q__check")
    shown = page.locator(f"label[for={q['id']}-c{correct[0]}] .quiz-choice__letter").text_content()
    assert f"{shown} Right: " in feedback(page, q["id"])
    assert not guard.blocked and not errors.messages and not errors2.messages, (errors.messages, errors2.messages)


def test_keyed_positions_are_spread_in_the_page_order(site, new_context):
    """Over the whole course, with one browser's seed, the correct choice of the single-choice
    questions is not always in one place (the source order is checked by quiz-keyed-position)."""
    context, _ = new_context()
    page, _ = open_page(context, site.url(LESSON))
    keyed = page.evaluate(
        "() => [...document.querySelectorAll('.quiz-q[data-kind=single]')].map(q => "
        "[...q.querySelectorAll('.quiz-q__choices input')].findIndex(i => "
        "q.querySelector(`.quiz-q__answers li[data-choice=\"${i.value}\"]`).dataset.correct === 'true'))"
    )
    assert len(keyed) >= 2 and min(keyed) >= 0


def test_without_javascript_the_order_is_the_source_order(site, new_context):
    context, _ = new_context(java_script_enabled=False, viewport=VIEWPORTS["phone"])
    page = context.new_page()
    page.goto(site.url(LESSON))
    for q in page.evaluate(ORDER):
        count = len(q["values"])
        assert q["values"] == [str(i) for i in range(1, count + 1)] == q["answers"], q
        assert q["letters"] == [f"{x}." for x in letters(count)], q
    # The source order itself is balanced: not every correct answer is choice A.
    keyed = page.eval_on_selector_all(
        ".quiz-q[data-kind=single] .quiz-q__answers li[data-correct=true]", "items => items.map(i => i.dataset.choice)"
    )
    assert set(keyed) != {"1"}, keyed


# --- Print: questions without controls; the answers as a key at the end of the module page -----


def visible(page, selector: str) -> int:
    return page.eval_on_selector_all(
        selector, "els => els.filter(e => e.offsetParent !== null || e.getClientRects().length).length"
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", VIEWPORTS, ids=list(VIEWPORTS))
def test_quizzes_print_without_controls_and_with_a_key_at_the_end(site, new_context, viewport, scheme):
    context, guard = new_context(viewport=VIEWPORTS[viewport], color_scheme=scheme)
    # A lesson on paper: the questions, no button, control, instructions or answers; a note where they are.
    page, errors = open_page(context, site.url(LESSON))
    page.emulate_media(media="print")
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")  # reading.js opens <details>
    assert visible(page, ".quiz-q") >= 4
    assert visible(page, ".quiz button, .quiz input, .quiz-q__answers, .quiz__intro, .quiz__score") == 0
    assert visible(page, ".quiz__print-note") == 1
    # The printable module page: questions without controls, then the answer key, last.
    page.goto(site.url("print/module-02.html"))
    settle(page)
    page.emulate_media(media="print")
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    questions = page.locator("article .quiz-q")
    assert questions.count() >= 10
    assert visible(page, "article button, article input, article .quiz-q__answers") == 0
    assert "answer key at the end of this page" in page.locator("article .quiz__intro").first.inner_text()
    last_heading = page.eval_on_selector_all("article h2", "hs => hs[hs.length - 1].textContent.trim()")
    assert last_heading.startswith("Answer key")
    key_top = page.locator("#answer-key").bounding_box()["y"]
    assert all(box["y"] < key_top for box in (questions.nth(i).bounding_box() for i in range(questions.count())))
    # Every question has its entry, with its keyed answers (and their explanations) only.
    assert page.locator(".quiz-key > li").count() == questions.count()
    assert page.locator(".quiz-key .quiz-verdict", has_text="Wrong:").count() == 0
    assert page.locator(".quiz-key .quiz-fb").count() >= questions.count()
    # The printed text is dark on light whatever the screen's scheme.
    colour = page.evaluate("() => getComputedStyle(document.querySelector('article .quiz-q__text')).color")
    assert colour in ("rgb(0, 0, 0)", "rgba(0, 0, 0, 0.87)"), colour
    assert not guard.blocked and not errors.messages, (guard.blocked, errors.messages)
