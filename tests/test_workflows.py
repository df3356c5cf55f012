"""CI configuration: valid workflows that run the README's own commands."""

from __future__ import annotations

import subprocess
import sys

import yaml


def test_workflows_are_valid_github_actions(repo_root):
    workflows = sorted((repo_root / ".github/workflows").glob("*.yml"))
    assert workflows
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", *map(str, workflows)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def readme_command(repo_root, name):
    return subprocess.run(
        ["bash", str(repo_root / ".ci/readme-command"), name], capture_output=True, text=True, check=True
    ).stdout.strip()


def test_readme_has_the_two_commands(repo_root):
    assert readme_command(repo_root, "serve").endswith("NO_MKDOCS_2_WARNING=1 .venv/bin/mkdocs serve --dirty")
    assert readme_command(repo_root, "test").endswith("python -m pytest")


def test_ci_runs_the_readme_test_command(repo_root):
    ci = (repo_root / ".ci/run").read_text()
    assert ".ci/readme-command test" in ci and 'eval "$command"' in ci
    workflow = yaml.safe_load((repo_root / ".github/workflows/ci.yml").read_text())
    steps = workflow["jobs"]["build-and-test"]["steps"]
    runs = "\n".join(step.get("run", "") for step in steps)
    assert 'eval "$(.ci/readme-command test)"' in runs
    # The install the workflow does first is the README's, word for word.
    install = readme_command(repo_root, "test").rsplit(" && ", 1)[0].replace("python3 -m venv", "python -m venv")
    assert install in runs


def test_deploy_happens_only_after_build_and_tests_on_main(repo_root):
    workflow = yaml.safe_load((repo_root / ".github/workflows/ci.yml").read_text())
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build-and-test"
    assert "refs/heads/main" in deploy["if"]
    steps = workflow["jobs"]["build-and-test"]["steps"]
    names = [step.get("name", "") for step in steps]
    upload = names.index("Upload the site for Pages")
    for required in (
        "Strict build",
        "Test suite (the README's test command)",
        "Internal links and anchors",
        "External links",
    ):
        assert names.index(required) < upload


def test_weekly_link_check_reports_to_an_issue(repo_root):
    workflow = yaml.safe_load((repo_root / ".github/workflows/links-weekly.yml").read_text())
    assert "schedule" in workflow[True] or "schedule" in workflow.get("on", {})
    runs = "\n".join(step.get("run", "") for step in workflow["jobs"]["links"]["steps"])
    assert "--external" in runs and "gh issue create" in runs and "gh issue comment" in runs
