"""The rule catalogue, silencing comments, GitHub annotations and --explain: what an instructor sees."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from coursetools import catalogue
from coursetools.cli.check import github_annotation
from coursetools.course import check_course
from coursetools.findings import CATALOGUE, Finding
from test_lesson_checks import VALID_FRONT, make_course, self_check

HOOKS = Path(__file__).resolve().parent.parent / "hooks"


def _rule_ids_in_code() -> set[str]:
    """Every rule id the code can report: string literals given as a Finding's rule."""
    ids: set[str] = set()
    for path in HOOKS.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "Finding":
                args = list(node.args[4:5]) + [k.value for k in node.keywords if k.arg == "rule"]
                ids.update(a.value for a in args if isinstance(a, ast.Constant) and isinstance(a.value, str))
    return ids


def test_every_rule_the_code_reports_is_in_the_catalogue():
    known = {r.id for r in catalogue.rules()}
    missing = _rule_ids_in_code() - known
    assert not missing, f"rules reported but not declared with rule(): {sorted(missing)}"


def test_every_rule_has_what_and_how(built_site=None):
    for item in catalogue.rules():
        assert item.checks.strip() and item.fix.strip(), item.id
        assert item.severity in ("error", "warning")


def test_catalogue_page_lists_every_rule(repo_root):
    page = (repo_root / "docs/instructors/checks.md").read_text(encoding="utf-8")
    for item in catalogue.rules():
        assert f"| `{item.id}` |" in page, f"{item.id} missing: run course-docs"


def test_findings_print_their_rule(tmp_path, repo_root):
    root = make_course(tmp_path, repo_root, {"modules/01-basics/lesson.md": VALID_FRONT + "\nText.[^x]\n"})
    found = [str(f) for f in check_course(root / "docs", root).findings if f.rule == "footnote-undefined"]
    assert found == [
        "docs/modules/01-basics/lesson.md:11: [footnote-undefined] footnote `[^x]` is referenced "
        "but never defined; add a definition `[^x]: ...` at the end of the page"
    ]


def _silencing(tmp_path, repo_root, comment: str, where: str = "before") -> tuple[list[str], list]:
    body = "\nText.[^x]\n" if where == "same" else "\nIntro.\n\nText.[^x]\n"
    if where == "same":
        body = body.replace("Text.[^x]", f"Text.[^x] {comment}")
    elif where == "before":
        body = body.replace("Text.[^x]", f"{comment}\nText.[^x]")
    else:
        body = body + "\n" + comment + "\n"
    root = make_course(tmp_path, repo_root, {"modules/01-basics/lesson.md": VALID_FRONT + body})
    course = check_course(root / "docs", root)
    return [str(f) for f in course.findings if not f.rule.startswith("content-") and not self_check(f)], course.silenced


@pytest.mark.parametrize("where", ["before", "same"])
def test_a_line_finding_is_silenced_with_a_reason(tmp_path, repo_root, where):
    found, silenced = _silencing(
        tmp_path, repo_root, "<!-- course-check: ignore footnote-undefined -- defined by the include -->", where
    )
    assert found == []
    assert [(f.rule, s.reason) for f, s in silenced] == [("footnote-undefined", "defined by the include")]


def test_a_file_finding_is_silenced_anywhere(tmp_path, repo_root):
    found, silenced = _silencing(
        tmp_path, repo_root, "<!-- course-check: ignore-file footnote-undefined -- a fixture page -->", "end"
    )
    assert found == [] and len(silenced) == 1


def test_silencing_needs_a_reason(tmp_path, repo_root):
    found, silenced = _silencing(tmp_path, repo_root, "<!-- course-check: ignore footnote-undefined -->")
    assert silenced == []
    assert any("[silence-reason] silencing comment gives no reason" in f for f in found)
    assert any("[footnote-undefined]" in f for f in found)


