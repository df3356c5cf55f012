"""Mermaid diagrams, rendered once to SVG files that are committed with the course.

Material for MkDocs would load Mermaid (about 3 MB of JavaScript) from a CDN on every page with a
diagram: blocked on hospital networks and heavy on phones. Instead each ```` ```mermaid ````
block is rendered twice, with Mermaid's light and dark themes, to
``docs/assets/diagrams/<hash>.svg`` and ``<hash>-dark.svg`` by ``python -m coursetools.pages.diagrams``
(which needs Node.js and Chromium, via the Mermaid CLI). The build swaps the block for a
``<figure>``: both images at their natural size (the stylesheet shows the one matching Material's
colour scheme; a diagram wider than the text scrolls inside its frame, and shrinks only as far
as its text stays readable), alt text
generated from the diagram's own labels (or its ``accDescr``), and a caption from its
``accTitle`` line. Building the site needs neither Node nor Chromium; a diagram whose SVGs are
missing is reported with the command that renders them.

    python -m coursetools.pages.diagrams            # render missing SVGs, delete unused ones
    python -m coursetools.pages.diagrams --check    # exit 1 if any SVG is missing or unused
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..findings import Finding, rule

rule(
    "diagram-missing",
    "diagrams",
    "Every ```mermaid diagram has its pre-rendered SVG in docs/assets/diagrams/.",
    "Run `course-diagrams` and commit the SVG it writes.",
)


DIAGRAM_DIR = "assets/diagrams"  # relative to docs/
_FENCE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})mermaid[ \t]*\n(?P<body>.*?)^(?P=indent)(?P=fence)[ \t]*$",
    re.MULTILINE | re.DOTALL,
)
_NODE = re.compile(
    r"""(?P<id>[A-Za-z_][\w-]*)\s*(?:\[\((?P<a>[^)]*)\)\]|\(\((?P<b>[^)]*)\)\)|\[\[(?P<c>[^\]]*)\]\]|\[(?P<d>[^\]]*)\]|\((?P<e>[^)]*)\)|\{(?P<f>[^}]*)\})"""
)
_EDGE = re.compile(
    r"""(?P<src>[A-Za-z_][\w-]*)(?:\s*(?:\[[^\]]*\]|\(\([^)]*\)\)|\([^)]*\)|\{[^}]*\}))?\s*(?:--\s*"?(?P<t1>[^->|"]+)"?\s*-->|-\.\s*(?P<t2>[^.]+?)\s*\.->|-->|---|-\.->|==>)\s*(?:\|(?P<t3>[^|]*)\|)?\s*(?P<dst>[A-Za-z_][\w-]*)"""
)

# Natural size (useMaxWidth false: the SVG carries its width and height in px, 16 px text).
_LAYOUT = {"htmlLabels": False, "flowchart": {"htmlLabels": False, "useMaxWidth": False}}
THEMES = {"": ("default", "white"), "-dark": ("dark", "transparent")}  # file suffix: (theme, background)
# Part of every diagram's key: changing how diagrams are rendered renames (so re-renders) them all.
RENDER_VERSION = "2"
# A diagram at most this wide (CSS px) may shrink to a phone's text column (343 px at 375 px):
# its 16 px text is then drawn at 11 px or more. A wider one keeps its size and scrolls.
PHONE_FIT_WIDTH = 500
_ACC_TITLE = re.compile(r"^[ \t]*accTitle[ \t]*:[ \t]*(?P<text>.+?)[ \t]*$", re.MULTILINE)
_ACC_DESCR = re.compile(
    r"^[ \t]*accDescr[ \t]*(?::[ \t]*(?P<line>.+?)[ \t]*$|\{(?P<block>.*?)\})", re.MULTILINE | re.DOTALL
)
_SVG_SIZE = re.compile(r'<svg\b[^>]*?\bviewBox="[-\d.]+ [-\d.]+ (?P<w>[\d.]+) (?P<h>[\d.]+)"')
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--headless=new",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass
class Diagram:
    """One ```` ```mermaid ```` block of a page: its source (fence indentation removed), its key, and
    the offsets of the whole fenced block in the Markdown."""

    source: str
    key: str
    start: int  # offset of the fence in the Markdown
    end: int
    indent: str

    @property
    def file(self) -> str:
        """The light-theme SVG, relative to docs/ (``assets/diagrams/<key>.svg``)."""
        return f"{DIAGRAM_DIR}/{self.key}.svg"

    @property
    def dark_file(self) -> str:
        """The dark-theme SVG, relative to docs/ (``assets/diagrams/<key>-dark.svg``)."""
        return f"{DIAGRAM_DIR}/{self.key}-dark.svg"

    @property
    def files(self) -> list[str]:
        """Both SVGs the diagram needs, relative to docs/: one per theme in ``THEMES``."""
        return [f"{DIAGRAM_DIR}/{self.key}{suffix}.svg" for suffix in THEMES]


