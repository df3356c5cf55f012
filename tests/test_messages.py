"""Messages an instructor reads say what is true (issue 24): footnote typos get a guess, a missing
summary gets no other lesson's text, the preview's box tells errors from warnings, errors print as
ERROR and still fail --strict, a new lesson's tag comes from its module."""

from __future__ import annotations

import logging
from pathlib import Path
from types import SimpleNamespace

import jinja2
import pytest

from coursetools.checks.footnotes import closest_label, edit_distance
from coursetools.cli.new_lesson import module_tag
from coursetools.course import check_course
from coursetools.findings import Finding
from test_lesson_checks import make_course

ROOT = Path(__file__).resolve().parent.parent


def test_a_transposed_footnote_label_gets_did_you_mean_even_when_the_label_is_used(tmp_path):
    page = """\
    ---
    title: T
    ---
    One.[^edin2023] Two.[^edin2023] Three.[^edin2032]

    [^edin2023]: Edinburgh. 2023. https://doi.org/10.1000/1
    """
    root = make_course(tmp_path, ROOT, {"modules/01-basics/lesson.md": page})
    found = [str(f) for f in check_course(root / "docs", root).findings if f.rule == "footnote-undefined"]
    assert found == [
        "docs/modules/01-basics/lesson.md:4: [footnote-undefined] footnote `[^edin2032]` is referenced but never "
        "defined; did you mean `[^edin2023]`?"
    ]


def test_the_label_guess_is_bounded():
    assert edit_distance("edin2032", "edin2023") == 1
    assert closest_label("edin2032", set(), {"edin2023", "smith2020"}) == "edin2023"
    assert closest_label("zzzz9999", set(), {"edin2023"}) is None  # too far: no guess
    long = "a" * 5000
    assert closest_label(long, set(), {long[:-1]}) is None  # long labels: no quadratic work


def test_a_missing_description_quotes_no_other_lesson(tmp_path):
    page = "---\ntitle: T\nauthors: [A]\n---\nText.\n"
    root = make_course(tmp_path, ROOT, {"modules/01-basics/lesson.md": page})
    found = [
        str(f)
        for f in check_course(root / "docs", root).findings
        if f.message.startswith("missing required key `description`")
    ]
    assert len(found) == 1, found
    assert "add `description: ...` to the front matter (One sentence of at most 200 characters" in found[0]
    assert "WordPiece" not in found[0]


def test_a_new_lessons_default_tag_is_the_one_its_module_uses_most(tmp_path):
    folder = tmp_path / "05-safety"
    folder.mkdir()
    (folder / "a.md").write_text("---\ntitle: A\ntags: [safety, evaluation]\n---\n")
    (folder / "b.md").write_text("---\ntitle: B\ntags: [safety]\n---\n")
    (folder / "c.md").write_text("not front matter")
    assert module_tag(folder) == "safety"
    assert module_tag(ROOT / "docs/modules/02-transformers") != module_tag(ROOT / "docs/modules/01-foundations")


def box(problems: list[dict]) -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(ROOT / "overrides"))
    return " ".join(env.get_template("partials/course-problems.html").render(course_problems=problems).split())


def problem(severity: str) -> dict:
    return {"severity": severity, "place": "docs/x.md:1", "rule": "r", "message": "m", "fix": ""}


def test_the_problems_box_says_what_strict_does_with_each_severity():
    warnings_only = box([problem("warning"), problem("warning")])
    assert "fails until" not in warnings_only and "<code>mkdocs build --strict</code> still passes" in warnings_only
    one_error = box([problem("error"), problem("warning")])
    assert "<code>mkdocs build --strict</code> fails until the error is fixed" in one_error
    assert "fails until the 2 errors are fixed" in box([problem("error"), problem("error")])


@pytest.fixture
def records():
    seen: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record):
            seen.append(record)

    handler = Keep()
    for name in ("mkdocs", "coursetools"):
        logging.getLogger(name).addHandler(handler)
    yield seen
    for name in ("mkdocs", "coursetools"):
        logging.getLogger(name).removeHandler(handler)


def test_errors_log_as_error_through_mkdocs_and_warnings_as_warning_outside_it(records):
    import course_hooks

    state = SimpleNamespace(findings=[])
    course_hooks.CourseBuild.report(state, Finding("docs/a.md", 3, "broken", "fix it", "footnote-undefined"))
    course_hooks.CourseBuild.report(state, Finding("docs/a.md", 4, "advice", "", "footnote-undefined", level="warning"))
    shown = [(r.name, r.levelname, r.getMessage()) for r in records]
    assert shown[0][:2] == ("mkdocs.plugins.course", "ERROR") and "docs/a.md:3:" in shown[0][2]
    assert shown[1][:2] == ("coursetools", "WARNING")  # not under mkdocs.*: --strict never counts it
    assert len(state.findings) == 2
