"""The notebook pages' CSS, reduced to the rules their HTML can use.

nbconvert's lab template inlines JupyterLab's whole stylesheet (about 575 kB: widgets, menus,
dialogs, the file browser) into every notebook page, while a rendered notebook uses a few dozen
of its classes. :func:`prune` keeps a rule when one of its selectors names only classes that
occur in the page (rules without classes, custom properties, fonts and keyframes are kept), and
drops the rest. It works on the stylesheet's text with a small tokenizer for braces, comments
and strings, in linear time; a stylesheet is split once per build however many pages use it.
"""

from __future__ import annotations

import functools
import re

_CLASS_ATTRIBUTE = re.compile(r'\bclass="([^"]*)"')
_CLASS_IN_SELECTOR = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
_KEEP_AT_RULES = (
    "@font-face",
    "@keyframes",
    "@-webkit-keyframes",
    "@page",
    "@property",
    "@import",
    "@charset",
    "@namespace",
    "@counter-style",
    "@layer",
)


def classes_in(html: str) -> set[str]:
    """Every class name in the (double-quoted) ``class`` attributes of ``html``."""
    return {name for value in _CLASS_ATTRIBUTE.findall(html) for name in value.split()}


_TOKEN = re.compile(r"/\*|[\"'{};]")


@functools.lru_cache(maxsize=256)  # every notebook page inlines the same stylesheets
def _blocks(css: str) -> tuple[tuple[str, str], ...]:
    """Top-level (prelude, body) pairs; a statement without a body has body ''."""
    out: list[tuple[str, str]] = []
    depth, start, prelude_end = 0, 0, -1
    i, n = 0, len(css)
    while (match := _TOKEN.search(css, i)) is not None:
        i, token = match.start(), match.group()
        if token == "/*":
            end = css.find("*/", i + 2)
            i = n if end < 0 else end + 2
            continue
        if token in "\"'":
            end = i + 1
            while end < n and css[end] != token:
                end += 2 if css[end] == "\\" else 1
            i = end + 1
            continue
        if token == "{":
            if depth == 0:
                prelude_end = i
            depth += 1
        elif token == "}":
            depth -= 1
            if depth == 0:
                out.append((css[start:prelude_end].strip(), css[prelude_end + 1 : i]))
                start = i + 1
            depth = max(depth, 0)
        elif depth == 0:  # ";"
            out.append((css[start : i + 1].strip(), ""))
            start = i + 1
        i += 1
    return tuple(out)


def _selector_used(selector: str, used: set[str]) -> bool:
    names = _CLASS_IN_SELECTOR.findall(selector.split(":not(")[0])
    return all(name in used for name in names)


def prune(css: str, used: set[str]) -> str:
    """The rules of ``css`` that can apply to HTML using only the classes in ``used``."""
    kept: list[str] = []
    for prelude, body in _blocks(css):
        if not body and not prelude.startswith("@"):
            continue
        if not body:
            kept.append(prelude)
        elif prelude.startswith(_KEEP_AT_RULES):
            kept.append(f"{prelude}{{{body}}}")
        elif prelude.startswith("@"):
            inner = prune(body, used)
            if inner.strip():
                kept.append(f"{prelude}{{{inner}}}")
        elif any(_selector_used(part, used) for part in prelude.split(",")):
            kept.append(f"{prelude}{{{body}}}")
    return "\n".join(kept)
