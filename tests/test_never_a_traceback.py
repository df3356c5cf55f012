"""Property tests: whatever an instructor types, the checks answer with findings, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coursetools.checks import footnotes, frontmatter
from coursetools.checks.contract import Contract
from coursetools.checks.markdown import mask
from coursetools.data import CourseData

YAML_BITS = st.sampled_from(
    [
        "title",
        "description",
        "authors",
        "date",
        "tags",
        "objectives",
        "level",
        "updated",
        "prerequisites",
        "datasets",
        "synthetic_phi",
        "hide",
        ":",
        ": ",
        "- ",
        "[",
        "]",
        "{",
        "}",
        "\n",
        "  ",
        "\t",
        "'",
        '"',
        "#",
        "&a",
        "*a",
        "!!binary",
        "!!python/name:x",
        "2025-02-30",
        "2026-01-01",
        "yes",
        "null",
        "~",
        "1e3",
        "---",
        "...",
        "|",
        ">",
        "%YAML 1.1",
        "\x00",
        "é",
    ]
)
MD_BITS = st.sampled_from(
    [
        "[^a]",
        "[^a]:",
        "[^b]: text",
        "`",
        "```",
        "~~~",
        "    ",
        "<!--",
        "-->",
        "\n",
        "\n\n",
        "!!! note",
        "??? success",
        "- item",
        "1. item",
        "# H1",
        "text",
        "$$",
        "[^",
        "]:",
        "\t",
    ]
)


@st.composite
def pages(draw):
    front = "".join(draw(st.lists(st.one_of(YAML_BITS, st.text(max_size=5)), max_size=40)))
    body = "".join(draw(st.lists(st.one_of(MD_BITS, st.text(max_size=5)), max_size=60)))
    opener = draw(st.sampled_from(["---\n", "", "---\n\n"]))
    closer = draw(st.sampled_from(["\n---\n", "\n...\n", "\n", ""]))
    return opener + front + closer + body


CONTRACT = None


def contract(repo_root):
    global CONTRACT
    if CONTRACT is None:
        CONTRACT = Contract(CourseData.load(repo_root / "docs", repo_root))
    return CONTRACT


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=pages())
def test_random_pages_never_raise(repo_root, text):
    fm = frontmatter.parse(text, "docs/modules/01-x/page.md")
    if fm.data is not None:
        for is_lesson in (True, False):
            found = contract(repo_root).check(fm, "docs/modules/01-x/page.md", is_lesson, {"a.md"})
            assert all(str(f).startswith("docs/modules/01-x/page.md:") for f in found)
    notes = footnotes.scan(fm.body, fm.body_line, "docs/modules/01-x/page.md")
    assert all(f.line >= 1 for f in notes.findings)
    assert len(mask(fm.body)) == len(fm.body.split("\n"))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
        lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=6),
        max_leaves=20,
    )
)
def test_any_yaml_value_for_any_key_never_raises(repo_root, data):
    import yaml

    keys = list(contract(repo_root).properties) + ["author", "readTime", "other"]
    mapping = {key: data for key in keys}
    # Written out in full: front matter refuses YAML anchors and aliases (coursetools.checks.yaml_guard).
    no_aliases = type("NoAliases", (yaml.SafeDumper,), {"ignore_aliases": lambda self, data: True})
    text = "---\n" + yaml.dump(mapping, Dumper=no_aliases, allow_unicode=True) + "---\nBody.\n"
    fm = frontmatter.parse(text, "docs/x.md")
    assert fm.data is not None
    contract(repo_root).check(fm, "docs/x.md", True, set())


@pytest.mark.parametrize(
    "command", [["course-check"], ["course-docs", "--check"], ["course-new-lesson", "01-foundations", "New one"]]
)
def test_a_bad_setting_is_a_message_from_every_command(course_copy, command):
    config = course_copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "notebook_timeout: 120" in text
    config.write_text(text.replace("notebook_timeout: 120", "notebook_timeout: lots", 1), encoding="utf-8")
    binary = Path(sys.executable).parent / command[0]
    result = subprocess.run([str(binary), *command[1:]], cwd=course_copy, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "notebook_timeout" in result.stderr, result.stderr
    assert not (course_copy / "docs/modules/01-foundations/new-one.md").exists()
