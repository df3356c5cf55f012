"""Self-checks and objective coverage: one test per rule (the exact message and line an author
sees), the quiz HTML, the coverage table, and hostile input."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from coursetools.assessment import coverage as coverage_md
from coursetools.assessment.inline import InlineMarkdown
from coursetools.assessment.render import replace_quizzes
from coursetools.course import check_course
from coursetools.findings import CATALOGUE
from test_lesson_checks import make_course

REL = "modules/01-basics/lesson.md"
SHOWN = f"docs/{REL}"

FRONT = """\
---
title: Attention
description: How attention weighs the words of a sentence.
authors: [Ada Lovelace]
date: 2026-01-05
tags: [attention]
objectives:
  - Compute attention weights.
  - Explain the causal mask.
---
"""

EXERCISE = """\
## Exercise

!!! question "Exercise: weights"

    Objectives: 1

    Compute them.

"""

QUIZ = """\
- question: Which is right?
  assesses: [1]
  kind: single
  choices:
    - text: A $x^2$
      correct: true
      feedback: Because.
    - text: B
      feedback: Not B.
- question: Select every true statement.
  assesses: [2]
  kind: multiple
  choices:
    - text: One
      correct: true
      feedback: Yes, one.
    - text: Two
      feedback: No, not two.
- question: How much?
  assesses: [1]
  kind: numeric
  answer: 5
  tolerance: 0.1
  unit: "%"
  feedback:
    correct: Five.
    incorrect: Count again.
- question: "Spot the error: 2 + 2 = 5."
  assesses: [2]
  kind: single
  spot-error: true
  choices:
    - text: The sum.
      correct: true
      feedback: It is 4.
    - text: Nothing.
      feedback: Something is.
