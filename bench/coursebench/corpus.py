"""Generated courses for the benchmarks: a scratch copy of the course plus N synthetic lessons.

``generate(dest, n)`` copies what a build needs (``mkdocs.yml``, ``hooks/``, ``overrides/`` and
``docs/`` with its ``_data/`` and ``assets/``) into ``dest`` and adds ``n`` lessons
(``lesson_text.lesson``: shaped like the real lessons, see ``features``) spread over modules
``docs/modules/NN-generated-module-KK/``, each with an ``index.md`` carrying the
``<!-- lesson-list -->`` marker, and adds every new page to ``nav:`` in the copied config (a
lesson missing from nav fails the build). ``n = 0`` gives a plain snapshot of the course.

Variants for measuring shares of the build cost:

- ``notebooks=False``: the copy has no ``.ipynb`` files and no notebook entries in ``nav:``;
- ``write_variant(root, hooks=False)``: a second config next to ``mkdocs.yml`` without the
  course's hooks (no lesson checks, no markers, no notebook execution; the page cache stays).

    python -m coursebench.corpus DEST --lessons 100 [--no-notebooks] [--seed 20261123]
"""

from __future__ import annotations

import argparse
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from coursetools.pages import diagrams

from . import features
from .lesson_text import SEED, SETTINGS, TOPICS, Plan, Vocabulary, lesson, module_index, quote

LESSONS_PER_MODULE = 25
FIRST_MODULE = 7  # the real course has modules 01 to 06
LAST_MODULE = 99
COPIED = ("mkdocs.yml", "hooks", "overrides", "docs")
_IGNORE = shutil.ignore_patterns("__pycache__", "*.egg-info", ".cache", ".pytest_cache", "site")
_TOP_KEY = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)\s*:")
_NOTEBOOK_NAV = re.compile(r"^\s*-\s+(?:[^\n]*?:\s+)?\S+\.ipynb\s*$")
_SKIPPED_TAGS = {"notebook"}  # promises an executed notebook that a generated lesson does not have


@dataclass
class Corpus:
    """A generated course: where it is and what was added."""

    root: Path
    lessons: list[str] = field(default_factory=list)  # paths relative to docs/
    modules: list[str] = field(default_factory=list)  # module folder names
    notebooks: bool = True

    @property
    def config(self) -> Path:
        """The copy's ``mkdocs.yml``."""
        return self.root / "mkdocs.yml"

    @property
    def docs(self) -> Path:
        """The copy's ``docs/`` folder."""
        return self.root / "docs"


# --- The scratch copy and its configs -----------------------------------------------------------


def copy_course(source: Path, dest: Path, *, notebooks: bool = True) -> Path:
    """Copy what a build of ``source`` needs into ``dest`` (which must not exist or be empty)."""
    source, dest = Path(source).resolve(), Path(dest).resolve()
    if dest.exists() and any(dest.iterdir()):
        raise FileExistsError(f"{dest} is not empty; give a new folder for the copy")
    dest.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        path = source / name
        if path.is_dir():
            shutil.copytree(path, dest / name, ignore=_IGNORE)
        elif path.is_file():
            shutil.copy2(path, dest / name)
    if not notebooks:
        for notebook in sorted((dest / "docs").rglob("*.ipynb")):
            notebook.unlink()
        config = dest / "mkdocs.yml"
        config.write_text(drop_notebook_nav(config.read_text(encoding="utf-8")), encoding="utf-8")
    return dest


def _block(lines: list[str], key: str) -> tuple[int, int] | None:
    """(first, end) line indexes of a top-level key's block: the key line and every line after it
    that is blank, indented or a column-0 list item; None if the key is absent."""
    for start, line in enumerate(lines):
        match = _TOP_KEY.match(line)
        if match and match.group("key") == key:
            end = start + 1
            while end < len(lines) and (not lines[end].strip() or lines[end][0] in " \t-"):
                end += 1
            while end > start + 1 and not lines[end - 1].strip():
                end -= 1  # trailing blank lines belong to the gap before the next key
            return start, end
    return None


def drop_block(config_text: str, key: str) -> str:
    """The config without the top-level ``key:`` and its value (text-level: keeps comments and
    ``!ENV`` tags, which a YAML round trip would lose)."""
    lines = config_text.split("\n")
    span = _block(lines, key)
    if span is None:
        return config_text
    return "\n".join(lines[: span[0]] + lines[span[1] :])


