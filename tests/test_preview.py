"""The instructor's loop: problems on the page under `mkdocs serve` only, quiet logs, and a new
lesson in one command that builds strictly."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import mkdocs_build
from test_build import add_broken_lesson

pytestmark = pytest.mark.slow


ROOT = Path(__file__).resolve().parent.parent
MKDOCS = str(Path(sys.executable).parent / "mkdocs")
BANNER = "Material for MkDocs reaches end of life"


def readme_serve_command() -> str:
    """The README's serve command, from `.venv/bin/mkdocs` on (the set-up before it is done)."""
    line = subprocess.run(
        ["bash", str(ROOT / ".ci/readme-command"), "serve"], capture_output=True, text=True, check=True
    ).stdout.strip()
    return line.split(" && ")[-1].replace(".venv/bin/mkdocs", MKDOCS)


@contextmanager
def serving(course: Path, command: str | None = None):
    """`mkdocs serve` the way the README runs it, on a free port, with its log."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log = course / "serve.log"
    env = {k: v for k, v in os.environ.items() if k != "NO_MKDOCS_2_WARNING"}
    env.update(COURSE_SITE_URL=f"http://127.0.0.1:{port}/", COURSE_CACHE_DIR=str(ROOT / ".cache"))
    with log.open("w") as out:
        server = subprocess.Popen(
            f"{command or readme_serve_command()} -a 127.0.0.1:{port}",
            shell=True,
            cwd=course,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}/"

    def get(path: str) -> str | None:
        try:
            with urllib.request.urlopen(base + path, timeout=2) as response:
                return response.read().decode()
        except OSError:
            return None

    try:
        deadline = time.monotonic() + 180
        while get("index.html") is None:
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail("mkdocs serve did not start:\n" + log.read_text())
            time.sleep(0.5)
        yield get, log
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=20)


def test_serve_shows_problems_on_the_page_and_lists_them_all(course_copy):
    add_broken_lesson(course_copy)
    with serving(course_copy) as (get, log):
        page = get("modules/01-foundations/broken.html")
        assert page is not None
        box = re.search(r'<div class="course-problems" role="region".*?</div>', page, re.S)
        assert box, "no problems box on the broken page"
        text = re.sub(r"<[^>]+>", "", box.group(0))
        assert "problems in this page" in text
        assert "docs/modules/01-foundations/broken.md:12" in text and "[footnote-undefined]" in text
        assert "How to fix it:" in text
        # a clean page has no box
        assert 'class="course-problems"' not in get("modules/02-transformers/attention.html")
        everything = get("course-problems.html")
        assert everything is not None and "Problems in the course" in everything
        assert "broken.md" in everything and "[footnote-undefined]" in re.sub(r"<[^>]+>", "", everything)
        # quiet logs: the findings, one summary line, nothing from mkdocs-jupyter
        output = log.read_text()
        assert "Copied jupyter file" not in output and "Cache hit" not in output
        assert re.search(r"course: \d+ pages; notebooks \d+ run, \d+ reused; \d+ errors?, \d+ warnings?", output)
        assert BANNER not in output


def test_the_readme_serve_command_hides_the_end_of_life_banner(course_copy):
    assert "NO_MKDOCS_2_WARNING=1" in readme_serve_command()
    with serving(course_copy, f"{MKDOCS} serve --dirty") as (_, log):
        assert BANNER in log.read_text()  # without the README's setting, Material prints it


def test_the_preview_rebuilds_what_depends_on_an_edited_lesson(course_copy):
    lesson = course_copy / "docs/modules/02-transformers/attention.md"
    with serving(course_copy) as (get, _log):
        assert "Attention, step by step" in get("modules/02-transformers/index.html")
        printed = get("print/module-02.html") or ""
        assert "Attention, step by step" in printed and "-attention-as-a-soft-lookup" in printed
        lessons = printed.count('<div class="footnote">')  # each lesson ends with its footnotes
        assert lessons == 3
        text = lesson.read_text().replace("title: Attention, step by step", "title: Attention, by hand", 1)
        lesson.write_text(text.replace("## Attention as a soft lookup", "## Attention as a gentle lookup", 1))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and "Attention, by hand" not in (
            get("modules/02-transformers/attention.html") or ""
        ):
            time.sleep(0.1)
        # the lesson and the pages that show its title: the module overview and the home page's course map
        assert "Attention, by hand" in get("modules/02-transformers/attention.html")
        assert "Attention, by hand" in get("modules/02-transformers/index.html")
        assert "Attention, by hand" in get("index.html")
        # the module's printable page, assembled again from the edited lesson and the unchanged ones
        printed = get("print/module-02.html") or ""
        assert "Attention, by hand" in printed and "-attention-as-a-gentle-lookup" in printed
        assert "-attention-as-a-soft-lookup" not in printed
        assert "course-print" not in printed, "a lesson was left out"
        assert printed.count('<div class="footnote">') == lessons, "the unchanged lessons are missing"
        index = get("search/search_index.json")
        assert index is not None and index.count('"title":"Attention, by hand"') <= 1
        assert '"title":"Attention, step by step"' not in index


@pytest.mark.parametrize("strict", [True, False])
def test_a_build_never_shows_problems_on_pages(course_copy, tmp_path, strict):
    add_broken_lesson(course_copy)
    site = tmp_path / "site"
    mkdocs_build(course_copy / "mkdocs.yml", site, strict=strict)
    assert (site / "modules/01-foundations/broken.html").exists()  # --strict still writes the site
    for page in site.rglob("*.html"):
        assert "course-problems" not in page.read_text(encoding="utf-8"), page
    assert not (site / "course-problems.html").exists()


def test_a_new_lesson_in_one_command_builds_but_cannot_be_deployed_until_filled(course_copy, tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "coursetools.cli.new_lesson", "02-transformers", "Positional encoding"],
        cwd=course_copy,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    lesson = course_copy / "docs/modules/02-transformers/positional-encoding.md"
    assert lesson.exists()
    assert "      - modules/02-transformers/positional-encoding.md\n" in (course_copy / "mkdocs.yml").read_text()
    check = subprocess.run(
        [sys.executable, "-m", "coursetools.cli.check", str(lesson)], cwd=course_copy, capture_output=True, text=True
    )
    assert check.returncode == 1, check.stdout  # one error: the placeholders; the content rules only warn
    assert "[lesson-placeholder]" in check.stdout and "[content-length]" in check.stdout
    assert sum(1 for line in check.stdout.splitlines() if "positional-encoding.md" in line) >= 2
    strict = mkdocs_build(course_copy / "mkdocs.yml", tmp_path / "strict")
    assert strict.returncode != 0 and "[lesson-placeholder]" in strict.stdout + strict.stderr  # never deployed
    build = mkdocs_build(course_copy / "mkdocs.yml", tmp_path / "site", strict=False)
    assert build.returncode == 0, build.stdout + build.stderr
    html = (tmp_path / "site/modules/02-transformers/positional-encoding.html").read_text()
    assert "Positional encoding" in html
    front = lesson.read_text().split("\n---\n", 1)[0]
    from coursetools.cli.new_lesson import module_tag

    used = module_tag(course_copy / "docs/modules/02-transformers")  # the tag module 02's lessons use most
    assert used in ("attention", "transformers") and f"tags: [{used}]" in front
    # filling the placeholders makes the content rules errors again
    lesson.write_text(lesson.read_text().replace("TODO:", "Done:"))
    check = subprocess.run(
        [sys.executable, "-m", "coursetools.cli.check", str(lesson)], cwd=course_copy, capture_output=True, text=True
    )
    assert check.returncode == 1 and "[content-length]" in check.stdout
