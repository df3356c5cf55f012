"""Notebooks students can run: a zip per notebook that runs on its own, Colab and Binder links,
exercises with checks and hidden solutions, and the one command that sets up JupyterLab."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import nbformat
import pytest
import yaml

from coursetools.notebooks import execute as notebooks
from coursetools.runnable import archive, exercises, links, setup_files, solutions
from coursetools.runnable.site import RunnableSite

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted(p.name for p in (ROOT / "docs/notebooks").glob("*.ipynb"))
REPO = "https://github.com/llms-meet-healthcare/course"  # the default of extra.repository
NO_NETWORK = r"""
import socket as _socket, sys as _sys
def _no_network(event, args):
    if event == "socket.connect" and args[1] and isinstance(args[1], tuple) \
            and args[1][0] not in ("127.0.0.1", "::1", "localhost"):
        raise OSError(f"network access refused by the test: {args[1]}")
_sys.addaudithook(_no_network)
"""


def lock_pins(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text().splitlines():
        if "==" in line and not line.startswith("#"):  # `name==version \` (hashes follow) or `name==version`
            name, version = line.split("==")
            pins[name.strip().lower().replace("_", "-")] = version.split()[0].strip()
    return pins


# --- Exercises in every notebook -----------------------------------------------------------


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_every_notebook_has_two_exercises_each_with_check_and_hidden_solution(name):
    path = ROOT / "docs/notebooks" / name
    assert exercises.findings(path, f"docs/notebooks/{name}") == []
    nb = nbformat.read(str(path), as_version=4)
    tags = [set(cell.metadata.get("tags", [])) for cell in nb.cells]
    starts = [i for i, t in enumerate(tags) if "exercise" in t]
    assert len(starts) >= 2, name
    for i in starts:
        assert nb.cells[i - 1].cell_type == "markdown" and "Exercise" in nb.cells[i - 1].source
        assert "answer = None" in nb.cells[i].source  # a placeholder that runs
        assert "check" in tags[i + 1] and "passed = check_" in nb.cells[i + 1].source
        solution = nb.cells[i + 2]
        assert "solution" in tags[i + 2] and solution.metadata["jupyter"]["source_hidden"] is True
        assert "assert check_" in solution.source


def bad_notebook(path: Path) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Exercises out of order"),
        nbformat.v4.new_code_cell("answer = None", metadata={"tags": ["exercise"]}),
        nbformat.v4.new_code_cell("answer = 1", metadata={"tags": ["solution"]}),
        nbformat.v4.new_code_cell("print(answer)", metadata={"tags": ["check"]}),
    ]
    nbformat.write(nb, str(path))


def test_exercise_pattern_problems_are_reported_by_cell(tmp_path):
    path = tmp_path / "bad.ipynb"
    bad_notebook(path)
    found = [str(f) for f in exercises.findings(path, "docs/notebooks/bad.ipynb")]
    assert found == [
        "docs/notebooks/bad.ipynb:cell 2: [notebook-exercises] the `exercise` cell 2 is not followed by a "
        "`check` cell; add a `check` cell right after it",
        "docs/notebooks/bad.ipynb:cell 3: [notebook-exercises] the `solution` cell 3 does not follow a "
        "`check` cell; put it right after the `check` cell of its exercise",
        "docs/notebooks/bad.ipynb:cell 3: [notebook-exercises] the solution in cell 3 is not collapsed in "
        "Jupyter; set `metadata.jupyter.source_hidden: true` (View > Collapse Selected Code)",
        "docs/notebooks/bad.ipynb:cell 3: [notebook-exercises] the solution in cell 3 does not assert its "
        "check; end it with `assert check_...(answer)` so a broken solution fails the build",
        "docs/notebooks/bad.ipynb:cell 4: [notebook-exercises] the `check` cell 4 does not follow a "
        "`exercise` cell; put it right after the `exercise` cell of its exercise",
        "docs/notebooks/bad.ipynb:cell 4: [notebook-exercises] the `check` cell 4 is not followed by a "
        "`solution` cell; add a `solution` cell right after it",
        "docs/notebooks/bad.ipynb:exercises: [notebook-exercises] the notebook has 1 exercise(s); at least "
        "2 are needed; add exercises where the notebook teaches",
    ]


@pytest.mark.parametrize("content", ["", "{", "[]", '{"cells": 3}', '{"cells": [1, "x", {"metadata": []}]}'])
def test_a_malformed_notebook_is_a_finding_not_a_traceback(tmp_path, content):
    path = tmp_path / "odd.ipynb"
    path.write_text(content)
    found = exercises.findings(path, "docs/notebooks/odd.ipynb")
    assert found and all(f.rule == "notebook-exercises" for f in found)


@pytest.mark.slow
def test_a_broken_solution_fails_execution_with_the_cell_named(tmp_path):
    """The build executes the solutions: one that does not pass its own check stops it."""
    folder = tmp_path / "docs/notebooks"
    folder.mkdir(parents=True)
    for helper in ("exercises.py", "answers.py"):  # the checks, and how they read numbers
        shutil.copy(ROOT / "docs/notebooks" / helper, folder)
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("### Exercise 1: temperature"),
        nbformat.v4.new_code_cell("probs, T = [0.6, 0.3, 0.1], 0.5\nanswer = None", metadata={"tags": ["exercise"]}),
        nbformat.v4.new_code_cell(
            "from exercises import check_temperature\npassed = check_temperature(answer, probs, T)",
            metadata={"tags": ["check"]},
        ),
        nbformat.v4.new_code_cell(
            "answer = [0.6, 0.3, 0.1]  # wrong: T is ignored\n"
            "assert check_temperature(answer, probs, T), "
            "'the solution must pass its own check'",
            metadata={"tags": ["solution"], "jupyter": {"source_hidden": True}},
        ),
    ]
    nbformat.write(nb, str(folder / "broken.ipynb"))
    [result] = notebooks.run_all([folder / "broken.ipynb"], tmp_path, tmp_path / ".cache")
    [finding] = result.findings
    assert str(finding).startswith(
        "docs/notebooks/broken.ipynb:cell 4: [notebook-error] cell 4 raised AssertionError: "
        "the solution must pass its own check"
    )
    assert result.executed is None


def test_checks_say_not_yet_with_a_hint_and_correct_when_right(capsys, monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT / "docs/notebooks"))
    import exercises as checks  # the notebooks' module, docs/notebooks/exercises.py

    assert checks.check_temperature(None, [0.6, 0.3, 0.1], 0.5) is False
    assert capsys.readouterr().out.startswith("Not yet: `answer` is still None.")
    assert checks.check_temperature([0.25, 0.35, 0.5], [0.6, 0.3, 0.1], 0.5) is False
    assert "sum to 1.100" in capsys.readouterr().out
    assert checks.check_temperature("abc", [0.6, 0.3, 0.1], 0.5) is False
    assert capsys.readouterr().out.startswith("Not yet: give one probability per word")
    right = [0.36 / 0.46, 0.09 / 0.46, 0.01 / 0.46]
    assert checks.check_temperature(right, [0.6, 0.3, 0.1], 0.5) is True
    assert capsys.readouterr().out.startswith("Correct: [0.783, 0.196, 0.022]")


# --- Links built from the repository address ----------------------------------------------


def test_colab_and_binder_links_are_built_from_the_configured_repository():
    repo, found = links.parse({"url": "https://github.com/acme/course-x", "branch": "main"})
    assert found == [] and repo is not None
    path = "docs/notebooks/tokenization.ipynb"
    assert repo.url == "https://github.com/acme/course-x"
    assert repo.colab_url(path) == (
        "https://colab.research.google.com/github/acme/course-x/blob/main/docs/notebooks/tokenization.ipynb"
    )
    assert repo.binder_url(path) == (
        "https://mybinder.org/v2/gh/acme/course-x/main?labpath=docs/notebooks/tokenization.ipynb"
    )
    branchy, _ = links.parse({"url": "https://github.com/acme/course-x.git", "branch": "release/2025"})
    assert branchy.binder_url(path).startswith("https://mybinder.org/v2/gh/acme/course-x/release%2F2025?")


@pytest.mark.parametrize(
    "value, message",
    [
        (None, "mkdocs.yml:0: [repository-config] `extra.repository` is missing"),
        ("https://github.com/a/b", "mkdocs.yml:0: [repository-config] `extra.repository` must be a mapping"),
        (
            {"url": "https://gitlab.com/a/b"},
            "mkdocs.yml:0: [repository-config] `extra.repository.url` must "
            "look like https://github.com/OWNER/REPO, not 'https://gitlab.com/a/b'",
        ),
        (
            {"url": "https://github.com/a/b", "branch": "../x"},
            "mkdocs.yml:0: [repository-config] `extra.repository.branch` must be a branch name",
        ),
    ],
)
def test_a_bad_repository_setting_is_a_finding(value, message):
    repo, [finding] = links.parse(value)
    assert repo is None and str(finding).startswith(message)


# --- Solutions folded on the site --------------------------------------------------------------

CELL = (
    '<div class="jp-Cell jp-CodeCell jp-Notebook-cell {tag}">\n<div class="jp-Cell jp-CodeCell {tag}" '
    'id="c{n}"><div class="x"><pre>code {n}</pre></div></div>\n</div>'
)


def test_solution_cells_are_folded_into_closed_details_in_order():
    page = (
        "<main>"
        + "".join(
            CELL.format(tag=tag, n=n)
            for n, tag in enumerate(["celltag_exercise", "celltag_check", "celltag_solution", "", "celltag_solution"])
        )
        + "</main>"
    )
    folded, count = solutions.fold(page)
    assert count == 2
    assert re.sub(r"<details[^>]*><summary>[^<]*</summary>\n|\n</details>", "", folded) == page
    first, second = re.findall(r"<details([^>]*)><summary>([^<]*)</summary>\n(.*?)\n</details>", folded, re.S)
    assert first[1] == "Show the solution to exercise 1"
    assert 'id="c2"' in first[2] and "code 3" not in first[2]
    assert second[1] == "Show the solution to exercise 2" and 'id="c4"' in second[2]
    assert "open" not in first[0] + second[0]


def test_an_unclosed_solution_cell_leaves_the_page_alone():
    page = '<div class="jp-Cell celltag_solution"><div>never closed'
    assert solutions.fold(page) == (page, 0)


# --- The zip ---------------------------------------------------------------------------------


def test_zip_holds_the_notebook_and_the_files_of_its_folder_it_read(tmp_path):
    folder = tmp_path / "docs/notebooks"
    (folder / "data").mkdir(parents=True)
    for name in ("x.ipynb", "nbhelpers.py", "data/a.csv", "data/unread.csv"):
        (folder / name).write_text(name)
    (tmp_path / "hooks").mkdir()
    (tmp_path / "hooks/secret.py").write_text("outside the notebook's folder")
    plan = archive.plan(
        folder / "x.ipynb",
        ["docs/notebooks/data/a.csv", "docs/notebooks/nbhelpers.py", "hooks/secret.py", "docs/notebooks/missing.txt"],
        tmp_path,
    )
    data = plan.data()
    assert zipfile.ZipFile(io.BytesIO(data)).namelist() == ["x/x.ipynb", "x/data/a.csv", "x/nbhelpers.py"]
    assert plan.data() == data  # the same files give the same bytes


def test_zip_has_pinned_requirements_from_the_lock_and_a_readme_with_the_one_command(tmp_path):
    """Unzipped anywhere, the folder says what to install (the lock's versions) and how to run it."""
    notebook = ROOT / "docs/notebooks/tokenization.ipynb"
    deps = ["docs/notebooks/nbhelpers.py", "docs/notebooks/exercises.py", "docs/notebooks/data/clinical_corpus.txt"]
    requirements, found = setup_files.requirements_txt(ROOT)
    assert found == []
    plan = archive.with_setup(archive.plan(notebook, deps, ROOT), "Tokenization", requirements)
    bundle = zipfile.ZipFile(io.BytesIO(plan.data()))
    names = bundle.namelist()
    assert {"tokenization/requirements.txt", "tokenization/README.md"} <= set(names)
    requirements = bundle.read("tokenization/requirements.txt").decode()
    (tmp_path / "requirements.txt").write_text(requirements)
    zipped, lock = lock_pins(tmp_path / "requirements.txt"), lock_pins(ROOT / "requirements-notebooks.lock")
    assert zipped == lock and len(zipped) > 50  # every pin of the lock, at the lock's version
    site = lock_pins(ROOT / "requirements.lock")
    for name in ("numpy", "matplotlib", "tokenizers", "ipykernel"):
        assert zipped[name] == site[name], name  # what the notebooks import: as the site was built
    readme = bundle.read("tokenization/README.md").decode()
    command = (
        "python3 -m venv .venv && .venv/bin/pip install -r requirements.txt && .venv/bin/jupyter lab tokenization.ipynb"
    )
    assert f"```bash\n{command}\n```" in readme
    assert readme.startswith("# Tokenization\n") and "**synthetic**" in readme
    for name in names:  # the README lists what the folder holds
        assert f"`{name.removeprefix('tokenization/')}`" in readme, name


def test_zip_requirements_follow_the_lock_when_it_changes(tmp_path):
    (tmp_path / "docs/notebooks").mkdir(parents=True)
    (tmp_path / "docs/notebooks/x.ipynb").write_text("{}")
    (tmp_path / "requirements-notebooks.lock").write_text("# a comment\nnumpy==9.9.9\nJupyterLab == 4.0.1\n")
    site = RunnableSite(tmp_path, {"url": "https://github.com/a/b"})
    _, data, found = site.add_notebook("notebooks/x.ipynb", tmp_path / "docs/notebooks/x.ipynb", [])
    text = zipfile.ZipFile(io.BytesIO(data)).read("x/requirements.txt").decode()
    assert [line for line in text.splitlines() if not line.startswith("#")] == ["numpy==9.9.9", "JupyterLab==4.0.1"]
    assert [f.rule for f in found] == ["notebook-exercises"]  # the empty notebook's, no lock finding


@pytest.mark.parametrize("lock", [None, "# only comments\n"])
def test_a_missing_or_empty_lock_is_one_finding_and_the_zips_still_build(tmp_path, lock):
    (tmp_path / "docs/notebooks").mkdir(parents=True)
    if lock is not None:
        (tmp_path / "requirements-notebooks.lock").write_text(lock)
    site = RunnableSite(tmp_path, {"url": "https://github.com/a/b"})
    lock_findings = []
    for name in ("x", "y"):
        (tmp_path / f"docs/notebooks/{name}.ipynb").write_text("{}")
        _, data, found = site.add_notebook(f"notebooks/{name}.ipynb", tmp_path / f"docs/notebooks/{name}.ipynb", [])
        assert zipfile.ZipFile(io.BytesIO(data)).namelist() == [f"{name}/{name}.ipynb"]
        lock_findings += [str(f) for f in found if f.rule == "notebook-zip-lock"]
    [finding] = lock_findings  # once per build
    assert finding.startswith("requirements-notebooks.lock:0: [notebook-zip-lock] ")
    assert "restore `requirements-notebooks.lock`" in finding


# --- The built site ----------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_the_downloaded_zip_runs_on_its_own_without_network(built_site, tmp_path, name):
    """Unzip NAME.zip from the site into an empty folder and run every cell there, offline."""
    stem = name.removesuffix(".ipynb")
    with zipfile.ZipFile(built_site / "notebooks" / f"{stem}.zip") as bundle:
        names = bundle.namelist()
        assert all(n.startswith(f"{stem}/") for n in names), names
        assert {f"{stem}/{name}", f"{stem}/nbhelpers.py", f"{stem}/exercises.py"} <= set(names)
        assert {f"{stem}/requirements.txt", f"{stem}/README.md"} <= set(names)
        bundle.extractall(tmp_path)
    source = json.loads((ROOT / "docs/notebooks" / name).read_text())
    for data in set(re.findall(r"data/[\w.-]+", json.dumps(source))):  # every data file it names
        assert f"{stem}/{data}" in names, data
    from nbclient import NotebookClient

    nb = nbformat.read(str(tmp_path / stem / name), as_version=4)
    nb.cells.insert(0, nbformat.v4.new_code_cell(NO_NETWORK))
    NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path / stem)}}
    ).execute()
    printed = [
        "".join(o.get("text", "") for o in cell.get("outputs", []))
        for cell in nb.cells
        if "solution" in cell.metadata.get("tags", [])
    ]
    assert printed and all("Correct: " in text for text in printed), printed


