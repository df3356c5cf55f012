"""Executed notebooks: outputs on the site, clear failures, and a cache that knows what each reads."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import nbformat
import pytest

from conftest import mkdocs_build
from coursetools.notebooks import execute as notebooks

NOTEBOOKS = sorted(p.name for p in (Path(__file__).parent.parent / "docs/notebooks").glob("*.ipynb"))


def test_course_has_the_five_notebooks():
    assert {
        "ngram-language-model.ipynb",
        "tokenization.ipynb",
        "attention-from-scratch.ipynb",
        "exploring-healthcare-data.ipynb",
        "evaluating-outputs.ipynb",
    } <= set(NOTEBOOKS)


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_committed_notebooks_have_no_outputs(repo_root, name):
    nb = nbformat.read(str(repo_root / "docs/notebooks" / name), as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, name


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_page_holds_executed_outputs_and_figures_with_alt_text(built_site, repo_root, name):
    html = (built_site / "notebooks" / name.replace(".ipynb", ".html")).read_text()
    assert "jp-OutputArea-output" in html, name
    images = re.findall(r'<img alt="([^"]*)"[^>]*src="[^"]*notebook-figures/[^"]+"', html)
    source = (repo_root / "docs/notebooks" / name).read_text()
    if "show_figure" in source:
        assert images, name
    for alt in images:
        assert alt and alt != "No description has been provided for this image", (name, alt)
    # A download button and the executed notebook next to the page.
    assert (built_site / "notebooks" / name).exists()
    # No CDN loaders left behind by nbconvert's template.
    assert "cdnjs" not in html and '<script src="">' not in html
    assert not re.search(r"<script[^>]*>[^<]*(mathjax|mermaid)", html, re.I)


def test_lessons_link_to_the_notebooks(repo_root):
    text = "\n".join(p.read_text() for p in (repo_root / "docs/modules").rglob("*.md"))
    for name in NOTEBOOKS:
        assert f"notebooks/{name}" in text, name


def scratch_repo(repo_root: Path, tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(repo_root / "docs/notebooks", root / "docs/notebooks", ignore=shutil.ignore_patterns("__pycache__"))
    return root


def run(root: Path, timeout: int = 60) -> dict[str, notebooks.Result]:
    paths = sorted((root / "docs/notebooks").glob("*.ipynb"))
    return {r.source.name: r for r in notebooks.run_all(paths, root, root / ".cache" / "notebooks", timeout)}


@pytest.mark.slow
def test_changing_one_data_file_reexecutes_exactly_the_notebooks_that_read_it(repo_root, tmp_path):
    root = scratch_repo(repo_root, tmp_path)
    cold = run(root)
    assert all(not r.cached and not r.findings for r in cold.values()), {
        k: [str(f) for f in v.findings] for k, v in cold.items()
    }
    warm = run(root)
    assert all(r.cached for r in warm.values())

    data = root / "docs/notebooks/data/trials.json"
    readers = {name for name, r in cold.items() if "docs/notebooks/data/trials.json" in r.dependencies}
    assert readers, "some notebook reads trials.json"
    assert readers != set(cold), "not every notebook reads trials.json"
    record = json.loads(data.read_text())
    data.write_text(json.dumps(record, indent=3))  # same content, different bytes
    after = run(root)
    assert {name for name, r in after.items() if not r.cached} == readers

    helper = root / "docs/notebooks/nbhelpers.py"
    helper.write_text(helper.read_text() + "\n# a change to the helper module\n")
    importers = {name for name, r in cold.items() if "docs/notebooks/nbhelpers.py" in r.dependencies}
    after = run(root)
    assert {name for name, r in after.items() if not r.cached} == importers
    assert importers == set(cold)


def failing_notebook(path: Path, code: str) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Broken on purpose"),
        nbformat.v4.new_code_cell("x = 1"),
        nbformat.v4.new_code_cell(code),
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))


@pytest.mark.slow
def test_raising_cell_is_reported_with_notebook_and_cell(tmp_path):
    path = tmp_path / "docs/notebooks/raises.ipynb"
    failing_notebook(path, "1 / 0")
    [result] = notebooks.run_all([path], tmp_path, tmp_path / ".cache")
    [finding] = result.findings
    assert str(finding).startswith(
        "docs/notebooks/raises.ipynb:cell 3: [notebook-error] cell 3 raised ZeroDivisionError: division by zero"
    )
    assert result.executed is None


@pytest.mark.slow
def test_hanging_cell_is_stopped_after_the_timeout(tmp_path):
    path = tmp_path / "docs/notebooks/hangs.ipynb"
    failing_notebook(path, "import time\ntime.sleep(120)")
    [result] = notebooks.run_all([path], tmp_path, tmp_path / ".cache", timeout=3)
    [finding] = result.findings
    assert str(finding).startswith(
        "docs/notebooks/hangs.ipynb:cell 3: [notebook-timeout] cell 3 ran longer than the 3 s timeout and was stopped"
    )
    assert result.seconds < 60


@pytest.mark.slow
def test_build_fails_on_a_raising_notebook_and_a_hanging_one(course_copy, tmp_path):
    failing_notebook(course_copy / "docs/notebooks/raises.ipynb", "raise ValueError('bad input')")
    failing_notebook(course_copy / "docs/notebooks/hangs.ipynb", "while True: pass")
    for mode in (True, False):  # strict or not, a broken notebook fails the build
        result = mkdocs_build(
            course_copy / "mkdocs.yml", tmp_path / f"site-{mode}", strict=mode, env={"COURSE_NOTEBOOK_TIMEOUT": "3"}
        )
        output = result.stdout + result.stderr
        assert result.returncode != 0
        assert "docs/notebooks/raises.ipynb:cell 3: [notebook-error] cell 3 raised ValueError: bad input" in output
        assert "docs/notebooks/hangs.ipynb:cell 3: [notebook-timeout] cell 3 ran longer than the 3 s timeout" in output
        assert "Traceback" not in output


@pytest.mark.slow
def test_build_scans_executed_outputs_for_phi(course_copy, tmp_path):
    """Outputs exist only after execution; the build scans them, and honours the declaration."""
    path = course_copy / "docs/notebooks/exploring-healthcare-data.ipynb"
    nb = json.loads(path.read_text())
    del nb["metadata"]["course"]  # drop the synthetic_phi declaration
    path.write_text(json.dumps(nb, indent=1))
    result = mkdocs_build(course_copy / "mkdocs.yml", tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert re.search(r"docs/notebooks/exploring-healthcare-data\.ipynb:cell \d+ output: .*MIMIC", output), output


def test_committed_data_is_exactly_what_the_generator_writes(repo_root, tmp_path):
    """The synthetic data are reproducible: the fixed-seed generator rewrites them byte for byte."""
    from coursetools import synthetic as synthetic_data

    written = synthetic_data.main(tmp_path)
    committed = sorted(p.name for p in (repo_root / "docs/notebooks/data").iterdir() if p.is_file())
    assert sorted(p.name for p in written) == committed
    for path in written:
        assert path.read_bytes() == (repo_root / "docs/notebooks/data" / path.name).read_bytes(), path.name
    for name in ("abstracts.jsonl", "trials.json", "summaries.json", "ner_gold.json"):
        assert '"synthetic": true' in (tmp_path / name).read_text(), name  # labelled as synthetic
