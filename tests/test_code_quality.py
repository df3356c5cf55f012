"""The tooling's code is linted, formatted and type-checked: ruff and mypy, clean, in every run
of the README's test command (and so in CI)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True)


@pytest.mark.parametrize(
    "command",
    [
        ("ruff", "check", "hooks", "bench", "tests"),
        ("ruff", "format", "--check", "hooks", "bench", "tests"),
        ("mypy",),
    ],
    ids=["ruff-check", "ruff-format", "mypy"],
)
def test_the_code_is_clean(command):
    tool = BIN / command[0]
    if not tool.exists():
        pytest.fail(f"{command[0]} is not installed: it is in the test extra (requirements-test.lock)")
    result = run(str(tool), *command[1:])
    assert result.returncode == 0, result.stdout + result.stderr
