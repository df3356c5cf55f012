"""``course-links SITE``: the check itself and its command line."""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from ..cli.check import github_annotation
from ..repo import find_root, shown_path
from ..safety import script_links as unsafe_links
from .lychee import (
    find_lychee,
    keep_successes,
    lychee_version,
    parse_report,
    retry_server_errors,
    run_lychee,
    self_link_prefixes,
    site_pages,
)
from .model import (
    ALLOWLIST,
    DEFAULT_CACHE,
    LYCHEE_CACHE_NAME,
    Allowed,
    Checked,
    LinkCheckError,
    LinkProblem,
    Report,
    load_allowlist,
)
from .policy import Policy
from .report import markdown_report, summary, summary_line
from .sources import Sources


def check_links(
    site: Path,
    *,
    external: bool = False,
    root: Path | None = None,
    site_label: str | None = None,
    cache: Path | None = None,
    max_cache_age: str = "3d",
    allowlist_path: Path | None = None,
    timeout: int = 20,
    max_retries: int = 3,
    retry_wait: int = 2,
    lychee: str | None = None,
    resolve: Callable[[str], str] | None = None,
) -> tuple[Report, dict[str, Any]]:
    """Check the site's links; return the classified report and details of the lychee runs."""
    site = site.resolve()
    if not site.is_dir():
        raise LinkCheckError(f"{site_label or site}: no such folder; build the site first (`mkdocs build`)")
    pages = site_pages(site)
    if not pages:
        raise LinkCheckError(f"{site_label or site}: no HTML pages; build the site first (`mkdocs build`)")
    binary = find_lychee(lychee)
    allow_shown = ALLOWLIST
    allowlist: list[Allowed] = []
    if allowlist_path is not None:
        allow_shown = shown_path(allowlist_path, root)
        allowlist = load_allowlist(allowlist_path, allow_shown)
    sources = Sources(root, site_label or str(site))
    report = Report(pages=len(pages))
    details: dict[str, Any] = {"lychee": lychee_version(binary), "commands": {}}
    with tempfile.TemporaryDirectory(prefix="course-links-") as work:
        workdir = Path(work)
        # Internal: offline, so no request leaves the machine and web links are merely skipped;
        # --index-files index.html resolves folder links (`modules/01-x/`) to their index page,
        # without it lychee reports fragments of such links as missing.
        internal_flags = ["--offline", "--include-fragments", "--index-files", "index.html", "--no-ignore"]
        data, command = run_lychee(binary, internal_flags, pages, workdir, "internal")
        details["commands"]["internal"] = command
        checked = parse_report(data, site)
        self_prefixes = self_link_prefixes(site, pages) if external else []
        policy = Policy(sources, site, allowlist, self_prefixes, max_retries, timeout, allow_shown, resolve)
        for item in checked:
            policy.internal(item, report)
        # Hardening: lychee skips `javascript:` links; a link that runs code is broken.
        for page, url in unsafe_links.site_script_links(site, pages):
            item = Checked(page, url, "error")
            report.failures.append(
                policy.problem(
                    "failure",
                    item,
                    "script link",
                    f"{url}: a link that runs JavaScript",
                    "link to a page or an anchor instead; the site runs no script from its content",
                    "internal",
                    [url, url.split("(")[0]],
                )
            )
        if external:
            excludes = [entry.pattern for entry in allowlist]
            excludes += ["^" + re.escape(prefix) for prefix in self_prefixes]
            flags = [
                "--scheme",
                "https",
                "--scheme",
                "http",  # file:// links are checked above
                "--include-fragments",
                "--timeout",
                str(timeout),
                "--max-retries",
                str(max_retries),
                "--retry-wait-time",
                str(retry_wait),
                "--no-ignore",
            ]
            if cache is not None:
                staged = workdir / LYCHEE_CACHE_NAME
                if cache.is_file():
                    shutil.copy2(cache, staged)
                flags += ["--cache", "--max-cache-age", max_cache_age, "--cache-exclude-status", "..200,300.."]
            for pattern in excludes:
                flags += ["--exclude", pattern]
            data, command = run_lychee(binary, flags, pages, workdir, "external")
            details["commands"]["external"] = command
            results = parse_report(data, site, retries=max_retries)
            retry_server_errors(results, binary, flags, workdir, site, max_retries, retry_wait)
            for item in results:
                policy.external(item, report)
            policy.finish(report)
            if cache is not None:
                details["cached_successes"] = keep_successes(workdir / LYCHEE_CACHE_NAME, cache)
    report.failures = _unique(report.failures)
    report.warnings = _unique(report.warnings)
    return report, details


def _unique(problems: list[LinkProblem]) -> list[LinkProblem]:
    """One problem per link and place it is written (a footnote shows on its lesson and on the
    references page: reported once, preferably as seen on the lesson)."""
    seen: dict[tuple[str, int, str, str], LinkProblem] = {}
    for problem in sorted(problems, key=lambda p: ("(shown on " in p.message, p.page)):
        key = (problem.path, problem.line, problem.where, problem.url)
        if not (problem.line or problem.where):
            key = (problem.path, 0, problem.page, problem.url)
        seen.setdefault(key, problem)
    return sorted(seen.values(), key=lambda p: (p.path, p.line or 10**9, p.where, p.url))


