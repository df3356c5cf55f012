"""Check results kept on disk by content (coursetools.result_store): a second run reads back the
findings of unchanged files, and anything a finding depends on invalidates it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from coursetools import course as course_module
from coursetools import phi
from coursetools.course import check_course
from coursetools.findings import Finding
from coursetools.result_store import ResultStore

LESSON = "docs/modules/02-transformers/attention.md"


def check(root, results):
    return check_course(root / "docs", root, results=results)


def refuse_to_check(monkeypatch):
    """Make every per-file check fail loudly: only results read back can pass."""

    def boom(*args, **kwargs):
        raise AssertionError("checked again although nothing changed")

    monkeypatch.setattr(course_module, "check_page", boom)
    monkeypatch.setattr(phi, "scan_markdown", boom)
    monkeypatch.setattr(phi, "scan_notebook", boom)
    monkeypatch.setattr(phi, "scan_data_file", boom)


def test_a_second_run_reads_every_result_back_and_agrees_with_a_full_check(course_copy, tmp_path, monkeypatch):
    results = tmp_path / "checks"
    lesson = course_copy / LESSON
    lesson.write_text(lesson.read_text() + "\nSee [^nowhere].\n")  # one finding to carry over
    first = check(course_copy, results)
    assert [f.rule for f in first.findings] == ["footnote-undefined"]
    assert len(list(results.glob("*.json"))) == 1
    without = check_course(course_copy / "docs", course_copy)
    refuse_to_check(monkeypatch)
    second = check(course_copy, results)
    assert second.findings == first.findings == without.findings


def test_an_edited_page_is_checked_again(course_copy, tmp_path):
    results = tmp_path / "checks"
    assert check(course_copy, results).findings == []
    lesson = course_copy / LESSON
    lesson.write_text(lesson.read_text() + "\nSee [^nowhere].\n")
    assert [f.rule for f in check(course_copy, results).findings] == ["footnote-undefined"]
    # The same size and modification time as before do not fool it: bytes are compared.
    text = lesson.read_text().replace("[^nowhere]", "[^nowhera]")
    stat = lesson.stat()
    lesson.write_text(text)
    os.utime(lesson, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    found = check(course_copy, results).findings
    assert [f.rule for f in found] == ["footnote-undefined"] and "nowhera" in found[0].message


def test_a_changed_data_file_invalidates_every_result(course_copy, tmp_path):
    results = tmp_path / "checks"
    assert check(course_copy, results).findings == []
    tags = course_copy / "docs/_data/tags.yml"
    tags.write_text(tags.read_text().replace("\nattention:", "\nattention-mechanism:", 1))
    found = {f.rule for f in check(course_copy, results).findings if f.path.startswith("docs/modules/")}
    assert found == {"frontmatter-vocabulary"}, found


def test_a_phi_result_is_dropped_when_the_generator_it_traced_to_changes(tmp_path):
    root = tmp_path
    (root / "mkdocs.yml").write_text("site_name: t\n")
    (root / "hooks").mkdir()
    generator = root / "hooks/examples.py"
    generator.write_text('PHONE = "(617) 555-0123"\n')
    page = root / "docs/modules/01-x/deid.md"
    page.parent.mkdir(parents=True)
    page.write_text(
        "---\ntitle: Planted\ndescription: x\nsynthetic_phi:\n  generator: hooks/examples.py\n"
        "  reason: Teaches de-identification.\n---\nCall (617) 555-0123.\n"
    )
    results = tmp_path / "store"

    def phi_rules():
        return [f.rule for f in check(root, results).findings if f.rule.startswith("phi-")]

    assert phi_rules() == []
    generator.write_text('PHONE = "(617) 555-0199"\n')  # the example no longer traces to it
    assert phi_rules() == ["phi-phone"]
    generator.unlink()
    assert phi_rules() == ["phi-declaration", "phi-phone"]  # a generator that is gone


@pytest.mark.parametrize(
    "stored",
    [
        "not json",
        json.dumps([1, 2]),
        json.dumps({"context": "other", "entries": {}}),
        "CONTEXT",  # the right context with entries of the wrong shape
    ],
)
def test_a_damaged_store_is_ignored(course_copy, tmp_path, stored):
    results = tmp_path / "checks"
    lesson = course_copy / LESSON
    lesson.write_text(lesson.read_text() + "\nSee [^nowhere].\n")
    check(course_copy, results)
    (file,) = results.glob("*.json")
    if stored == "CONTEXT":
        context = json.loads(file.read_text())["context"]
        entries = json.loads(file.read_text())["entries"]
        for entry in entries.values():
            entry["value"] = [{"path": 3, "line": "x"}] if entry["value"] else ["junk"]
        stored = json.dumps({"context": context, "entries": entries})
    file.write_text(stored)
    assert [f.rule for f in check(course_copy, results).findings] == ["footnote-undefined"]


def test_the_store_keeps_findings_exactly(tmp_path):
    finding = Finding("docs/a.md", 3, "message ✓", "fix", "rule-id", "cell 2", "warning")
    store = ResultStore(tmp_path, ["context"])
    store.put("page", "a.md", "d1", [finding])
    store.save()
    again = ResultStore(tmp_path, ["context"])
    assert again.get("page", "a.md", "d1") == [finding]
    assert again.get("page", "a.md", "d2") is None  # other bytes
    assert ResultStore(tmp_path, ["other"]).get("page", "a.md", "d1") is None  # another context


def test_course_check_uses_the_store_unless_told_not_to(course_copy):
    command = [sys.executable, "-m", "coursetools.cli.check", "--root", str(course_copy)]
    cached = subprocess.run(command, capture_output=True, text=True, cwd=course_copy)
    assert cached.returncode == 0, cached.stdout + cached.stderr
    assert list((course_copy / ".cache/checks").glob("*.json"))
    fresh = subprocess.run([*command, "--no-cache"], capture_output=True, text=True, cwd=course_copy)
    assert fresh.returncode == 0
    assert cached.stdout.split(" in ")[0] == fresh.stdout.split(" in ")[0]
