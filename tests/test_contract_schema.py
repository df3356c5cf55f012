"""The lesson contract is one JSON Schema that drives the validator, the docs page and editors."""

from __future__ import annotations

import datetime as dt
import json

import jsonschema
import pytest
import yaml

from coursetools.checks.contract import Contract
from coursetools.course import check_course
from coursetools.data import CourseData
from coursetools.pages import render


@pytest.fixture(scope="module")
def schema(repo_root):
    return json.loads((repo_root / "docs/_data/lesson.schema.json").read_text())


def test_schema_is_valid_json_schema(schema):
    jsonschema.Draft202012Validator.check_schema(schema)


def test_every_real_lesson_also_satisfies_the_schema_per_jsonschema(repo_root, schema):
    """A second, independent validator agrees with ours on the real course."""
    course = check_course(repo_root / "docs", repo_root)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    lessons = course.lessons()
    assert len(lessons) >= 18
    for lesson in lessons:
        data = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in lesson.meta.items()}
        errors = [e.message for e in validator.iter_errors(data)]
        assert errors == [], (lesson.path, errors)


def test_every_key_is_documented_with_an_example(schema):
    for key, prop in schema["properties"].items():
        assert prop.get("description"), key
        assert prop.get("examples"), key


def test_contract_table_is_rendered_from_the_schema(repo_root, schema):
    table = render.contract_table(Contract(CourseData.load(repo_root / "docs", repo_root)))
    for key, prop in schema["properties"].items():
        if not prop.get("x-material"):
            assert f"| `{key}` |" in table
            assert prop["description"].split(";")[0][:40] in table


def test_contract_page_on_the_site_shows_the_generated_table(built_site, schema):
    html = (built_site / "instructors/lesson-contract.html").read_text()
    for key, prop in schema["properties"].items():
        if not prop.get("x-material"):
            assert f"<code>{key}</code>" in html
    for retired in schema["x-retired-keys"]:
        assert f"<code>{retired}</code>" in html


def test_tag_vocabulary_rendered_on_the_contract_page(repo_root, built_site):
    html = (built_site / "instructors/lesson-contract.html").read_text()
    for tag in yaml.safe_load((repo_root / "docs/_data/tags.yml").read_text()):
        assert f"<code>{tag}</code>" in html


def _add_title_pattern(course):
    schema_file = course / "docs/_data/lesson.schema.json"
    schema = json.loads(schema_file.read_text())
    schema["properties"]["title"]["pattern"] = "^[A-Z]"  # a standard keyword the course never used
    schema_file.write_text(json.dumps(schema, indent=2))
    lesson = course / "docs/modules/01-foundations/tokenization.md"
    lesson.write_text(lesson.read_text().replace("title: ", "title: lowercase ", 1))
    return schema, lesson


def _front_matter(lesson) -> dict:
    text = lesson.read_text()
    return yaml.safe_load(text.split("---\n")[1])


def test_a_standard_keyword_added_to_the_schema_is_enforced_by_checker_and_editor_alike(course_copy):
    schema, lesson = _add_title_pattern(course_copy)
    # the checker
    course = check_course(course_copy / "docs", course_copy)
    found = [f for f in course.findings if f.rule == "frontmatter-schema"]
    assert [(f.path, f.line) for f in found] == [("docs/modules/01-foundations/tokenization.md", 2)]
    assert "`title` breaks the schema's `pattern` rule" in found[0].message
    # an editor's validator (what VS Code's YAML extension and check-jsonschema run)
    data = {k: str(v) if isinstance(v, dt.date) else v for k, v in _front_matter(lesson).items()}
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(data))
    assert [e.validator for e in errors] == ["pattern"]


@pytest.mark.slow
def test_a_standard_keyword_added_to_the_schema_fails_the_build_too(course_copy):
    from conftest import mkdocs_build

    _add_title_pattern(course_copy)
    result = mkdocs_build(course_copy / "mkdocs.yml", course_copy / "site")
    assert result.returncode != 0
    assert (
        "docs/modules/01-foundations/tokenization.md:2: [frontmatter-schema] `title` breaks the schema's `pattern` rule"
    ) in result.stderr
    assert "Traceback" not in result.stderr
