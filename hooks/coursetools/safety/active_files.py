"""Files under docs/ that can run script when a browser opens them: an allow-list, not trust.

MkDocs publishes every file under ``docs/``, and the Content-Security-Policy allows scripts
from the site itself (``script-src 'self'``). So a new ``.js`` file would run from any lesson's
``<script src>``, an ``.html`` page would be published with no policy at all, and an ``.svg``
with a ``<script>`` would run when opened. Such files are published only when they are:

- scripts (``.js``, ``.mjs``, ``.cjs``): listed in mkdocs.yml (``extra_javascript``,
  ``extra.polyfills``) or in ``docs/_data/trusted-files.yml`` (``scripts:``, for vendored
  files those load themselves);
- documents that can carry script (``.html``, ``.htm``, ``.xhtml``, ``.xht``, ``.shtml``,
  ``.xml``, ``.xsl``, ``.xslt``, ``.mht``, ``.mhtml``): listed in ``trusted-files.yml``
  (``html:``); the course has none;
- SVG images: checked, never listed: published only without script, event handlers,
  ``<foreignObject>``, ``javascript:`` URLs, DTDs or entities, and references outside the file
  (links, ``url(...)`` or ``@import`` that are not ``#fragment`` or a ``data:image``);
- ``.svgz`` (compressed, so not checked) and anything else that runs script: refused.

Everything else is one located finding, and the build does not publish the file.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

import yaml

from ..findings import Finding, rule
from ..repo import read_config

TRUSTED_FILE = "_data/trusted-files.yml"
SCRIPT_SUFFIXES = {".js", ".mjs", ".cjs"}
DOCUMENT_SUFFIXES = {".html", ".htm", ".xhtml", ".xht", ".shtml", ".xml", ".xsl", ".xslt", ".mht", ".mhtml"}
REFUSED_SUFFIXES = {".svgz", ".swf", ".hta", ".jar"}

UNTRUSTED = rule(
    "file-untrusted-script",
    "files",
    "a file under docs/ that runs script when opened (`.js`, `.html` and the like) is published only "
    "when the course lists it: mkdocs.yml's `extra_javascript` or `extra.polyfills`, or "
    "`docs/_data/trusted-files.yml`",
    "delete the file, or list it on purpose (see the instructor guide, 'Security')",
)
ACTIVE_SVG = rule(
    "file-svg-active",
    "files",
    "an SVG under docs/ holds a picture only: no script, event handlers, `<foreignObject>`, "
    "`javascript:` URLs, DTDs or entities, and no reference outside the file",
    "export the image again as plain SVG (no scripts, links or embedded HTML), or as PNG",
)

_SVG_PROBLEMS = [
    (re.compile(r"<\s*script", re.I), "a `<script>` element"),
    (re.compile(r"<\s*foreignObject", re.I), "a `<foreignObject>` (embedded HTML)"),
    (re.compile(r"<!\s*(?:DOCTYPE|ENTITY)", re.I), "a DTD or entity declaration"),
    (re.compile(r"[\s\"'/]on[a-z]+\s*=", re.I), "an event-handler attribute"),
    (re.compile(r"(?:java|vb)\s*script\s*:", re.I), "a `javascript:` URL"),
    (re.compile(r"@import", re.I), "an `@import`"),
    (re.compile(r"url\(\s*[\"']?\s*(?!#|data:image/)", re.I), "a `url(...)` outside the file"),
    (
        re.compile(r"(?:href|src)\s*=\s*[\"']\s*(?!#|data:image/)", re.I),
        "a reference (`href`/`src`) outside the file",
    ),
    (re.compile(r"<\s*(?:iframe|embed|object|a|image|use|feImage)\b[^>]*://", re.I), "a link to another site"),
]
_NAMESPACE = re.compile(r"""\sxmlns(?::[\w-]+)?\s*=\s*(?:"[^"]*"|'[^']*')""")


def svg_problem(text: str) -> tuple[int, str] | None:
    """(line, what) of the first thing in an SVG that could run script or load from elsewhere."""
    cleaned = _NAMESPACE.sub(lambda m: " " * len(m.group(0)), text)  # namespaces are names, not loads
    first: tuple[int, str] | None = None
    for pattern, what in _SVG_PROBLEMS:
        match = pattern.search(cleaned)
        if match and (first is None or match.start() < first[0]):
            first = (match.start(), what)
    if first is None:
        return None
    return text.count("\n", 0, first[0]) + 1, first[1]


