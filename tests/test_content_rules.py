"""Content rules, reported by the checker: sources, an exercise with a solution, key points, length."""

from __future__ import annotations

import pytest

from coursetools.course import check_course
from test_lesson_checks import VALID_FRONT, make_course, self_check

PROSE = " ".join(["The model reads the clinical note one token at a time."] * 130)  # 1,430 words
EXERCISE = """
!!! question "Exercise: count the tokens"

    Count them.

    ??? success "Solution"

        Eleven.
"""
NOTES = """
Text with sources.[^a][^b][^c]

[^a]: Vaswani A, et al. Attention is all you need. arXiv:1706.03762.
[^b]: Devlin J, et al. BERT. NAACL 2019. https://doi.org/10.18653/v1/N19-1423
[^c]: World Health Organization. Guidance. https://www.who.int/publications/i/item/9789240029200
"""
KEYPOINTS = VALID_FRONT.replace("---\n", "", 1).rsplit("---\n", 1)[0]
FRONT = "---\n" + KEYPOINTS + "keypoints: [Tokens are the unit.]\n---\n"


def content_findings(tmp_path, repo_root, text):
    root = make_course(tmp_path, repo_root, {"modules/01-basics/lesson.md": text})
    return [
        str(f) for f in check_course(root / "docs", root).findings if not self_check(f)
    ]  # no quiz here: tests/test_assessment.py tests the self-check rules


def test_a_complete_lesson_passes(tmp_path, repo_root):
    assert content_findings(tmp_path, repo_root, FRONT + "\n" + PROSE + "\n" + EXERCISE + NOTES) == []


def test_too_few_identified_sources(tmp_path, repo_root):
    notes = NOTES.replace("https://doi.org/10.18653/v1/N19-1423", "NAACL proceedings")
    found = content_findings(tmp_path, repo_root, FRONT + "\n" + PROSE + "\n" + EXERCISE + notes)
    assert len(found) == 1
    assert "[content-sources] lesson cites 2 identified sources, fewer than the 3 every lesson needs" in found[0]


def test_no_exercise(tmp_path, repo_root):
    found = content_findings(tmp_path, repo_root, FRONT + "\n" + PROSE + "\n" + NOTES)
    assert len(found) == 1 and "[content-exercise] lesson has no exercise" in found[0]


def test_exercise_without_solution(tmp_path, repo_root):
    exercise = EXERCISE.split("    ??? success")[0]
    found = content_findings(tmp_path, repo_root, FRONT + "\n" + PROSE + "\n" + exercise + NOTES)
    assert len(found) == 1
    assert found[0].startswith(
        "docs/modules/01-basics/lesson.md:14: [content-exercise] no exercise of this lesson has a solution"
    )


def test_no_key_points(tmp_path, repo_root):
    found = content_findings(tmp_path, repo_root, VALID_FRONT + "\n" + PROSE + "\n" + EXERCISE + NOTES)
    assert found == [
        "docs/modules/01-basics/lesson.md:9: [content-keypoints] lesson has no key points; add "
        "`keypoints:` to the front matter, a list of the things to remember"
    ]


@pytest.mark.parametrize("repeat, words, fix", [(60, 676, "develop it"), (300, 3316, "split it into two")])
def test_length_outside_the_range(tmp_path, repo_root, repeat, words, fix):
    # 11 words a sentence, plus 16 in the exercise and the sources' sentence
    prose = " ".join(["The model reads the clinical note one token at a time."] * repeat)
    found = content_findings(tmp_path, repo_root, FRONT + "\n" + prose + "\n" + EXERCISE + NOTES)
    assert len(found) == 1
    assert (
        f"[content-length] lesson has {words} words of prose, outside the course's range 1200–3200; {fix}" in found[0]
    )


def test_the_range_comes_from_the_settings(tmp_path, repo_root):
    root = make_course(
        tmp_path, repo_root, {"modules/01-basics/lesson.md": FRONT + "\n" + PROSE + "\n" + EXERCISE + NOTES}
    )
    (root / "mkdocs.yml").write_text(
        "site_name: t\nextra:\n  course:\n    lesson_words: [2000, 4000]\n    min_sources: 4\n"
    )
    found = [str(f) for f in check_course(root / "docs", root).findings]
    assert any("outside the course's range 2000–4000" in f for f in found)
    assert any("fewer than the 4 every lesson needs" in f for f in found)


def test_every_real_lesson_meets_the_content_rules(repo_root):
    course = check_course(repo_root / "docs", repo_root)
    assert not [str(f) for f in course.findings if f.rule.startswith("content-")]
