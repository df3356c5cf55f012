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
    names = [step.get("name", "").split(" (")[0] for step in steps]
    upload = names.index("Upload the site for Pages")
    for required in ("Strict build", "Test suite", "Internal links and anchors"):
        assert names.index(required) < upload


def test_the_external_link_check_never_holds_back_a_deploy(repo_root):
    jobs = yaml.safe_load((repo_root / ".github/workflows/ci.yml").read_text())["jobs"]
    build = "\n".join(step.get("run", "") for step in jobs["build-and-test"]["steps"])
    assert "--external" not in build
    external = jobs["external-links"]
    assert external["continue-on-error"] is True
    assert "--external --format github" in "\n".join(step.get("run", "") for step in external["steps"])
    assert "external-links" not in str(jobs["deploy"]["needs"])


def test_build_link_and_test_failures_become_annotations(repo_root):
    jobs = yaml.safe_load((repo_root / ".github/workflows/ci.yml").read_text())["jobs"]
    steps = {step.get("name", "").split(" (")[0]: step for step in jobs["build-and-test"]["steps"]}
    assert "--format github" in steps["Lesson checks"]["run"]
    build = steps["Strict build"]
    assert build["shell"] == "bash" and "| .venv/bin/course-annotate" in build["run"]  # bash: -eo pipefail
    assert "course-links site --format github" in steps["Internal links and anchors"]["run"]
    assert "def pytest_runtest_logreport" in (repo_root / "tests/conftest.py").read_text()


def test_properdocs_and_the_next_pythons_build_and_test(repo_root):
    job = yaml.safe_load((repo_root / ".github/workflows/ci.yml").read_text())["jobs"]["other-generators"]
    matrix = {(row["python"], row["generator"]) for row in job["strategy"]["matrix"]["include"]}
    assert matrix == {("3.11", "properdocs"), ("3.12", "mkdocs"), ("3.13", "mkdocs")}
    runs = "\n".join(step.get("run", "") for step in job["steps"])
    assert "pip install -q properdocs==1.6.7" in runs and "--require-hashes -r requirements-test.lock" in runs
    assert "build --strict" in runs and "not slow and not browser" in runs


def test_the_build_log_annotator_locates_course_and_mkdocs_problems():
    from coursetools.cli.annotate import annotate_lines

    log = [
        "INFO    -  course: 52 pages; 0 errors",
        "ERROR   -  course: docs/modules/a.md:12: [footnote-undefined] footnote `[^x]` is undefined; add it",
        "WARNING -  docs/b.md:3: [review-due] lesson due for review; review it",
        "WARNING -  Doc file 'modules/a.md' contains a link 'x.md', but the target is not found.",
    ]
    assert list(annotate_lines(log)) == [
        "::error file=docs/modules/a.md,line=12,title=footnote-undefined::footnote `[^x]` is undefined; add it",
        "::warning file=docs/b.md,line=3,title=review-due::lesson due for review; review it",
        "::error file=docs/modules/a.md,title=build-warning::Doc file 'modules/a.md' contains a link 'x.md', "
        "but the target is not found.",
    ]


def test_a_failing_test_is_annotated_on_its_line(repo_root):
    from types import SimpleNamespace

    from conftest import failure_annotation

    crash = SimpleNamespace(path=str(repo_root / "tests/test_x.py"), lineno=7, message="assert 1 == 2\nmore")
    report = SimpleNamespace(
        location=("tests/test_x.py", 3, "test_y"),
        nodeid="tests/test_x.py::test_y",
        longrepr=SimpleNamespace(reprcrash=crash),
    )
    assert (
        failure_annotation(report)
        == "::error file=tests/test_x.py,line=7,title=pytest::tests/test_x.py::test_y: assert 1 == 2"
    )


def test_weekly_link_check_reports_to_an_issue(repo_root):
    workflow = yaml.safe_load((repo_root / ".github/workflows/links-weekly.yml").read_text())
    assert "schedule" in workflow[True] or "schedule" in workflow.get("on", {})
    runs = "\n".join(step.get("run", "") for step in workflow["jobs"]["links"]["steps"])
    assert "--external" in runs and "gh issue create" in runs and "gh issue comment" in runs
