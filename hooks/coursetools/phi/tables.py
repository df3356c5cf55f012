"""Detector of rows shaped like an export of a credentialed dataset (MIMIC): a header of a
restricted table's column names (CSV, TSV, Markdown table, pandas text or HTML, JSON keys)
followed by data."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from .mimic_tables import restricted_tables
from .text import Hit

_KEY = "subject_id"
_COLUMN = re.compile(r"^[a-z_][a-z0-9_]*$")
_MD_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_RECORD_SPAN = 4096  # a JSON record with a restricted table's columns fits in this many characters


def restricted_table(columns: Iterable[str]) -> tuple[str, list[str]] | None:
    """The restricted table whose schema these column names are, and the columns in common."""
    names = [c.strip().lower() for c in columns if c.strip()]
    present = set(names)
    if _KEY not in present or len(present) < 4:
        return None
    best: tuple[tuple[int, float], str] | None = None
    tables = restricted_tables()
    for table, schema in tables.items():
        common = len(present & schema)
        score = (common, common / len(schema))
        if common >= 4 and 2 * common >= len(present) and (best is None or score > best[0]):
            best = (score, table)
    if best is None:
        return None
    schema = tables[best[1]]
    return best[1], [n for n in names if n in schema]


def _table_hit(start: int, end: int, columns: list[str]) -> Hit | None:
    found = restricted_table(columns)
    if not found:
        return None
    table, common = found
    listed = ", ".join(common[:6]) + (", ..." if len(common) > 6 else "")
    return Hit(
        "phi-restricted-rows",
        start,
        end,
        f"rows shaped like an export of {table}, a restricted dataset (columns {listed})",
        tuple(c for c in columns if c),
        table=True,
    )


def _cells(line: str) -> list[str] | None:
    """The cells of a line that is only column names, or None."""
    for delimiter in ("|", "\t", ",", ";"):
        if delimiter in line:
            parts = line.split(delimiter)
            break
    else:
        parts = line.split()
    cells = [p.strip().strip("\"'`*").strip() for p in parts]
    cells = [c for c in cells if c and c != "..."]
    if len(cells) < 4 or len(cells) > 400 or not all(_COLUMN.match(c.lower()) for c in cells):
        return None
    return cells


def line_table_hits(text: str, lower: str) -> Iterator[Hit]:
    """CSV, TSV, Markdown-table and pandas-text headers followed by a data row."""
    position = lower.find(_KEY)
    while position >= 0:
        start = text.rfind("\n", 0, position) + 1
        end = text.find("\n", position)
        end = len(text) if end < 0 else end
        cells = _cells(text[start:end])
        if cells:
            window = end
            for _ in range(4):
                following_end = text.find("\n", window + 1)
                window = len(text) if following_end < 0 else following_end
            following = text[end + 1 : window].split("\n")
            rows = [row for row in following if row.strip() and not _MD_SEPARATOR.match(row)]
            if rows and any(ch.isdigit() for ch in rows[0]):
                hit = _table_hit(start, end, cells)
                if hit:
                    yield hit
        position = lower.find(_KEY, end)  # the next line: a line is read once


_HTML_TH = re.compile(r"<th\b[^>]{0,200}>(.{0,200}?)</th\s*>", re.IGNORECASE | re.DOTALL)
_HTML_TAG = re.compile(r"<[^>]{0,200}>")


def html_table_hits(text: str, lower: str) -> Iterator[Hit]:
    """Each ``<table>`` read once: from its start to the first ``</table`` after it."""
    opening = lower.find("<table")
    while opening >= 0:
        closing = lower.find("</table", opening)
        if closing < 0:
            return
        end = lower.find(">", closing)
        end = len(text) if end < 0 else end + 1
        body = lower[opening:end]
        if _KEY in body and "<td" in body:
            head_end = body.find("</thead")
            if head_end < 0:
                head_end = body.find("</tr")
            head = text[opening : opening + (head_end if head_end >= 0 else len(body))]
            columns = [_HTML_TAG.sub("", th).strip() for th in _HTML_TH.findall(head)]
            columns = [c for c in columns if c]
            if all(_COLUMN.match(c.lower()) for c in columns):
                hit = _table_hit(opening, end, columns)
                if hit:
                    yield hit
        opening = lower.find("<table", end)


_RECORD_KEY = re.compile(r"[\"']([A-Za-z_][A-Za-z0-9_]{0,60})[\"']\s{0,8}:")
_KEY_AFTER = re.compile(r"[\"']\s{0,8}:")


def record_hits(text: str, lower: str) -> Iterator[Hit]:
    """JSON objects, JSON Lines and Python dicts whose keys are a restricted table's columns."""
    position = lower.find(_KEY)
    checked_until = -1  # the end of the last record read: its other keys are not read again
    while position >= 0:
        if position < checked_until:
            position = lower.find(_KEY, checked_until)
            continue
        quote = text[position - 1 : position] if position else ""
        after = _KEY_AFTER.match(text, position + len(_KEY), position + len(_KEY) + 10)
        start = text.rfind("{", max(0, position - _RECORD_SPAN), position)
        end = text.find("}", position, position + _RECORD_SPAN)
        if (
            quote in ("'", '"')
            and after
            and text[after.start()] == quote
            and start >= 0
            and end >= 0
            and text.find("}", start, position) < 0
        ):
            checked_until = end
            hit = _table_hit(start, end + 1, _RECORD_KEY.findall(text, start, end))
            if hit:
                what = hit.what.replace("rows shaped", "records shaped")
                yield Hit(hit.rule, position - 1, after.end(), what, hit.values, table=True)
        position = lower.find(_KEY, position + 1)
