"""What the built pages show beyond their Markdown, generator-neutral (no MkDocs import).

- ``context``: the data templates ask for (lesson header, data cards) and marker expansion;
- ``render``: Markdown generated from the single sources of truth (lesson lists, references,
  glossary, dataset table);
- ``generated_docs``: instructor-guide tables committed in the repository and kept in sync;
- ``wayfinding``, ``printable``: lesson numbers, notebook back-links, printable modules;
- ``diagrams``: pre-rendered Mermaid diagrams (``course-diagrams``);
- ``assets``: per-page asset trimming (KaTeX only where there is math);
- ``search_text``: readable search snippets;
- ``preview``: what only ``mkdocs serve`` shows (problems on the page, dependents of an edit).
"""