def test_silencing_an_unknown_rule_or_nothing_is_reported(tmp_path, repo_root):
    found, _ = _silencing(tmp_path, repo_root, "<!-- course-check: ignore footnote-undefind -- typo -->")
    assert any("[silence-unknown-rule] silencing comment names `footnote-undefind`" in f for f in found)
    found, _ = _silencing(tmp_path, repo_root, "<!-- course-check: ignore lesson-h1 -- nothing to silence -->")
    assert any("[silence-unused] silencing comment for `lesson-h1` silences nothing" in f for f in found)


def test_a_silencing_comment_in_a_code_block_is_an_example(tmp_path, repo_root):
    body = "\n```markdown\n<!-- course-check: ignore lesson-h1 -->\n```\n"
    root = make_course(tmp_path, repo_root, {"modules/01-basics/lesson.md": VALID_FRONT + body})
    assert not [f for f in check_course(root / "docs", root).findings if f.rule.startswith("silence-")]


def test_github_annotations_escape_and_locate():
    finding = Finding("docs/a,b.md", 12, "50% of: x\ny", "fix it", "footnote-unused")
    assert github_annotation(finding) == (
        "::error file=docs/a%2Cb.md,line=12,title=footnote-unused::50%25 of: x%0Ay; fix it"
    )
    CATALOGUE.setdefault(
        "x-warning-test", catalogue.rules()[0].__class__("x-warning-test", "test", "a warning", "nothing", "warning")
    )
    assert github_annotation(Finding("docs/a.md", 0, "m", rule="x-warning-test")).startswith(
        "::warning file=docs/a.md,title=x-warning-test::"
    )
    del CATALOGUE["x-warning-test"]


def _check(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "coursetools.cli.check", *args], capture_output=True, text=True, cwd=root
    )


def test_check_with_github_format_prints_annotations(tmp_path, repo_root):
    root = make_course(tmp_path, repo_root, {"modules/01-basics/lesson.md": VALID_FRONT + "\nText.[^x]\n"})
    result = _check(root, "--format", "github")
    assert result.returncode == 1
    assert (
        "::error file=docs/modules/01-basics/lesson.md,line=11,title=footnote-undefined::footnote `[^x]` is "
        "referenced but never defined"
    ) in result.stdout


@pytest.mark.parametrize(
    "topic, expected",
    [
        ("footnote-unused", "Every footnote definition is referenced in the text."),
        ("reviewed", "re-checked against their sources"),
        ("weight", "order comes from the order of `nav:`"),
        ("rules", "content-sources"),
        ("keys", "objectives"),
        ("nonsense", "nothing is called `nonsense`"),
    ],
)
def test_explain(repo_root, topic, expected):
    result = _check(repo_root, "--explain", topic)
    assert result.returncode == 0 and expected in result.stdout, result.stdout


def test_show_silenced_lists_reasons(tmp_path, repo_root):
    body = "\n<!-- course-check: ignore footnote-undefined -- shared note -->\nText.[^x]\n"
    root = make_course(tmp_path, repo_root, {"modules/01-basics/lesson.md": VALID_FRONT + body})
    result = _check(root, "--show-silenced", "docs/modules/01-basics/lesson.md")
    assert "silenced: docs/modules/01-basics/lesson.md:12: [footnote-undefined]" in result.stdout
    assert "(by line 11: shared note)" in result.stdout


def test_the_catalogue_lists_every_module_that_declares_a_rule():
    """The catalogue imports a fixed list of modules (cheap); importing every module of the package
    must not find a rule more, or the generated rule page would depend on what else was imported."""
    code = (
        "import importlib, pkgutil, coursetools\n"
        "from coursetools import catalogue\n"
        "listed = {r.id for r in catalogue.rules()}\n"
        "for m in pkgutil.walk_packages(coursetools.__path__, 'coursetools.'):\n"
        "    if not m.name.endswith('__main__'):\n"
        "        importlib.import_module(m.name)\n"
        "from coursetools.findings import CATALOGUE\n"
        "print(sorted(set(CATALOGUE) - listed))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]", "modules declaring these rules are missing from catalogue._RULE_MODULES"
