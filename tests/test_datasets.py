"""Dataset declarations: a registry, data cards on the lessons, and nothing restricted shipped."""

from __future__ import annotations

import re

import pytest

from conftest import mkdocs_build
from coursetools.checks import registry
from coursetools.course import check_course
from coursetools.data import CourseData


def test_registry_entries_are_complete(repo_root):
    data = CourseData.load(repo_root / "docs", repo_root)
    assert data.findings == [] and registry.findings(data) == []
    entries = data.datasets
    for key in (
        "mimic-iii",
        "mimic-iv",
        "pubmed",
        "clinicaltrials-gov",
        "chexpert",
        "chexpert-plus",
        "nih-chestxray14",
        "tcia",
        "synthea",
        "medqa",
        "pubmedqa",
        "medmcqa",
        "bioasq",
    ):
        assert key in entries
    assert entries["mimic-iv"]["access"] == "credentialed"
    assert entries["mimic-iv"]["redistribution"] is False


def test_registry_problems_are_located(tmp_path, repo_root):
    (tmp_path / "docs/_data").mkdir(parents=True)
    (tmp_path / "docs/_data/datasets.yml").write_text("ok:\n  name: A\nbad:\n  name: B\n  access: sometimes\n")
    found = [str(f) for f in registry.findings(CourseData.load(tmp_path / "docs", tmp_path))]
    assert (
        "docs/_data/datasets.yml:3: [registry] dataset `bad` has access `sometimes`; use one of `open`, `registration`, `credentialed`"
        in found
    )
    assert any(f.startswith("docs/_data/datasets.yml:1: [registry] dataset `ok` is missing `url`") for f in found)


def test_lessons_show_a_data_card_for_each_declared_dataset(repo_root, built_site):
    course = check_course(repo_root / "docs", repo_root)
    entries = CourseData.load(repo_root / "docs", repo_root).datasets
    declaring = [lesson for lesson in course.lessons() if lesson.meta.get("datasets")]
    assert declaring
    for lesson in declaring:
        html = (built_site / lesson.path.replace(".md", ".html")).read_text()
        for key in lesson.meta["datasets"]:
            card = re.search(rf'<article class="data-card" id="dataset-{re.escape(key)}".*?</article>', html, re.S)
            assert card, (lesson.path, key)
            text = card.group(0)
            assert entries[key]["access"] in text
            assert ("not allowed" if not entries[key]["redistribution"] else "allowed") in text


@pytest.mark.slow
def test_build_refuses_to_ship_a_restricted_dataset_file(course_copy, tmp_path):
    leaked = course_copy / "docs/notebooks/data/NOTEEVENTS.csv"
    leaked.write_text("ROW_ID,TEXT\n1,hello\n")
    result = mkdocs_build(course_copy / "mkdocs.yml", tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert (
        "docs/notebooks/data/NOTEEVENTS.csv:1: [data-redistribution] this file looks like part of MIMIC-III Clinical "
        "Database (matches `NOTEEVENTS.csv*` in docs/_data/datasets.yml), which may not be "
        "redistributed"
    ) in output
