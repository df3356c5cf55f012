"""What the strict build reports about mkdocs.yml and the course data, `course-check` reports too,
for the whole course and for the files pre-commit passes it (issue 24)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from coursetools.cli.check import main
from test_lesson_checks import make_course

ROOT = Path(__file__).resolve().parent.parent
LESSON = "modules/01-basics/lesson.md"
PAGE = """\
---
title: A lesson
---
Text.
"""


def run(capsys, root: Path, *args: str) -> tuple[int, str]:
    code = main(["--root", str(root), "--no-cache", *args])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def course(tmp_path: Path, config: str) -> Path:
    root = make_course(tmp_path, ROOT, {LESSON: PAGE, "modules/01-basics/other.md": PAGE})
    (root / "mkdocs.yml").write_text(config)
    return root


NAV = "site_name: t\nnav:\n  - Basics:\n      - modules/01-basics/other.md\n"


def test_a_lesson_missing_from_nav_fails_the_whole_course_and_its_own_file(tmp_path, capsys):
    root = course(tmp_path, NAV)
    for args in ((), (str(root / "docs" / LESSON),), (str(root / "mkdocs.yml"),)):
        code, out = run(capsys, root, *args)
        assert code == 1, (args, out)
        assert f"docs/{LESSON}:1: [nav-missing] lesson is not in the navigation" in out, out
    code, out = run(capsys, root, str(root / "docs/modules/01-basics/other.md"))
    assert "nav-missing" not in out  # the other file is listed


def test_without_nav_every_page_is_listed(tmp_path, capsys):
    root = course(tmp_path, "site_name: t\n")
    assert "nav-missing" not in run(capsys, root)[1]


def test_a_data_file_with_a_yaml_error_fails_with_a_located_finding(tmp_path, capsys):
    root = course(tmp_path, "site_name: t\n")
    tags = root / "docs/_data/tags.yml"
    text = tags.read_text().split("\n")
    line = next(i for i, t in enumerate(text) if re.match(r"^[a-z]", t))
    text.insert(line + 1, "broken: [unclosed")
    tags.write_text("\n".join(text))
    code, out = run(capsys, root, str(tags))
    assert code == 1, out
    assert re.search(r"docs/_data/tags\.yml:\d+: \[data-file\] this file is not valid YAML", out), out


def test_unknown_settings_are_located_with_did_you_mean(tmp_path, capsys):
    config = "site_name: t\nextra:\n  course:\n    notebok_timeout: 30\n    limits:\n      file_byte: 10\n"
    root = course(tmp_path, config)
    code, out = run(capsys, root, str(root / "mkdocs.yml"))
    assert code == 1
    assert (
        "mkdocs.yml:4: [setting-unknown] `extra.course.notebok_timeout` is not a setting of the course tooling"
        " (it would be ignored); did you mean `notebook_timeout`?" in out
    ), out
    assert "mkdocs.yml:6: [setting-unknown] `extra.course.limits.file_byte`" in out and "`file_bytes`?" in out


def test_mkdocs_yml_with_a_yaml_error_or_a_missing_nav_page_is_located(tmp_path, capsys):
    root = course(tmp_path, NAV + "      - modules/01-basics/lesson.md\n      - modules/01-basics/lesosn.md\n")
    code, out = run(capsys, root, str(root / "mkdocs.yml"))
    assert code == 1
    assert (
        "mkdocs.yml:6: [nav-unknown-page] `nav:` lists `modules/01-basics/lesosn.md`, which is not a file under "
        "docs/; correct the path, or delete the entry; did you mean `modules/01-basics/lesson.md`?" in out
    ), out
    (root / "mkdocs.yml").write_text("site_name: t\nnav: [unclosed\n")
    code, out = run(capsys, root, str(root / "mkdocs.yml"))
    assert code == 1 and re.search(r"mkdocs\.yml:\d+: \[config-yaml\] mkdocs\.yml is not valid YAML", out), out


def test_the_real_settings_are_all_known(capsys):
    _code, out = run(capsys, ROOT, str(ROOT / "mkdocs.yml"))
    assert "setting-unknown" not in out and "nav-unknown-page" not in out and "nav-missing" not in out, out


def test_pre_commit_runs_the_check_on_every_file_that_can_change_a_finding():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    hook = next(h for repo in config["repos"] for h in repo["hooks"] if h["id"] == "course-check")
    pattern = re.compile(hook["files"])
    for path in (
        "mkdocs.yml",
        "docs/_data/tags.yml",
        "docs/_data/lesson.schema.json",
        "docs/notebooks/01-tokenization.ipynb",
        "docs/modules/01-foundations/tokenization.md",
        "docs/notebooks/data/notes.csv",
    ):
        assert pattern.search(path), path
    assert hook["pass_filenames"] is True
