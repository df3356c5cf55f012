"""Generated courses for the benchmarks: a scratch copy of the course plus N synthetic lessons.

``generate(dest, n)`` copies what a build needs (``mkdocs.yml``, ``hooks/``, ``overrides/`` and
``docs/`` with its ``_data/`` and ``assets/``) into ``dest`` and adds ``n`` lessons spread over
modules ``docs/modules/NN-generated-module-KK/``, each with an ``index.md`` carrying the
``<!-- lesson-list -->`` marker, and adds every new page to ``nav:`` in the copied config (a
lesson missing from nav fails the build). ``n = 0`` gives a plain snapshot of the course.

Each lesson keeps the lesson contract (``docs/_data/lesson.schema.json``): every required key,
tags from ``docs/_data/tags.yml``, sometimes a dataset from the registry, a prerequisite that
exists, and about 800 words of prose with headings, footnotes, a table, an admonition, an
exercise with a collapsible solution, inline and display math and relative links. The text
comes from a ``random.Random`` seeded with a fixed string per lesson, so the same arguments give
the same bytes on every machine and every run; nothing depends on the clock.

Variants for measuring shares of the build cost:

- ``notebooks=False``: the copy has no ``.ipynb`` files and no notebook entries in ``nav:``;
- ``write_variant(root, hooks=False)``: a second config next to ``mkdocs.yml`` without the
  ``hooks:`` entry (no lesson checks, no markers, no notebook execution).

    python -m coursetools.corpus DEST --lessons 100 [--no-notebooks] [--seed 20261123]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import yaml

SEED = 20261123
LESSONS_PER_MODULE = 25
FIRST_MODULE = 7  # the real course has modules 01 to 06
LAST_MODULE = 99
WORDS = 800
AUTHORS = "LLMs Meet Healthcare course team"
COPIED = ("mkdocs.yml", "hooks", "overrides", "docs")
_IGNORE = shutil.ignore_patterns("__pycache__", "*.egg-info", ".cache", ".pytest_cache", "site")
_WORD = re.compile(r"[A-Za-z0-9][\w'’-]*")  # as in course.py: what counts as a word of prose
_TOP_KEY = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)\s*:")
_NOTEBOOK_NAV = re.compile(r"^\s*-\s+(?:[^\n]*?:\s+)?\S+\.ipynb\s*$")


@dataclass
class Corpus:
    """A generated course: where it is and what was added."""

    root: Path
    lessons: list[str] = field(default_factory=list)  # paths relative to docs/
    modules: list[str] = field(default_factory=list)  # module folder names
    notebooks: bool = True

    @property
    def config(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def docs(self) -> Path:
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
    return "\n".join(lines[: span[0]] + lines[span[1]:])


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
    items = [line for line in lines[start + 1:end] if line.lstrip().startswith("- ")]
    indent = (items[0][: len(items[0]) - len(items[0].lstrip())]) if items else "  "
    added = []
    for title, pages in sections:
        added.append(f"{indent}- {_quote(title)}:")
        added.extend(f"{indent}    - {page}" for page in pages)
    return "\n".join(lines[:end] + added + lines[end:])


def write_variant(root: Path, *, hooks: bool = True, name: str | None = None) -> Path:
    """Write a variant of ``root/mkdocs.yml`` next to it and return its path.

    ``hooks=False`` removes the ``hooks:`` entry: the build then runs no lesson checks, expands no
    markers and executes no notebooks (mkdocs-jupyter shows them as committed, unexecuted).
    """
    root = Path(root)
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    if not hooks:
        text = drop_block(text, "hooks")
    target = root / (name or ("mkdocs.no-hooks.yml" if not hooks else "mkdocs.variant.yml"))
    target.write_text(text, encoding="utf-8")
    return target


# --- Synthetic lessons ----------------------------------------------------------------------------

_TOPICS = [
    ("Calibration", "calibration"), ("Tokenizing drug names", "drug-names"),
    ("Summarizing discharge notes", "discharge-notes"), ("Retrieval over guidelines", "guidelines"),
    ("Triage assistants", "triage"), ("Coding with ICD-10", "icd-coding"),
    ("De-identification", "deidentification"), ("Evaluating summaries", "summary-evaluation"),
    ("Prompt design for clinicians", "prompt-design"), ("Bias audits", "bias-audits"),
    ("Monitoring a deployed model", "monitoring"), ("Uncertainty and abstention", "abstention"),
    ("Patient education leaflets", "leaflets"), ("Radiology report generation", "radiology-reports"),
    ("Medication reconciliation", "medication-reconciliation"), ("Literature screening", "screening"),
]
_SETTINGS = ["the emergency department", "primary care", "the intensive care unit", "oncology",
             "a community pharmacy", "outpatient cardiology", "a teaching hospital", "telehealth"]
_SUBJECTS = [
    "a clinical language model", "the tokenizer", "the evaluation team", "a triage assistant",
    "the attention layer", "a careful reviewer", "the governance board", "the retrieval step",
    "a fine-tuned encoder", "the summarization pipeline", "a general-purpose LLM",
    "the annotation guideline", "the held-out test set", "a nurse informaticist",
    "the monitoring dashboard", "the decoding strategy",
]
_VERBS = [
    "estimates", "compares", "summarizes", "flags", "ranks", "misreads", "calibrates",
    "explains", "extracts", "checks", "underestimates", "highlights", "filters", "rewrites",
]
_OBJECTS = [
    "the probability of the next token", "medication names in free text",
    "abbreviations in nursing notes", "negated findings in a radiology report",
    "the risk of a missed diagnosis", "the evidence behind each recommendation",
    "every sentence of the discharge summary", "rare conditions in the EHR",
    "the dose and frequency of each drug", "the uncertainty of its own answer",
    "the differences between two guidelines", "phrases that a patient may not understand",
    "candidate ICD-10 codes for the encounter", "the answers to multiple-choice questions",
]
_TAILS = [
    "before any clinician sees the output", "on a held-out set of synthetic notes",
    "when the context window is nearly full", "with a fixed random seed",
    "in a way that a reviewer can audit", "across several hospitals with different habits",
    "without sending text outside the network", "for patients with limited health literacy",
    "at a threshold chosen in advance", "even when the prompt is slightly reworded",
    "and records the result for later review", "under the supervision of a pharmacist",
]
_OPENERS = ["", "", "", "", "In practice, ", "For example, ", "However, ", "As a result, ",
            "In a busy ward, ", "On the other hand, ", "In most studies, ", "By contrast, "]
_SECTIONS = [
    "Why it matters", "The core idea", "A worked example", "Where it goes wrong",
    "How to evaluate it", "Trade-offs in deployment", "What the literature says",
    "Common misconceptions", "A checklist for practice",
]
_VERBS_OBJECTIVE = ["Explain", "Describe", "Evaluate", "Predict", "Judge", "Show"]
_LEVELS = ["beginner", "intermediate", "advanced"]
_SKIPPED_TAGS = {"notebook"}  # promises an executed notebook that a generated lesson does not have


def _quote(text: str) -> str:
    """A YAML double-quoted scalar (JSON-style escaping; the generated text is ASCII)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _sentence(rng: random.Random) -> str:
    opener = rng.choice(_OPENERS)
    subject = rng.choice(_SUBJECTS)
    text = f"{opener}{subject} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} {rng.choice(_TAILS)}."
    return _cap(text)


