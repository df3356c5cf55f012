"""Notebooks run sandboxed: a scrubbed environment, bounds on memory, processes, network and wall
time, and a scan of cells and outputs for secrets. Slow tests execute small hostile notebooks with
small limits (every bound stops its cell within seconds) and never send traffic anywhere: the
address tried is non-routable, and the kernel has no network to send it on."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from conftest import mkdocs_build
from coursetools.findings import Finding
from coursetools.notebooks import bounds as breaches
from coursetools.notebooks import execute as notebooks
from coursetools.notebooks import secrets
from coursetools.notebooks.cache import NotebookCache
from coursetools.safety import sandbox
from coursetools.safety.files import Limits

# Secret-shaped strings are made at run time, so this file holds none itself.
GITHUB = "gh" + "p_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"
FAKE = "fake-" + "Secret-9f8e7d6c5b4a3210"
SMALL = sandbox.Bounds(memory_mb=300, processes=48, notebook_seconds=20)


def notebook(path: Path, *code: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Hostile on purpose"), nbformat.v4.new_code_cell("x = 1")]
    nb.cells += [nbformat.v4.new_code_cell(c) for c in code]
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))
    return path


# --- environment -------------------------------------------------------------------------------


def test_kernel_environment_is_the_allow_list_only(tmp_path):
    build = {
        "PATH": "/usr/bin",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "TZ": "UTC",
        "FAKE_SECRET_TOKEN": FAKE,
        "GITHUB_TOKEN": GITHUB,
        "GITHUB_REPOSITORY": "x/y",
        "CI": "true",
        "COURSE_CACHE_DIR": "/tmp/x",
        "AWS_SECRET_ACCESS_KEY": FAKE,
    }
    env = sandbox.scrubbed_environment(build, tmp_path / "home")
    assert set(env) == {"PATH", "LANG", "LC_ALL", "TZ", "HOME", "TMPDIR", "PYDEVD_DISABLE_FILE_VALIDATION"}
    assert env["HOME"] == str(tmp_path / "home")
    assert FAKE not in json.dumps(env) and GITHUB not in json.dumps(env)


# --- the secret scan ---------------------------------------------------------------------------


def scanned(text: str, environ: dict[str, str] | None = None, output: bool = True) -> list[Finding]:
    cell = nbformat.v4.new_code_cell("print(1)" if output else text)
    if output:
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=text)]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# t"), cell])
    return secrets.scan(nb, "docs/notebooks/x.ipynb", environ or {})


@pytest.mark.parametrize(
    "text, label",
    [
        (f"token is {GITHUB}", "a GitHub token"),
        ("github_pat_" + "11ABCDEFG0" * 4, "a GitHub token"),
        ("AKIA" + "IOSFODNN7EXAMPLE", "an AWS access key id"),
        ("-----BEGIN RSA " + "PRIVATE KEY-----\nMIIE...", "a private key"),
        ("-----BEGIN OPENSSH " + "PRIVATE KEY-----", "a private key"),
        ("xox" + "b-1234567890-abcdefghij", "a Slack token"),
        (
            "eyJ" + "hbGciOiJIUzI1NiJ9.eyJ" + "zdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
            "JSON Web",
        ),
        ("DEPLOY_TOKEN=" + "q8Zr2Lw9Xk4Tn7Vb1Yc6", "`DEPLOY_TOKEN` is assigned"),
        ("{'MY_SECRET': '" + "Zq8r2Lw9Xk4Tn7Vb1Yc6'}", "`MY_SECRET` is assigned"),
        ("password = " + "'h7Gk2Lq9Zx4Vb1Nm8Rt5'", "`password` is assigned"),
    ],
)
def test_secret_shapes_are_found_with_the_cell_named_and_never_repeated(text, label):
    [finding] = scanned(text)
    assert str(finding).startswith("docs/notebooks/x.ipynb:cell 2: [notebook-secret] cell 2 output: ")
    assert label in finding.message
    assert text.split()[-1].strip("'}") not in str(finding)  # only its first characters


def test_source_cells_and_tracebacks_are_scanned_too():
    [finding] = scanned(f"key = '{GITHUB}'", output=False)
    assert "cell 2 source: a GitHub token" in finding.message
    cell = nbformat.v4.new_code_cell("boom()")
    cell.outputs = [nbformat.v4.new_output("error", ename="KeyError", evalue=GITHUB, traceback=[])]
    [finding] = secrets.scan(nbformat.v4.new_notebook(cells=[cell]), "x.ipynb", {})
    assert "cell 1 error" in finding.message


def test_a_value_of_a_secret_named_build_variable_is_found():
    [finding] = scanned(f"the value: {FAKE}!", {"FAKE_SECRET_TOKEN": FAKE, "HOME": "/root/somewhere"})
    assert "the build's `FAKE_SECRET_TOKEN` variable" in finding.message and FAKE not in str(finding)
    assert scanned("short", {"API_TOKEN": "short"}) == []  # values under 8 characters are not looked for


@pytest.mark.parametrize(
    "text",
    [
        "tokens = ax.yaxis.get_major_ticks()  # a word, not a secret",
        "vocab_size = 1000; tokens = tokenizer.encode(text)",
        "password = input('password: ')",
        "API_KEY = os.environ['API_KEY']",
        "TOKEN=abcabcabcabcabcabc",  # long but low entropy
        "sha256: 3f8a9c0b2d4e6f8a1b3c5d7e9f0a2b4c6d8e0f1a",
    ],
)
def test_ordinary_code_is_not_a_secret(text):
    assert scanned(text) == [] and scanned(text, output=False) == []


def test_the_course_notebooks_sources_hold_no_secret_shape(repo_root):
    for path in sorted((repo_root / "docs/notebooks").glob("*.ipynb")):
        assert secrets.scan(nbformat.read(str(path), as_version=4), path.name, {}) == [], path.name


# --- settings and the cache key ----------------------------------------------------------------


def test_bounds_come_from_extra_course_limits():
    limits = Limits.from_extra(
        {"course": {"limits": {"notebook_memory_mb": 256, "notebook_processes": 32, "notebook_seconds": 9}}}
    )
    assert limits.notebook_bounds == sandbox.Bounds(256, 32, 9)
    assert Limits.from_extra({}).notebook_bounds == sandbox.Bounds()


def test_changing_a_bound_changes_the_cache_key(tmp_path):
    path = notebook(tmp_path / "docs/notebooks/ok.ipynb", "print(2)")
    NotebookCache(tmp_path / ".cache", tmp_path, SMALL.key()).store(path, nbformat.read(str(path), as_version=4), set())
    assert NotebookCache(tmp_path / ".cache", tmp_path, SMALL.key()).lookup(path) is not None
    bigger = sandbox.Bounds(SMALL.memory_mb + 1, SMALL.processes, SMALL.notebook_seconds)
    assert NotebookCache(tmp_path / ".cache", tmp_path, bigger.key()).lookup(path) is None


def test_breaches_are_told_apart_from_ordinary_errors():
    def rule(ename: str, evalue: str) -> str | None:
        found = breaches.breach("x.ipynb", 3, ename, evalue, SMALL, 0)
        return found.rule if found else None

    assert rule("MemoryError", "Unable to allocate 2.00 GiB") == "notebook-memory"
    assert rule("PermissionError", f"{sandbox.REFUSED} no network | socket.connect ('10.0.0.1', 80)") == (
        "notebook-network"
    )
    assert rule("BlockingIOError", "[Errno 11] Resource temporarily unavailable") == "notebook-processes"
    assert rule("ValueError", "bad input") is None


# --- hostile notebooks, executed ---------------------------------------------------------------

HOSTILE = {
    "memory": ("import numpy\nx = numpy.ones(2 * 2**30, dtype='uint8')", "notebook-memory", "300 MB"),
    "processes": (
        "import os, time\nfor i in range(1000):\n    if os.fork() == 0:\n        time.sleep(20)\n        os._exit(0)",
        "notebook-processes",
        "48 processes",
    ),
    "network": ("import socket\nsocket.create_connection(('10.255.255.1', 80), timeout=2)", "notebook-network", ""),
    "network-caught": (
        "import socket\ntry:\n    socket.create_connection(('10.255.255.1', 80), timeout=2)\nexcept OSError:\n    pass",
        "notebook-network",
        "",
    ),
    "wall-time": ("import time\ntime.sleep(60)", "notebook-wall-time", "20 s bound"),
}


@pytest.mark.slow
def test_each_breach_is_one_located_finding_and_never_cached(tmp_path):
    paths = [
        notebook(tmp_path / f"docs/notebooks/{name}.ipynb", code, "print('after')")
        for name, (code, _, _) in HOSTILE.items()
    ]
    paths.append(notebook(tmp_path / "docs/notebooks/env.ipynb", "import os\nprint(dict(os.environ))"))
    for _ in range(2):  # the second run executes the breaching notebooks again: none was cached
        results = notebooks.run_all(paths, tmp_path, tmp_path / ".cache", timeout=30, bounds=SMALL)
        for result, (name, (_, rule, text)) in zip(results, HOSTILE.items()):
            assert not result.cached and result.executed is None, name
            [finding] = result.findings
            assert str(finding).startswith(f"docs/notebooks/{name}.ipynb:cell 3: [{rule}] cell 3"), str(finding)
            assert text in str(finding) and "Traceback" not in str(finding)
            assert result.seconds < 60, (name, result.seconds)
    env = results[-1]
    assert env.findings == [] and env.cached and env.executed is not None


@pytest.mark.slow
def test_the_build_environment_never_reaches_a_notebook(tmp_path, monkeypatch):
    monkeypatch.setenv("FAKE_SECRET_TOKEN", FAKE)
    path = notebook(tmp_path / "docs/notebooks/env.ipynb", "import os\nprint(dict(os.environ))", f"print('{GITHUB}')")
    [result] = notebooks.run_all([path], tmp_path, tmp_path / ".cache", bounds=SMALL)
    [finding] = result.findings  # the printed token; the variable never reached the kernel
    assert str(finding).startswith("docs/notebooks/env.ipynb:cell 4: [notebook-secret] cell 4 source: a GitHub token")
    assert result.executed is None


@pytest.mark.slow
def test_build_publishes_no_build_variable_in_page_download_or_search(course_copy, tmp_path):
    notebook(course_copy / "docs/notebooks/environment.ipynb", "import os\nprint(dict(os.environ))")
    site = tmp_path / "site"
    # Not strict: the page is not in the nav and has no exercises, which only warn.
    env = {"FAKE_SECRET_TOKEN": FAKE, "GITHUB_TOKEN": GITHUB}
    result = mkdocs_build(course_copy / "mkdocs.yml", site, strict=False, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    page = (site / "notebooks/environment.html").read_text()
    download = (site / "notebooks/environment.ipynb").read_text()
    index = (site / "search/search_index.json").read_text()
    assert "TMPDIR" in download  # the cell ran and printed its (scrubbed) environment
    for text in (page, download, index):
        assert FAKE not in text and GITHUB not in text and "FAKE_SECRET_TOKEN" not in text


def test_the_standalone_check_finds_a_secret_in_a_committed_output(tmp_path):
    """course-check (no build, no execution) reads the notebook as committed."""
    from coursetools import course

    token = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"
    cell = {"cell_type": "code", "metadata": {}, "execution_count": 1, "source": ["print(t)\n"]}
    cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": [token + "\n"]}]
    path = tmp_path / "leak.ipynb"
    path.write_text(json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    found = course._committed_secrets(path, "docs/notebooks/leak.ipynb")
    assert [(f.rule, f.where) for f in found] == [("notebook-secret", "cell 1")]
    assert token not in found[0].message
    path.write_text("{not json")
    assert course._committed_secrets(path, "docs/notebooks/leak.ipynb") == []