def main(argv: list[str] | None = None) -> int:
    """``course-links SITE_DIR [--external]``: print each broken link and warning (or GitHub annotations),
    optionally write the JSON and Markdown reports, and return the exit status: 1 if a link is broken,
    2 if the check could not run, 0 otherwise."""
    parser = argparse.ArgumentParser(
        prog="course-links",
        description="Check the links of the built course site with lychee: internal links and "
        "anchors always, links to other sites with --external.",
        epilog="Exit status: 1 if a link is broken, 2 if the check could not run, 0 otherwise.",
    )
    parser.add_argument("site", type=Path, metavar="SITE_DIR", help="the built site (mkdocs build -d SITE_DIR)")
    parser.add_argument("--external", action="store_true", help="also check links to other sites (needs the network)")
    parser.add_argument(
        "--root", type=Path, default=None, help="the course repository (default: found from the current folder)"
    )
    parser.add_argument(
        "--cache",
        type=Path,
        default=None,
        help=f"cache of successful external checks (default: {DEFAULT_CACHE} in the repository)",
    )
    parser.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    parser.add_argument(
        "--max-cache-age",
        default="3d",
        help="re-check a cached success after this long (lychee syntax: 12h, 3d, 1w; default 3d)",
    )
    parser.add_argument(
        "--allowlist", type=Path, default=None, help=f"hosts not to check (default: {ALLOWLIST} in the repository)"
    )
    parser.add_argument("--timeout", type=int, default=20, help="seconds per request (default 20)")
    parser.add_argument(
        "--max-retries", type=int, default=3, help="retries of a 408, 429, 5xx or timed-out request (default 3)"
    )
    parser.add_argument(
        "--retry-wait", type=int, default=2, help="seconds before the first retry, doubled at each retry (default 2)"
    )
    parser.add_argument(
        "--json", type=Path, default=None, dest="json_out", help="write every classified result to this JSON file"
    )
    parser.add_argument(
        "--markdown",
        type=Path,
        default=None,
        dest="markdown_out",
        help="also write the problems as a Markdown report (for the weekly issue)",
    )
    parser.add_argument("--lychee", default=None, help="the lychee binary (default: found)")
    parser.add_argument("--quiet", action="store_true", help="print problems only, no summary")
    parser.add_argument(
        "--format",
        choices=("text", "github"),
        default="text",
        help="`github` prints GitHub Actions annotations (on the lines of a pull request)",
    )
    args = parser.parse_args(argv)
    if args.max_retries < 0 or args.timeout <= 0 or args.retry_wait < 0:
        parser.error("--max-retries and --retry-wait must not be negative, --timeout must be positive")
    started = time.perf_counter()
    root = (args.root or find_root(Path.cwd()) or Path()).resolve()
    repo = root if (root / "docs").is_dir() else None
    allowlist = args.allowlist
    if allowlist is None and repo is not None and (repo / ALLOWLIST).is_file():
        allowlist = repo / ALLOWLIST
    cache = None if args.no_cache else (args.cache or (repo or Path.cwd()) / DEFAULT_CACHE)
    try:
        report, details = check_links(
            args.site,
            external=args.external,
            root=repo,
            site_label=args.site.as_posix(),
            cache=cache,
            max_cache_age=args.max_cache_age,
            allowlist_path=allowlist,
            timeout=args.timeout,
            max_retries=args.max_retries,
            retry_wait=args.retry_wait,
            lychee=args.lychee,
        )
    except LinkCheckError as error:
        print(f"course-links: {error}", file=sys.stderr)
        return 2
    for problem in report.failures + report.warnings:
        print(github_annotation(problem.finding) if args.format == "github" else problem)
    elapsed = time.perf_counter() - started
    if args.json_out:
        args.json_out.parent.mkdir(parents=True, exist_ok=True)
        args.json_out.write_text(
            json.dumps(
                {
                    "site": args.site.as_posix(),
                    "external": args.external,
                    "summary": summary(report, args.external),
                    "failures": [asdict(p) for p in report.failures],
                    "warnings": [asdict(p) for p in report.warnings],
                    "ok": report.ok,
                    "skipped": report.skipped,
                    "elapsed_seconds": round(elapsed, 2),
                    **details,
                },
                indent=2,
            )
            + "\n",
            encoding="utf-8",
        )
    if args.markdown_out:
        args.markdown_out.parent.mkdir(parents=True, exist_ok=True)
        args.markdown_out.write_text(markdown_report(report, args.external, elapsed), encoding="utf-8")
    if not args.quiet:
        print(summary_line(report, args.external, elapsed), file=sys.stderr)
    return 1 if report.failures else 0
