"""Issue 24's "done when": a fresh clone, set up with the README's own command (the pip cache may
be warm), gives an instructor everything the README then tells them to run, and pre-commit
refuses a lesson removed from `nav:` and a broken data file, each with a located message."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from test_guide_commands import guide_example

ROOT = Path(__file__).resolve().parent.parent
LESSON = "modules/01-foundations/tokenization.md"


def run(command: str | list[str], cwd: Path, env: dict[str, str], timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, shell=isinstance(command, str)
    )


@pytest.mark.slow
def test_a_fresh_clone_set_up_by_the_readme_refuses_what_the_build_would(tmp_path):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env.update(
        PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"),
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.org",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.org",
        NO_MKDOCS_2_WARNING="1",
    )
    clone = tmp_path / "clone"
    cloned = run(["git", "clone", "-q", str(ROOT), str(clone)], tmp_path, env)
    assert cloned.returncode == 0, cloned.stderr
    # The README's serve command, up to the serve itself: the one set-up an instructor runs.
    serve = run(["bash", str(clone / ".ci/readme-command"), "serve"], clone, env).stdout.strip()
    setup = serve.split(" && NO_MKDOCS_2_WARNING=1 .venv/bin/mkdocs serve")[0]
    assert setup != serve and "requirements.lock" in setup
    done = run(setup, clone, env, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr

    # Everything the README then names is installed by that set-up.
    for name in ("course-check", "course-links", "course-docs", "course-new-lesson", "pre-commit", "lychee"):
        assert (clone / ".venv/bin" / name).exists(), f"{name} is not installed by the README's set-up"
    assert run([".venv/bin/lychee", "--version"], clone, env).returncode == 0
    installed = run([".venv/bin/pre-commit", "install"], clone, env)
    assert installed.returncode == 0, installed.stdout + installed.stderr

    # A lesson removed from nav: is refused, located at the lesson.
    config = clone / "mkdocs.yml"
    good_config = config.read_text()
    config.write_text(good_config.replace(f"      - {LESSON}\n", "", 1))
    assert config.read_text() != good_config
    run(["git", "add", "mkdocs.yml"], clone, env)
    refused = run(["git", "commit", "-m", "drop a lesson from the navigation"], clone, env)
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    assert f"docs/{LESSON}:1: [nav-missing] lesson is not in the navigation" in output, output
    config.write_text(good_config)
    run(["git", "add", "mkdocs.yml"], clone, env)

    # A data file with a YAML error is refused, located at its line.
    tags = clone / "docs/_data/tags.yml"
    good_tags = tags.read_text()
    tags.write_text(good_tags.replace("\ntokenization: ", "\ntokenization: [unclosed\nbroken: ", 1))
    run(["git", "add", "docs/_data/tags.yml"], clone, env)
    refused = run(["git", "commit", "-m", "break the tag vocabulary"], clone, env)
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    assert re.search(r"docs/_data/tags\.yml:\d+: \[data-file\] this file is not valid YAML", output), output
    tags.write_text(good_tags)
    run(["git", "add", "docs/_data/tags.yml"], clone, env)

    # The guide's example, copied as a lesson, passes every rule but those only a whole lesson
    # can (length, the self-check quiz), as the guide says.
    example = clone / "docs/modules/01-foundations/example.md"
    example.write_text(guide_example())
    checked = run([".venv/bin/course-check", "--no-cache", str(example)], clone, env)
    rules = set(re.findall(r"example\.md:\d+: \[([\w-]+)\]", checked.stdout))
    assert rules <= {"content-length", "quiz-missing", "nav-missing", "review-overdue"}, checked.stdout
    example.unlink()

    # With everything restored, a commit goes through.
    (clone / "docs/modules/01-foundations/tokenization.md").write_text(
        (clone / "docs/modules/01-foundations/tokenization.md").read_text() + "\n"
    )
    run(["git", "add", "-A"], clone, env)
    accepted = run(["git", "commit", "-m", "a good edit"], clone, env)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