COURSE_HOOKS = "hooks/course_hooks.py"


def replace_hook(config_text: str, hook: str, replacement: str | None) -> str:
    """The config with the ``hooks:`` entry ``hook`` replaced by ``replacement`` (or removed);
    the other hooks (the page cache) stay, so a variant differs from the course in that hook only."""
    lines = config_text.split("\n")
    span = _block(lines, "hooks")
    if span is None:
        return config_text
    start, end = span
    kept = []
    for line in lines[start:end]:
        if line.strip().startswith("- ") and line.split("#")[0].strip()[2:].strip() == hook:
            if replacement is not None:
                kept.append(line.split("- ")[0] + f"- {replacement}")
            continue
        kept.append(line)
    return "\n".join(lines[:start] + kept + lines[end:])


def drop_notebook_nav(config_text: str) -> str:
    """The config without the ``nav:`` entries that point at notebooks."""
    lines = config_text.split("\n")
    span = _block(lines, "nav")
    if span is None:
        return config_text
    start, end = span
    kept = [line for line in lines[start:end] if not _NOTEBOOK_NAV.match(line)]
    return "\n".join(lines[:start] + kept + lines[end:])


def append_nav(config_text: str, sections: list[tuple[str, list[str]]]) -> str:
    """Append ``(title, [page, ...])`` sections at the end of ``nav:``."""
    lines = config_text.split("\n")
    span = _block(lines, "nav")
    if span is None:
        raise ValueError("the config has no `nav:`; the generated lessons could not be listed")
    start, end = span
    items = [line for line in lines[start + 1 : end] if line.lstrip().startswith("- ")]
    indent = (items[0][: len(items[0]) - len(items[0].lstrip())]) if items else "  "
    added = []
    for title, pages in sections:
        added.append(f"{indent}- {quote(title)}:")
        added.extend(f"{indent}    - {page}" for page in pages)
    return "\n".join(lines[:end] + added + lines[end:])


def write_variant(root: Path, *, hooks: bool = True, name: str | None = None) -> Path:
    """Write a variant of ``root/mkdocs.yml`` next to it and return its path.

    ``hooks=False`` removes the course's hooks (``hooks/course_hooks.py``): the build then runs no
    lesson checks, expands no markers and executes no notebooks (mkdocs-jupyter shows them as
    committed, unexecuted). The page cache stays, so both builds read back unchanged pages alike.
    """
    root = Path(root)
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    if not hooks:
        text = replace_hook(text, COURSE_HOOKS, None)
    target = root / (name or ("mkdocs.no-hooks.yml" if not hooks else "mkdocs.variant.yml"))
    target.write_text(text, encoding="utf-8")
    return target


# --- Synthetic lessons ----------------------------------------------------------------------------


def _module_name(index: int) -> str:
    return f"{FIRST_MODULE + index:02d}-generated-module-{index + 1:02d}"


