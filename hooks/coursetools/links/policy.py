"""The course's policy on lychee's results: what fails, what warns, and what each message says."""

from __future__ import annotations

import html
import http
import posixpath
import re
import socket
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .model import _ROOT_RELATIVE, DNS_CANARY, FAIL_CODES, RESERVED_NEVER_EXISTS, Allowed, Checked, LinkProblem, Report
from .sources import Sources


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
    """``404 Not Found`` for a known HTTP status code; the bare number for any other."""
    try:
        return f"{code} {http.HTTPStatus(code).phrase}"
    except ValueError:
        return str(code)


class Policy:
    """Turns lychee's results into the course's failures and warnings, each located in the source file
    that has the link. Only a missing page or anchor inside the site, a 404 or 410, and a host that
    does not exist (while DNS works) fail; everything else warns or is skipped."""

    def __init__(
        self,
        sources: Sources,
        site: Path,
        allowlist: list[Allowed],
        self_prefixes: list[str],
        max_retries: int,
        timeout: float,
        allowlist_shown: str,
        resolve: Callable[[str], str] | None = None,
    ):
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
        report.warnings.append(
            LinkProblem(
                "warning",
                self.sources.site_label,
                0,
                "",
                "no DNS",
                f"{len(links)} external links were not checked: DNS finds none of their {len(hosts)} "
                f"hosts ({example}) and not {DNS_CANARY} either (no network, or a resolver that only "
                "knows some hosts)",
                "not a failure: run the check where the internet is reachable",
                "",
                "external",
            )
        )

    def dns(self, host: str) -> str:
        """The DNS answer for ``host`` (``ok``, ``no such host``, ``failed``), looked up once per check."""
        if host not in self._dns:
            self._dns[host] = self.resolve(host)
        return self._dns[host]

    def problem(
        self, severity: str, item: Checked, status: str, message: str, fix: str, kind: str, needles: Iterable[str]
    ) -> LinkProblem:
        """A LinkProblem located where the link is written (``needles`` are the forms it may take there);
        the message names the page it is shown on when the link came from another file."""
        path, line, where, own = self.sources.locate(item.page, needles, anywhere=kind == "external")
        if not own:
            message += f" (shown on {self.sources.shown(item.page)})"
        return LinkProblem(severity, path, line, item.url, status, message, fix, item.page, kind, where)

    # Internal links: everything that is not fine is broken.
    def internal(self, item: Checked, report: Report) -> None:
        """Classify one link inside the built site: count it if fine; otherwise a failure for an
        unresolvable (root-relative) link, a missing anchor or a missing page, with the source path to fix."""
        if item.outcome == "ok":
            report.internal_ok += 1
            return
        if item.outcome == "excluded":
            return
        parts = urlsplit(item.url)
        if parts.scheme != "file":
            found = _ROOT_RELATIVE.search(item.text)
            href = found.group(1) if found else item.url
            report.failures.append(
                self.problem(
                    "failure",
                    item,
                    "unresolvable link",
                    f"link `{href}` cannot be followed inside the site ({item.text})",
                    "use a relative link to the source file, e.g. `../other.md`",
                    "internal",
                    [href],
                )
            )
            return
        target = Path(unquote(parts.path))
        fragment = unquote(parts.fragment)
        try:
            target_rel = target.resolve().relative_to(self.site).as_posix()
        except ValueError:
            target_rel = target.as_posix()
        page_dir = posixpath.dirname(item.page)
        relative = target_rel if target_rel.startswith("/") else posixpath.relpath(target_rel, page_dir or ".")
        stem, dot, suffix = relative.rpartition(".")
        variants = [f"{stem}.md", f"{stem}.ipynb", relative] if dot and suffix == "html" else [relative]
        if "fragment" in item.text.lower() and fragment:
            same_page = target_rel == item.page
            if same_page:
                message = f"link to `#{fragment}`: this page has no anchor `#{fragment}`"
            else:
                message = (
                    f"link to `{relative}#{fragment}`: {self.sources.shown(target_rel)} has no anchor `#{fragment}`"
                )
            report.failures.append(
                self.problem(
                    "failure",
                    item,
                    "missing anchor",
                    message,
                    "link to a heading that exists (the ¶ sign next to a heading shows its anchor) "
                    f"or drop `#{fragment}`",
                    "internal",
                    [*(f"{v}#{fragment}" for v in variants), f"#{fragment}"],
                )
            )
            return
        what = "a folder without index.html" if target.is_dir() else "not in the built site"
        report.failures.append(
            self.problem(
                "failure",
                item,
                "missing page",
                f"link to `{relative}`: {what}",
                "fix the path (link to the source file relative to this page, e.g. `other-lesson.md`) "
                "or remove the link",
                "internal",
                [*variants, *(posixpath.basename(v) for v in variants)],
            )
        )

    # External links: fail only when the link is certainly broken.
    def external(self, item: Checked, report: Report) -> None:
        """Classify one link to another site: a failure for 404 or 410 (and, via :meth:`network_error` and
        :meth:`excluded`, an unknown or ``.invalid`` host); a warning for a timeout, 408, 429, 5xx, an
        unfollowed redirect, any other status or a missing anchor; a success is kept for the report."""
        needles = [item.url, item.url.rstrip("/"), unquote(item.url), html.escape(item.url)]
        host = (urlsplit(item.url).hostname or "").lower()
        if item.outcome == "ok":
            entry = {
                "url": item.url,
                "page": item.page,
                "source": self.sources.shown(item.page),
                "status": item.code,
                "cached": item.cached,
            }
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
            report.warnings.append(
                self.problem(
                    "warning",
                    item,
                    "timeout",
                    f"{item.url} did not answer within {self.timeout} s {retries}",
                    later,
                    "external",
                    needles,
                )
            )
        elif item.code in FAIL_CODES:
            fix = (
                "fix or remove the link"
                if item.code == 404
                else "the page was removed on purpose: link to its replacement or an archived copy "
                "(https://web.archive.org/), or remove the link"
            )
            report.failures.append(
                self.problem(
                    "failure",
                    item,
                    phrase(item.code),
                    f"{item.url} returned {phrase(item.code)}",
                    fix,
                    "external",
                    needles,
                )
            )
        elif item.code is not None and (item.code == 429 or item.code == 408 or item.code >= 500):
            report.warnings.append(
                self.problem(
                    "warning",
                    item,
                    phrase(item.code),
                    f"{item.url} returned {phrase(item.code)} {retries}",
                    later,
                    "external",
                    needles,
                )
            )
        elif item.code is not None and 300 <= item.code < 400:
            report.warnings.append(
                self.problem(
                    "warning",
                    item,
                    phrase(item.code),
                    f"{item.url} returned {phrase(item.code)} and the redirect could not be followed",
                    "not a failure: open it in a browser and link to the address it ends up at",
                    "external",
                    needles,
                )
            )
        elif item.code is not None:
            report.warnings.append(
                self.problem(
                    "warning",
                    item,
                    phrase(item.code),
                    f"{item.url} returned {phrase(item.code)}",
                    "not a failure: many sites refuse link checkers; open it in a browser and, if it "
                    f"works, add the host to {self.allowlist_shown} with a reason",
                    "external",
                    needles,
                )
            )
        elif "fragment" in item.text.lower():
            anchor = urlsplit(item.url).fragment
            report.warnings.append(
                self.problem(
                    "warning",
                    item,
                    "missing anchor",
                    f"{item.url}: the page loads but has no anchor `#{anchor}`",
                    "not a failure (the anchor may be added by JavaScript): open the link in a browser "
                    "and fix or drop the anchor if it is gone",
                    "external",
                    needles,
                )
            )
        else:
            self.network_error(item, host, needles, report)

    def network_error(self, item: Checked, host: str, needles: list[str], report: Report) -> None:
        """A link that got no HTTP answer: a failure if DNS says its host does not exist while the canary
        host resolves; kept for :meth:`finish`'s single warning if the canary fails too; else a warning."""
        is_ip = bool(re.fullmatch(r"[\d.]+|\[?[0-9a-f:]+\]?", host))
        answer = "ok" if is_ip or not host else self.dns(host)
        if answer == "no such host" and self.dns(DNS_CANARY) == "ok":
            report.failures.append(
                self.problem(
                    "failure",
                    item,
                    "unknown host",
                    f"{item.url}: the host {host} does not exist (DNS has no such name)",
                    "fix the address or remove the link",
                    "external",
                    needles,
                )
            )
            return
        if answer == "no such host":
            self.no_dns.append(item)  # one warning for all of them: see finish()
            return
        if answer == "ok":
            message = f"{item.url} could not be reached: {item.text}"
        else:
            message = f"{item.url}: the DNS lookup of {host} failed ({item.text})"
        report.warnings.append(
            self.problem(
                "warning", item, "unreachable", message, "not a failure: checked again next run", "external", needles
            )
        )

    def excluded(self, item: Checked, host: str, needles: list[str], report: Report) -> None:
        """A link lychee did not visit: skipped (with the reason) when the allow-list or the course's own
        address covers it, a failure for an ``.invalid`` host, else skipped as a reserved example;
        non-web schemes (``mailto:`` and the like) are ignored."""
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
            report.failures.append(
                self.problem(
                    "failure",
                    item,
                    "unknown host",
                    f"{item.url}: the host {host} cannot exist (.invalid names are reserved never to exist, RFC 6761)",
                    "fix the address or remove the link",
                    "external",
                    needles,
                )
            )
            return
        report.skipped.append({**base, "reason": "reserved example or known false positive (lychee)"})


# --- The command ---------------------------------------------------------------------------------
