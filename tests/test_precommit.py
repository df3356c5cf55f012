"""Pre-commit in a fresh clone: after the README's set-up and `pre-commit install`, a commit with
a broken lesson is refused with the located message and a good one goes through, with nothing
activated."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VENV = Path(sys.executable).parent.parent  # the venv the README's command made


def git(cwd: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=env)


@pytest.mark.slow
def test_pre_commit_refuses_a_broken_lesson_in_a_fresh_clone(tmp_path):
    if not (VENV / "bin" / "pre-commit").exists() or shutil.which("git") is None:
        pytest.skip("pre-commit (test extra) or git is not installed")
    source = tmp_path / "source"
    # the working tree as committed: what a contributor clones
    tree = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for name in filter(None, tree.decode().split("\0")):
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env.update(
        PATH="/usr/bin:/bin",
        PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"),
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.org",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.org",
    )
    git(source, "init", "-q", "-b", "main", env=env)
    git(source, "add", "-A", env=env)
    assert git(source, "commit", "-q", "-m", "course", "--no-verify", env=env).returncode == 0
    clone = tmp_path / "clone"
    assert git(tmp_path, "clone", "-q", str(source), str(clone), env=env).returncode == 0
    (clone / ".venv").symlink_to(VENV)  # the README's set-up made .venv here
    installed = subprocess.run(
        [str(clone / ".venv/bin/pre-commit"), "install"], cwd=clone, env=env, capture_output=True, text=True
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr

    lesson = clone / "docs/modules/01-foundations/tokenization.md"
    good = lesson.read_text()
    label = re.search(r"\[\^([^\]]+)\](?!:)", good.split("\n---\n", 1)[1]).group(1)
    lesson.write_text(good.replace(f"[^{label}]", "[^gpt-two]", 1))
    git(clone, "add", str(lesson), env=env)
    refused = git(clone, "commit", "-m", "break a footnote", env=env)
    assert refused.returncode != 0
    output = refused.stdout + refused.stderr
    assert (
        "docs/modules/01-foundations/tokenization.md:" in output
        and "[footnote-undefined] footnote `[^gpt-two]` is referenced but never defined" in output
    ), refused.stdout + refused.stderr

    lesson.write_text(good.replace("Tokenization", "Tokenisation", 1) if "Tokenization" in good else good + "\n")
    git(clone, "add", str(lesson), env=env)
    accepted = git(clone, "commit", "-m", "a good edit", env=env)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
