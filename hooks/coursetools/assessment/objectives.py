"""Which quiz questions and exercises assess which of a lesson's objectives.

Objectives are numbered from 1 in front-matter order. An exercise is an admonition
``!!! question "Exercise: ..."`` whose first body line is ``Objectives: 2, 4``; a quiz question
names its objectives with ``assesses: [2, 4]``. ``lesson_findings`` reports every problem of a
lesson's self-check and objective coverage; ``coverage`` says what assesses each objective.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..checks.markdown import indent_of
from ..findings import Finding, rule
from .balance import balance_findings
from .quiz import Quiz, completeness, page_quizzes, section_findings

GROUP = "self-checks"
QUIZ_MISSING = rule(
    "quiz-missing",
    GROUP,
    "Every lesson ends with a self-check quiz.",
    "Add a `## Check your understanding` section with a `quiz` fenced block.",
)
OBJECTIVE_UNKNOWN = rule(
    "objective-unknown",
    GROUP,
    "Quiz questions and exercises name only objectives the lesson has.",
    "Use the number of an objective in the lesson's `objectives:` list (the first is 1).",
)
UNKNOWN_FIX = "use the number of an objective in the lesson's `objectives:` list (the first is 1)"
OBJECTIVE_UNASSESSED = rule(
    "objective-unassessed",
    GROUP,
    "Every objective is assessed by at least one quiz question or exercise.",
    "Add `assesses: [N]` to a question, or N to an exercise's `Objectives:` line, that checks it.",
)
UNASSESSED_FIX = "add `assesses: [N]` to a question, or N to an exercise's `Objectives:` line, that checks it"
EXERCISE_OBJECTIVES = rule(
    "exercise-objectives-missing",
    GROUP,
    "Every exercise starts with an `Objectives:` line naming the objectives it practises.",
    "Make the exercise's first line e.g. `Objectives: 2, 4`.",
)

_EXERCISE = re.compile(
    r'^(?P<indent>[ \t]*)(?:!!!|\?\?\?\+?)[ \t]+question\b[^"\n]*'
    r'"Exercise:?[ \t]*(?P<title>[^"\n]*)"'
)
_OBJECTIVES_LINE = re.compile(r"^Objectives?\s*:\s*(?P<list>.*)$", re.IGNORECASE)
_NUMBER = re.compile(r"^\d{1,4}$")


@dataclass(frozen=True)
class Exercise:
    """One ``!!! question "Exercise: ..."`` admonition and the objectives its ``Objectives:`` line names."""

    title: str
    line: int  # the admonition's line
    objectives: tuple[int, ...]
    objectives_line: int


@dataclass
class Assessment:
    """A lesson's quizzes and exercises, with every problem found in them."""

    quizzes: list[Quiz]
    exercises: list[Exercise]
    findings: list[Finding] = field(default_factory=list)


def find_exercises(body: str, body_line: int, masked: list[str], shown: str) -> tuple[list[Exercise], list[Finding]]:
    """Exercise admonitions and their ``Objectives:`` lines (``masked``: body with code blanked)."""
    lines = body.split("\n")
    exercises: list[Exercise] = []
    findings: list[Finding] = []
    for index, masked_line in enumerate(masked):
        match = _EXERCISE.match(masked_line)
        if not match:
            continue
        title = lines[index][match.start("title") : match.end("title")].strip()
        line = body_line + index
        depth = indent_of(match.group("indent"))
        first = next((i for i in range(index + 1, len(lines)) if lines[i].strip()), None)
        if first is None or indent_of(lines[first]) <= depth:
            findings.append(
                Finding(
                    shown,
                    line,
                    f'exercise "{title}" is empty',
                    "give it a first line e.g. `Objectives: 2, 4`, and its text",
                    EXERCISE_OBJECTIVES.id,
                )
            )
            continue
        objectives_match = _OBJECTIVES_LINE.match(lines[first].strip())
        if not objectives_match:
            findings.append(
                Finding(
                    shown,
                    body_line + first,
                    f'exercise "{title}" does not start with an `Objectives:` line',
                    "make its first line e.g. `Objectives: 2, 4`, indented like the rest of the exercise",
                    EXERCISE_OBJECTIVES.id,
                )
            )
            continue
        items = [item.strip() for item in re.split(r"[,\s]+(?:and\s+)?", objectives_match.group("list"))]
        items = [item for item in items if item]
        bad = [item for item in items if not _NUMBER.match(item)]
        if bad or not items:
            shown_bad = ", ".join(f"`{b}`" for b in bad) if bad else "nothing"
            findings.append(
                Finding(
                    shown,
                    body_line + first,
                    f'`Objectives:` line of exercise "{title}" lists {shown_bad}, not objective numbers',
                    "write the numbers of the objectives, e.g. `Objectives: 2, 4`",
                    EXERCISE_OBJECTIVES.id,
                )
            )
            continue
        exercises.append(Exercise(title, line, tuple(int(i) for i in items), body_line + first))
    return exercises, findings


