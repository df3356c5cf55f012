"""Settings in one place (mkdocs.yml `extra.course`, environment overrides) and the course data layer."""

from __future__ import annotations

from pathlib import Path

import pytest

from coursetools.data import CourseData
from coursetools.settings import DOCUMENTED, SettingsError, from_config


def _config(tmp_path: Path, extra: str = "") -> Path:
    (tmp_path / "docs").mkdir(exist_ok=True)
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\nsite_url: !ENV [NOWHERE, 'https://x/']\n" + (f"extra:\n  course:\n{extra}" if extra else "")
    )
    return tmp_path


def test_defaults_and_values_from_mkdocs_yml(tmp_path):
    settings = from_config(_config(tmp_path, "    notebook_timeout: 30\n    cache_dir: build/cache\n"), environ={})
    assert settings.notebook_timeout == 30
    assert settings.cache_dir == tmp_path.resolve() / "build/cache"
    assert settings.notebook_cache == tmp_path.resolve() / "build/cache/notebooks"
    assert settings.min_sources == 3 and settings.docs_dir == tmp_path.resolve() / "docs"


def test_environment_overrides_are_listed(tmp_path):
    settings = from_config(
        _config(tmp_path, "    notebook_timeout: 30\n"),
        environ={"COURSE_NOTEBOOK_TIMEOUT": "7", "COURSE_CACHE_DIR": "/tmp/c"},
    )
    assert settings.notebook_timeout == 7 and settings.cache_dir == Path("/tmp/c")
    assert set(settings.overridden) == {"COURSE_NOTEBOOK_TIMEOUT", "COURSE_CACHE_DIR"}


def test_a_wrong_value_is_a_clear_error(tmp_path):
    with pytest.raises(SettingsError, match="setting `notebook_timeout` has the value 'soon'"):
        from_config(_config(tmp_path, "    notebook_timeout: soon\n"), environ={})


def test_every_setting_and_variable_is_documented(repo_root):
    page = (repo_root / "docs/instructors/checks.md").read_text()
    for name, variable, _ in DOCUMENTED:
        assert f"`{name}`" in page
        if variable:
            assert f"`{variable}`" in page


def test_the_docs_dir_comes_from_the_config(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: t\ndocs_dir: content\n")
    assert from_config(tmp_path, environ={}).docs_dir == tmp_path.resolve() / "content"


def test_the_real_data_files_load_clean(repo_root):
    data = CourseData.load(repo_root / "docs", repo_root)
    assert data.findings == []
    assert data.schema["properties"] and data.tags and data.glossary and data.datasets


@pytest.mark.parametrize(
    "name, text, expected",
    [
        ("tags.yml", "a: [unclosed\n", "docs/_data/tags.yml:2: [data-file] this file is not valid YAML"),
        ("tags.yml", "- a\n- b\n", "docs/_data/tags.yml:1: [data-file] this file must hold a mapping"),
        (
            "datasets.yml",
            "a: &x [1, 2]\nb: *x\n",
            "docs/_data/datasets.yml:1: [data-file] this file is not valid YAML: anchors and aliases",
        ),
        (
            "lesson.schema.json",
            '{\n  "a": ,\n}',
            "docs/_data/lesson.schema.json:2: [data-file] this file is not valid JSON",
        ),
        (
            "glossary.yml",
            "- term: A\n  expansion: B\n  definition: C\n- term: D\n",
            "docs/_data/glossary.yml:4: [data-file] glossary entry needs `term` and `definition`",
        ),
    ],
)
def test_a_broken_data_file_is_a_located_finding(tmp_path, repo_root, name, text, expected):
    data_dir = tmp_path / "docs/_data"
    data_dir.mkdir(parents=True)
    for real in ("lesson.schema.json", "tags.yml", "glossary.yml", "datasets.yml"):
        (data_dir / real).write_text((repo_root / "docs/_data" / real).read_text())
    (data_dir / name).write_text(text)
    found = [str(f) for f in CourseData.load(tmp_path / "docs", tmp_path).findings]
    assert len(found) == 1 and found[0].startswith(expected), found


def test_a_missing_data_file_is_named(tmp_path):
    (tmp_path / "docs/_data").mkdir(parents=True)
    found = [str(f) for f in CourseData.load(tmp_path / "docs", tmp_path).findings]
    assert (
        "docs/_data/tags.yml:1: [data-file] the course data file `tags.yml` is missing; create it in "
        "docs/_data/ (see the instructor guide)" in found
    )
