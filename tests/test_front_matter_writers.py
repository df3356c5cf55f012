"""What the tooling writes into front matter reads back as what it meant: a lesson title given to
`course-new-lesson`, a module title in a printable page."""

from __future__ import annotations

import yaml
from hypothesis import given
from hypothesis import strategies as st

from coursetools.cli.new_lesson import TEMPLATE, yaml_scalar
from coursetools.course import check_course

# Titles an instructor could type (no control characters: YAML forbids most of them).
TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=60)


@given(TEXT)
def test_any_title_or_author_reads_back_exactly(text):
    written = TEMPLATE.format(title=yaml_scalar(text), author=yaml_scalar(text), tag="ethics", today="2026-12-07")
    meta = yaml.safe_load(written.split("---\n")[1])
    assert meta["title"] == text and meta["authors"] == [text]


def test_simple_titles_stay_unquoted():
    assert yaml_scalar("Positional encoding") == "Positional encoding"
    for text in ("'quoted", "@home", "`code`", "RAG: retrieval", "yes", "a #b", "x, y"):
        assert yaml_scalar(text).startswith('"'), text


def test_a_module_title_with_quotes_gives_a_printable_page_with_that_title(course_copy):
    overview = course_copy / "docs/modules/01-foundations/index.md"
    text = overview.read_text(encoding="utf-8")
    meta_end = text.index("\n---", 3)
    head = yaml.safe_load(text[4:meta_end])
    title = 'Module 1: "Foundations" # of LLMs \\ today'
    head["title"] = title
    overview.write_text("---\n" + yaml.safe_dump(head, allow_unicode=True) + text[meta_end + 1 :], encoding="utf-8")
    from coursetools.pages import printable

    course = check_course(course_copy / "docs", course_copy)
    page = printable.module_page(course, "01-foundations", list(course.pages))
    meta = yaml.safe_load(page.split("---\n")[1])
    assert meta["title"] == title + " (printable)"
    assert meta["description"].startswith("Every lesson of Module 1 on one page")