def trusted(repo_root: Path, docs_dir: Path) -> tuple[set[str], set[str], list[Finding]]:
    """(scripts, documents) the course trusts, relative to docs/, and problems of the list file."""
    config = read_config(Path(repo_root) / "mkdocs.yml")
    scripts: set[str] = set()
    extra = config.get("extra") if isinstance(config.get("extra"), Mapping) else {}
    for entry in [*(config.get("extra_javascript") or []), *((extra or {}).get("polyfills") or [])]:
        path = entry.get("path") if isinstance(entry, Mapping) else entry
        if isinstance(path, str) and "://" not in path:
            scripts.add(path.lstrip("/"))
    documents: set[str] = set()
    problems: list[Finding] = []
    listed = Path(docs_dir) / TRUSTED_FILE
    if listed.is_file() and not listed.is_symlink():
        try:
            data = yaml.safe_load(listed.read_text(encoding="utf-8")) or {}
        except (yaml.YAMLError, UnicodeDecodeError) as error:
            data = {}
            problems.append(
                Finding(
                    f"docs/{TRUSTED_FILE}",
                    1,
                    f"cannot read the list of trusted files: {error}",
                    "fix the YAML",
                    UNTRUSTED.id,
                )
            )
        if isinstance(data, Mapping):
            scripts |= {str(p).lstrip("/") for p in data.get("scripts") or [] if isinstance(p, str)}
            documents |= {str(p).lstrip("/") for p in data.get("html") or [] if isinstance(p, str)}
    return scripts, documents, problems


def findings(docs_dir: Path, repo_root: Path, shown_prefix: str = "docs/", skip: Iterable[str] = ()) -> list[Finding]:
    """One finding per active file under ``docs_dir`` that is neither listed nor a clean SVG.
    ``skip``: paths (relative to docs/) already refused by the file scan."""
    docs_dir = Path(os.path.abspath(docs_dir))
    scripts, documents, out = trusted(repo_root, docs_dir)
    skipped = set(skip)
    listed = f"`docs/{TRUSTED_FILE}`"
    for folder, dirs, names in os.walk(docs_dir, followlinks=False):
        dirs.sort()
        for name in sorted(names):
            path = Path(folder) / name
            rel = path.relative_to(docs_dir).as_posix()
            if rel in skipped or ".ipynb_checkpoints" in rel.split("/"):
                continue
            suffix = path.suffix.lower()
            shown = shown_prefix + rel
            if suffix in SCRIPT_SUFFIXES and rel not in scripts:
                out.append(_untrusted(shown, "a script", f"`extra_javascript` in mkdocs.yml or `scripts:` in {listed}"))
            elif suffix in DOCUMENT_SUFFIXES and rel not in documents:
                out.append(_untrusted(shown, "a document that can run script", f"`html:` in {listed}"))
            elif suffix in REFUSED_SUFFIXES:
                out.append(_untrusted(shown, "a file type that can run script and cannot be checked", ""))
            elif suffix == ".svg":
                out.extend(_svg_findings(path, shown))
    return out


def _untrusted(shown: str, what: str, where: str) -> Finding:
    fix = (
        f"delete it, or list it on purpose: {where} (see the instructor guide, 'Security')"
        if where
        else ("delete it, or convert it (e.g. `.svgz` to a plain `.svg`, which is checked)")
    )
    return Finding(
        shown,
        1,
        f"{what} the course does not list, so it is not published (it could run in the site's origin)",
        fix,
        UNTRUSTED.id,
    )


def _svg_findings(path: Path, shown: str) -> list[Finding]:
    try:
        text = path.read_bytes().decode("utf-8", errors="replace")
    except OSError:
        return []
    found = svg_problem(text)
    if found is None:
        return []
    line, what = found
    return [Finding(shown, line, f"the SVG contains {what}, so it is not published", ACTIVE_SVG.fix, ACTIVE_SVG.id)]


def refusing_rules() -> set[str]:
    """The ids of the rules whose findings keep a file out of the site: unlisted scripts or HTML, active SVG."""
    return {UNTRUSTED.id, ACTIVE_SVG.id}
