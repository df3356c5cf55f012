"""Refuse YAML that would cost more to load than it is long: anchors, aliases and deep nesting.

A 329-byte front matter of nested aliases (``b: &b [*a, *a, ...]``, seven levels) expands to
billions of values in anything that walks it, and a list nested 1,000 deep overflows the Python
stack of a recursive composer. Lesson front matter has no use for either, so :func:`problem`
reads the YAML *event* stream (linear, no recursion, nothing expanded) and stops at the first
anchor, alias or level of nesting beyond :data:`MAX_DEPTH`, before anything composes the document.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from ..findings import rule

MAX_DEPTH = 32  # nested lists/mappings; the lesson contract needs 3

ALIAS = rule(
    "frontmatter-alias",
    "front matter",
    "front matter must not use YAML anchors (`&a`) or aliases (`*a`)",
    "write the value out in full where it is needed",
)
DEPTH = rule(
    "frontmatter-depth",
    "front matter",
    f"front matter must not nest lists or mappings more than {MAX_DEPTH} levels deep",
    "flatten the value; lesson keys need at most three levels",
)


@dataclass(frozen=True)
class Problem:
    """Why a YAML text is refused: ``line`` is 0-based within the YAML text."""

    line: int
    message: str
    fix: str
    rule: str
    kind: str = ""  # "alias", "anchor", "depth" or "tag": callers with their own wording use it
    value: str = ""  # the alias, anchor or tag named


def problem(
    source: str,
    loader: type = yaml.SafeLoader,
    what: str = "front matter",
    refuse_tags: bool = False,
    max_depth: int = MAX_DEPTH,
) -> Problem | None:
    """The first anchor, alias or too-deep nesting in ``source`` (and tag, with ``refuse_tags``);
    None if there is none.

    Syntax errors are left for the real load to report with its own message."""
    depth = 0
    try:
        for event in yaml.parse(source, Loader=loader):
            line = event.start_mark.line if event.start_mark else 0
            if isinstance(event, yaml.AliasEvent):
                message = f"{what} uses the YAML alias `*{event.anchor}`"
                return Problem(line, message, ALIAS.fix, ALIAS.id, "alias", str(event.anchor))
            anchor = getattr(event, "anchor", None)
            if anchor:
                return Problem(line, f"{what} uses the YAML anchor `&{anchor}`", ALIAS.fix, ALIAS.id, "anchor", anchor)
            tag = getattr(event, "tag", None) if refuse_tags else None
            if tag:
                return Problem(line, f"{what} uses the YAML tag `{tag}`", "delete the tag", ALIAS.id, "tag", tag)
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > max_depth:
                    message = f"{what} nests lists or mappings more than {max_depth} levels deep"
                    return Problem(line, message, DEPTH.fix, DEPTH.id, "depth")
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return None
    return None