FAKE_COLAB = r"""
import shutil, sys, types
_google, _colab = types.ModuleType("google"), types.ModuleType("google.colab")
class _Files:  # Colab's files.upload(): the student picks a file; it is saved in the working folder
    @staticmethod
    def upload():
        shutil.copy(ZIP, NAME)
        return {NAME: open(NAME, "rb").read()}
_colab.files, _google.colab = _Files, _colab
sys.modules.update({"google": _google, "google.colab": _colab})
"""


@pytest.mark.slow
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_on_colab_the_first_cell_unpacks_the_uploaded_zip_and_the_notebook_runs(built_site, tmp_path, name):
    """Colab opens the notebook alone: its setup cell takes the uploaded zip and runs from it."""
    from nbclient import NotebookClient

    stem = name.removesuffix(".ipynb")
    alone = tmp_path / "content"  # Colab's working folder: the notebook, nothing else
    alone.mkdir()
    nb = nbformat.read(str(ROOT / "docs/notebooks" / name), as_version=4)
    upload = f"ZIP, NAME = {str(built_site / 'notebooks' / f'{stem}.zip')!r}, {stem + '.zip'!r}\n"
    nb.cells.insert(0, nbformat.v4.new_code_cell(NO_NETWORK + upload + FAKE_COLAB))
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(alone)}}).execute()
    setup = next(c for c in nb.cells if "colab-setup" in c.metadata.get("tags", []))
    assert f"Upload {stem}.zip" in "".join(o.get("text", "") for o in setup.outputs)
    assert (alone / stem / "nbhelpers.py").is_file()


