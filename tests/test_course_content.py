"""The course itself: six modules, enough lessons, each with sources, an exercise and key points."""

from __future__ import annotations

import re

import pytest

from coursetools.course import check_course

IDENTIFIER = re.compile(r"doi\.org/10\.\d{4,9}/\S+|arxiv\.org/abs/\d{4}\.\d{4,5}|https?://\S+")


@pytest.fixture(scope="module")
def course(repo_root):
    return check_course(repo_root / "docs", repo_root)


def test_six_modules_and_at_least_eighteen_lessons(course):
    assert len(course.modules()) >= 6
    assert len(course.lessons()) >= 18
    for module in course.modules():
        assert len(course.lessons(module)) >= 3, module


def test_every_lesson_cites_at_least_three_sources_with_identifiers(course):
    for lesson in course.lessons():
        cited = [n for n in lesson.notes.definitions.values() if IDENTIFIER.search(n.text)]
        assert len(cited) >= 3, (lesson.path, len(cited))


def test_every_lesson_has_an_exercise_with_a_solution_and_key_points(course):
    for lesson in course.lessons():
        text = lesson.front.body
        assert re.search(r'^!!! question ".+"', text, re.M), lesson.path
        assert re.search(r'^\s+\?\?\? success "Solution', text, re.M), lesson.path
        assert lesson.meta.get("keypoints"), lesson.path


def test_lesson_length_is_within_the_course_range(course):
    for lesson in course.lessons():
        assert 1200 <= lesson.words <= 3200, (lesson.path, lesson.words)
