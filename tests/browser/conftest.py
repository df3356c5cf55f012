"""Browser fixtures: the built course served on 127.0.0.1, Debian's Chromium driven by Playwright,
and axe-core from npm.

Nothing here downloads a browser (no ``playwright install``): the tests drive the system Chromium
(``apt-get install chromium``; another binary with COURSE_CHROMIUM). When Chromium, Playwright
or npm is missing the tests are skipped locally, and fail when CI is set: in CI they are
mandatory.

Every browser context made here refuses every request that leaves the machine (any host other
than 127.0.0.1 or localhost) and counts it, so a test can assert the course made none.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import subprocess
import threading
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from coursebench.lighthouse import PrefixedHandler, site_prefix  # serving a built site

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 375, "height": 812}


def unavailable(message: str):
    """Skip locally; in CI (env CI set) the browser tests are mandatory, so fail instead."""
    if os.environ.get("CI"):
        pytest.fail(f"{message} (CI is set, so the browser tests must run)", pytrace=False)
    pytest.skip(message)


# --- Chromium, Playwright, axe-core ----------------------------------------------------------


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = os.environ.get("COURSE_CHROMIUM") or "/usr/bin/chromium"
    if not (Path(path).is_file() and os.access(path, os.X_OK)):
        unavailable(
            f"Chromium not found at {path}: apt-get install chromium (or point COURSE_CHROMIUM at a Chromium binary)"
        )
    return path


@pytest.fixture(scope="session")
def playwright_api(chromium_path):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable(
            "Playwright for Python is not installed: pip install -e '.[test]' "
            "(the system Chromium is used; never run `playwright install`)"
        )
    with sync_playwright() as api:
        yield api


@pytest.fixture(scope="session")
def browser(playwright_api, chromium_path):
    browser = playwright_api.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's source: COURSE_AXE_JS, else npm's axe-core@4 installed into .cache/node."""
    configured = os.environ.get("COURSE_AXE_JS")
    if configured:
        if not Path(configured).is_file():
            unavailable(f"COURSE_AXE_JS points at {configured}, which does not exist")
        return Path(configured).read_text(encoding="utf-8")
    prefix = ROOT / ".cache" / "node"
    script = prefix / "node_modules" / "axe-core" / "axe.min.js"
    if not script.is_file():
        npm = shutil.which("npm")
        if not npm:
            unavailable(
                "npm not found, so axe-core cannot be installed: apt-get install npm "
                "(or set COURSE_AXE_JS to axe.min.js)"
            )
        result = subprocess.run(
            [npm, "install", "--prefix", str(prefix), "--no-audit", "--no-fund", "axe-core@4"],
            capture_output=True,
            text=True,
        )
        if result.returncode != 0 or not script.is_file():
            unavailable("npm install axe-core@4 failed:\n" + result.stdout + result.stderr)
    return script.read_text(encoding="utf-8")


# --- The site over HTTP ------------------------------------------------------------------------


class _Handler(PrefixedHandler):
    def log_message(self, format, *args):  # keep the test output clean
        pass


@dataclass
class Site:
    root: Path  # the built site on disk
    base: str  # http://127.0.0.1:PORT/course/

    def url(self, page: str | Path) -> str:
        return self.base + str(page).replace(os.sep, "/")

    def pages(self) -> list[str]:
        """Every built page, relative to the site root, home first."""
        pages = sorted(p.relative_to(self.root).as_posix() for p in self.root.rglob("*.html"))
        return sorted(pages, key=lambda p: p != "index.html")


@pytest.fixture(scope="session")
def site(built_site) -> Site:
    root = Path(built_site).resolve()
    prefix = site_prefix(root)
    handler = type("Handler", (_Handler,), {"prefix": prefix})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Site(root, f"http://127.0.0.1:{server.server_address[1]}{prefix}")
    server.shutdown()
    server.server_close()


# --- Contexts that cannot leave the machine, pages that record their errors -----------------


@dataclass
class Guard:
    """Counts (and refuses) every request to a host other than 127.0.0.1/localhost."""

    blocked: list[str] = field(default_factory=list)

    def route(self, route):
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.hostname not in LOOPBACK:
            self.blocked.append(url)
            route.abort("blockedbyclient")
        else:
            route.continue_()

    def websocket(self, ws):
        if urlsplit(ws.url).hostname not in LOOPBACK:
            self.blocked.append(ws.url)


@dataclass
class Errors:
    """Console messages of type error and uncaught page errors, as text."""

    messages: list[str] = field(default_factory=list)

    def watch(self, page):
        page.on(
            "console",
            lambda m: (
                m.type == "error"
                and self.messages.append(
                    f"console: {m.text} ({m.location.get('url', '')}:{m.location.get('lineNumber', '')})"
                )
            ),
        )
        page.on("pageerror", lambda e: self.messages.append(f"page error: {e}"))
        return page


@pytest.fixture(scope="session")
def new_context(browser):
    """Make a browser context that cannot reach the network; returns (context, guard)."""
    made = []

    def make(**options):
        options.setdefault("viewport", DESKTOP)
        options.setdefault("service_workers", "block")  # so every request goes through the route
        context = browser.new_context(**options)
        guard = Guard()
        context.route("**/*", guard.route)
        context.on("page", lambda page: page.on("websocket", guard.websocket))
        made.append(context)
        return context, guard

    yield make
    for context in made:
        with contextlib.suppress(Exception):  # already closed by the test
            context.close()


def settle(page) -> None:
    """Wait until the page has loaded, its fonts are in and KaTeX has had its turn."""
    page.wait_for_load_state("load")
    page.evaluate("() => document.fonts.ready.then(() => true)")
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


@pytest.fixture(scope="session")
def screenshots_dir() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


# --- Progress: browser tests are slow, so each one says when it starts and how long it took -----

_reporter = None
_started: dict[str, float] = {}


def pytest_configure(config):
    global _reporter
    _reporter = config.pluginmanager.get_plugin("terminalreporter")


def pytest_runtest_logstart(nodeid, location):
    import time

    if _reporter is not None and "/browser/" in nodeid.replace("\\", "/"):
        _started[nodeid] = time.perf_counter()
        _reporter.write_line(f"browser: {nodeid.split('::', 1)[-1]} ...")


def pytest_runtest_logreport(report):
    import time

    if report.when == "call" and report.nodeid in _started and _reporter is not None:
        took = time.perf_counter() - _started.pop(report.nodeid)
        _reporter.write_line(f"browser: {report.nodeid.split('::', 1)[-1]} {report.outcome} in {took:.1f} s")
