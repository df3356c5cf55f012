"""The README and the instructor guide cannot name a command that does not run, and the guide's
example lesson passes the check (issue 24)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

from coursetools.course import check_course
from test_lesson_checks import make_course

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs/instructors").glob("*.md"))]
_SCRIPT = re.compile(r"(?:\.venv/bin/|(?<![\w/.-]))(course-[a-z-]+|mkdocs|pre-commit)(?![\w.-])")
_MODULE = re.compile(r"python3? -m ([A-Za-z_][\w.]*)")


def named_commands() -> dict[str, set[str]]:
    """Console scripts (`.venv/bin/course-check`, `course-docs`, `mkdocs`) and `python -m` modules
    named in the README and the guide, with the documents naming them."""
    found: dict[str, set[str]] = {}
    for path in DOCUMENTS:
        text = path.read_text(encoding="utf-8")
        for code in re.findall(r"`([^`\n]+)`", text) + re.findall(r"```bash\n(.*?)```", text, re.S):
            for name in _SCRIPT.findall(code):
                found.setdefault(name, set()).add(path.name)
            for module in _MODULE.findall(code):
                found.setdefault(f"-m {module}", set()).add(path.name)
    return found


def test_the_documents_name_the_course_commands():
    named = named_commands()
    for expected in ("course-check", "course-new-lesson", "course-docs", "course-links", "pre-commit", "mkdocs"):
        assert expected in named, expected


@pytest.mark.parametrize("name", sorted(named_commands()))
def test_every_named_command_runs(name, tmp_path):
    if name.startswith("-m "):
        module = name[3:]
        if module in ("venv", "pytest", "pip"):
            return
        sys.path.insert(0, str(ROOT / "hooks"))
        try:
            assert importlib.util.find_spec(module) is not None, f"`python -m {module}` names no module"
        finally:
            sys.path.remove(str(ROOT / "hooks"))
        return
    binary = BIN / name
    assert binary.exists(), f"{name} is named in {sorted(named_commands()[name])} but not installed by the set-up"
    result = subprocess.run([str(binary), "--help"], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (result.stdout + result.stderr).strip(), f"`{name} --help` prints no help"
    assert not list(tmp_path.iterdir()), f"`{name} --help` wrote {sorted(p.name for p in tmp_path.iterdir())}"


def test_the_read_only_commands_the_readme_names_succeed():
    for command in (
        ["course-check", "--explain", "footnote-undefined"],
        ["course-check", "--explain", "keys"],
        ["course-docs", "--check"],
    ):
        result = subprocess.run([str(BIN / command[0]), *command[1:]], capture_output=True, text=True, cwd=ROOT)
        assert result.returncode == 0, (command, result.stdout + result.stderr)


def guide_example() -> str:
    text = (ROOT / "docs/instructors/index.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- generated: lesson-example -->\n```markdown\n(.*?)\n```\n<!-- end", text, re.S)
    assert block, "the guide has no generated lesson example"
    return block.group(1) + "\n"


def test_the_guides_example_passes_every_rule_a_short_lesson_can(tmp_path):
    example = guide_example()
    front = example.split("\n---\n", 1)[0]
    required = re.search(r"<!-- generated: required-keys -->\n(.*?)\n<!-- end", (ROOT / "README.md").read_text())
    for key in re.findall(r"`([a-z_]+)`", required.group(1)):
        assert f"\n{key}:" in front, key  # the README's list and the example agree with the schema
    reviewed = dt.date.fromisoformat(re.search(r"^reviewed: (\S+)$", front, re.M).group(1))
    prerequisite = "modules/01-foundations/what-is-a-language-model.md"
    root = make_course(
        tmp_path,
        ROOT,
        {"modules/01-foundations/example.md": example, prerequisite: "---\ntitle: P\ndescription: P.\n---\n"},
    )
    course = check_course(root / "docs", root, today=reviewed)
    mine = [f for f in course.findings if f.path.endswith("example.md")]
    # what only a whole lesson has: 1,200 words of prose and a self-check (the guide says so)
    assert {f.rule for f in mine if f.severity == "error"} <= {"content-length", "quiz-missing"}, [str(f) for f in mine]
    assert not [f for f in mine if f.severity == "warning"], [str(f) for f in mine]
    assert "`content-length`, `quiz-missing`" in (ROOT / "docs/instructors/index.md").read_text()
