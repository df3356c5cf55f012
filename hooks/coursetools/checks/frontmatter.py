"""Split a Markdown page into front matter and body, and parse the YAML with source lines.

PyYAML alone is not enough for a helpful validator: it forgets where each value came from,
silently keeps the last of two duplicate keys, and turns ``2025-02-30`` into an exception. This
module composes the YAML node tree itself, so every key and value keeps its line, duplicates are
reported, and dates stay strings for the schema to judge.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from ..findings import Finding, rule
from ..repo import YAML_LOADER
from . import yaml_guard

rule(
    "frontmatter-unclosed",
    "front matter",
    "A front matter opened by `---` on the first line is closed by another `---` line.",
    "Add a line `---` after the last key, before the lesson text.",
)
rule(
    "frontmatter-yaml",
    "front matter",
    "The front matter is valid YAML (no tabs, quoted text with colons, closed brackets).",
    "Fix the YAML at the line shown; quote values that contain `: `.",
)
rule(
    "frontmatter-not-mapping",
    "front matter",
    "The front matter is a mapping of `key: value` lines.",
    "Write one `key: value` per line.",
)
rule(
    "frontmatter-key",
    "front matter",
    "Front-matter keys are plain text.",
    "Write the key as a plain word, e.g. `title:`.",
)
rule(
    "frontmatter-duplicate-key",
    "front matter",
    "No key appears twice in the front matter.",
    "Keep one of the two lines and delete the other.",
)


# The same delimiters MkDocs accepts: a first line of ``---`` and a closing ``---`` or ``...``.
_OPEN = re.compile(r"^-{3}[ \t]*$")
_CLOSE = re.compile(r"^(?:-{3}|\.{3})[ \t]*$")


class _Loader(YAML_LOADER):  # type: ignore[misc, valid-type]
    """The safe loader (libyaml's parser when available) leaving timestamps as strings: the
    schema checks dates itself."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

KeyPath = tuple[str | int, ...]  # a path into the data: ("tags", 2) is the third tag


@dataclass
class FrontMatter:
    """Parsed front matter of one page.

    ``data`` is None when the page has no usable front matter; ``lines`` maps a path into the
    data to the file line of that key (for mappings) or value (for list items and scalars);
    ``body_line`` is the file line where the Markdown body starts.
    """

    data: dict[str, Any] | None
    lines: dict[KeyPath, int] = field(default_factory=dict)
    value_lines: dict[KeyPath, int] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1
    present: bool = False
    findings: list[Finding] = field(default_factory=list)

    def line_of(self, path: KeyPath, default: int = 1) -> int:
        """The line of a key or item, falling back to its parent's, then to ``default``."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return default

    def value_line(self, path: KeyPath) -> int:
        """The line where the value at ``path`` starts (below its key for a block); else as :meth:`line_of`."""
        return self.value_lines.get(path) or self.line_of(path)


def split(text: str) -> tuple[list[str] | None, int | None, list[str]]:
    """Return (front-matter lines, closing line index, all lines). None when there is none."""
    lines = text.splitlines()
    if not lines or not _OPEN.match(lines[0].lstrip("\ufeff")):
        return None, None, lines
    for index in range(1, len(lines)):
        if _CLOSE.match(lines[index]):
            return lines[1:index], index, lines
    return lines[1:], None, lines


def parse(text: str, path: str) -> FrontMatter:
    """Parse the front matter of ``text`` (the whole page); ``path`` is used in findings."""
    fm_lines, close, lines = split(text)
    if fm_lines is None:
        return FrontMatter(data=None, body=text, body_line=1)
    if close is None:
        return FrontMatter(
            data=None,
            body=text,
            present=True,
            findings=[
                Finding(
                    path,
                    1,
                    "front matter opened here is never closed",
                    "add a line `---` after the last key, before the lesson text",
                    "frontmatter-unclosed",
                )
            ],
        )
    result = FrontMatter(
        data=None,
        body="\n".join(lines[close + 1 :]),
        body_line=close + 2,
        present=True,
    )
    source = "\n".join(fm_lines) + "\n"
    offset = 2  # YAML line 0 is file line 2
    # Hardening: refuse anchors, aliases and deep nesting before anything composes the YAML.
    refused = yaml_guard.problem(source, _Loader)
    if refused is not None:
        result.findings.append(Finding(path, offset + refused.line, refused.message, refused.fix, refused.rule))
        return result
    try:
        loader = _Loader(source)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        if error.context_mark and (mark is None or mark.line >= len(fm_lines)):
            mark = error.context_mark  # an error at the end points back to what was left open
        line = offset + mark.line if mark else 1
        problem = (error.problem or error.context or "invalid YAML").strip()
        result.findings.append(
            Finding(
                path,
                line,
                f"front matter is not valid YAML: {problem}",
                _yaml_hint(problem, fm_lines, line - offset),
                "frontmatter-yaml",
            )
        )
        return result
    except yaml.YAMLError as error:  # e.g. a reader error for control characters
        result.findings.append(
            Finding(path, 1, f"front matter is not valid YAML: {error}", "fix the YAML syntax", "frontmatter-yaml")
        )
        return result
    if node is None:
        result.data = {}
        return result
    if not isinstance(node, yaml.MappingNode):
        kind = {yaml.SequenceNode: "a list", yaml.ScalarNode: "a single value"}.get(type(node), "not a mapping")
        result.findings.append(
            Finding(
                path,
                offset + node.start_mark.line,
                f"front matter is {kind}, not a mapping of keys to values",
                "write one `key: value` per line, e.g. `title: Attention`",
                "frontmatter-not-mapping",
            )
        )
        return result
    builder = _Builder(loader, result, path, offset)
    result.data = builder.mapping(node, ())
    return result


def _yaml_hint(problem: str, fm_lines: list[str], index: int) -> str:
    text = fm_lines[index] if 0 <= index < len(fm_lines) else ""
    if "\t" in text:
        return "YAML does not allow tabs for indentation; indent with spaces"
    if "mapping values are not allowed" in problem:
        return 'a value containing `: ` must be quoted, e.g. `title: "Part 1: Foundations"`'
    if "found character '@'" in problem or "found character '`'" in problem:
        return 'quote the value, e.g. `authors: ["@someone"]`'
    return "fix the YAML syntax on this line (quote values that contain `:` or `#`)"


class _Builder:
    """Turns composed YAML nodes into Python values, recording lines and duplicate keys."""

    def __init__(self, loader: _Loader, result: FrontMatter, path: str, offset: int):
        self.loader = loader
        self.result = result
        self.path = path
        self.offset = offset

    def value(self, node: yaml.Node, path: KeyPath) -> Any:
        self.result.value_lines.setdefault(path, self.offset + node.start_mark.line)
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            items = []
            for index, item in enumerate(node.value):
                self.result.lines[path + (index,)] = self.offset + item.start_mark.line
                items.append(self.value(item, path + (index,)))
            return items
        try:
            return self.loader.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, TypeError):  # e.g. a bad !!binary value
            return node.value

    def mapping(self, node: yaml.MappingNode, path: KeyPath) -> dict[str, Any]:
        data: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            line = self.offset + key_node.start_mark.line
            if not isinstance(key_node, yaml.ScalarNode):
                self.result.findings.append(
                    Finding(
                        self.path,
                        line,
                        "a front-matter key must be a plain word",
                        "write `key: value`",
                        "frontmatter-key",
                    )
                )
                continue
            key = str(key_node.value)
            if key in first_seen:
                self.result.findings.append(
                    Finding(
                        self.path,
                        line,
                        f"duplicate key `{key}` (first set on line {first_seen[key]}); "
                        "YAML would silently keep only this last value",
                        f"delete one of the two `{key}:` lines",
                        "frontmatter-duplicate-key",
                    )
                )
                continue
            first_seen[key] = line
            self.result.lines[path + (key,)] = line
            data[key] = self.value(value_node, path + (key,))
        return data