"""


def lesson(
    quiz: str | None = QUIZ, exercise: str = EXERCISE, front: str = FRONT, heading: str = "## Check your understanding"
) -> str:
    text = front + "\n" + exercise
    if quiz is not None:
        text += f"{heading}\n\n```quiz\n{quiz}```\n"
    return text


def findings(tmp_path: Path, repo_root: Path, text: str) -> list[str]:
    """The self-check findings of one lesson (the other rules have their own tests)."""
    root = make_course(tmp_path, repo_root, {REL: text})
    return [str(f) for f in check_course(root / "docs", root).findings if CATALOGUE[f.rule].group == "self-checks"]


def line_of(text: str, fragment: str, exact: bool = False) -> int:
    """The 1-based line of the first line containing ``fragment`` (or equal to it)."""
    return next(
        i for i, line in enumerate(text.split("\n"), start=1) if (line == fragment if exact else fragment in line)
    )


def test_a_complete_lesson_has_no_findings(tmp_path, repo_root):
    assert findings(tmp_path, repo_root, lesson()) == []


# --- Quiz rules ---------------------------------------------------------------------------------


def test_quiz_yaml_syntax_error(tmp_path, repo_root):
    text = lesson(QUIZ.replace("- question: How much?", "- question: [How much?"))
    assert findings(tmp_path, repo_root, text) == [
        (
            f"{SHOWN}:{line_of(text, '[How much?') + 1}: [quiz-yaml] quiz block is not valid YAML: "
            "did not find expected ',' or ']'; fix the YAML on the line shown "
            "(quote text that contains `: ` or starts with a quote)"
        )
    ]


def test_quiz_yaml_refuses_anchors_and_aliases(tmp_path, repo_root):
    text = lesson(
        QUIZ.replace("feedback: Because.", "feedback: &why Because.").replace("feedback: Not B.", "feedback: *why")
    )
    assert findings(tmp_path, repo_root, text) == [
        (
            f"{SHOWN}:{line_of(text, '&why')}: [quiz-yaml] quiz block uses a YAML anchor or alias "
            "(`&name`, `*name`); write the text out in full where it is needed"
        )
    ]


def test_quiz_shape_unknown_key(tmp_path, repo_root):
    text = lesson(QUIZ.replace("  choices:\n    - text: One", "  choises:\n    - text: One"))
    line = line_of(text, "choises:")
    assert findings(tmp_path, repo_root, text) == [
        (
            f"{SHOWN}:{line_of(text, 'Select every true')}: [quiz-shape] question 2 is `kind: multiple` "
            "but has no `choices:`; add `choices:`, a list of `- text: ...` items"
        ),
        (
            f"{SHOWN}:{line}: [quiz-shape] unknown key `choises` in question 2; did you mean `choices`? "
            "the keys here are `question`, `assesses`, `kind`, `spot-error`, `choices`, `answer`, "
            "`tolerance`, `unit`, `feedback`"
        ),
    ]


def test_quiz_shape_not_a_list(tmp_path, repo_root):
    text = lesson("question: Alone?\nkind: single\n")
    assert findings(tmp_path, repo_root, text) == [
        (
            f"{SHOWN}:{line_of(text, 'question: Alone?')}: [quiz-shape] quiz block is not a list of "
            "questions; start each question with `- question: ...`"
        )
    ]


def test_quiz_kind_unknown(tmp_path, repo_root):
    text = lesson(QUIZ.replace("kind: multiple", "kind: multi"))
    assert findings(tmp_path, repo_root, text) == [
        (
            f"{SHOWN}:{line_of(text, '```quiz')}: [quiz-too-few] quiz has no multiple-choice question; "
            "add a question with `kind: multiple`"
        ),
        (
            f"{SHOWN}:{line_of(text, 'kind: multi')}: [quiz-kind] `kind` of question 2 is `multi`; "
            "did you mean `multiple`? a kind is single, multiple or numeric"
        ),
    ]


def test_quiz_no_correct(tmp_path, repo_root):
    text = lesson(QUIZ.replace("    - text: One\n      correct: true\n", "    - text: One\n"))
    assert findings(tmp_path, repo_root, text) == [
        (
            f"{SHOWN}:{line_of(text, 'Select every true')}: [quiz-no-correct] question 2 has no correct "
            "choice; add `correct: true` to the right choice"
        )
    ]


def test_quiz_two_correct_in_single_choice(tmp_path, repo_root):
    text = lesson(QUIZ.replace("    - text: B\n", "    - text: B\n      correct: true\n"))
    first, second = line_of(text, "- text: A"), line_of(text, "- text: B")
    assert findings(tmp_path, repo_root, text) == [
        (
            f"{SHOWN}:{second}: [quiz-two-correct] single-choice question 1 has 2 correct choices "
            f"(lines {first}, {second}); keep one `correct: true`, or make the question `kind: multiple`"
        )
    ]


def test_quiz_feedback_missing_on_a_choice(tmp_path, repo_root):
    text = lesson(QUIZ.replace("      feedback: No, not two.\n", ""))
    assert findings(tmp_path, repo_root, text) == [
        (
            f"{SHOWN}:{line_of(text, '- text: Two')}: [quiz-feedback-missing] choice 2 of question 2 has "
            "no `feedback:`; add `feedback:` saying why this choice is right or wrong"
        )
    ]


def test_quiz_feedback_missing_on_a_numeric_question(tmp_path, repo_root):
    text = lesson(QUIZ.replace("    incorrect: Count again.\n", ""))
    assert findings(tmp_path, repo_root, text) == [
        (
            f"{SHOWN}:{line_of(text, '  feedback:', exact=True)}: [quiz-feedback-missing] the feedback of question 3 "
            "has no `incorrect:`; add `incorrect:` with a hint towards the answer"
        )
    ]


def test_quiz_numeric_without_tolerance(tmp_path, repo_root):
    text = lesson(QUIZ.replace("  tolerance: 0.1\n", ""))
    assert findings(tmp_path, repo_root, text) == [
        (
            f"{SHOWN}:{line_of(text, 'How much?')}: [quiz-numeric-tolerance] numeric question 3 has no "
            "`tolerance`; add `tolerance:` (e.g. `tolerance: 0.01`; 0 for an exact answer)"
        )
    ]


def test_quiz_numeric_negative_tolerance(tmp_path, repo_root):
    text = lesson(QUIZ.replace("tolerance: 0.1", "tolerance: -1"))
    assert findings(tmp_path, repo_root, text) == [
        (
            f"{SHOWN}:{line_of(text, 'tolerance: -1')}: [quiz-numeric-tolerance] `tolerance` of question 3 "
            "is negative; write the tolerance as a positive number"
        )
    ]


def test_quiz_too_few_questions_and_kinds(tmp_path, repo_root):
    two = QUIZ.split("- question: Select")[0]
    text = lesson(two + "- question: How much?" + QUIZ.split("- question: How much?")[1].split('- question: "Spot')[0])
    fence = line_of(text, "```quiz")
    assert findings(tmp_path, repo_root, text) == [
        (
            f"{SHOWN}:{line_of(text, '- Explain the causal mask.')}: [objective-unassessed] objective 2 "
            '("Explain the causal mask.") is assessed by no quiz question or exercise; add `assesses: [N]` '
            "to a question, or N to an exercise's `Objectives:` line, that checks it"
        ),
        (
            f"{SHOWN}:{fence}: [quiz-too-few] quiz has 2 questions; a lesson's self-check needs at least 4; "
            "add questions until there are four or more"
        ),
        (f"{SHOWN}:{fence}: [quiz-too-few] quiz has no multiple-choice question; add a question with `kind: multiple`"),
        (
            f"{SHOWN}:{fence}: [quiz-too-few] quiz has no spot-the-error question; add a question that asks "
            "to find a mistake, with `spot-error: true`"
        ),
    ]


def test_quiz_missing(tmp_path, repo_root):
    text = lesson(quiz=None, exercise=EXERCISE.replace("Objectives: 1", "Objectives: 1, 2"))
    assert findings(tmp_path, repo_root, text) == [
        (
            f"{SHOWN}:1: [quiz-missing] lesson has no self-check quiz; add a `## Check your understanding` "
            "section with a ```quiz block"
        )
    ]


def test_quiz_assesses_missing(tmp_path, repo_root):
    text = lesson(QUIZ.replace("- question: How much?\n  assesses: [1]\n", "- question: How much?\n"))
    assert findings(tmp_path, repo_root, text) == [
        (
            f"{SHOWN}:{line_of(text, 'How much?')}: [quiz-assesses-missing] question 3 does not say which "
            "objective it assesses; add `assesses: [N]`, N being the number of a lesson objective"
        )
    ]


def test_quiz_section(tmp_path, repo_root):
    text = lesson(heading="## Quiz")
    assert findings(tmp_path, repo_root, text) == [
        (
            f"{SHOWN}:{line_of(text, '```quiz')}: [quiz-section] quiz is in section `Quiz`, not in "
            "`## Check your understanding`; move it under a `## Check your understanding` heading near "
            "the end"
        )
    ]


def _three_choices(number: int, keyed: int) -> str:
    """A single-choice question of three choices with the correct one at ``keyed`` (0, 1 or 2)."""
    choices = [f"    - text: Wrong {number}.{i}\n      feedback: No.\n" for i in range(2)]
    choices.insert(keyed, f"    - text: Right {number}\n      correct: true\n      feedback: Yes.\n")
    return f"- question: Q{number}?\n  assesses: [1]\n  kind: single\n  choices:\n" + "".join(choices)


def test_quiz_keyed_position(tmp_path, repo_root):
    # QUIZ's three choice questions have two choices each, keyed first; three more with three
    # choices keyed first make P(6 of 6 at A) = (1/2)^3 (1/3)^3 = 0.0046, below the 0.025 limit.
    text = lesson(QUIZ + "".join(_three_choices(n, 0) for n in range(3)))
    assert findings(tmp_path, repo_root, text) == [
        (
            f"{SHOWN}:{line_of(text, '```quiz')}: [quiz-keyed-position] 6 of the 6 choice questions have "
            "a correct answer at position A; in random order that happens with probability 0.0046 "
            "(the limit is 0.025); reorder the choices in the source (each `feedback:` moves with its "
            "choice) so the correct ones are spread over the positions"
        )
    ]
    # The same questions with the keyed choices spread over A, B and C: nothing to report.
    spread = lesson(QUIZ + "".join(_three_choices(n, n) for n in range(3)))
    assert findings(tmp_path, repo_root, spread) == []


def test_keyed_position_tail_is_exact():
    from math import comb

    from coursetools.assessment.balance import upper_tail

    # Equal chances: the binomial tail.
    assert upper_tail([0.25] * 6, 4) == pytest.approx(sum(comb(6, k) * 0.25**k * 0.75 ** (6 - k) for k in range(4, 7)))
    # Unequal chances (3 and 4 choices; a multiple-choice question with 3 of 4 keyed).
    assert upper_tail([1 / 3, 1 / 4, 3 / 4], 3) == pytest.approx(1 / 3 * 1 / 4 * 3 / 4)
    assert upper_tail([1 / 3, 1 / 4], 0) == 1.0


# --- Objective rules ----------------------------------------------------------------------------


def test_objective_unknown_in_question_and_exercise(tmp_path, repo_root):
    text = lesson(
        QUIZ.replace("assesses: [2]\n  kind: multiple", "assesses: [2, 7]\n  kind: multiple"),
        exercise=EXERCISE.replace("Objectives: 1", "Objectives: 1, 3"),
    )
    assert findings(tmp_path, repo_root, text) == [
        (
            f'{SHOWN}:{line_of(text, "Objectives: 1, 3")}: [objective-unknown] exercise "weights" names '
            "objective 3, but the lesson has only 2 objectives; use the number of an objective in the "
            "lesson's `objectives:` list (the first is 1)"
        ),
        (
            f"{SHOWN}:{line_of(text, 'assesses: [2, 7]')}: [objective-unknown] question 2 names objective 7, "
            "but the lesson has only 2 objectives; use the number of an objective in the lesson's "
            "`objectives:` list (the first is 1)"
        ),
    ]


def test_objective_unassessed(tmp_path, repo_root):
    front = FRONT.replace("  - Explain the causal mask.\n", "  - Explain the causal mask.\n  - Estimate the cost.\n")
    text = lesson(front=front)
    assert findings(tmp_path, repo_root, text) == [
        (
            f"{SHOWN}:{line_of(text, '- Estimate the cost.')}: [objective-unassessed] objective 3 "
            '("Estimate the cost.") is assessed by no quiz question or exercise; add `assesses: [N]` to a '
            "question, or N to an exercise's `Objectives:` line, that checks it"
        )
    ]


def test_exercise_objectives_missing(tmp_path, repo_root):
    text = lesson(exercise=EXERCISE.replace("    Objectives: 1\n\n", ""))
    assert findings(tmp_path, repo_root, text) == [
        (
            f'{SHOWN}:{line_of(text, "Compute them.")}: [exercise-objectives-missing] exercise "weights" '
            "does not start with an `Objectives:` line; make its first line e.g. `Objectives: 2, 4`, "
            "indented like the rest of the exercise"
        )
    ]


def test_exercise_objectives_not_numbers(tmp_path, repo_root):
    text = lesson(exercise=EXERCISE.replace("Objectives: 1", "Objectives: one"))
    assert findings(tmp_path, repo_root, text) == [
        (
            f"{SHOWN}:{line_of(text, 'Objectives: one')}: [exercise-objectives-missing] `Objectives:` line "
            'of exercise "weights" lists `one`, not objective numbers; write the numbers of the '
            "objectives, e.g. `Objectives: 2, 4`"
        )
    ]


def test_every_problem_of_a_quiz_at_once(tmp_path, repo_root):
    text = lesson(
        QUIZ.replace("kind: multiple", "kind: multi")
        .replace("  tolerance: 0.1\n", "")
        .replace("      feedback: Not B.\n", "")
    )
    rules = [re.search(r"\[([a-z-]+)\]", f).group(1) for f in findings(tmp_path, repo_root, text)]
    assert rules == ["quiz-too-few", "quiz-feedback-missing", "quiz-kind", "quiz-numeric-tolerance"]


# --- Hostile input: a finding, never a traceback, in bounded time ------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "- &a [x, x, x, x, x, x, x, x]\n- &b [*a, *a, *a, *a, *a, *a, *a, *a]\n- [*b, *b, *b, *b, *b]\n",
        "[" * 5000 + "]" * 5000 + "\n",
        "- question: !!python/object/apply:os.system [echo]\n",
        '- "\\x00"\n',
        "\t- tab\n",
        "---\n- a\n---\n- b\n",
        "",
    ],
    ids=["billion-laughs", "deep-nesting", "python-tag", "control-char", "tab", "two-documents", "empty"],
)
def test_hostile_quiz_is_one_finding(tmp_path, repo_root, body):
    text = lesson(body)
    found = [f for f in findings(tmp_path, repo_root, text) if "[quiz-yaml]" in f or "[quiz-shape]" in f]
    assert len(found) == 1, found
    assert found[0].startswith(f"{SHOWN}:")


def test_printable_module_page_prints_questions_and_an_answer_key_at_the_end():
    from coursetools.pages import printable

    html = replace_quizzes("## Check your understanding\n\n```quiz\n" + QUIZ + "```\n", InlineMarkdown())
    page = printable.fill(
        "<h1>Module</h1>\n<!-- course-print 2 modules/01-basics/lesson.md -->\n<p>Key points.</p>",
        "print/module-01.html",
        lambda path: (html, "modules/01-basics/lesson.html"),
    )
    questions, key = page.split('<section class="quiz-answer-key">')
    # The questions: every choice, lettered, without a control, a button, feedback or answers.
    assert questions.count('<fieldset class="quiz-q"') == 4 and "<details" not in questions
    assert "<input" not in questions and "<button" not in questions and "<label" not in questions
    assert 'role="status"' not in questions and "quiz__print-note" not in questions
    assert '<span class="quiz-choice__text"><span class="quiz-choice__letter">B.</span> B</span>' in questions
    assert "data-quiz-static" in questions and 'href="#answer-key"' in questions
    assert "<p>Key points.</p>" in questions  # the rest of the page stays before the key
    # The key, at the very end: each question's keyed answers with their explanations, and only those.
    assert page.rstrip().endswith("</section>")
    assert '<h2 id="answer-key">Answer key</h2>' in key and '<h3 class="quiz-key__lesson">Lesson 2</h3>' in key
    assert key.count("<li id=") == 4 and '<a href="#l2-quiz-q1">Question 1</a>' in key
    assert "A. Right:" in key and "Because." in key and "Wrong:" not in key and "Not B." not in key
    assert "<strong>Answer: 5 %</strong>" in key and "Count again." not in key


# --- Rendering ----------------------------------------------------------------------------------


def test_quiz_renders_to_accessible_controls_with_math():
    markdown = "## Check your understanding\n\n```quiz\n" + QUIZ + "```\n"
    html = replace_quizzes(markdown, InlineMarkdown())
    assert "```" not in html
    assert html.count('<fieldset class="quiz-q"') == 4
    assert html.count("<legend") == 4
    assert (
        '<input type="radio" name="quiz-q1" id="quiz-q1-c1" value="1"><label for="quiz-q1-c1">'
        '<span class="quiz-choice__letter">A.</span> A <span class="arithmatex">\\(x^2\\)</span></label>'
    ) in html
    assert html.count('type="checkbox"') == 2
    assert (
        '<label for="quiz-q3-input">Your answer (in %)</label> <input type="number" step="any" '
        'inputmode="decimal" id="quiz-q3-input" data-answer="5.0" data-tolerance="0.1">'
    ) in html
    assert html.count('role="status" aria-live="polite"') == 4
    assert "(spot the error)" in html and "(select every correct answer)" in html
    # Without JavaScript the answers and reasons are there, in a <details> per question.
    assert html.count("<details") == 4
    assert "<strong>Answer: 5 %</strong> (answers within ±0.1 % count as right). " in html
    assert (
        '<strong class="quiz-verdict">B. Wrong:</strong> <span class="quiz-choice-text">B</span> '
        '<span class="quiz-fb">Not B.</span>' in html
    )


def test_a_deferred_quiz_reaches_the_page_whole_and_a_stored_one_is_not_rendered_again(tmp_path):
    import markdown as markdown_lib

    from coursetools.assessment.render import Deferred
    from coursetools.result_store import ResultStore

    page = '## Check your understanding\n\n!!! question "Self-check"\n\n    ```quiz\n'
    page += textwrap.indent(QUIZ, "    ") + "    ```\n\nAfter.\n"
    direct = replace_quizzes(page, InlineMarkdown())
    deferred = Deferred()
    short = replace_quizzes(page, InlineMarkdown(), "a.md", deferred=deferred)
    assert "<fieldset" not in short and "coursequiz" in short  # Markdown never sees the quiz
    converter = markdown_lib.Markdown(extensions=["admonition", "md_in_html"])
    slotted = deferred.mark_slots(converter.convert(short))
    assert "coursequiz" not in re.sub(r"<[^>]+>", "", slotted)  # nothing for search to index
    html = deferred.insert(slotted)
    assert "coursequiz" not in html and html.count('<fieldset class="quiz-q"') == 4
    lines = direct.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith('    <div class="quiz"'))
    end = lines.index('    <p class="quiz__score" hidden></p>', start) + 1
    assert textwrap.dedent("\n".join(lines[start : end + 1])) in html  # the same HTML, byte for byte
    assert {"quiz", "quiz-q1", "quiz-q1-c1"} <= deferred.ids()
    # Kept by content: the second build does not render it; an edit renders it again.
    store = ResultStore(tmp_path, ["glossary"])
    first = replace_quizzes(page, InlineMarkdown(), "a.md", store)

    def no_render(text: str) -> str:
        raise AssertionError("rendered again although the quiz did not change")

    assert replace_quizzes(page, no_render, "a.md", store) == first
    edited = page.replace("Not B.", "Not B at all.")
    assert "Not B at all." in replace_quizzes(edited, InlineMarkdown(), "a.md", store)


def test_quiz_inside_a_longer_fence_is_an_example_not_a_quiz():
    markdown = "````markdown\n```quiz\n" + QUIZ + "```\n````\n"
    assert replace_quizzes(markdown, InlineMarkdown()) == markdown


# --- Coverage table -----------------------------------------------------------------------------


def test_coverage_table(tmp_path, repo_root):
    front = FRONT.replace("  - Explain the causal mask.\n", "  - Explain the causal mask.\n  - Estimate the cost.\n")
    root = make_course(
        tmp_path,
        repo_root,
        {
            REL: lesson(front=front),
            "modules/01-basics/index.md": "---\ntitle: Basics\ndescription: The basics.\n---\n",
            "instructors/assessment.md": "---\ntitle: A\ndescription: B.\n---\n",
        },
    )
    course = check_course(root / "docs", root)
    page = course.pages["instructors/assessment.md"]
    table = coverage_md.coverage_table(course, page, [REL])
    assert table.split("\n") == [
        "1 lesson, 3 objectives, 4 quiz questions and 1 exercise; 1 objective is not assessed yet.",
        "",
        "### Basics",
        "",
        "| Lesson | Objective | Assessed by |",
        "|---|---|---|",
        (
            "| [Attention](../modules/01-basics/lesson.md) | 1. Compute attention weights. | "
            "[quiz questions 1, 3](../modules/01-basics/lesson.md#check-your-understanding); "
            "exercise *weights* |"
        ),
        (
            "|  | 2. Explain the causal mask. | "
            "[quiz questions 2, 4](../modules/01-basics/lesson.md#check-your-understanding) |"
        ),
        "|  | 3. Estimate the cost. | **nothing yet** |",
        "",
    ]


def test_the_coverage_table_is_kept_while_no_page_changes(tmp_path, repo_root, monkeypatch):
    from coursetools.pages import render
    from coursetools.pages.context import SiteData
    from coursetools.result_store import ResultStore

    pages = {
        REL: lesson(),
        "modules/01-basics/index.md": "---\ntitle: Basics\ndescription: The basics.\n---\n",
        "instructors/assessment.md": "---\ntitle: A\ndescription: B.\n---\n" + render.marker("assessment-coverage"),
    }
    root = make_course(tmp_path / "course", repo_root, pages)
    store = ResultStore(tmp_path / "store", ["test"])

    def expanded() -> str:
        site = SiteData.load(check_course(root / "docs", root), store)
        return site.expand(pages["instructors/assessment.md"], "instructors/assessment.md", [REL])

    first = expanded()
    assert "| [Attention](../modules/01-basics/lesson.md) |" in first
    calls = []
    original = coverage_md.coverage_table
    monkeypatch.setattr(coverage_md, "coverage_table", lambda *a: calls.append(a) or original(*a))
    assert expanded() == first and not calls  # nothing changed: read back
    overview = root / "docs/modules/01-basics/index.md"
    overview.write_text(overview.read_text().replace("title: Basics", "title: Foundations"))
    assert "### Foundations" in expanded() and len(calls) == 1  # a module title changed: made again


# --- The built site -----------------------------------------------------------------------------


@pytest.mark.slow
def test_built_site_has_quizzes_numbered_objectives_coverage_and_progress(built_site, repo_root):
    course = check_course(repo_root / "docs", repo_root)
    for lesson in course.lessons():
        html = (built_site / lesson.path.replace(".md", ".html")).read_text(encoding="utf-8")
        assert '<ol class="lesson-objectives">' in html, lesson.path
        assert html.count('<fieldset class="quiz-q"') >= 4, lesson.path
        assert "```quiz" not in html and "- question:" not in html, lesson.path
        assert "coursequiz" not in html and "data-course-slot" not in html, lesson.path
    # Quizzes are not in the search: their answers and explanations would spoil them in snippets.
    index = (built_site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "Show the answer and explanations" not in index and "quiz-fb" not in index
    assert "Check your understanding" in index  # the section itself is still found
    guide = (built_site / "instructors" / "assessment.html").read_text(encoding="utf-8")
    assert f"{len(course.lessons())} lessons, " in guide
    assert "every objective is assessed." in guide
    assert 'href="../modules/02-transformers/attention.html#check-your-understanding"' in guide
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert f'data-course-progress data-lessons="{len(course.lessons())}"' in home
    about = (built_site / "about.html").read_text(encoding="utf-8")
    assert "only in\nthis browser" in about or "only in this browser" in about
    assert "Nothing is sent anywhere" in about
