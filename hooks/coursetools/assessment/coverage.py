"""Generated content about assessment: the instructor guide's coverage table and the home page's
progress box.

Both are made at build time from the lessons themselves (markers ``<!-- assessment-coverage -->``
and ``<!-- course-progress -->``), so they cannot disagree with the quizzes and exercises.
"""

from __future__ import annotations

import posixpath
from typing import Any

from .objectives import coverage, page_assessment

SECTION_ANCHOR = "check-your-understanding"


def _cell(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def coverage_table(course: Any, page: Any, order: list[str]) -> str:
    """Per module, a table: lesson, objective, the quiz questions and exercises that assess it."""
    base = posixpath.dirname(page.path) or "."
    out: list[str] = []
    totals = {"lessons": 0, "objectives": 0, "bare": 0, "questions": 0, "exercises": 0}
    for module in course.modules():
        lessons = course.in_order(module, order)
        if not lessons:
            continue
        overview = course.pages.get(f"modules/{module}/index.md")
        out.append(f"### {overview.meta.get('title', module) if overview else module}\n")
        out.append("| Lesson | Objective | Assessed by |")
        out.append("|---|---|---|")
        for lesson in lessons:
            objectives = lesson.meta.get("objectives")
            if not isinstance(objectives, list):
                continue
            assessment = page_assessment(lesson, lesson.path)
            totals["lessons"] += 1
            totals["questions"] += sum(len(q.questions) for q in assessment.quizzes)
            totals["exercises"] += len(assessment.exercises)
            href = posixpath.relpath(lesson.path, base)
            title = _cell(lesson.meta.get("title", lesson.path))
            for row, item in enumerate(coverage(assessment, objectives)):
                totals["objectives"] += 1
                what = []
                if item.questions:
                    label = "question" if len(item.questions) == 1 else "questions"
                    numbers = ", ".join(str(n) for n in item.questions)
                    what.append(f"[quiz {label} {numbers}]({href}#{SECTION_ANCHOR})")
                what.extend(f"exercise *{_cell(name)}*" for name in item.exercises)
                if not what:
                    totals["bare"] += 1
                lesson_cell = f"[{title}]({href})" if row == 0 else ""
                out.append(
                    f"| {lesson_cell} | {item.number}. {_cell(item.objective)} | "
                    f"{'; '.join(what) if what else '**nothing yet**'} |"
                )
        out.append("")
    bare = totals["bare"]
    summary = (
        f"{_count(totals['lessons'], 'lesson')}, {_count(totals['objectives'], 'objective')}, "
        f"{_count(totals['questions'], 'quiz question')} and "
        f"{_count(totals['exercises'], 'exercise')}; "
        + (
            "every objective is assessed."
            if not bare
            else f"{bare} objective{'s are' if bare != 1 else ' is'} not assessed yet."
        )
    )
    return summary + "\n\n" + "\n".join(out)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def progress_box(course: Any) -> str:
    """The home page's progress box; progress.js fills it in from this browser's storage."""
    lessons = len(course.lessons())
    return "\n".join(
        [
            f'<div class="course-progress" data-course-progress data-lessons="{lessons}">',
            (
                '<p class="course-progress__summary">With JavaScript on, this box shows how many of the '
                f"{lessons} lessons you have read and how many quizzes you have passed.</p>"
            ),
            ('<p><button type="button" class="md-button course-progress__reset" hidden>Reset my progress</button></p>'),
            '<p class="course-progress__status" role="status" aria-live="polite"></p>',
            "</div>",
        ]
    )