def hrefs(html: str, cls: str) -> list[str]:
    return re.findall(rf'<a class="[^"]*\b{cls}\b[^"]*" href="([^"]+)"', html)


@pytest.mark.slow
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_page_offers_download_colab_and_binder_for_its_own_file(built_site, name):
    stem = name.removesuffix(".ipynb")
    html = (built_site / "notebooks" / f"{stem}.html").read_text()
    assert hrefs(html, "course-run__download") == [f"{stem}.zip"]
    assert (built_site / "notebooks" / f"{stem}.zip").is_file()
    assert hrefs(html, "course-run__colab") == [
        f"https://colab.research.google.com/github/llms-meet-healthcare/course/blob/main/docs/notebooks/{name}"
    ]
    assert hrefs(html, "course-run__binder") == [
        f"https://mybinder.org/v2/gh/llms-meet-healthcare/course/main?labpath=docs/notebooks/{name}"
    ]
    # The block sits under the title, and every solution is folded, closed.
    assert html.index("</h1>") < html.index("course-run") < html.index("jp-CodeCell")
    cells = json.loads((ROOT / "docs/notebooks" / name).read_text())["cells"]
    exercises_in_source = exercises.count_exercises(cells)
    folded = r'<details class="success course-solution"><summary>Show the solution to exercise \d'
    assert len(re.findall(folded, html)) == exercises_in_source
    assert "google.colab" not in html  # the Colab-only upload cell is not shown on the site