def plan(n: int, lessons_per_module: int = LESSONS_PER_MODULE) -> list[Plan]:
    """Which lesson goes where: ``n`` lessons in modules of ``lessons_per_module`` (more per
    module if the two-digit module numbers would run out)."""
    slots = LAST_MODULE - FIRST_MODULE + 1
    per = max(lessons_per_module, -(-n // slots)) if n else lessons_per_module
    plans: list[Plan] = []
    for number in range(1, n + 1):
        module = _module_name((number - 1) // per)
        topic, topic_slug = TOPICS[(number - 1) % len(TOPICS)]
        setting = SETTINGS[((number - 1) // len(TOPICS)) % len(SETTINGS)]
        slug = f"lesson-{number:04d}-{topic_slug}"
        previous = plans[-1].slug if plans and plans[-1].module == module else None
        plans.append(Plan(number, module, slug, f"{topic} in {setting} ({number})", previous))
    return plans


def _keys(root: Path, file: str, skip: set[str] | frozenset[str] = frozenset()) -> list[str]:
    data = yaml.safe_load((root / file).read_text(encoding="utf-8")) or {}
    return [key for key in data if key not in skip]


def vocabulary(root: Path) -> Vocabulary:
    """The tags, datasets and Mermaid diagrams of the course at ``root``."""
    sources: list[str] = []
    for path in features.real_lessons(root / "docs"):
        for diagram in diagrams.find(path.read_text(encoding="utf-8")):
            if diagram.source not in sources:
                sources.append(diagram.source)
    return Vocabulary(
        tags=_keys(root, "docs/_data/tags.yml", _SKIPPED_TAGS),
        datasets=_keys(root, "docs/_data/datasets.yml"),
        diagrams=sources,
    )


def add_lessons(root: Path, n: int, *, seed: int = SEED, lessons_per_module: int = LESSONS_PER_MODULE) -> Corpus:
    """Add ``n`` generated lessons (and their modules and nav entries) to the course at ``root``."""
    root = Path(root)
    docs = root / "docs"
    words = vocabulary(root)
    plans = plan(n, lessons_per_module)
    modules: list[str] = []
    for item in plans:
        if item.module not in modules:
            modules.append(item.module)
    corpus = Corpus(root, [item.path for item in plans], modules, notebooks=any(docs.rglob("*.ipynb")))
    sections = []
    for index, module in enumerate(modules):
        folder = docs / "modules" / module
        if folder.exists():
            raise FileExistsError(f"{folder} exists already; generate into a fresh copy")
        folder.mkdir(parents=True)
        (folder / "index.md").write_text(
            module_index(module, index, len(modules), seed), encoding="utf-8", newline="\n"
        )
        pages = [f"modules/{module}/index.md"]
        for item in plans:
            if item.module == module:
                (docs / item.path).write_text(lesson(item, words, seed), encoding="utf-8", newline="\n")
                pages.append(item.path)
        sections.append((f"Generated {index + 1:02d}", pages))
    if sections:
        config = root / "mkdocs.yml"
        config.write_text(append_nav(config.read_text(encoding="utf-8"), sections), encoding="utf-8", newline="\n")
    return corpus


def generate(
    dest: Path,
    n: int,
    *,
    source: Path | None = None,
    notebooks: bool = True,
    seed: int = SEED,
    lessons_per_module: int = LESSONS_PER_MODULE,
) -> Corpus:
    """A scratch copy of the course at ``source`` (default: this repository) in ``dest`` with
    ``n`` generated lessons added."""
    source = Path(source) if source else repo_root()
    copy_course(source, dest, notebooks=notebooks)
    corpus = add_lessons(Path(dest).resolve(), n, seed=seed, lessons_per_module=lessons_per_module)
    corpus.notebooks = notebooks
    return corpus


def repo_root() -> Path:
    """The repository this package belongs to (bench/coursebench/ -> the repository)."""
    root = Path(__file__).resolve().parents[2]
    if (root / "mkdocs.yml").exists() and (root / "docs").is_dir():
        return root
    from coursetools.repo import find_root

    found = find_root(Path.cwd())
    if found is None:
        raise FileNotFoundError("no course found (a folder with mkdocs.yml and docs/); pass --root")
    return found


def main(argv: list[str] | None = None) -> int:
    """``python -m coursebench.corpus``: generate a course copy in DEST (with ``--no-hooks-variant``
    also ``mkdocs.no-hooks.yml``) and print what was added; returns 0. A DEST that is not empty is
    refused (FileExistsError)."""
    parser = argparse.ArgumentParser(prog="python -m coursebench.corpus", description=(__doc__ or "").split("\n")[0])
    parser.add_argument("dest", type=Path, help="a new folder for the generated course")
    parser.add_argument("--lessons", type=int, default=100, help="how many lessons to add (default 100)")
    parser.add_argument("--no-notebooks", action="store_true", help="leave the notebooks out")
    parser.add_argument(
        "--no-hooks-variant", action="store_true", help="also write mkdocs.no-hooks.yml without the hooks"
    )
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--root", type=Path, default=None, help="the course to copy (default: this repository)")
    args = parser.parse_args(argv)
    corpus = generate(args.dest, args.lessons, source=args.root, notebooks=not args.no_notebooks, seed=args.seed)
    if args.no_hooks_variant:
        write_variant(corpus.root, hooks=False)
    print(f"{len(corpus.lessons)} lessons in {len(corpus.modules)} modules added to {corpus.root}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