def _paragraph(rng: random.Random, sentences: int = 5, extra: str = "") -> str:
    parts = [_sentence(rng) for _ in range(sentences)]
    if extra:
        parts.insert(rng.randrange(1, len(parts)), extra)
    return _wrap(" ".join(parts))


def _wrap(text: str, width: int = 100, indent: str = "") -> str:
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(indent) + len(line) + 1 + len(word) > width:
            lines.append(indent + line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(indent + line)
    return "\n".join(lines)


def _words(text: str) -> int:
    prose = [line for line in text.split("\n") if not line.lstrip().startswith("[^")]
    return len(_WORD.findall("\n".join(prose)))


@dataclass
class _Plan:
    number: int  # 1-based over the whole corpus
    module: str
    slug: str
    title: str
    previous: str | None  # slug of the previous lesson in the module

    @property
    def path(self) -> str:
        return f"modules/{self.module}/{self.slug}.md"


def _module_name(index: int) -> str:
    return f"{FIRST_MODULE + index:02d}-generated-module-{index + 1:02d}"


def plan(n: int, lessons_per_module: int = LESSONS_PER_MODULE) -> list[_Plan]:
    """Which lesson goes where: ``n`` lessons in modules of ``lessons_per_module`` (more per
    module if the two-digit module numbers would run out)."""
    slots = LAST_MODULE - FIRST_MODULE + 1
    per = max(lessons_per_module, -(-n // slots)) if n else lessons_per_module
    plans: list[_Plan] = []
    for number in range(1, n + 1):
        module = _module_name((number - 1) // per)
        topic, topic_slug = _TOPICS[(number - 1) % len(_TOPICS)]
        setting = _SETTINGS[((number - 1) // len(_TOPICS)) % len(_SETTINGS)]
        slug = f"lesson-{number:04d}-{topic_slug}"
        previous = plans[-1].slug if plans and plans[-1].module == module else None
        plans.append(_Plan(number, module, slug, f"{topic} in {setting} ({number})", previous))
    return plans


_QUIZ = """```quiz
- question: Which mean is the F1 score?
  assesses: [1]
  kind: single
  choices:
    - text: The harmonic mean of precision and recall.
      correct: true
      feedback: It is $2PR / (P + R)$.
    - text: The arithmetic mean of precision and recall.
      feedback: The arithmetic mean would hide a low value; F1 does not.
- question: Select every statement that holds for F1.
  assesses: [2]
  kind: multiple
  choices:
    - text: It lies between precision and recall.
      correct: true
      feedback: A mean of two numbers lies between them.
    - text: It ignores true negatives.
      correct: true
      feedback: Neither precision nor recall counts them.
    - text: It is always above both precision and recall.
      feedback: A mean is never above both values.
- question: "What is F1 when precision and recall are both 0.8?"
  assesses: [1]
  kind: numeric
  answer: 0.8
  tolerance: 0.001
  feedback:
    correct: $2 \\cdot 0.8 \\cdot 0.8 / 1.6 = 0.8$, the same as both.
    incorrect: Apply $2PR / (P + R)$.
- question: "Spot the error: 'precision 0.9 and recall 0.5 give F1 0.7.'"
  assesses: [3]
  kind: single
  spot-error: true
  choices:
    - text: The F1 score is wrong.
      correct: true
      feedback: $2 \\cdot 0.9 \\cdot 0.5 / 1.4 \\approx 0.64$, not the arithmetic mean 0.7.
    - text: Nothing is wrong.
      feedback: 0.7 is the arithmetic mean, not F1.
```"""


def lesson(item: _Plan, tags: list[str], datasets: list[str], seed: int = SEED,
           words: int = WORDS) -> str:
    """The Markdown of one generated lesson (front matter and body)."""
    rng = random.Random(f"{seed}:{item.number}")
    date = dt.date(2026, 1, 1) + dt.timedelta(days=(item.number * 7) % 300)
    chosen_tags = rng.sample(tags, 3)
    chosen_data = [rng.choice(datasets)] if datasets and rng.random() < 0.35 else []
    topic = item.title.rsplit(" (", 1)[0]
    objectives = [f"{verb} how {rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)}."
                  for verb in rng.sample(_VERBS_OBJECTIVE, 3)]
    questions = [f"How does {rng.choice(_SUBJECTS)} handle {rng.choice(_OBJECTS)}?"
                 for _ in range(2)]
    keypoints = [_sentence(rng) for _ in range(3)]
    front = [
        "---",
        f"title: {_quote(item.title)}",
        f"description: {_quote(f'A generated lesson on {topic.lower()}, used to measure how the build grows with the course.')}",
        f"authors: [{AUTHORS}]",
        f"date: {date.isoformat()}",
    ]
    if item.number % 4 == 0:
        front.append(f"updated: {(date + dt.timedelta(days=30)).isoformat()}")
    front.append(f"tags: [{', '.join(chosen_tags)}]")
    front.append(f"level: {_LEVELS[item.number % len(_LEVELS)]}")
    for key, values in (("objectives", objectives), ("questions", questions), ("keypoints", keypoints)):
        front.append(f"{key}:")
        front.extend(f"  - {_quote(value)}" for value in values)
    if item.previous:
        front.append("prerequisites:")
        front.append(f"  - modules/{item.module}/{item.previous}.md")
    if chosen_data:
        front.append(f"datasets: [{', '.join(chosen_data)}]")
    front.append("---")

    labels = [f"g{item.number}{letter}" for letter in "abc"]
    notes = [f"[^{label}]: {AUTHORS}. Synthetic reference {index + 1} for generated lesson "
             f"{item.number}. Generated text for the build benchmarks, not a publication."
             for index, label in enumerate(labels)]
    back = (f"[the previous lesson]({item.previous}.md)" if item.previous
            else "[the module overview](index.md)")
    sections = rng.sample(_SECTIONS, 4)
    body: list[str] = [
        _paragraph(rng, 4, f"This lesson builds on {back} and uses the terms of the "
                           f"[glossary](../../glossary.md).[^{labels[0]}]"),
        f"## {sections[0]}",
        _paragraph(rng, 5, f"The quantity of interest is $p(x_t \\mid x_{{<t}})$, the probability "
                           f"of token $x_t$ given the tokens before it."),
        _paragraph(rng, 5),
        f"## {sections[1]}",
        _paragraph(rng, 5, f"The [summary](#summary) at the end lists what to remember.[^{labels[1]}]"),
    ]
    table = ["| System | Precision | Recall | F1 |", "|---|---|---|---|"]
    for system in ("Rule-based baseline", "Fine-tuned encoder", "Prompted LLM"):
        precision, recall = rng.randint(55, 95) / 100, rng.randint(55, 95) / 100
        f1 = 2 * precision * recall / (precision + recall)
        table.append(f"| {system} | {precision:.2f} | {recall:.2f} | {f1:.2f} |")
    body += [
        "\n".join(table),
        "The F1 score in the last column is the harmonic mean of precision $P$ and recall $R$:",
        "$$\n\\mathrm{F1} = \\frac{2PR}{P + R}\n$$",
        f"### {rng.choice(['A closer look', 'Reading the table', 'What the numbers hide'])}",
        _paragraph(rng, 5),
        f"## {sections[2]}",
        f'!!! note "{rng.choice(["Why this matters in the clinic", "A caution", "In practice"])}"',
        _wrap(" ".join(_sentence(rng) for _ in range(3)), indent="    "),
        _paragraph(rng, 5, f"Guidance on this point differs between institutions.[^{labels[2]}]"),
        f"## {sections[3]}",
    ]
    # Fill with prose up to the target length, leaving room for the exercise and the summary.
    fixed_tail = 120
    while _words("\n\n".join(body)) + fixed_tail < words:
        body.append(_paragraph(rng, 5))
    body += [
        '!!! question "Exercise: compute F1"',
        "    Objectives: 1, 2",
        _wrap(f"A team reports precision {rng.randint(60, 90)}% and recall {rng.randint(60, 90)}% "
              f"for {rng.choice(_OBJECTS)}. Compute F1, and name one reason the figure could "
              "mislead a clinician.", indent="    "),
        '    ??? success "Solution"',
        _wrap("Apply the formula above: F1 is the harmonic mean, so it sits closer to the smaller "
              "of the two values. " + " ".join(_sentence(rng) for _ in range(2)), indent="        "),
        "## Summary",
        _paragraph(rng, 3),
        "## Check your understanding",
        _QUIZ,  # a self-check that passes coursetools.assessment's rules
        "\n".join(notes),
    ]
    return "\n".join(front) + "\n\n" + "\n\n".join(body) + "\n"


def module_index(module: str, index: int, total: int, seed: int = SEED) -> str:
    rng = random.Random(f"{seed}:module:{module}")
    return (
        "---\n"
        f"title: {_quote(f'Generated module {index + 1:02d}')}\n"
        f"description: Generated lessons for the build benchmarks, group {index + 1} of {total}.\n"
        "---\n\n"
        f"{_paragraph(rng, 4)}\n\n"
        "<!-- lesson-list -->\n"
    )


def _vocabulary(root: Path, file: str, skip: set[str] = frozenset()) -> list[str]:
    data = yaml.safe_load((root / file).read_text(encoding="utf-8")) or {}
    return [key for key in data if key not in skip]


def add_lessons(root: Path, n: int, *, seed: int = SEED, words: int = WORDS,
                lessons_per_module: int = LESSONS_PER_MODULE) -> Corpus:
    """Add ``n`` generated lessons (and their modules and nav entries) to the course at ``root``."""
    root = Path(root)
    docs = root / "docs"
    tags = _vocabulary(root, "docs/_data/tags.yml", _SKIPPED_TAGS)
    datasets = _vocabulary(root, "docs/_data/datasets.yml")
    plans = plan(n, lessons_per_module)
    modules: list[str] = []
    for item in plans:
        if item.module not in modules:
            modules.append(item.module)
    corpus = Corpus(root, [item.path for item in plans], modules,
                    notebooks=any(docs.rglob("*.ipynb")))
    sections = []
    for index, module in enumerate(modules):
        folder = docs / "modules" / module
        if folder.exists():
            raise FileExistsError(f"{folder} exists already; generate into a fresh copy")
        folder.mkdir(parents=True)
        (folder / "index.md").write_text(module_index(module, index, len(modules), seed),
                                         encoding="utf-8", newline="\n")
        pages = [f"modules/{module}/index.md"]
        for item in plans:
            if item.module == module:
                (docs / item.path).write_text(lesson(item, tags, datasets, seed, words),
                                              encoding="utf-8", newline="\n")
                pages.append(item.path)
        sections.append((f"Generated {index + 1:02d}", pages))
    if sections:
        config = root / "mkdocs.yml"
        config.write_text(append_nav(config.read_text(encoding="utf-8"), sections),
                          encoding="utf-8", newline="\n")
    return corpus


def generate(dest: Path, n: int, *, source: Path | None = None, notebooks: bool = True,
             seed: int = SEED, words: int = WORDS,
             lessons_per_module: int = LESSONS_PER_MODULE) -> Corpus:
    """A scratch copy of the course at ``source`` (default: this repository) in ``dest`` with
    ``n`` generated lessons added."""
    source = Path(source) if source else repo_root()
    copy_course(source, dest, notebooks=notebooks)
    corpus = add_lessons(Path(dest).resolve(), n, seed=seed, words=words,
                         lessons_per_module=lessons_per_module)
    corpus.notebooks = notebooks
    return corpus


def repo_root() -> Path:
    """The repository this package belongs to (hooks/coursetools/ -> the repository)."""
    root = Path(__file__).resolve().parents[2]
    if (root / "mkdocs.yml").exists() and (root / "docs").is_dir():
        return root
    from .check import find_repo_root
    return find_repo_root(Path.cwd())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m coursetools.corpus",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("dest", type=Path, help="a new folder for the generated course")
    parser.add_argument("--lessons", type=int, default=100, help="how many lessons to add (default 100)")
    parser.add_argument("--no-notebooks", action="store_true", help="leave the notebooks out")
    parser.add_argument("--no-hooks-variant", action="store_true",
                        help="also write mkdocs.no-hooks.yml without the hooks")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--root", type=Path, default=None, help="the course to copy (default: this repository)")
    args = parser.parse_args(argv)
    corpus = generate(args.dest, args.lessons, source=args.root, notebooks=not args.no_notebooks,
                      seed=args.seed)
    if args.no_hooks_variant:
        write_variant(corpus.root, hooks=False)
    print(f"{len(corpus.lessons)} lessons in {len(corpus.modules)} modules added to {corpus.root}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