def assess(
    body: str,
    body_line: int,
    masked: list[str],
    meta: dict[str, Any],
    objective_lines: dict[int, int],
    shown: str,
    is_lesson: bool,
) -> Assessment:
    """Parse and check a page's quizzes and exercises against its objectives.

    ``objective_lines`` maps an objective's number (from 1) to its front-matter line.
    """
    quizzes, findings = page_quizzes(body, body_line, shown)
    if not is_lesson:  # a quiz elsewhere is still validated; exercises need a lesson's objectives
        return Assessment(quizzes, [], findings)
    exercises, exercise_findings = find_exercises(body, body_line, masked, shown)
    result = Assessment(quizzes, exercises, findings + exercise_findings)
    if not quizzes:
        result.findings.append(
            Finding(
                shown,
                1,
                "lesson has no self-check quiz",
                "add a `## Check your understanding` section with a ```quiz block",
                QUIZ_MISSING.id,
            )
        )
    result.findings.extend(section_findings(body, body_line, masked, quizzes, shown))
    for quiz in quizzes[:1]:
        if quiz.parsed:
            result.findings.extend(completeness(quiz, shown))
            result.findings.extend(balance_findings(quiz, shown))
    objectives = meta.get("objectives")
    if not isinstance(objectives, list):
        return result  # the front-matter checks report a missing or malformed list
    count = len(objectives)
    assessed: set[int] = set()
    for quiz in quizzes:
        for number, line, question in quiz.references:
            assessed.add(number)
            if not 1 <= number <= count:
                result.findings.append(_unknown(shown, line, number, count, f"question {question}"))
    for exercise in exercises:
        for number in exercise.objectives:
            assessed.add(number)
            if not 1 <= number <= count:
                result.findings.append(
                    _unknown(shown, exercise.objectives_line, number, count, f'exercise "{exercise.title}"')
                )
    if all(quiz.parsed for quiz in quizzes):  # an unreadable quiz would make every objective look bare
        for number in range(1, count + 1):
            if number not in assessed:
                result.findings.append(
                    Finding(
                        shown,
                        objective_lines.get(number, 1),
                        f"objective {number} "
                        f'("{_short(objectives[number - 1])}") is assessed by no quiz question or exercise',
                        UNASSESSED_FIX,
                        OBJECTIVE_UNASSESSED.id,
                    )
                )
    return result


def page_assessment(page: Any, shown: str) -> Assessment:
    """:func:`assess` for a parsed course page (``coursetools.course.Page``)."""
    front = page.front
    objectives = page.meta.get("objectives")
    count = len(objectives) if isinstance(objectives, list) else 0
    lines = {n: front.lines.get(("objectives", n - 1), front.line_of(("objectives",))) for n in range(1, count + 1)}
    return assess(front.body, front.body_line, page.masked, page.meta, lines, shown, page.is_lesson)


def _unknown(shown: str, line: int, number: int, count: int, what: str) -> Finding:
    has = f"only {count} objective{'' if count == 1 else 's'}" if count else "no objectives"
    return Finding(
        shown, line, f"{what} names objective {number}, but the lesson has {has}", UNKNOWN_FIX, OBJECTIVE_UNKNOWN.id
    )


def _short(text: object, limit: int = 60) -> str:
    words = str(text)
    return words if len(words) <= limit else words[: limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class Coverage:
    """What assesses one objective (numbered from 1): the numbers of the quiz questions and the titles
    of the exercises that name it."""

    number: int
    objective: str
    questions: tuple[int, ...]
    exercises: tuple[str, ...]


def coverage(assessment: Assessment, objectives: list[Any]) -> list[Coverage]:
    """For each objective, the quiz questions and exercises that assess it."""
    out = []
    for number, objective in enumerate(objectives, start=1):
        questions = sorted({q.number for quiz in assessment.quizzes for q in quiz.questions if number in q.assesses})
        exercises = tuple(e.title for e in assessment.exercises if number in e.objectives)
        out.append(Coverage(number, str(objective), tuple(questions), exercises))
    return out
