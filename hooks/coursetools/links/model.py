"""What the link check works with: lychee's results, the problems the policy finds, the report,
and the allow-list of hosts not to visit."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..findings import Finding, rule

BROKEN = rule(
    "link-broken",
    "links",
    "Every link and anchor inside the built site leads somewhere.",
    "Link to the source file relatively (`../other.md#anchor`), or fix the anchor.",
)
EXTERNAL = rule(
    "link-external-broken",
    "links",
    "Links to other sites do not answer 404 or 410, and their host exists (`course-links site --external`).",
    "Fix the address, or remove the link.",
)
UNVERIFIED = rule(
    "link-unverified",
    "links",
    "Links to other sites answer, rather than time out, rate-limit (429) or fail with 5xx or 403, after retries.",
    "Open it in a browser; if it works, it is "
    "checked again next run; a site that blocks checkers can go on the allow-list.",
    severity="warning",
)

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

    @property
    def rule(self) -> str:
        """``link-unverified`` for any warning; else ``link-broken`` (internal) or ``link-external-broken``."""
        if self.severity == "warning":
            return UNVERIFIED.id
        return BROKEN.id if self.kind == "internal" else EXTERNAL.id

    @property
    def finding(self) -> Finding:
        """The course's one diagnostic type; the link details stay on this record (JSON report)."""
        return Finding(self.path, self.line, self.message, self.fix, self.rule, self.where)

    def __str__(self) -> str:
        return str(self.finding)


@dataclass
class Report:
    """The classified outcome of one link check: failures (exit 1), warnings, the external links that
    answered, those skipped (allow-list, the course's own address) and counts of fine internal links and pages."""

    failures: list[LinkProblem] = field(default_factory=list)
    warnings: list[LinkProblem] = field(default_factory=list)
    ok: list[dict[str, Any]] = field(default_factory=list)  # external links only
    skipped: list[dict[str, Any]] = field(default_factory=list)
    internal_ok: int = 0
    pages: int = 0


# --- Allow-list ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Allowed:
    """One allow-list entry: links that ``pattern`` (a regular expression) finds are not visited, for ``reason``."""

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
        raise LinkCheckError(
            f"{shown}{where}: the allow-list is not valid YAML ({getattr(error, 'problem', error)})"
        ) from error
    if data is None:
        return []
    if not isinstance(data, list):
        raise LinkCheckError(
            f"{shown}: the allow-list must be a YAML list of entries `- pattern: ...` / `reason: ...` (or `[]`)"
        )
    entries: list[Allowed] = []
    for number, item in enumerate(data, 1):
        if not isinstance(item, dict):
            raise LinkCheckError(f"{shown}: entry {number} must be a mapping with `pattern` and `reason`")
        unknown = sorted(set(map(str, item)) - {"pattern", "reason"})
        if unknown:
            raise LinkCheckError(
                f"{shown}: entry {number} has unknown key(s) {', '.join(unknown)}; "
                "only `pattern` and `reason` are allowed"
            )
        pattern, reason = item.get("pattern"), item.get("reason")
        if not isinstance(pattern, str) or not pattern.strip():
            raise LinkCheckError(
                f"{shown}: entry {number} needs a `pattern`, a regular expression "
                "matched against the whole link, e.g. '^https://www\\.example\\.com/'"
            )
        if not isinstance(reason, str) or not reason.strip():
            raise LinkCheckError(
                f"{shown}: entry {number} ({pattern}) needs a `reason`: say why "
                "the host cannot be checked, so the entry can be reviewed later"
            )
        try:
            re.compile(pattern)
        except re.error as error:
            raise LinkCheckError(
                f"{shown}: entry {number}: `{pattern}` is not a valid regular expression ({error})"
            ) from error
        entries.append(Allowed(pattern, reason.strip()))
    return entries


# --- Finding lychee, the repository and the pages ------------------------------------------------
