"""Lighthouse on the built site, as a phone sees it: performance score and main-thread work.

Serves a built site (``mkdocs build -d DIR``) on 127.0.0.1 under the path it is published at,
gzip-compressed as a static host serves it, and runs the ``lighthouse`` npm package with Debian's
Chromium on a few pages, several times each. Lighthouse's defaults are kept: mobile form factor
(a Moto G Power sized screen) and *simulated* throttling (150 ms round trip, 1.6 Mbit/s down,
CPU slowed 4x); the report prints the settings Lighthouse says it used. For each page the median
run is reported: score, FCP, LCP, TBT, speed index, CLS, main-thread work, and the scripts that
took the most CPU.

    course-lighthouse /tmp/site                       # home, a lesson and a notebook, 3 runs each
    course-lighthouse /tmp/site --runs 5 --page modules/02-transformers/attention.html
    course-lighthouse /tmp/site --json artifacts/lighthouse.json

Lighthouse is found at $COURSE_LIGHTHOUSE, else .cache/lighthouse/ (installed there with npm on
first use, never committed); Chromium at $CHROME_PATH, else /usr/bin/chromium. Nothing is fetched
from outside the machine during a run (the site makes no third-party request).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PAGES = (
    "index.html",
    "modules/03-healthcare-tasks/medical-coding.html",
    "notebooks/attention-from-scratch.html",
)
COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".txt", ".xml")
AUDITS = {
    "first-contentful-paint": "FCP",
    "largest-contentful-paint": "LCP",
    "total-blocking-time": "TBT",
    "speed-index": "SI",
    "cumulative-layout-shift": "CLS",
    "mainthread-work-breakdown": "main thread",
}
RUN_TIMEOUT = 300


def site_prefix(site: Path) -> str:
    """The path the site is published under (``/course/``), read from 404.html: the one page with
    absolute asset addresses (it is served at any depth), so a server of the built site can serve
    it under the same path as in production."""
    page = site / "404.html"
    if page.exists():
        match = re.search(r'href="(/[^"]*?)assets/stylesheets/', page.read_text(encoding="utf-8"))
        if match:
            return match.group(1)
    return "/"


class PrefixedHandler(SimpleHTTPRequestHandler):
    """Static files of a built site served under ``prefix`` (the path it is published under)."""

    prefix = "/"

    def translate_path(self, path):
        """The file for a URL path, ``prefix`` stripped first (``/course/x.html`` is ``x.html`` of the
        served folder); a path outside the prefix is looked up as it is."""
        if path.startswith(self.prefix):
            path = "/" + path[len(self.prefix) :]
        return super().translate_path(path)


class _Handler(PrefixedHandler):
    """Static files under ``prefix``, gzip-compressed for text (as GitHub Pages serves them)."""

    def send_head(self):
        path = Path(self.translate_path(self.path.split("?", 1)[0]))
        if path.is_dir():
            path = path / "index.html"
        gzipped = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (gzipped and path.is_file() and path.suffix in COMPRESSED):
            return super().send_head()
        body = _compressed(str(path), path.stat().st_mtime_ns)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        from io import BytesIO

        return BytesIO(body)

    def log_message(self, format, *args):
        pass


@functools.lru_cache(maxsize=512)
def _compressed(path: str, _mtime: int) -> bytes:
    return gzip.compress(Path(path).read_bytes(), compresslevel=9)


def serve(site: Path) -> tuple[ThreadingHTTPServer, str]:
    """Serve ``site`` under its published prefix, text gzip-compressed, on 127.0.0.1 at a free port from a
    daemon thread: (the server, which the caller shuts down, and the base URL, ending in ``/``)."""
    prefix = site_prefix(site)
    handler = type("Handler", (_Handler,), {"prefix": prefix})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}{prefix}"


def lighthouse_cli(root: Path) -> str:
    """$COURSE_LIGHTHOUSE, or the npm package installed under .cache/lighthouse/."""
    if os.environ.get("COURSE_LIGHTHOUSE"):
        return os.environ["COURSE_LIGHTHOUSE"]
    prefix = root / ".cache" / "lighthouse"
    local = prefix / "node_modules" / ".bin" / "lighthouse"
    if not local.exists():
        npm = shutil.which("npm")
        if not npm:
            raise SystemExit("course-lighthouse: npm is needed to install lighthouse (apt-get install npm)")
        prefix.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [npm, "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(prefix), "lighthouse@12"],
            check=True,
        )
    return str(local)


def run_once(cli: str, url: str, chromium: str) -> dict:
    """One Lighthouse run (performance only, default mobile settings): its JSON report."""
    result = subprocess.run(
        [
            cli,
            url,
            "--only-categories=performance",
            "--output=json",
            "--output-path=stdout",
            "--quiet",
            "--chrome-flags=--headless --no-sandbox",
        ],
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
        env={**os.environ, "CHROME_PATH": chromium},
    )
    if result.returncode != 0:
        raise RuntimeError(f"lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    return json.loads(result.stdout)


def summary(report: dict) -> dict:
    """The figures of one run: score (0-100), timings in ms, CLS, and CPU time per script."""
    audits = report["audits"]
    out: dict = {"score": round(100 * (report["categories"]["performance"]["score"] or 0))}
    for audit, name in AUDITS.items():
        out[name] = audits[audit].get("numericValue")
    scripts = audits.get("bootup-time", {}).get("details", {}).get("items", [])
    out["scripts"] = {
        item["url"].rsplit("/", 1)[-1] or item["url"]: round(item.get("total", 0)) for item in scripts[:8]
    }
    settings = report.get("configSettings", {})
    out["settings"] = {
        "formFactor": settings.get("formFactor"),
        "throttlingMethod": settings.get("throttlingMethod"),
        "throttling": settings.get("throttling"),
        "lighthouse": report.get("lighthouseVersion"),
        "userAgent": report.get("environment", {}).get("hostUserAgent", ""),
    }
    return out


def measure(site: Path, pages: list[str], runs: int, cli: str, chromium: str) -> dict[str, list[dict]]:
    """Run Lighthouse ``runs`` times on each of ``pages`` (paths relative to the site) of the served
    ``site``: each page's run summaries, in order. Progress goes to stderr; the server is shut down
    afterwards, also when a run fails (RuntimeError)."""
    server, base = serve(site)
    try:
        results: dict[str, list[dict]] = {}
        for page in pages:
            results[page] = []
            for run in range(runs):
                results[page].append(summary(run_once(cli, base + page, chromium)))
                print(f"  {page} run {run + 1}: {results[page][-1]['score']}", file=sys.stderr)
        return results
    finally:
        server.shutdown()
        server.server_close()


def median_run(runs: list[dict]) -> dict:
    """The run with the median score (the middle one of an odd number of runs)."""
    ordered = sorted(runs, key=lambda r: (r["score"], r["TBT"] or 0))
    return ordered[(len(ordered) - 1) // 2]


def report(results: dict[str, list[dict]]) -> str:
    """A line with the Lighthouse version and throttling of the first run, then a Markdown table of each
    page's median run (timings in ms) with the scores of all its runs."""
    lines = []
    first = next(iter(results.values()))[0]["settings"]
    throttling = first.get("throttling") or {}
    lines.append(
        f"Lighthouse {first.get('lighthouse')}, {first.get('formFactor')}, {first.get('throttlingMethod')} throttling: "
        f"RTT {throttling.get('rttMs')} ms, {throttling.get('throughputKbps')} kbit/s, "
        f"CPU slowdown {throttling.get('cpuSlowdownMultiplier')}x"
    )
    lines.append(
        "| page | score (runs) | FCP ms | LCP ms | TBT ms | SI ms | CLS | main thread ms | top scripts (CPU ms) |"
    )
    lines.append("|---|---|---|---|---|---|---|---|---|")
    for page, runs in results.items():
        m = median_run(runs)
        scores = ", ".join(str(r["score"]) for r in runs)
        top = ", ".join(f"{name} {ms}" for name, ms in list(m["scripts"].items())[:4])
        lines.append(
            f"| {page} | **{m['score']}** ({scores}) | {m['FCP']:.0f} | {m['LCP']:.0f} | {m['TBT']:.0f} | "
            f"{m['SI']:.0f} | {m['CLS']:.3f} | {m['main thread']:.0f} | {top} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """``course-lighthouse``: measure the pages, print the report and, with ``--json``, write every run's
    figures; returns 0. A SITE without ``index.html`` is refused (usage error, exit 2)."""
    parser = argparse.ArgumentParser(prog="course-lighthouse", description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path, help="a built site (mkdocs build -d SITE)")
    parser.add_argument(
        "--page", action="append", help="a page to measure (repeatable; default: home, a lesson, a notebook)"
    )
    parser.add_argument("--runs", type=int, default=3, help="runs per page; the median is reported (default 3)")
    parser.add_argument("--json", type=Path, help="also write every run's figures to this file")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the repository (for .cache/lighthouse)")
    args = parser.parse_args(argv)
    site = args.site.resolve()
    if not (site / "index.html").is_file():
        parser.error(f"{site} is not a built site (no index.html): run mkdocs build -d {args.site} first")
    chromium = os.environ.get("CHROME_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    results = measure(site, args.page or list(PAGES), max(1, args.runs), lighthouse_cli(args.root.resolve()), chromium)
    print(report(results))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
