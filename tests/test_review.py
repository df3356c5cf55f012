"""Lessons that say when they were last checked: `reviewed:` required, intervals, overdue warnings."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from coursetools.checks.review import add_months, interval, overdue_report
from coursetools.course import check_course
from test_lesson_checks import VALID_FRONT, make_course

REVIEW = "default: 12\nmodules:\n  01-basics: 24\ntags:\n  attention: 6\n"


def lesson(reviewed: str = "2026-01-05", tags: str = "[attention]") -> str:
    return (
        VALID_FRONT.replace("reviewed: 2026-01-05\n", f"reviewed: {reviewed}\n").replace(
            "tags: [attention]", f"tags: {tags}"
        )
        + "\nBody.\n"
    )


def review_findings(tmp_path, repo_root, text, today, review=REVIEW):
    root = make_course(tmp_path, repo_root, {"modules/01-basics/lesson.md": text})
    (root / "docs/_data/review.yml").write_text(review)
    course = check_course(root / "docs", root, today=today)
    return [f for f in course.findings if f.rule.startswith(("review-", "frontmatter-"))]


def test_reviewed_is_required_for_lessons(tmp_path, repo_root):
    found = review_findings(
        tmp_path, repo_root, VALID_FRONT.replace("reviewed: 2026-01-05\n", "") + "\nBody.\n", dt.date(2026, 2, 1)
    )
    assert [str(f) for f in found] == [
        "docs/modules/01-basics/lesson.md:8: [frontmatter-missing-key] missing required key `reviewed` (every "
        "lesson needs it); add `reviewed: 2026-12-06` to the front matter"
    ]


def test_reviewed_may_not_precede_date(tmp_path, repo_root):
    found = review_findings(tmp_path, repo_root, lesson("2025-12-01"), dt.date(2026, 2, 1))
    assert [f.rule for f in found] == ["frontmatter-date-order"]
    assert found[0].line == 6 and "`reviewed` (2025-12-01) is before `date` (2026-01-05)" in found[0].message


def test_the_shortest_interval_applies_and_overdue_is_a_warning(tmp_path, repo_root):
    # tag `attention` (6 months) is shorter than module 01-basics (24) and the default (12)
    assert review_findings(tmp_path, repo_root, lesson(), dt.date(2026, 7, 5)) == []
    found = review_findings(tmp_path, repo_root, lesson(), dt.date(2026, 7, 6))
    assert [str(f) for f in found] == [
        "docs/modules/01-basics/lesson.md:6: [review-overdue] lesson was last reviewed on 2026-01-05; with a "
        "review interval of 6 months (tag `attention`) it has been due since 2026-07-05; re-check its facts "
        "against their sources, then set `reviewed:` to the day you did"
    ]
    assert found[0].severity == "warning"


def test_module_interval_when_no_tag_matches(tmp_path, repo_root):
    found = review_findings(tmp_path, repo_root, lesson(tags="[transformers]"), dt.date(2028, 1, 6))
    assert len(found) == 1 and "24 months (module `01-basics`)" in found[0].message


@pytest.mark.parametrize(
    "review, message",
    [
        ("default: soon\n", "review interval `default` is 'soon', not a whole number of months"),
        ("tags: [a, b]\n", "`tags` must map names to months"),
    ],
)
def test_bad_intervals_are_located(tmp_path, repo_root, review, message):
    root = make_course(tmp_path, repo_root, {"modules/01-basics/lesson.md": lesson()})
    (root / "docs/_data/review.yml").write_text(review)
    found = [f for f in check_course(root / "docs", root).findings if f.rule == "review-intervals"]
    assert len(found) == 1 and message in found[0].message and found[0].path == "docs/_data/review.yml"


def test_overdue_never_fails_the_check_and_is_reported(tmp_path, repo_root):
    root = make_course(
        tmp_path,
        repo_root,
        {"modules/01-basics/lesson.md": lesson("2020-01-05").replace("date: 2026-01-05", "date: 2020-01-05")},
    )
    (root / "docs/_data/review.yml").write_text(REVIEW)
    report = tmp_path / "review.md"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "coursetools.cli.check",
            "--review-report",
            str(report),
            "docs/modules/01-basics/lesson.md",
        ],
        cwd=root,
        capture_output=True,
        text=True,
    )
    assert "[review-overdue]" in result.stdout
    assert "[review-overdue]" not in [line for line in result.stdout.splitlines() if "error" in line]
    assert "| `docs/modules/01-basics/lesson.md` | lesson was last reviewed on 2020-01-05" in report.read_text()


def test_every_real_lesson_is_reviewed_and_none_is_overdue(repo_root):
    course = check_course(repo_root / "docs", repo_root)
    for lesson_page in course.lessons():
        assert lesson_page.meta.get("reviewed"), lesson_page.path
    assert "None: every lesson" in overdue_report(course.findings)


def test_months_and_intervals():
    assert add_months(dt.date(2026, 8, 31), 6) == dt.date(2027, 2, 28)
    assert interval({"default": 12, "tags": {"regulation": 6}}, "06-x", ["regulation"]).months == 6
