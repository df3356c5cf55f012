"""Shared fixtures: the repository, and the real course built once per test session."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from filelock import FileLock

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


def mkdocs_build(
    config: Path, site_dir: Path, strict: bool = True, env: dict[str, str] | None = None, verbose: bool = False
) -> subprocess.CompletedProcess:
    """Run ``mkdocs build`` the way an instructor or CI does, capturing its output."""
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(site_dir)]
    if strict:
        command.append("--strict")
    if verbose:
        command.append("--verbose")
    # Copies of the course share the executed-notebook cache (keyed by content, so always valid).
    return subprocess.run(
        command,
        capture_output=True,
        text=True,
        cwd=config.parent,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "COURSE_CACHE_DIR": str(ROOT / ".cache"), **(env or {})},
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, worker_id) -> Path:
    """The real course, built strictly once; every test that reads the site uses this build.

    Under pytest-xdist the workers share one build: the first to need it builds it while holding
    a lock, the others wait for it (and, if it failed, fail with its output, without building
    again). Set COURSE_SITE_DIR to reuse a site built beforehand.
    """
    prebuilt = os.environ.get("COURSE_SITE_DIR")
    if prebuilt and (Path(prebuilt) / "index.html").exists():
        return Path(prebuilt)
    shared = tmp_path_factory.getbasetemp() if worker_id == "master" else tmp_path_factory.getbasetemp().parent
    site, failure = shared / "built-site", shared / "built-site.failed"
    with FileLock(str(shared / "built-site.lock")):
        if not failure.exists() and not (site / "index.html").exists():
            result = mkdocs_build(ROOT / "mkdocs.yml", site)
            if result.returncode != 0:
                failure.write_text(result.stdout + result.stderr, encoding="utf-8")
    if failure.exists():
        pytest.fail("the course does not build strictly:\n" + failure.read_text(encoding="utf-8"))
    return site


# What a build of the course reads: a copy of these is a course that builds.
BUILD_INPUTS = ("mkdocs.yml", "pyproject.toml", "requirements-notebooks.lock", "docs", "overrides", "hooks")


def copy_course(target: Path) -> Path:
    """Copy only what a build needs (not .venv, .cache, .git or a built site: 0.02 s, not 9 s)."""
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
    for name in BUILD_INPUTS:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=ignore, symlinks=True)
        else:
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


@pytest.fixture
def course_copy(tmp_path) -> Path:
    """A scratch copy of the course (what a build reads) to break on purpose."""
    return copy_course(tmp_path / "course")


# Fixtures that build a site, execute notebooks or start a browser: a test using one is slow.
SLOW_FIXTURES = {"built_site", "browser", "page", "served_site", "site_server", "two_runs"}


def pytest_collection_modifyitems(config, items):
    """Mark tests consistently: whatever builds the site is `slow`, so the quick loop
    (`pytest -m "not slow and not browser"`) never builds it."""
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())) and "slow" not in item.keywords:
            item.add_marker(pytest.mark.slow)


# --- Failures as GitHub Actions annotations (on the failing line of a pull request) ------------


def pytest_runtest_logreport(report):
    """Under GitHub Actions, print `::error file=...,line=...::` for each failing test."""
    if not report.failed or os.environ.get("GITHUB_ACTIONS") != "true":
        return
    print("\n" + failure_annotation(report), flush=True)


def failure_annotation(report) -> str:
    crash = getattr(report.longrepr, "reprcrash", None)
    path, line = report.location[0], report.location[1] + 1 if report.location[1] is not None else 0
    if crash is not None and Path(crash.path).resolve().is_relative_to(ROOT):  # else: in a library, annotate the test
        path, line = Path(crash.path).resolve().relative_to(ROOT).as_posix(), crash.lineno
    message = (crash.message if crash is not None else str(report.longrepr)).splitlines()[0][:500]
    escape = {"%": "%25", "\r": "%0D", "\n": "%0A"}
    text = "".join(escape.get(c, c) for c in f"{report.nodeid}: {message}")
    return f"::error file={path},line={line},title=pytest::{text}"
