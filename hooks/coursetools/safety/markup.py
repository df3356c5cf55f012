"""Markup in strings the theme prints as HTML: front matter and the course's data files.

Material writes ``title:``, ``description:`` and the other front-matter strings unescaped outside
``<article>`` (the ``<meta name="description">``, the sidebar of every page of the module, the
header), and the lesson header prints authors, questions, objectives and datasets the same way.
A ``<script>`` there would run on every page that shows it. So every such string is judged as
the browser would read it, after YAML decoded its escapes (``"\\x3cscript\\x3e"`` is
``<script>``) and after HTML entities are decoded (Jinja's ``striptags``, used for ``<title>``,
decodes them): ``<``, ``>``, an event-handler attribute (``onerror=``) or a script URL
(``javascript:``) is a located error.

The build also publishes such a string inert (:func:`inert`): without the characters that make
markup (``< > " ' ` ``), with its entities decoded and ``&`` escaped, so even a build without
``--strict`` runs nothing. Escaping alone is not enough: ``striptags`` would decode
``&lt;/title&gt;`` back into markup inside ``<title>``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any

from ..findings import Finding, rule

FRONT_MATTER = rule(
    "markup-front-matter",
    "safety",
    "front-matter strings (title, description, authors, tags, questions, objectives, keypoints, "
    "...) hold plain text: no `<`, `>`, event handlers (`onerror=`) or `javascript:` URLs, also "
    "not as YAML or HTML escapes; the theme prints them as HTML outside the lesson",
    "write the text in words (e.g. 'less than' for `<`); for formatting use the lesson body",
)
DATA = rule(
    "markup-data",
    "safety",
    "strings in the course data that reach the pages (glossary, tags, datasets) hold plain text: "
    "no `<`, `>`, event handlers or `javascript:` URLs",
    "write the entry in plain words, without HTML",
)

_HANDLER = re.compile(r"\bon[a-z]+\s*=", re.IGNORECASE)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")
_SCRIPT_URL = re.compile(r"(?:java|vb)script:", re.IGNORECASE)
_MARKUP_CHARS = str.maketrans("", "", "<>\"'`")

# The course data files whose strings reach HTML (see coursetools.data).
DATA_FILES = {"glossary.yml": "glossary", "tags.yml": "tags", "datasets.yml": "datasets"}


def problem(value: str) -> str | None:
    """What makes ``value`` markup (as a short phrase), or None for plain text."""
    decoded = html.unescape(value)
    for text in (value, decoded) if decoded != value else (value,):
        if "<" in text or ">" in text:
            return "`<` or `>` (HTML markup)"
        if _HANDLER.search(text):
            return "an event-handler attribute (`on...=`)"
        if _SCRIPT_URL.search(_INVISIBLE.sub("", text)):
            return "a `javascript:` URL"
    return None


def inert(value: Any) -> Any:
    """``value`` (a string, or lists and mappings of them) with every markup string made plain text
    that reads the same in HTML; plain strings are left as they are (idempotent)."""
    if isinstance(value, str):
        if problem(value) is None:
            return value
        text = html.unescape(value).translate(_MARKUP_CHARS)
        text = _SCRIPT_URL.sub("script-", _INVISIBLE.sub(" ", text))
        return _HANDLER.sub(lambda m: m.group(0).rstrip("= \t") + " ", html.escape(text, quote=False))
    if isinstance(value, list):
        return [inert(item) for item in value]
    if isinstance(value, dict):
        return {key: inert(item) for key, item in value.items()}
    return value


KeyPath = tuple[str | int, ...]


def strings(value: Any, path: KeyPath = ()) -> Iterator[tuple[KeyPath, str, bool]]:
    """Every string in ``value`` with its key path, and whether it is a mapping's key (keys are
    printed too: a tag's name is)."""
    if isinstance(value, str):
        yield path, value, False
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str):
                yield (*path, key), key, True
            yield from strings(item, (*path, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from strings(item, (*path, index))


def _shown_key(path: KeyPath, is_key: bool) -> str:
    parts = path[:-1] if is_key else path
    out = ""
    for part in parts:
        shown = str(part) if problem(str(part)) is None else "(a key with markup)"
        out += f"[{part}]" if isinstance(part, int) else (f".{shown}" if out else shown)
    if is_key:
        return f"a key in `{out}`" if out else "a key"
    return f"`{out}`"


def front_matter_findings(front: Any, shown: str) -> list[Finding]:
    """One finding per front-matter string of ``front`` (a FrontMatter) that holds markup."""
    out: list[Finding] = []
    for path, value, is_key in strings(front.data or {}):
        found = problem(value)
        if found is None:
            continue
        line = front.value_line(path) if hasattr(front, "value_line") else 1
        out.append(
            Finding(
                shown,
                line,
                f"front-matter {_shown_key(path, is_key)} contains {found}, which the theme would publish as HTML",
                FRONT_MATTER.fix,
                FRONT_MATTER.id,
            )
        )
    return out


def data_findings(data: Any) -> list[Finding]:
    """One finding per string of the glossary, tags and datasets files that holds markup, located
    to its entry (or, when it can be found, to the line of its key within the entry)."""
    out: list[Finding] = []
    for name, attribute in DATA_FILES.items():
        path_of = data.data_dir / name
        try:
            lines = path_of.read_text(encoding="utf-8", errors="replace").split("\n")
        except OSError:
            lines = []
        for path, value, is_key in strings(getattr(data, attribute, None) or {}):
            found = problem(value)
            if found is None:
                continue
            line = data.line(name, path[0]) if path else 1
            if len(path) > 1 and isinstance(path[-1], str):  # the key's own line inside the entry
                key = re.compile(rf"^\s*(?:-\s+)?{re.escape(str(path[-1]))}\s*:")
                line = next((n for n in range(line, min(line + 40, len(lines) + 1)) if key.match(lines[n - 1])), line)
            out.append(
                Finding(
                    data.shown(name),
                    line,
                    f"{_shown_key(path, is_key)} contains {found}, which would be published as HTML",
                    DATA.fix,
                    DATA.id,
                )
            )
    return out


def inert_data(data: Any) -> None:
    """Make the course data's published strings inert, in place (the build does this once the
    check has reported them)."""
    data.tags = {inert(key): inert(value) for key, value in data.tags.items()}
    data.glossary = inert(data.glossary)
    data.datasets = inert(data.datasets)


def publish_inert(course: Any) -> None:
    """Once the check has reported them, make the course's front-matter and data strings that hold
    markup plain text, in place, for everything the build renders from them (listings, lesson
    header, glossary, navigation numbers). Idempotent."""
    inert_data(course.data)
    for page in course.pages.values():
        if page.front.data is not None:
            page.front.data = inert(page.front.data)


def inert_titles(items: Any) -> None:
    """Navigation items (sections and pages, with ``title`` and ``children``) whose title holds
    markup get a plain-text one."""
    for item in items:
        title = getattr(item, "title", None)
        if isinstance(title, str) and problem(title) is not None:
            item.title = inert(title)
        inert_titles(getattr(item, "children", None) or [])
