"""Inline Markdown for quiz text, with the lesson's own extensions for math, marks and keys.

Quiz text lives in YAML, so Python-Markdown never sees it as Markdown: this renders it to HTML
the same way the lesson's prose is rendered (``$math$`` becomes arithmatex's ``\\( \\)`` spans,
which the site's KaTeX renders; glossary terms get their tooltips). Raw HTML is not passed
through: it is escaped, so a quiz cannot carry a script or a redirect.
"""

from __future__ import annotations

import markdown

EXTENSIONS = [
    "abbr",
    "pymdownx.arithmatex",
    "pymdownx.inlinehilite",
    "pymdownx.keys",
    "pymdownx.mark",
    "pymdownx.smartsymbols",
]


class InlineMarkdown:
    """A reusable converter: ``InlineMarkdown(glossary)(text)`` returns HTML."""

    def __init__(self, abbreviations: dict[str, str] | None = None):
        configs: dict[str, dict] = {"pymdownx.arithmatex": {"generic": True}}
        if abbreviations:
            configs["abbr"] = {"glossary": abbreviations}
        self._md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=configs)
        # Hardening: quiz text is plain Markdown; raw HTML in it is shown as text, never run
        # (rule `html-script` and its kin report it, coursetools.safety.raw_html).
        for registry, name in ((self._md.preprocessors, "html_block"), (self._md.inlinePatterns, "html")):
            if name in registry:
                registry.deregister(name)

    def __call__(self, text: str) -> str:
        self._md.reset()
        return self._md.convert(text)
