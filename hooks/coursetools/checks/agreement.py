"""Where the checker and MkDocs would read a page differently: refuse those pages.

What the checker passes, the build must render as intended. Two known ways they part:

- MkDocs only takes front matter whose closing ``---`` is followed by a line break and that has
  at least one line between the delimiters (``mkdocs.utils.meta.YAML_RE``); otherwise it prints
  the YAML as text and takes the title from the file name, while a YAML parser reads it fine.
- The lesson rules apply to ``modules/NN-slug/page.md``; a page one folder deeper would escape
  them, so that layout is refused.
"""

from __future__ import annotations

import re

from ..findings import Finding, rule

# mkdocs.utils.meta.YAML_RE (MkDocs 1.6), copied: coursetools does not import MkDocs.
MKDOCS_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
_OPEN = re.compile(r"-{3}[ \t]*")
_CLOSE = re.compile(r"(?:-{3}|\.{3})[ \t]*")
_NESTED_MODULE_PAGE = re.compile(r"^modules/[^/]+/.+/[^/]+\.md$")

UNSEEN_FRONT_MATTER = rule(
    "frontmatter-unseen",
    "front matter",
    "front matter must be written so that MkDocs reads it too, not only the checker",
    "end the front matter with a `---` line followed by a line break, and put at least one key in it",
)
NESTED_PAGE = rule(
    "layout-nested-page",
    "layout",
    "pages of a module sit directly in its folder `modules/NN-slug/`",
    "move the page up into its module folder (and its nav entry), or out of `modules/`",
)


def findings(rel: str, text: str, shown: str) -> list[Finding]:
    """Findings for the page at ``rel`` (relative to docs/), whose text is ``text``."""
    out = []
    unseen = _unseen_front_matter(text, shown)
    if unseen is not None:
        out.append(unseen)
    if _NESTED_MODULE_PAGE.match(rel):
        module = rel.split("/")[1]
        out.append(
            Finding(
                shown,
                1,
                f"page is in a subfolder of module `{module}`, where the lesson rules do not reach it",
                NESTED_PAGE.fix,
                NESTED_PAGE.id,
            )
        )
    return out


def _unseen_front_matter(text: str, shown: str) -> Finding | None:
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    first_end = text.find("\n")
    if not _OPEN.fullmatch(text if first_end < 0 else text[:first_end]):
        return None
    if MKDOCS_FRONT_MATTER.match(text):
        return None
    lines = text.split("\n")
    close = next((i for i in range(1, len(lines)) if _CLOSE.fullmatch(lines[i])), None)
    if close is None:
        return None  # never closed: the front-matter parser reports it
    if close == 1:
        message = "front matter is empty, so MkDocs does not read it and prints both `---` lines"
    elif close == len(lines) - 1:
        message = (
            "front matter is closed on the last line with no line break after it, so MkDocs "
            "does not read it: it prints the YAML as text and takes the title from the file name"
        )
    else:
        message = "MkDocs does not read this front matter"
    return Finding(shown, close + 1, message, UNSEEN_FRONT_MATTER.fix, UNSEEN_FRONT_MATTER.id)