@pytest.mark.slow
def test_every_lesson_that_links_a_notebook_offers_its_download(built_site, repo_root):
    linked = {}
    for lesson in (repo_root / "docs/modules").rglob("*.md"):
        for name in set(re.findall(r"notebooks/([\w-]+)\.ipynb", lesson.read_text())):
            page = lesson.relative_to(repo_root / "docs").with_suffix(".html").as_posix()
            linked.setdefault(page, set()).add(name)
    assert len(linked) >= 5
    for page, names in linked.items():
        html = (built_site / page).read_text()
        assert sorted(hrefs(html, "course-run__download")) == sorted(f"../../notebooks/{n}.zip" for n in names), page


@pytest.mark.slow
def test_site_links_the_repository_and_never_github_api(built_site):
    for page in ("index.html", "notebooks/index.html", "notebooks/run-locally.html", "about.html"):
        footer_link = f'<a href="{REPO}">github.com/llms-meet-healthcare/course</a>'
        assert footer_link in (built_site / page).read_text(), page
    index = (built_site / "notebooks/index.html").read_text()
    assert re.search(rf'clone <a href="{REPO}">the course repository</a>', index)
    assert not any("api.github.com" in p.read_text(errors="ignore") for p in built_site.rglob("*.html"))


def test_repo_url_stays_unset_and_the_repository_is_configured():
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])
    Loader.add_multi_constructor("tag:yaml.org,2002:python/name:", lambda loader, suffix, node: suffix)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=Loader)
    assert "repo_url" not in config
    assert config["extra"]["repository"] == {"url": REPO, "branch": "main"}


