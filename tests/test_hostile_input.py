"""Hostile and broken input (issue 12): every reproducer ends in one located finding, in bounded time.

Each checker case runs ``python -m coursetools.cli.check`` in a subprocess under a time limit and
asserts the exact located finding it prints. The time limit is generous (a hang is what it
catches); the measured times are printed (``pytest -s``) and reported, not asserted.
The patient-data reproducers live with the PHI tests.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from coursetools.notebooks import execute as notebooks
from coursetools.safety.hook_guard import HookGuard
from test_lesson_checks import VALID_FRONT

ROOT = Path(__file__).resolve().parent.parent
CHECK_TIMEOUT = 60  # seconds: far above the ~2 s target, so a hang fails and a slow machine does not
LESSON = "docs/modules/01-basics/lesson.md"
FRONT = VALID_FRONT  # the lesson checks' valid front matter: one copy of it
TIMES: dict[str, float] = {}


def minimal_course(root: Path, mkdocs_yml: str = "site_name: test\n") -> Path:
    """The real lesson contract and data files, and no pages: each test adds its hostile file."""
    (root / "docs" / "_data").mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(mkdocs_yml)
    for name in ("lesson.schema.json", "tags.yml", "datasets.yml", "glossary.yml"):
        (root / "docs" / "_data" / name).write_text((ROOT / "docs" / "_data" / name).read_text())
    (root / "docs" / "modules" / "01-basics").mkdir(parents=True)
    return root


def run_check(root: Path, case: str, *args: str, cwd: Path | None = None) -> str:
    """Run the standalone check; return its findings (stdout). Fails on a timeout or a traceback."""
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "coursetools.cli.check", "--quiet", *args],
        cwd=cwd or root,
        capture_output=True,
        text=True,
        timeout=CHECK_TIMEOUT,
        env={**os.environ, "PYTHONPATH": str(ROOT / "hooks")},
    )
    TIMES[case] = time.perf_counter() - started
    print(f"\n[time] {case}: {TIMES[case]:.2f} s")
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    # the fixtures are deliberately tiny lessons: the content and self-check rules are tested
    # elsewhere (tests/test_content_rules.py, tests/test_assessment.py)
    unrelated = ("[content-", "[quiz-", "[objective-", "[exercise-")  # tested in their own files
    return "".join(
        line for line in result.stdout.splitlines(keepends=True) if not any(tag in line for tag in unrelated)
    )


def alias_bomb() -> str:
    lines = ["a: &a [" + ",".join(["1"] * 9) + "]"]
    for previous, name in zip("abcdef", "bcdefg"):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    return "---\ntitle: Bomb\n" + "\n".join(lines) + "\n---\nBody.\n"


def mistyped_labels(count: int) -> str:
    refs = " ".join(f"Fact[^source-{i}]." for i in range(count))
    defs = "\n".join(f"[^sourse-{i}]: Author. Title. https://doi.org/10.1/{i}" for i in range(count))
    return FRONT + "\n" + refs + "\n\n" + defs + "\n"


# (case, file text, the finding's expected beginning); every text is at most about 1 MB.
PAGE_CASES = [
    ("alias-bomb", alias_bomb(), f"{LESSON}:3: [frontmatter-alias] front matter uses the YAML anchor `&a`"),
    (
        "nesting-1000",
        "---\ntitle: x\nx: " + "[" * 1000 + "]" * 1000 + "\n---\nBody.\n",
        f"{LESSON}:3: [frontmatter-depth] front matter nests lists or mappings more than 32 levels deep",
    ),
    (
        "nesting-1mb",
        "---\ntitle: x\nx: " + "[" * 500_000 + "]" * 500_000 + "\n---\nBody.\n",
        f"{LESSON}:3: [frontmatter-depth]",
    ),
    (
        "block-nesting",
        "---\ntitle: x\nx:\n" + "".join("  " * i + "- \n" for i in range(200)) + "---\nB.\n",
        f"{LESSON}:",
    ),
    (
        "footnotes-2000-mistyped",
        mistyped_labels(2000),
        f"{LESSON}:11: [footnote-undefined] footnote `[^source-0]` is referenced but never defined",
    ),
    (
        "footnotes-10000-mistyped",
        mistyped_labels(10_000),
        f"{LESSON}:11: [footnote-undefined] footnote `[^source-0]` is referenced but never defined; add a definition",
    ),
    ("comment-openers-1mb", FRONT + "<!--" * 250_000 + "\n", None),
    ("backtick-runs-1mb", FRONT + " ".join("`" * k + "a" for k in range(1, 1400)) + "\n", None),
    ("quote-prefixes-1mb", FRONT + "> " * 500_000 + "x\n", None),
    ("blank-lines-after-definition", FRONT + "Fact[^a].\n\n[^a]: text\n" + "\n" * 1_000_000 + "    more\n", None),
    ("one-line-1mb-of-references", FRONT + "[^a]" * 250_000 + "\n\n[^a]: x\n", None),
    (
        "long-label",
        FRONT + "Fact[^" + "x" * 900_000 + "].\n\n[^" + "y" * 100 + "]: z\n",
        f"{LESSON}:10: [footnote-undefined]",
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize("case, text, expected", PAGE_CASES, ids=[c[0] for c in PAGE_CASES])
def test_hostile_page_is_checked_in_bounded_time(tmp_path, case, text, expected):
    root = minimal_course(tmp_path)
    (root / LESSON).write_text(text)
    assert len(text.encode()) <= 1_100_000
    out = run_check(root, case, LESSON)
    if expected is None:  # bounded time and no traceback is the point; findings may vary
        return
    assert any(line.startswith(expected) for line in out.splitlines()), out[:3000]


def test_mistyped_labels_still_get_a_suggestion_when_few(tmp_path):
    root = minimal_course(tmp_path)
    (root / LESSON).write_text(mistyped_labels(3))
    out = run_check(root, "footnotes-3-mistyped", LESSON)
    assert (
        f"{LESSON}:11: [footnote-undefined] footnote `[^source-0]` is referenced but never defined; "
        "did you mean `[^sourse-0]`?"
    ) in out


# --- Files: symlinks, folders, binary and mis-encoded pages, size ----------------------------


def test_symlinks_out_of_the_repository_are_refused(tmp_path):
    root = minimal_course(tmp_path)
    assets = root / "docs" / "assets"
    assets.mkdir()
    (assets / "env.txt").symlink_to("/proc/self/environ")
    (assets / "passwd.md").symlink_to("/etc/passwd")
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text("[http]\n\textraheader = AUTHORIZATION: basic secret\n")
    (assets / "git.txt").symlink_to("../../.git/config")
    out = run_check(root, "symlink-outside")
    assert (
        "docs/assets/git.txt:1: [file-symlink-outside] symlink leads into the repository's `.git` "
        "folder (to `.git/config`); its target would be published"
    ) in out
    assert ("docs/assets/env.txt:1: [file-symlink-outside] symlink leads outside the repository (to `/proc/") in out
    assert (
        "docs/assets/passwd.md:1: [file-symlink-outside] symlink leads outside the repository "
        "(to `/etc/passwd`); its target would be published; copy the file into the repository "
        "instead of linking to it"
    ) in out


@pytest.mark.parametrize(
    "case, make, expected",
    [
        (
            "symlink-loop",
            lambda docs: (docs / "loop").mkdir() or (docs / "loop" / "up").symlink_to(".."),
            "docs/loop/up:1: [file-symlink-loop] symlink to `..` is a loop (it points at a folder that contains it)",
        ),
        (
            "symlink-self",
            lambda docs: (docs / "self.md").symlink_to("self.md"),
            "docs/self.md:1: [file-symlink-loop] symlink to `self.md` is a loop",
        ),
        (
            "symlink-dangling",
            lambda docs: (docs / "gone.md").symlink_to("nowhere.md"),
            "docs/gone.md:1: [file-symlink-dangling] symlink to `nowhere.md` points at nothing",
        ),
        (
            "folder-named-md",
            lambda docs: (docs / "x.md").mkdir(),
            "docs/x.md:1: [file-folder-named-md] `x.md` is a folder, not a Markdown page",
        ),
        (
            "binary-lesson",
            lambda docs: (docs / "modules/01-basics/lesson.md").write_bytes(
                b"---\ntitle: x\n---\n\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 40
            ),
            f"{LESSON}:6: [file-binary] file is binary (it contains a NUL byte), not a Markdown page",
        ),
        (
            "latin-1-lesson",
            lambda docs: (docs / "modules/01-basics/lesson.md").write_bytes(
                (FRONT + "\nLa r\u00e9ponse du patient.\n").encode("latin-1")
            ),
            f"{LESSON}:11: [file-encoding] file is not UTF-8: byte 0xe9 in column 5 (perhaps saved as Latin-1 "
            "or Windows-1252); re-save the file as UTF-8",
        ),
    ],
)
def test_broken_files_get_one_located_finding(tmp_path, case, make, expected):
    root = minimal_course(tmp_path)
    make(root / "docs")
    out = run_check(root, case)
    assert expected in out, out
    assert out.count(expected.split(":")[0] + ":") == 1, out


def test_files_over_the_size_limit_are_refused_naming_the_limit(tmp_path):
    root = minimal_course(tmp_path, "site_name: t\nextra:\n  course:\n    limits:\n      file_bytes: 100000\n")
    (root / "docs" / "notebooks" / "data").mkdir(parents=True)
    (root / "docs" / "notebooks" / "data" / "big.csv").write_text("a,b\n" + "1,2\n" * 40_000)
    out = run_check(root, "file-too-large")
    assert out.strip() == (
        "docs/notebooks/data/big.csv:1: [file-too-large] file is 160.0 KB, over the size "
        "limit of 100.0 KB (`extra.course.limits.file_bytes`); make the file smaller, or "
        "raise `extra.course.limits.file_bytes` in mkdocs.yml"
    )


def test_the_default_size_limit_is_the_one_in_mkdocs_yml(repo_root):
    from coursetools.safety.files import DEFAULT_FILE_BYTES, DEFAULT_OUTPUT_BYTES, Limits

    assert Limits.from_repo(repo_root) == Limits(DEFAULT_FILE_BYTES, DEFAULT_OUTPUT_BYTES)


def test_a_file_named_like_an_option_is_checked_as_a_file(tmp_path):
    root = minimal_course(tmp_path)
    folder = root / "docs" / "modules" / "01-basics"
    (folder / "--help.md").write_text(FRONT + "\nFact[^a].\n")
    out = run_check(root, "file-named---help.md", "--help.md", cwd=folder)
    assert out.strip() == (
        "docs/modules/01-basics/--help.md:11: [footnote-undefined] footnote `[^a]` is "
        "referenced but never defined; add a definition `[^a]: ...` at the end of the page"
    )


# --- The checker and the build agree ---------------------------------------------------------

AGREEMENT_CASES = [
    (
        "front-matter-closed-at-eof",
        LESSON,
        FRONT.rstrip("\n"),
        f"{LESSON}:9: [frontmatter-unseen] front matter is closed on the last line with no line break "
        "after it, so MkDocs does not read it",
    ),
    (
        "definition-indented-under-list-item",
        LESSON,
        FRONT + "\nFact[^a].\n\n- item\n    [^a]: Source.\n",
        f"{LESSON}:14: [footnote-in-list-text] `[^a]:` continues the list item above, so it is shown as "
        "text, not as a footnote definition",
    ),
    (
        "lesson-one-folder-deeper",
        "docs/modules/01-basics/sub/lesson.md",
        FRONT + "\nText.\n",
        "docs/modules/01-basics/sub/lesson.md:1: [layout-nested-page] page is in a subfolder of module "
        "`01-basics`, where the lesson rules do not reach it",
    ),
]


@pytest.mark.parametrize("case, rel, text, expected", AGREEMENT_CASES, ids=[c[0] for c in AGREEMENT_CASES])
def test_what_mkdocs_would_read_differently_is_refused(tmp_path, case, rel, text, expected):
    root = minimal_course(tmp_path)
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text(text)
    out = run_check(root, case)
    assert expected in out, out


@pytest.mark.parametrize(
    "text",
    [
        FRONT + "\nFact[^a].\n\n> [^a]: Defined in a blockquote.\n",
        FRONT + "\nFact[^a].\n\n- [^a]: Defined as a list item.\n",
        FRONT + "\nFact[^a b].\n\n[^a b]: A label with a space.\n",
    ],
)
def test_footnotes_that_render_pass_the_checker(tmp_path, text):
    root = minimal_course(tmp_path)
    (root / LESSON).write_text(text)
    assert run_check(root, "footnote-renders") == ""


# --- Notebooks -------------------------------------------------------------------------------


def notebook(path: Path, *sources: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Hostile on purpose")]
    nb.cells += [nbformat.v4.new_code_cell(source) for source in sources]
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))
    return path


def survivors(marker: str) -> list[int]:
    """Host processes whose command line carries ``marker`` (the kernel runs in its own PID
    namespace, so a PID a cell prints is not the host's)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            state = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
            command = (proc / "cmdline").read_bytes().decode("utf-8", "replace")
        except OSError:
            continue
        if marker in command and state not in ("Z", "X"):
            found.append(int(proc.name))
    return found


MARKER = f"course-survivor-{os.getpid()}"
SURVIVOR = (
    "import subprocess, sys\n"
    f"p = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)  # {MARKER}'], "
    "start_new_session=True)\nprint('PID', p.pid)"
)


def pids_printed(executed: Path) -> list[int]:
    return [int(pid) for pid in re.findall(r"PID (\d+)", executed.read_text())]


@pytest.mark.slow
def test_a_notebook_cannot_leave_processes_write_into_docs_or_publish_script(tmp_path):
    root = tmp_path / "repo"
    docs = root / "docs"
    path = notebook(
        docs / "notebooks" / "hostile.ipynb",
        SURVIVOR,
        "open('../written-by-notebook.md', 'w').write('# injected')\n"
        "import os; os.makedirs('data', exist_ok=True); open('data/injected.csv', 'w').write('x')",
        "from IPython.display import HTML, display\n"
        "display(HTML('<script>alert(1)</script><img src=x onerror=alert(2)>"
        "<table><tr><td>kept</td></tr></table>'))",
    )
    [result] = notebooks.run_all([path], root, root / ".cache")
    assert result.findings == []
    executed = json.loads(result.executed.read_text())
    assert len(pids_printed(result.executed)) == 1  # the cell did start its process
    assert not survivors(MARKER), "a process started by a cell outlived the execution"
    assert not (docs / "written-by-notebook.md").exists()
    assert not (docs / "notebooks" / "data" / "injected.csv").exists()
    html = "".join(executed["cells"][3]["outputs"][0]["data"]["text/html"])
    assert html == '<img src="x"><table><tbody><tr><td>kept</td></tr></tbody></table>'


@pytest.mark.slow
def test_a_timed_out_notebook_leaves_no_process(tmp_path):
    root = tmp_path / "repo"
    path = notebook(
        root / "docs" / "notebooks" / "hangs.ipynb",
        SURVIVOR + "\nopen('pid.txt', 'w').write(str(p.pid))\n"
        "import shutil; shutil.copy('pid.txt', " + repr(str(tmp_path / "pid.txt")) + ")",
        "import time\ntime.sleep(600)",
    )
    [result] = notebooks.run_all([path], root, root / ".cache", timeout=5)
    assert [f.rule for f in result.findings] == ["notebook-timeout"]
    assert int((tmp_path / "pid.txt").read_text()) > 0  # the cell did start its process
    assert not survivors(MARKER), "a process outlived a timed-out execution"


@pytest.mark.slow
def test_writes_into_the_repository_reads_outside_it_and_huge_outputs_fail(tmp_path):
    root = tmp_path / "repo"
    outside = tmp_path / "outside.txt"
    outside.write_text("secret")
    target = root / "docs" / "injected.md"
    path = notebook(
        root / "docs" / "notebooks" / "leaks.ipynb",
        f"open({str(target)!r}, 'w').write('# injected')",
        f"print(open({str(outside)!r}).read())",
        "print('x' * 1_500_000)",
    )
    [result] = notebooks.run_all([path], root, root / ".cache", output_bytes=1_000_000)
    shown = [str(f) for f in result.findings]
    assert (
        "docs/notebooks/leaks.ipynb:1: [notebook-wrote-sources] the notebook wrote `docs/injected.md` "
        "in the repository while it ran; write results to a temporary folder (tempfile), or show them "
        "as output"
    ) in shown
    assert any(
        s.startswith(
            f"docs/notebooks/leaks.ipynb:1: [notebook-read-outside] the notebook read "
            f"`{outside}`, outside the repository"
        )
        for s in shown
    ), shown
    assert (
        "docs/notebooks/leaks.ipynb:cell 4: [notebook-output-too-large] cell 4 printed 1.5 MB of output, "
        "over the limit of 1.0 MB (`extra.course.limits.output_bytes`); print less (a summary, the "
        "first rows), or raise `extra.course.limits.output_bytes` in mkdocs.yml"
    ) in shown, shown
    assert result.executed is None  # nothing of it is cached or published


def test_an_invalid_notebook_is_a_finding_not_a_traceback(tmp_path):
    root = tmp_path / "repo"
    path = root / "docs" / "notebooks" / "broken.ipynb"
    path.parent.mkdir(parents=True)
    path.write_text('{"cells": [')
    [result] = notebooks.run_all([path], root, root / ".cache")
    [finding] = result.findings
    assert str(finding).startswith(
        "docs/notebooks/broken.ipynb:1: [notebook-invalid] notebook is not a valid .ipynb file: "
    )


# --- Links and hooks --------------------------------------------------------------------------


def test_javascript_links_in_content_fail_the_link_check(tmp_path):
    from coursetools.links import check_links

    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(
        '<html><body><a href="javascript:void(0)">theme control</a><article>'
        '<a href="JavaScript&colon;alert(1)">x</a><a href=" java\tscript:alert(2)">y</a>'
        '<a href="#top">fine</a></article><p id="top"></p></body></html>'
    )
    report, _ = check_links(site, site_label="site")
    urls = sorted(problem.url for problem in report.failures)
    assert urls == [" java\tscript:alert(2)", "JavaScript:alert(1)"]
    assert all("a link that runs JavaScript" in problem.message for problem in report.failures)


class _Log:
    def __init__(self) -> None:
        self.errors: list[str] = []

    def error(self, message: str) -> None:
        self.errors.append(message)


class _Page:
    def __init__(self, src_uri: str) -> None:
        self.file = type("File", (), {"src_uri": src_uri})()


class _BuildError(Exception):
    pass


def failing_hooks(command: str):
    log = _Log()
    guard = HookGuard(log, _BuildError, lambda: command == "serve", lambda: "docs/")  # type: ignore[arg-type]
    state = {"fail": False}

    @guard
    def on_page_markdown(markdown, page, config, files):
        if state["fail"]:
            raise ValueError("bad input")
        return markdown.upper()

    @guard
    def on_post_page(output, page, config):
        return f"<html>{output}</html>"

    return log, state, on_page_markdown, on_post_page


def test_a_failing_hook_keeps_serve_serving_the_last_good_page():
    log, state, on_page_markdown, on_post_page = failing_hooks("serve")
    page = _Page("modules/01-x/a.md")
    assert (
        on_post_page(on_page_markdown("good", page=page, config=None, files=None), page=page, config=None)
        == "<html>GOOD</html>"
    )
    state["fail"] = True
    markdown = on_page_markdown("broken", page=page, config=None, files=None)
    assert markdown == "broken"
    assert on_post_page("<p>broken</p>", page=page, config=None) == "<html>GOOD</html>"
    assert log.errors == [
        (
            "docs/modules/01-x/a.md:1: [hook-error] the course hook `on_page_markdown` "
            "failed: ValueError: bad input; fix the page named (the message says what went "
            "wrong); if the page is fine, report the error"
        )
    ]


def test_a_failing_hook_fails_the_build_with_a_located_message():
    log, state, on_page_markdown, _ = failing_hooks("build")
    state["fail"] = True
    with pytest.raises(_BuildError) as raised:
        on_page_markdown("x", page=_Page("a.md"), config=None, files=None)
    assert log.errors == [str(raised.value)]
    assert str(raised.value).startswith(
        "docs/a.md:1: [hook-error] the course hook `on_page_markdown` failed: ValueError: bad input"
    )
    assert raised.value.__cause__ is None and raised.value.__suppress_context__


# --- The build: the same findings, no traceback, nothing from outside in site/ ----------------


def build(course_copy: Path, site: Path) -> str:
    from conftest import mkdocs_build

    started = time.perf_counter()
    result = mkdocs_build(course_copy / "mkdocs.yml", site)
    print(f"\n[time] build: {time.perf_counter() - started:.1f} s")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output[-3000:]
    assert "Traceback" not in output, output[-5000:]
    return output


@pytest.mark.slow
def test_the_build_refuses_hostile_files_and_publishes_nothing_from_outside(course_copy, tmp_path):
    docs = course_copy / "docs"
    (docs / "assets" / "env.txt").symlink_to("/proc/self/environ")
    (docs / "assets" / "passwd.txt").symlink_to("/etc/passwd")
    (docs / "gone.md").symlink_to("nowhere.md")
    (docs / "x.md").mkdir()
    module = docs / "modules" / "01-foundations"
    (module / "binary.md").write_bytes(b"---\ntitle: x\n---\n\x89PNG\r\n\x00\x00")
    (module / "latin.md").write_bytes("---\ntitle: Caf\u00e9\ndescription: d.\n---\n".encode("latin-1"))
    (module / "bomb.md").write_text(alias_bomb())
    (module / "deep.md").write_text("---\ntitle: x\nx: " + "[" * 1000 + "]" * 1000 + "\n---\nBody.\n")
    (docs / "eof.md").write_text("---\ntitle: T\ndescription: d.\n---")
    site = tmp_path / "site"
    output = build(course_copy, site)
    for expected in [
        "docs/assets/env.txt:1: [file-symlink-outside] symlink leads outside the repository",
        "docs/assets/passwd.txt:1: [file-symlink-outside] symlink leads outside the repository (to `/etc/passwd`)",
        "docs/gone.md:1: [file-symlink-dangling] symlink to `nowhere.md` points at nothing",
        "docs/x.md:1: [file-folder-named-md] `x.md` is a folder, not a Markdown page",
        "docs/modules/01-foundations/binary.md:5: [file-binary] file is binary",
        "docs/modules/01-foundations/latin.md:2: [file-encoding] file is not UTF-8: byte 0xe9 in column 11",
        "docs/modules/01-foundations/bomb.md:3: [frontmatter-alias] front matter uses the YAML anchor `&a`",
        "docs/modules/01-foundations/deep.md:3: [frontmatter-depth] front matter nests lists or mappings",
        "docs/eof.md:4: [frontmatter-unseen] front matter is closed on the last line with no line break",
    ]:
        assert expected in output, expected
    assert not (site / "assets" / "env.txt").exists() and not (site / "assets" / "passwd.txt").exists()
    passwd_line = Path("/etc/passwd").read_text().splitlines()[0]
    leaked = [p for p in site.rglob("*") if p.is_file() and passwd_line.encode() in p.read_bytes()]
    assert not leaked


@pytest.mark.slow
def test_the_build_stops_on_a_symlink_loop_or_a_linked_folder_outside(course_copy, tmp_path):
    (course_copy / "docs" / "loop").mkdir()
    (course_copy / "docs" / "loop" / "up").symlink_to("..")
    (course_copy / "docs" / "etc").symlink_to("/etc")
    output = build(course_copy, tmp_path / "site")
    assert (
        "docs/loop/up:1: [file-symlink-loop] symlink to `..` is a loop (it points at a folder that "
        "contains it); delete the symlink"
    ) in output
    assert "docs/etc:1: [file-symlink-outside] symlink leads outside the repository (to `/etc`)" in output


@pytest.mark.slow
def test_the_build_reports_an_invalid_notebook_without_a_traceback(course_copy, tmp_path):
    (course_copy / "docs" / "notebooks" / "broken.ipynb").write_text('{"cells": [')
    output = build(course_copy, tmp_path / "site")
    assert (
        "docs/notebooks/broken.ipynb:1: [notebook-invalid] notebook is not a valid .ipynb file: "
        "Notebook does not appear to be JSON"
    ) in output
    assert "NotJSONError" not in output


@pytest.mark.slow
def test_serve_keeps_answering_whatever_the_input(course_copy, tmp_path):
    import socket
    import urllib.error
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    module = course_copy / "docs" / "modules" / "01-foundations"
    (module / "binary.md").write_bytes(b"---\ntitle: x\n---\n\x00\x01")
    (course_copy / "docs" / "assets" / "env.txt").symlink_to("/proc/self/environ")
    log = tmp_path / "serve.log"
    with log.open("w") as sink:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", "--no-livereload"],
            cwd=course_copy,
            stdout=sink,
            stderr=subprocess.STDOUT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
    try:

        def get(path: str) -> int:
            deadline = time.monotonic() + 120
            while True:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/course/{path}", timeout=5) as answer:
                        return answer.status
                except urllib.error.HTTPError as error:
                    return error.code
                except OSError:  # not up yet
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise
                    time.sleep(0.5)

        assert get("") == 200
        assert get("assets/env.txt") == 404  # never published
    finally:
        server.terminate()
        server.wait(timeout=30)
    output = log.read_text()
    assert "docs/modules/01-foundations/binary.md:4: [file-binary] file is binary" in output
    assert "docs/assets/env.txt:1: [file-symlink-outside]" in output
    assert "Traceback" not in output


@pytest.mark.slow
def test_a_page_markdown_would_take_minutes_over_fails_the_build_in_bounded_time(course_copy, tmp_path):
    config = course_copy / "mkdocs.yml"
    config.write_text(config.read_text().replace("render_seconds: 10", "render_seconds: 3"))
    (course_copy / "docs" / "slow.md").write_text(
        "---\ntitle: Slow\ndescription: d.\n---\n\n" + ("[^a]" * 2500 + "\n") * 20 + "\n[^a]: x\n"
    )
    started = time.perf_counter()
    output = build(course_copy, tmp_path / "site")
    assert time.perf_counter() - started < 240
    assert (
        "docs/slow.md:1: [page-render-too-slow] the page takes longer than 3 s to render (Markdown to "
        "HTML); split long lines"
    ) in output


@pytest.mark.parametrize("name", ["datasets.yml", "tags.yml", "glossary.yml"])
def test_an_alias_bomb_in_a_data_file_is_refused_without_a_traceback(tmp_path, name):
    root = minimal_course(tmp_path)
    (root / "docs" / "_data" / name).write_text(alias_bomb().split("---\n")[1])
    (root / LESSON).write_text(FRONT + "\nText.\n")
    run_check(root, f"alias-bomb-in-{name}")  # finishes, and without a traceback