def key_of(source: str) -> str:
    """16 hex digits of the SHA-256 of the source (surrounding whitespace and trailing spaces ignored) and
    ``RENDER_VERSION``: the name of the diagram's SVG files."""
    normalised = "\n".join(line.rstrip() for line in source.strip().splitlines())
    return hashlib.sha256(f"{RENDER_VERSION}\n{normalised}".encode()).hexdigest()[:16]


def find(markdown: str) -> list[Diagram]:
    """Every ```` ```mermaid ```` block in ``markdown`` (fenced with backticks or tildes), in order."""
    out = []
    for match in _FENCE.finditer(markdown):
        indent = match.group("indent")
        body = "\n".join(
            line[len(indent) :] if line.startswith(indent) else line for line in match.group("body").splitlines()
        )
        out.append(Diagram(body, key_of(body), match.start(), match.end(), indent))
    return out


def _clean(label: str) -> str:
    label = re.sub(r"<br\s*/?>", " ", label or "")
    return re.sub(r"\s+", " ", label.strip().strip('"').strip()).strip()


def title(source: str) -> str:
    """The diagram's ``accTitle:`` line (its caption), or ''."""
    match = _ACC_TITLE.search(source)
    return _clean(match.group("text")) if match else ""


def described(source: str) -> str:
    """The diagram's own ``accDescr``, or ''."""
    match = _ACC_DESCR.search(source)
    return _clean(match.group("line") or match.group("block") or "") if match else ""


def describe(source: str) -> str:
    """A text alternative built from the diagram's labels: every step and every arrow."""
    source = _ACC_DESCR.sub("", _ACC_TITLE.sub("", source))
    labels: dict[str, str] = {}
    for match in _NODE.finditer(source):
        text = next((match.group(g) for g in "abcdef" if match.group(g) is not None), "")
        labels.setdefault(match.group("id"), _clean(text))
    edges = []
    for line in source.splitlines():
        for match in _EDGE.finditer(line):
            note = _clean(match.group("t1") or match.group("t2") or match.group("t3") or "")
            src = labels.get(match.group("src")) or match.group("src")
            dst = labels.get(match.group("dst")) or match.group("dst")
            edges.append(f"{src} leads to {dst}" + (f" ({note})" if note else ""))
    kind = "Flowchart" if source.lstrip().startswith(("flowchart", "graph")) else "Diagram"
    if edges:
        return f"{kind}: " + "; ".join(edges) + "."
    return f"{kind}: " + "; ".join(v for v in labels.values() if v) + "."


def natural_size(svg_file: Path) -> tuple[int, int] | None:
    """Width and height in CSS px of a rendered SVG (from its viewBox), or None if unreadable."""
    try:
        with svg_file.open(encoding="utf-8") as handle:
            head = handle.read(4096)
    except OSError:
        return None
    match = _SVG_SIZE.search(head)
    return (round(float(match.group("w"))), round(float(match.group("h")))) if match else None


def figure(diagram: Diagram, page_dir: str, docs_dir: Path | None = None) -> str:
    """The HTML that stands for a diagram: a <figure> with the light and the dark rendering
    (course.css shows the one for the current colour scheme) and a <figcaption>."""
    alt = html.escape(described(diagram.source) or describe(diagram.source))
    caption = html.escape(title(diagram.source) or described(diagram.source) or describe(diagram.source))
    size = natural_size(docs_dir / diagram.file) if docs_dir is not None else None
    dims = f' width="{size[0]}" height="{size[1]}"' if size else ""
    fits = " course-diagram--fits" if size and size[0] <= PHONE_FIT_WIDTH else ""
    images = []
    for suffix, file in (("light", diagram.file), ("dark", diagram.dark_file)):
        href = html.escape(posixpath.relpath(file, page_dir or "."))
        images.append(
            f'<img class="course-diagram__img course-diagram__img--{suffix}" src="{href}" '
            f'alt="{alt}"{dims} loading="lazy" decoding="async">'
        )
    return (
        f'<figure class="course-diagram{fits}"><div class="course-diagram__frame" data-scroll-label="Diagram: '
        f'{caption}">{"".join(images)}</div><figcaption>{caption}</figcaption></figure>'
    )


def replace(markdown: str, page_dir: str, docs_dir: Path | None = None) -> str:
    """Swap every Mermaid block for its figure (raw HTML on lines of its own)."""
    out, last = [], 0
    for diagram in find(markdown):
        out.append(markdown[last : diagram.start])
        out.append(f"{diagram.indent}{figure(diagram, page_dir, docs_dir)}")
        last = diagram.end
    out.append(markdown[last:])
    return "".join(out)