# --- One command to run them locally, and Binder's environment -------------------------------


def test_the_notebooks_extra_is_locked_and_agrees_with_the_build():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extra = project["optional-dependencies"]["notebooks"]
    assert any(req.startswith("jupyterlab>=4") for req in extra)
    lock = lock_pins(ROOT / "requirements-notebooks.lock")
    build = lock_pins(ROOT / "requirements.lock")
    for requirement in extra:
        name = re.match(r"[A-Za-z0-9_.-]+", requirement).group(0).lower()
        assert name in lock, name
    for shared in ("numpy", "matplotlib", "tokenizers", "ipykernel"):
        assert lock[shared] == build[shared], shared  # students run what the site was built with
    binder = lock_pins(ROOT / "binder/requirements.txt")
    assert binder == {name: build[name] for name in ("numpy", "matplotlib", "tokenizers")}


def test_run_locally_page_gives_one_command_from_a_fresh_clone():
    page = (ROOT / "docs/notebooks/run-locally.md").read_text()
    command = (
        "python3 -m venv .venv-notebooks && .venv-notebooks/bin/pip install -r "
        "requirements-notebooks.lock && .venv-notebooks/bin/jupyter lab docs/notebooks"
    )
    assert f"```bash\n{command}\n```" in page
    assert command in (ROOT / "docs/notebooks/index.md").read_text()
    readme = subprocess.run(
        ["bash", str(ROOT / ".ci/readme-command"), "notebooks"], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert readme == command
    nav = (ROOT / "mkdocs.yml").read_text()
    assert "- notebooks/run-locally.md" in nav
