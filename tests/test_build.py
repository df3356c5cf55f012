"""End to end: the real course builds strictly, and a broken lesson fails it with a located message."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import mkdocs_build
from coursetools.course import check_course

BROKEN_LESSON = """\
---
title: A broken lesson
author: Somebody
description: Broken on purpose.
date: 2025-02-30
tags: [attention, transformer]
objectives: [Fail the build.]
---

## Text

A claim.[^missing]
"""


def add_broken_lesson(course: Path) -> None:
    (course / "docs/modules/01-foundations/broken.md").write_text(BROKEN_LESSON)
    config = course / "mkdocs.yml"
    text = config.read_text()
    anchor = "      - modules/01-foundations/what-is-a-language-model.md\n"
    config.write_text(text.replace(anchor, anchor + "      - modules/01-foundations/broken.md\n"))


def html_text(html: str) -> str:
    """The visible text of some HTML: tags dropped (abbr tooltips wrap terms), entities decoded."""
    import html as html_module

    return html_module.unescape(re.sub(r"<[^>]+>", "", html))


EXPECTED = [
    "docs/modules/01-foundations/broken.md:3: [frontmatter-retired-key] `author` is a key of another site generator (Hugo, Jekyll), not of this course",
    "docs/modules/01-foundations/broken.md:5: [frontmatter-date] `date` is 2025-02-30, which is not a real calendar date",
    "docs/modules/01-foundations/broken.md:6: [frontmatter-vocabulary] tag `transformer` is not in docs/_data/tags.yml; did you mean `transformers`?",
    "docs/modules/01-foundations/broken.md:8: [frontmatter-missing-key] missing required key `authors`",
    "docs/modules/01-foundations/broken.md:12: [footnote-undefined] footnote `[^missing]` is referenced but never defined",
]


@pytest.mark.slow
def test_strict_build_fails_on_a_broken_lesson_with_every_located_message(course_copy, tmp_path):
    add_broken_lesson(course_copy)
    result = mkdocs_build(course_copy / "mkdocs.yml", tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    for message in EXPECTED:
        assert message in output, output
    assert "Traceback" not in output


@pytest.mark.slow
def test_links_into_a_quiz_are_checked_like_any_anchor(course_copy, tmp_path):
    """Quizzes are put into the page after Markdown (coursetools.assessment.render.Deferred): a
    link to a question still resolves, and a link to one that does not exist still fails."""
    lesson = course_copy / "docs/modules/02-transformers/attention.md"
    text = lesson.read_text()
    lesson.write_text(
        text.replace(
            "## Attention as a soft lookup\n", "## Attention as a soft lookup\n\n[Try question 2](#quiz-q2).\n", 1
        )
    )
    result = mkdocs_build(course_copy / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    html = (tmp_path / "site/modules/02-transformers/attention.html").read_text()
    assert 'href="#quiz-q2"' in html and 'id="quiz-q2"' in html and "coursequiz" not in html
    lesson.write_text(
        text.replace(
            "## Attention as a soft lookup\n", "## Attention as a soft lookup\n\n[Try question 99](#quiz-q99).\n", 1
        )
    )
    result = mkdocs_build(course_copy / "mkdocs.yml", tmp_path / "site")
    assert result.returncode != 0 and "quiz-q99" in result.stderr


@pytest.mark.slow
def test_serve_shows_problems_and_keeps_serving(course_copy):
    add_broken_lesson(course_copy)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log = course_copy / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--no-livereload", "-a", f"127.0.0.1:{port}"],
            cwd=course_copy,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "COURSE_SITE_URL": f"http://127.0.0.1:{port}/"},
        )
    try:
        deadline = time.monotonic() + 120
        page = None
        while time.monotonic() < deadline and page is None:
            if server.poll() is not None:
                pytest.fail("mkdocs serve exited:\n" + log.read_text())
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/modules/01-foundations/broken.html", timeout=2
                ) as response:
                    page = response.read().decode()
            except OSError:
                time.sleep(0.5)
        assert page is not None, log.read_text()
        assert "A broken lesson" in page
        output = log.read_text()
        for message in EXPECTED:
            assert message in output
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_real_course_has_no_findings(repo_root):
    course = check_course(repo_root / "docs", repo_root)
    assert [str(f) for f in course.findings] == []


def test_lesson_page_shows_header_from_front_matter(repo_root, built_site):
    course = check_course(repo_root / "docs", repo_root)
    lesson = course.pages["modules/02-transformers/attention.md"]
    html = (built_site / "modules/02-transformers/attention.html").read_text()
    header = html[
        html.index('<section class="lesson-header"') : html.index(
            "</section>", html.index('<section class="lesson-header"')
        )
    ]
    for objective in lesson.meta["objectives"]:
        assert objective.replace("'", "&#39;") in header or objective in header
    assert f"about {lesson.reading_minutes} min" in header
    assert lesson.meta["level"] in header
    for author in lesson.meta["authors"]:
        assert author in header
    # Prerequisites are links to the lessons they name.
    for path in lesson.meta.get("prerequisites", []):
        target = Path(path).with_suffix(".html").name
        assert re.search(rf'<a href="[^"]*{re.escape(target)}">', header)
    # Key points come after the text.
    assert html.index('class="admonition abstract lesson-keypoints"') > html.index('<section class="lesson-header"')
    assert f'<meta name="description" content="{lesson.meta["description"]}"' in html.replace("&#39;", "'")


def test_reading_time_is_computed_from_the_text(repo_root):
    course = check_course(repo_root / "docs", repo_root)
    for lesson in course.lessons():
        assert lesson.reading_minutes == max(1, -(-lesson.words // 200))
        assert 1200 <= lesson.words <= 3200, (lesson.path, lesson.words)


def test_module_overviews_list_their_lessons_with_descriptions(repo_root, built_site):
    course = check_course(repo_root / "docs", repo_root)
    for module in course.modules():
        html = (built_site / f"modules/{module}/index.html").read_text()
        text = html_text(html)
        for lesson in course.lessons(module):
            href = Path(lesson.path).with_suffix(".html").name
            assert f'href="{href}"' in html, (module, href)
            assert lesson.meta["description"] in text, (module, lesson.path)


def test_glossary_terms_are_tooltips_on_lesson_pages(built_site):
    html = (built_site / "modules/01-foundations/tokenization.html").read_text()
    assert re.search(r'<abbr title="[^"]+">BPE</abbr>', html)
    glossary = (built_site / "glossary.html").read_text()
    assert "<dt><abbr" in glossary or "<dt>BPE" in glossary or ">BPE</abbr></dt>" in glossary


def test_references_page_collects_every_lesson_footnote(repo_root, built_site):
    course = check_course(repo_root / "docs", repo_root)
    html = (built_site / "references.html").read_text()
    count = sum(len(lesson.notes.definitions) for lesson in course.lessons())
    assert count >= 3 * len(course.lessons())
    assert html.count("<li>") >= count


def test_every_lesson_has_an_exercise_with_a_collapsible_solution(repo_root, built_site):
    course = check_course(repo_root / "docs", repo_root)
    for lesson in course.lessons():
        html = (built_site / Path(lesson.path).with_suffix(".html")).read_text()
        assert '<div class="admonition question">' in html, lesson.path
        assert '<details class="success">' in html, lesson.path


def test_search_index_holds_lessons_but_not_notebook_noise(built_site):
    index = json.loads((built_site / "search/search_index.json").read_text())
    docs = index["docs"]
    locations = {doc["location"].split("#")[0] for doc in docs}
    assert "modules/02-transformers/attention.html" in locations
    assert "notebooks/ngram-language-model.html" in locations
    notebook_text = " ".join(d["text"] for d in docs if d["location"].startswith("notebooks/ngram"))
    assert "Copied!" not in notebook_text
    assert not re.search(r"In\s*\[\d*\]:", notebook_text)