def missing_findings(markdown: str, shown: str, body_offset: int, docs_dir: Path) -> list[Finding]:
    """A ``diagram-missing`` finding, at the fence's line, for each diagram whose SVGs are not both under
    ``docs_dir``; ``body_offset`` is the line of the Markdown's first line in the file."""
    out = []
    for diagram in find(markdown):
        if not all((docs_dir / file).exists() for file in diagram.files):
            line = body_offset + markdown.count("\n", 0, diagram.start)
            out.append(
                Finding(
                    shown,
                    line,
                    "this Mermaid diagram has not been rendered to SVG",
                    "run `python -m coursetools.pages.diagrams` (needs Node.js and Chromium) "
                    "and commit the new file in docs/assets/diagrams/",
                    "diagram-missing",
                )
            )
    return out


def all_diagrams(docs_dir: Path) -> dict[str, Diagram]:
    """Every diagram in every ``.md`` under ``docs_dir``, by key (one entry per distinct source). Reads
    the pages directly: only for ``course-diagrams``, not the build."""
    found = {}
    for path in sorted(docs_dir.rglob("*.md")):
        for diagram in find(path.read_text(encoding="utf-8")):
            found[diagram.key] = diagram
    return found


def mermaid_cli(repo_root: Path) -> list[str]:
    """The Mermaid CLI: $COURSE_MMDC, a local install under .cache/, or npx."""
    if os.environ.get("COURSE_MMDC"):
        return [os.environ["COURSE_MMDC"]]
    local = repo_root / ".cache" / "mermaid-cli" / "node_modules" / ".bin" / "mmdc"
    if not local.exists():
        npm = shutil.which("npm")
        if not npm:
            raise SystemExit(
                "coursetools.pages.diagrams: Node.js and npm are needed to render diagrams "
                "(apt-get install nodejs npm chromium)"
            )
        local.parent.parent.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                npm,
                "install",
                "--silent",
                "--no-audit",
                "--no-fund",
                "--prefix",
                str(local.parent.parent.parent),
                "@mermaid-js/mermaid-cli@11",
            ],
            check=True,
            env={**os.environ, "PUPPETEER_SKIP_DOWNLOAD": "1"},
        )
    return [str(local)]


def render(diagrams: list[Diagram], docs_dir: Path, repo_root: Path) -> None:
    """Render each diagram with every theme in THEMES (light, then dark)."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        raise SystemExit("coursetools.pages.diagrams: Chromium is needed (apt-get install chromium)")
    cli = mermaid_cli(repo_root)
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        (tmpdir / "puppeteer.json").write_text(json.dumps({"executablePath": chromium, "args": CHROMIUM_ARGS}))
        for suffix, (theme, _) in THEMES.items():
            (tmpdir / f"mermaid{suffix}.json").write_text(json.dumps({"theme": theme, **_LAYOUT}))
        for diagram in diagrams:
            source = tmpdir / f"{diagram.key}.mmd"
            source.write_text(diagram.source + "\n")
            for suffix, (_, background) in THEMES.items():
                target = docs_dir / f"{DIAGRAM_DIR}/{diagram.key}{suffix}.svg"
                target.parent.mkdir(parents=True, exist_ok=True)
                subprocess.run(
                    [
                        *cli,
                        "-q",
                        "-p",
                        str(tmpdir / "puppeteer.json"),
                        "-c",
                        str(tmpdir / f"mermaid{suffix}.json"),
                        "-b",
                        background,
                        "-i",
                        str(source),
                        "-o",
                        str(target),
                    ],
                    check=True,
                )
                print(f"rendered {target.relative_to(repo_root)}")


def main(argv: list[str] | None = None) -> int:
    """``course-diagrams``: render the missing SVGs (needs Node.js and Chromium) and delete unused ones;
    with ``--check`` only list them, returning 1 if there are any."""
    parser = argparse.ArgumentParser(prog="python -m coursetools.pages.diagrams", description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="only report missing or unused SVGs")
    parser.add_argument("--root", type=Path, default=Path.cwd())
    args = parser.parse_args(argv)
    root = args.root.resolve()
    docs_dir = root / "docs"
    diagrams = all_diagrams(docs_dir)
    existing = {f"{DIAGRAM_DIR}/{p.name}": p for p in (docs_dir / DIAGRAM_DIR).glob("*.svg")}
    wanted = {file for d in diagrams.values() for file in d.files}
    missing = [d for d in diagrams.values() if not all(file in existing for file in d.files)]
    unused = [p for file, p in existing.items() if file not in wanted]
    if args.check:
        for d in missing:
            print(f"docs/{d.file}: missing; run python -m coursetools.pages.diagrams")
        for p in unused:
            print(f"{p.relative_to(root)}: no diagram uses it; run python -m coursetools.pages.diagrams")
        return 1 if missing or unused else 0
    if missing:
        render(missing, docs_dir, root)
    for path in unused:
        path.unlink()
        print(f"deleted unused {path.relative_to(root)}")
    print(f"{len(diagrams)} diagrams, {len(missing)} rendered, {len(unused)} deleted")
    return 0


if __name__ == "__main__":
    sys.exit(main())
