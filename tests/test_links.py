"""The link check (``python -m coursetools.links``): lychee, with a policy that never cries wolf.

A local web server on 127.0.0.1 plays the internet (200, a 301 to a 200, 404, 410, 429 with
Retry-After, 500, 403 and an endpoint slower than the timeout) and counts the requests it gets;
a tiny fake course (docs/ sources and the site "built" from them) links to it. No test needs the
internet or DNS. Small timeouts and retry waits keep the whole file to about fifteen seconds.
"""

from __future__ import annotations

import collections
import contextlib
import http.server
import io
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from coursetools import links

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 1  # seconds lychee waits for an answer
RETRIES = 1  # retries of 429, 5xx and timeouts
RETRY_WAIT = 1  # seconds before the first retry
SLOW = 3  # seconds the slow endpoint takes: longer than TIMEOUT
PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY")


# --- The local "internet" ------------------------------------------------------------------------


class Web:
    """A threaded HTTP server on a free port of 127.0.0.1 that counts requests per path."""

    def __init__(self) -> None:
        self.hits: collections.Counter[str] = collections.Counter()
        self.times: dict[str, list[float]] = collections.defaultdict(list)
        self.lock = threading.Lock()
        web = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # quiet
                pass

            def do_HEAD(self) -> None:
                self.do_GET()

            def do_GET(self) -> None:
                path = self.path.split("?")[0]
                with web.lock:
                    web.hits[path] += 1
                    web.times[path].append(time.monotonic())
                if path == "/slow":
                    time.sleep(SLOW)
                status, headers = web.route(path)
                body = b"<!doctype html><html><body><h1 id='here'>page</h1></body></html>"
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)

        class Server(http.server.ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address) -> None:
                pass  # a client that gave up on /slow closes the connection: expected

        self.server = Server(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @staticmethod
    def route(path: str) -> tuple[int, dict[str, str]]:
        return {
            "/ok": (200, {}),
            "/moved": (301, {"Location": "/moved-here"}),
            "/moved-here": (200, {}),
            "/missing": (404, {}),
            "/gone": (410, {}),
            "/retired": (410, {}),
            "/nb-missing": (404, {}),
            "/busy": (429, {"Retry-After": "1"}),
            "/broken": (500, {}),
            "/forbidden": (403, {}),
            "/slow": (200, {}),
            "/blocked": (200, {}),
        }.get(path, (404, {}))

    def snapshot(self) -> collections.Counter[str]:
        with self.lock:
            return collections.Counter(self.hits)


@pytest.fixture(scope="module")
def web():
    server = Web()
    server.thread.start()
    with pytest.MonkeyPatch.context() as patch:
        for name in PROXY_VARIABLES:  # lychee must talk to 127.0.0.1 directly
            patch.delenv(name, raising=False)
        patch.setenv("NO_PROXY", "127.0.0.1,localhost")
        patch.delenv("GITHUB_TOKEN", raising=False)
        yield server
    server.server.shutdown()
    server.server.server_close()


# --- A tiny course and its built site ------------------------------------------------------------


def page(body: str, rel: str, base: str) -> str:
    """A built page as MkDocs Material makes it: canonical address and "edit this page" link."""
    source = rel[:-5] + (".ipynb" if rel.startswith("notebooks/") else ".md")
    return (
        f"<!doctype html><html><head><title>t</title>"
        f'<link rel="canonical" href="{base}/published/{rel}"></head><body>'
        f'<a href="{base}/edit/main/docs/{source}" title="Edit this page" rel="edit">edit</a>'
        f'<h1 id="top">Title</h1>\n{body}\n</body></html>\n'
    )


def anchors(urls: list[str]) -> str:
    return "\n".join(f'<p><a href="{url}">link {n}</a></p>' for n, url in enumerate(urls))


@pytest.fixture(scope="module")
def course(tmp_path_factory, web):
    """docs/ sources with links on known lines, and site/ as built from them."""
    root = tmp_path_factory.mktemp("course")
    base = web.base
    docs, site = root / "docs", root / "site"
    for folder in (docs / "lessons", docs / "notebooks", docs / "_data", site / "lessons", site / "notebooks"):
        folder.mkdir(parents=True)
    (root / "mkdocs.yml").write_text("site_name: test\n")

    # Internal links: one good anchor, one broken anchor, one missing page, a folder link.
    index_md = [
        "# Home",
        "",
        "[Other](lessons/other.md)",
        "[Present](lessons/other.md#present)",
        "[Absent](lessons/other.md#absent)",
        "[Missing](lessons/missing.md)",
        "[Lessons](lessons/index.md#intro)",
        "[Top](#top)",
        "[Web](lessons/web.md)",
    ]
    (docs / "index.md").write_text("\n".join(index_md) + "\n")
    (site / "index.html").write_text(
        page(
            anchors(
                [
                    "lessons/other.html",
                    "lessons/other.html#present",
                    "lessons/other.html#absent",
                    "lessons/missing.html",
                    "lessons/#intro",
                    "#top",
                    "lessons/web.html",
                ]
            ),
            "index.html",
            base,
        )
    )
    (docs / "lessons" / "other.md").write_text("# Other\n\n## Present\n")
    (site / "lessons" / "other.html").write_text(page('<h2 id="present">Present</h2>', "lessons/other.html", base))
    (docs / "lessons" / "index.md").write_text("# Lessons\n\n## Intro\n")
    (site / "lessons" / "index.html").write_text(page('<h2 id="intro">Intro</h2>', "lessons/index.html", base))
    # MkDocs' 404 page links with absolute /base/ paths: not a page of the course, never checked.
    (site / "404.html").write_text(page(anchors(["/published/nowhere.html"]), "404.html", base))

    # External links, one per line of the lesson.
    external = {
        "ok": f"{base}/ok",
        "moved": f"{base}/moved",
        "missing": f"{base}/missing",
        "gone": f"{base}/gone",
        "busy": f"{base}/busy",
        "broken": f"{base}/broken",
        "slow": f"{base}/slow",
        "forbidden": f"{base}/forbidden",
        "blocked": f"{base}/blocked",
        "invalid": "http://nonexistent.invalid/",
        "mail": "mailto:someone@hospital.org",
    }
    lines = ["---", "title: Web", "---", ""]
    line_of: dict[str, int] = {}
    for name, url in external.items():
        lines.append(f"See [{name}]({url}) here.")
        line_of[name] = len(lines)
    (docs / "lessons" / "web.md").write_text("\n".join(lines) + "\n")
    # /retired is not written in the lesson: it comes from a data file (like dataset links).
    (docs / "_data" / "datasets.yml").write_text(f"old-set:\n  name: Old\n  url: {base}/retired\n")
    (site / "lessons" / "web.html").write_text(
        page(anchors([*external.values(), f"{base}/retired"]), "lessons/web.html", base)
    )

    # A notebook: its link is reported by cell.
    notebook = {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": ["# Notebook\n"]},
            {"cell_type": "markdown", "metadata": {}, "source": ["Read [this](", f"{base}/nb-missing)\n"]},
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    (docs / "notebooks" / "nb.ipynb").write_text(json.dumps(notebook))
    (site / "notebooks" / "nb.html").write_text(page(anchors([f"{base}/nb-missing"]), "notebooks/nb.html", base))

    (docs / "_data" / "link-allowlist.yml").write_text(
        "# test allow-list\n"
        "- pattern: '^http://127\\.0\\.0\\.1:\\d+/blocked'\n"
        "  reason: this host blocks link checkers (test)\n"
    )
    return {
        "root": root,
        "site": site,
        "base": base,
        "line": line_of,
        "index_line": {text.split("]")[0][1:]: n for n, text in enumerate(index_md, 1)},
    }


def run(args: list[str]) -> tuple[int, str, str]:
    """``python -m coursetools.links ARGS`` in this process; (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = links.main(args)
    return code, out.getvalue(), err.getvalue()


def external_args(course, cache: Path, report: Path) -> list[str]:
    return [
        str(course["site"]),
        "--external",
        "--root",
        str(course["root"]),
        "--cache",
        str(cache),
        "--json",
        str(report),
        "--timeout",
        str(TIMEOUT),
        "--max-retries",
        str(RETRIES),
        "--retry-wait",
        str(RETRY_WAIT),
    ]


@pytest.fixture(scope="module")
def two_runs(course, web, tmp_path_factory):
    """The external check run twice in a row with the same cache, and what the server saw."""
    work = tmp_path_factory.mktemp("runs")
    cache = work / "cache" / "lychee"
    before = web.snapshot()
    first = run(external_args(course, cache, work / "first.json"))
    after_first = web.snapshot()
    cache_after_first = cache.read_text() if cache.exists() else ""
    second = run(external_args(course, cache, work / "second.json"))
    after_second = web.snapshot()
    return {
        "first": first,
        "second": second,
        "cache": cache_after_first,
        "json": [json.loads((work / name).read_text()) for name in ("first.json", "second.json")],
        "hits": [after_first - before, after_second - after_first],
        "busy_times": list(web.times["/busy"]),
    }


# --- Expected outcome ----------------------------------------------------------------------------


def expected_failures(course) -> set[tuple[str, str]]:
    base, line, index = course["base"], course["line"], course["index_line"]
    return {
        (f"docs/index.md:{index['Absent']}", "missing anchor"),
        (f"docs/index.md:{index['Missing']}", "missing page"),
        (f"docs/lessons/web.md:{line['missing']}", f"{base}/missing 404 Not Found"),
        (f"docs/lessons/web.md:{line['gone']}", f"{base}/gone 410 Gone"),
        (f"docs/lessons/web.md:{line['invalid']}", "http://nonexistent.invalid/ unknown host"),
        ("docs/notebooks/nb.ipynb:cell 2", f"{base}/nb-missing 404 Not Found"),
        ("docs/_data/datasets.yml:3", f"{base}/retired 410 Gone"),
    }


def expected_warnings(course) -> set[tuple[str, str]]:
    base, line = course["base"], course["line"]
    return {
        (f"docs/lessons/web.md:{line['busy']}", f"{base}/busy 429 Too Many Requests"),
        (f"docs/lessons/web.md:{line['broken']}", f"{base}/broken 500 Internal Server Error"),
        (f"docs/lessons/web.md:{line['slow']}", f"{base}/slow timeout"),
        (f"docs/lessons/web.md:{line['forbidden']}", f"{base}/forbidden 403 Forbidden"),
    }


def classified(problems: list[dict]) -> set[tuple[str, str]]:
    def place(p: dict) -> str:
        where = p["where"] or (str(p["line"]) if p["line"] else "")
        return f"{p['path']}:{where}" if where else p["path"]

    def what(p: dict) -> str:
        return p["status"] if p["kind"] == "internal" else f"{p['url']} {p['status']}"

    return {(place(p), what(p)) for p in problems}


# --- Internal links ------------------------------------------------------------------------------


def test_internal_check_is_offline_and_finds_exactly_the_broken_link_and_anchor(course, web):
    before = web.snapshot()
    result = subprocess.run(
        [sys.executable, "-m", "coursetools.links", str(course["site"]), "--root", str(course["root"])],
        capture_output=True,
        text=True,
        cwd=course["root"],
        env=dict(os.environ),
    )
    index = course["index_line"]
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout.splitlines() == [
        f"docs/index.md:{index['Absent']}: [link-broken] link to `lessons/other.html#absent`: "
        "docs/lessons/other.md has no anchor `#absent`; link to a heading that exists (the ¶ sign "
        "next to a heading shows its anchor) or drop `#absent`",
        f"docs/index.md:{index['Missing']}: [link-broken] link to `lessons/missing.html`: not in the built site; "
        "fix the path (link to the source file relative to this page, e.g. `other-lesson.md`) or "
        "remove the link",
    ]
    assert "2 broken links, 0 warnings in 5 pages" in result.stderr
    assert "external links not checked" in result.stderr
    assert web.snapshot() == before, "the internal check must not send any request"


# --- External links: the policy --------------------------------------------------------------------


def test_exactly_404_410_and_unknown_hosts_fail(two_runs, course):
    code, out, err = two_runs["first"]
    report = two_runs["json"][0]
    assert code == 1, out + err
    assert classified(report["failures"]) == expected_failures(course), out


def test_429_500_timeouts_and_refusals_only_warn(two_runs, course):
    report = two_runs["json"][0]
    assert classified(report["warnings"]) == expected_warnings(course), two_runs["first"][1]


def test_200_and_a_redirect_to_200_are_fine(two_runs, course):
    base = course["base"]
    report = two_runs["json"][0]
    ok = {entry["url"]: entry for entry in report["ok"]}
    assert set(ok) == {f"{base}/ok", f"{base}/moved"}
    assert ok[f"{base}/moved"]["redirected_to"] == f"{base}/moved-here"
    printed = two_runs["first"][1]
    assert f"{base}/ok" not in printed and f"{base}/moved" not in printed


def test_messages_name_the_source_the_link_the_status_and_the_fix(two_runs, course):
    _code, out, err = two_runs["first"]
    base, line = course["base"], course["line"]
    lines = out.splitlines()
    assert (
        f"docs/lessons/web.md:{line['missing']}: [link-external-broken] {base}/missing returned 404 Not Found; "
        "fix or remove the link"
    ) in lines
    assert (
        f"docs/notebooks/nb.ipynb:cell 2: [link-external-broken] {base}/nb-missing returned 404 Not Found; "
        "fix or remove the link"
    ) in lines
    assert any(
        text.startswith(
            f"docs/_data/datasets.yml:3: [link-external-broken] {base}/retired returned 410 Gone "
            "(shown on docs/lessons/web.md); "
        )
        for text in lines
    )
    assert (
        f"docs/lessons/web.md:{line['busy']}: [link-unverified] {base}/busy returned 429 Too Many "
        f"Requests after {RETRIES} retry; not a failure: checked again next run"
    ) in lines
    assert (
        f"docs/lessons/web.md:{line['slow']}: [link-unverified] {base}/slow did not answer within "
        f"{TIMEOUT} s after {RETRIES} retry; not a failure: checked again next run"
    ) in lines
    failures = [text for text in lines if "[link-unverified]" not in text]
    assert len(failures) == len(expected_failures(course)), out  # each broken link printed once
    assert "7 broken links, 4 warnings in 5 pages" in err


def test_only_transient_answers_are_retried_and_retry_after_is_honoured(two_runs):
    hits = two_runs["hits"][0]
    for path in ("/missing", "/gone", "/forbidden", "/nb-missing", "/retired", "/ok"):
        assert hits[path] == 1, (path, hits)
    # lychee 0.24 retries 429 and timeouts itself, coursetools.links retries 5xx (lychee does
    # not): if a lychee upgrade makes /broken count (1 + RETRIES) ** 2, drop the Python retries.
    for path in ("/busy", "/broken", "/slow"):
        assert hits[path] == 1 + RETRIES, (path, hits)
    first, second = two_runs["busy_times"][:2]
    assert second - first >= 0.9, "lychee did not wait for Retry-After: 1"


def test_allowlisted_own_and_example_links_are_never_requested(two_runs, course):
    hits = two_runs["hits"][0] + two_runs["hits"][1]
    assert hits["/blocked"] == 0
    assert not [path for path in hits if path.startswith(("/published/", "/edit/"))], hits
    skipped = {entry["url"]: entry["reason"] for entry in two_runs["json"][0]["skipped"]}
    own = "the course's own address or edit link"
    assert skipped[f"{course['base']}/blocked"] == "allow-list: this host blocks link checkers (test)"
    assert skipped[f"{course['base']}/published/lessons/web.html"] == own
    assert skipped[f"{course['base']}/edit/main/docs/lessons/web.md"] == own


# --- External links: the cache --------------------------------------------------------------------


def test_successes_are_cached_and_not_requested_again(two_runs, course):
    base = course["base"]
    second = two_runs["hits"][1]
    for path in ("/ok", "/moved", "/moved-here"):
        assert second[path] == 0, (path, second)
    cached = {entry["url"]: entry["cached"] for entry in two_runs["json"][1]["ok"]}
    assert cached == {f"{base}/ok": True, f"{base}/moved": True}
    cache_urls = {row.split(",")[0] for row in two_runs["cache"].splitlines()}
    assert cache_urls == {f"{base}/ok", f"{base}/moved"}, "only successes may be cached"


def test_failures_and_warnings_are_checked_again_on_every_run(two_runs, course):
    second = two_runs["hits"][1]
    for path in ("/missing", "/gone", "/retired", "/nb-missing", "/busy", "/broken", "/slow", "/forbidden"):
        assert second[path] >= 1, (path, second)
    code, _out, _err = two_runs["second"]
    assert code == 1
    assert classified(two_runs["json"][1]["failures"]) == expected_failures(course)
    assert classified(two_runs["json"][1]["warnings"]) == expected_warnings(course)


def test_expired_cache_entries_are_checked_again(course, web, tmp_path):
    cache = tmp_path / "cache"
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(f'<a href="{course["base"]}/ok?expiry">x</a>')
    args = [
        str(site),
        "--external",
        "--root",
        str(tmp_path),
        "--cache",
        str(cache),
        "--timeout",
        str(TIMEOUT),
        "--max-retries",
        "0",
    ]
    before = web.snapshot()["/ok"]
    assert run(args)[0] == 0
    assert run(args)[0] == 0  # served from the cache
    assert web.snapshot()["/ok"] == before + 1
    time.sleep(1.2)
    assert run([*args, "--max-cache-age", "1s"])[0] == 0
    assert web.snapshot()["/ok"] == before + 2


# --- Unknown hosts and DNS ------------------------------------------------------------------------


def policy(resolve) -> links.Policy:
    return links.Policy(links.Sources(None, "site"), Path("site"), [], [], 3, 20, links.ALLOWLIST, resolve=resolve)


def unreachable(url: str) -> links.Checked:
    return links.Checked(
        page="x.html", url=url, outcome="error", text="Network error: Connection failed. Check network connectivity"
    )


def test_a_host_dns_says_does_not_exist_fails():
    answers = {"no-such-host.lmh-course": "no such host", links.DNS_CANARY: "ok"}
    checker, report = policy(answers.__getitem__), links.Report()
    checker.external(unreachable("https://no-such-host.lmh-course/page"), report)
    checker.finish(report)
    assert [(p.status, p.severity) for p in report.failures] == [("unknown host", "failure")]
    assert not report.warnings


def test_without_working_dns_nothing_fails():
    """A CI runner whose DNS resolves nothing (or only some hosts) must not report every link."""
    answers = {links.DNS_CANARY: "no such host"}
    checker, report = policy(lambda host: answers.get(host, "no such host")), links.Report()
    for n in range(5):
        checker.external(unreachable(f"https://host{n}.org/page"), report)
    checker.finish(report)
    assert not report.failures
    assert len(report.warnings) == 1 and "5 external links were not checked" in report.warnings[0].message


def test_a_host_that_resolves_but_refuses_connections_only_warns():
    checker, report = policy(lambda host: "ok"), links.Report()
    checker.external(unreachable("https://down.org/page"), report)
    assert not report.failures and [p.status for p in report.warnings] == ["unreachable"]


# --- The allow-list and usage errors ----------------------------------------------------------------


def test_the_course_allowlist_is_valid_and_every_entry_has_a_reason(repo_root):
    entries = links.load_allowlist(repo_root / links.ALLOWLIST)
    assert all(entry.reason and entry.pattern for entry in entries)
    assert (repo_root / links.ALLOWLIST).read_text().startswith("#"), "keep the header comment"


@pytest.mark.parametrize(
    "text, message",
    [
        ("- pattern: '^https://x\\.org/'\n", "needs a `reason`"),
        ("- reason: blocks bots\n", "needs a `pattern`"),
        ("- pattern: '(unclosed'\n  reason: r\n", "not a valid regular expression"),
        ("pattern: x\n", "must be a YAML list"),
        ("- pattern: x\n  reason: r\n  note: n\n", "unknown key(s) note"),
    ],
)
def test_a_bad_allowlist_stops_the_check_with_a_clear_message(course, tmp_path, text, message):
    allowlist = tmp_path / "allow.yml"
    allowlist.write_text(text)
    code, _out, err = run([str(course["site"]), "--root", str(course["root"]), "--allowlist", str(allowlist)])
    assert code == 2 and message in err and str(allowlist) in err, err


def test_a_missing_site_is_a_usage_error_not_a_broken_link(tmp_path):
    code, _out, err = run([str(tmp_path / "nowhere"), "--root", str(tmp_path)])
    assert code == 2 and "build the site first" in err


# --- The real course ----------------------------------------------------------------------------------


@pytest.mark.slow
def test_the_course_has_no_broken_internal_link_or_anchor(built_site, repo_root):
    report, _ = links.check_links(
        built_site, root=repo_root, site_label="site", allowlist_path=repo_root / links.ALLOWLIST
    )
    assert report.internal_ok > 0
    assert not report.failures, "\n".join(map(str, report.failures))
