"""The built site's HTML is valid, as the Nu HTML Checker (npm's vnu-jar, run with Java) judges it:
every page, with the theme's and extensions' known messages allowed in ``tests/vnu-allowed.yml``
(each with its reason). Any other error or warning fails, and so does an allowed entry that no
longer matches anything. Java and npm missing skip the test locally and fail it in CI.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
ALLOWED = ROOT / "tests" / "vnu-allowed.yml"
PREFIX = ROOT / ".cache" / "node"
JAR = PREFIX / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def unavailable(message: str):
    if os.environ.get("CI"):
        pytest.fail(f"{message} (CI is set, so the HTML check must run)", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def vnu() -> list[str]:
    java = shutil.which("java")
    if not java:
        unavailable("java not found: apt-get install default-jre-headless")
    if not JAR.is_file():
        npm = shutil.which("npm")
        if not npm:
            unavailable("npm not found, so vnu-jar cannot be installed: apt-get install npm")
        result = subprocess.run(
            [npm, "install", "--prefix", str(PREFIX), "--no-audit", "--no-fund", "--ignore-scripts", "vnu-jar@26"],
            capture_output=True,
            text=True,
        )
        if result.returncode != 0 or not JAR.is_file():
            unavailable("npm install vnu-jar failed:\n" + result.stdout + result.stderr)
    return [str(java), "-Xss8m", "-jar", str(JAR)]


def allowed() -> list[dict[str, str]]:
    entries = yaml.safe_load(ALLOWED.read_text(encoding="utf-8"))
    assert isinstance(entries, list) and all(
        isinstance(e, dict) and e.get("message") and e.get("reason") for e in entries
    )
    return entries


def checked(message: dict) -> bool:
    """Errors and warnings; plain information (no subType) is not a problem."""
    return message.get("type") == "error" or message.get("subType") == "warning"


def test_allow_list_entries_have_a_reason_and_compile():
    for entry in allowed():
        re.compile(entry["message"])
        re.compile(entry.get("extract", ""))
        assert len(entry["reason"]) > 20, entry


def test_every_page_is_valid_html_of_our_own(built_site, vnu):
    site = Path(built_site)
    pages = sorted(str(p) for p in site.rglob("*.html"))
    assert len(pages) > 40
    result = subprocess.run([*vnu, "--format", "json", "--skip-non-html", *pages], capture_output=True, text=True)
    report = json.loads(result.stderr or "{}")  # vnu writes its JSON report to stderr
    assert "messages" in report, result.stdout + result.stderr
    entries = allowed()
    used = [0] * len(entries)
    problems = []
    for message in filter(checked, report["messages"]):
        text, extract = message.get("message", ""), message.get("extract", "")
        hit = next(
            (
                i
                for i, e in enumerate(entries)
                if re.search(e["message"], text) and re.search(e.get("extract", ""), extract)
            ),
            None,
        )
        if hit is None:
            where = re.sub(r"^file:/*", "/", message.get("url", "")).replace(str(site), "").lstrip("/")
            problems.append(
                f"{where}:{message.get('lastLine', '?')}: {message.get('type')}: {text} [{extract.strip()[:120]}]"
            )
        else:
            used[hit] += 1
    assert not problems, f"{len(problems)} vnu messages not in {ALLOWED.name}:\n" + "\n".join(problems[:60])
    stale = [e["message"] for e, n in zip(entries, used) if not n]
    assert not stale, f"entries of {ALLOWED.name} that match nothing any more (delete them): {stale}"
