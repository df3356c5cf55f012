"""The page rules against hostile input, in one place for the checker and the build.

- front-matter strings that would be published as HTML (coursetools.safety.markup);
- raw HTML in the text and in quiz blocks that runs script, redirects or loads from elsewhere
  (coursetools.safety.raw_html);
- markup nested too deep for the Markdown parser (coursetools.safety.nesting).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..assessment.quiz import find_blocks
from ..findings import Finding
from ..safety import markup, nesting, raw_html

if TYPE_CHECKING:
    from ..course import Page


def check(page: Page, shown: str) -> list[Finding]:
    """The hardening findings of one page: markup in its front matter, raw HTML in its text and in its
    quiz blocks' text, and nesting too deep to render."""
    out = markup.front_matter_findings(page.front, shown) if page.front.data is not None else []
    first = page.front.body_line
    out.extend(raw_html.check_text(page.masked, first, shown))
    lines = page.front.body.split("\n")
    for block in find_blocks(lines):  # quiz text is Markdown too, but masked as a code block
        out.extend(raw_html.check_text(lines[block.start + 1 : block.end], first + block.start + 1, shown))
    out.extend(nesting.findings(page.masked, first, shown))
    return out
