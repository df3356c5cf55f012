"""One test per lesson-contract and footnote rule: the message an instructor sees, and its line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from coursetools.course import check_course
from coursetools.findings import CATALOGUE

VALID_FRONT = """\
---
title: Attention
description: How attention weighs the words of a sentence.
authors: [Ada Lovelace]
date: 2026-01-05
reviewed: 2026-01-05
tags: [attention]
objectives: [Compute attention weights.]
---
"""


def make_course(tmp_path: Path, repo_root: Path, files: dict[str, str]) -> Path:
    """A minimal course: the real contract files, plus the given pages under docs/."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "mkdocs.yml").write_text("site_name: test\n")
    data = tmp_path / "docs" / "_data"
    data.mkdir(parents=True, exist_ok=True)
    for name in ("lesson.schema.json", "tags.yml", "datasets.yml", "glossary.yml"):
        (data / name).write_text((repo_root / "docs" / "_data" / name).read_text())
    for rel, text in files.items():
        path = tmp_path / "docs" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return tmp_path


def findings(tmp_path, repo_root, text, rel="modules/01-basics/lesson.md", extra=None, content=False):
    """The findings for one page; the content rules (length, sources ...) and the self-check rules
    (quiz, objectives) only when asked, since these fixtures are deliberately tiny lessons without
    a quiz (tests/test_content_rules.py and tests/test_assessment.py cover those)."""
    root = make_course(tmp_path, repo_root, {rel: text, **(extra or {})})
    return [
        str(f)
        for f in check_course(root / "docs", root).findings
        if content or not (f.rule.startswith("content-") or self_check(f))
    ]


def self_check(finding) -> bool:
    known = CATALOGUE.get(finding.rule)
    return known is not None and known.group == "self-checks"


def only(found: list[str]) -> str:
    assert len(found) == 1, found
    return found[0]


# --- Front matter ----------------------------------------------------------------------------

FRONT_MATTER_CASES = [
    # (id, front matter lines after `---`, expected line, expected text fragments)
    ("yaml-syntax", "title: [unclosed\n", 2, ["front matter is not valid YAML", "expected ',' or ']'"]),
    ("not-a-mapping", "- a\n- b\n", 2, ["front matter is a list, not a mapping"]),
    (
        "duplicate-key",
        "title: A\ntitle: B\n",
        3,
        ["duplicate key `title` (first set on line 2)", "delete one of the two"],
    ),
    ("missing-required", "title: A\n", 3, ["missing required key `authors`"]),
    (
        "wrong-type",
        "authors: Ada Lovelace\n",
        2,
        ['`authors` must be a list, not "Ada Lovelace"', "authors: [Ada Lovelace]"],
    ),
    ("impossible-date", "date: 2025-02-30\n", 2, ["`date` is 2025-02-30, which is not a real calendar date"]),
    ("not-iso-date", "date: 30/01/2025\n", 2, ["not an ISO date", "YYYY-MM-DD"]),
    (
        "tag-outside-vocabulary",
        "tags: [attention, transformer]\n",
        2,
        ["tag `transformer` is not in docs/_data/tags.yml", "did you mean `transformers`?"],
    ),
    ("unknown-key", "descripton: x\n", 2, ["unknown front-matter key `descripton`", "did you mean `description`?"]),
    (
        "hugo-key",
        "readTime: true\n",
        2,
        [
            "`readTime` is a key of another site generator (Hugo, Jekyll), not of this course",
            "reading time is computed from the text",
        ],
    ),
    (
        "prerequisite-missing",
        "prerequisites: [modules/01-basics/nowhere.md]\n",
        2,
        ["prerequisite `modules/01-basics/nowhere.md` does not exist"],
    ),
    ("updated-before-date", "updated: 2025-12-31\n", 2, ["`updated` (2025-12-31) is before `date` (2026-01-05)"]),
    ("level-enum", "level: Beginner\n", 2, ['`level` is "Beginner"', "did you mean `beginner`?"]),
    ("description-too-long", "description: " + "word " * 45 + "\n", 2, ["characters long, over the limit of 200"]),
    (
        "description-two-sentences",
        "description: First one. Second one.\n",
        2,
        ["`description` has more than one sentence"],
    ),
    ("empty-list", "objectives: []\n", 2, ["`objectives` is an empty list"]),
    ("empty-title", "title: ''\n", 2, ["`title` is empty"]),
    ("dataset-not-in-registry", "datasets: [mimic-v]\n", 2, ["dataset id `mimic-v` is not in docs/_data/datasets.yml"]),
]


@pytest.mark.parametrize("case, lines, line, fragments", FRONT_MATTER_CASES, ids=[c[0] for c in FRONT_MATTER_CASES])
def test_front_matter_rule(tmp_path, repo_root, case, lines, line, fragments):
    base = dict(line.split(": ", 1) for line in VALID_FRONT.strip("-\n").splitlines())
    key = lines.split(":", 1)[0].lstrip("- ")
    if case == "missing-required":
        text = "---\ntitle: A\ndescription: d.\ndate: 2026-01-05\nreviewed: 2026-01-05\ntags: [attention]\nobjectives: [x]\n---\n"
        line = 8
    elif case in ("yaml-syntax", "not-a-mapping"):
        text = "---\n" + lines + "---\n"
    elif case == "duplicate-key":
        rest = "".join(f"{k}: {v}\n" for k, v in base.items() if k != "title")
        text = "---\n" + lines + rest + "---\n"
    elif case == "unknown-key":  # the misspelt key stands in for the real one
        rest = "".join(f"{k}: {v}\n" for k, v in base.items() if k != "description")
        text = "---\n" + lines + rest + "---\n"
    else:
        rest = "".join(f"{k}: {v}\n" for k, v in base.items() if k != key)
        text = "---\n" + lines + rest + "---\n"
    found = findings(tmp_path, repo_root, text + "\nBody.\n")
    if case == "unknown-key":
        found = [f for f in found if "missing required key `description`" not in f]
    message = only(found)
    assert message.startswith(f"docs/modules/01-basics/lesson.md:{line}: "), message
    for fragment in fragments:
        assert fragment in message


def test_did_you_mean_never_proposes_a_key_the_page_already_has(tmp_path, repo_root):
    # `draft` is close to `date`, but the page has `date`: following the hint would duplicate it.
    text = VALID_FRONT.replace("title: Attention\n", "title: Attention\ndraft: true\n") + "\nBody.\n"
    message = only(findings(tmp_path, repo_root, text))
    assert "did you mean" not in message
    assert message.startswith(
        "docs/modules/01-basics/lesson.md:3: [frontmatter-retired-key] `draft` is a key of another site generator"
    )
    assert "published when it is in `nav:`" in message
    text = VALID_FRONT.replace("title: Attention\n", "title: Attention\nauthor_s: x\n") + "\nBody.\n"
    message = only(findings(tmp_path, repo_root, text))
    assert "did you mean" not in message and "[frontmatter-unknown-key] unknown front-matter key `author_s`" in message


@pytest.mark.parametrize(
    "key, hint",
    [
        ("weight", "order comes from the order of `nav:`"),
        ("slug", "rename the file"),
        ("categories", "`tags:`"),
        ("aliases", "not redirected"),
        ("images", "alt text"),
        ("series", "module is a folder"),
        ("layout", "`template:`"),
        ("permalink", "rename the file"),
    ],
)
def test_hugo_and_jekyll_keys_get_a_specific_hint(tmp_path, repo_root, key, hint):
    text = VALID_FRONT.replace("title: Attention\n", f"title: Attention\n{key}: x\n") + "\nBody.\n"
    message = only(findings(tmp_path, repo_root, text))
    assert f"[frontmatter-retired-key] `{key}` is a key of another site generator" in message
    assert hint in message


def test_tag_suggestion_only_when_close(tmp_path, repo_root):
    text = VALID_FRONT.replace("tags: [attention]", "tags: [attention, pharmacovigilance]") + "\nBody.\n"
    message = only(findings(tmp_path, repo_root, text))
    assert "did you mean" not in message
    assert "add a line `pharmacovigilance: what the tag covers` there" in message


def test_front_matter_never_closed(tmp_path, repo_root):
    message = only(findings(tmp_path, repo_root, "---\ntitle: A\n\nBody.\n"))
    assert message == (
        "docs/modules/01-basics/lesson.md:1: [frontmatter-unclosed] front matter opened here is never "
        "closed; add a line `---` after the last key, before the lesson text"
    )


def test_page_without_front_matter(tmp_path, repo_root):
    message = only(findings(tmp_path, repo_root, "Just text.\n"))
    assert message.startswith("docs/modules/01-basics/lesson.md:1: [frontmatter-missing] page has no front matter")


def test_other_pages_need_only_title_and_description(tmp_path, repo_root):
    page = "---\ntitle: Glossary\ndescription: Terms.\n---\nText.\n"
    assert findings(tmp_path / "a", repo_root, page, rel="glossary.md") == []
    overview = "---\ntitle: Module\n---\nText.\n"
    message = only(findings(tmp_path / "b", repo_root, overview, rel="modules/01-basics/index.md"))
    assert "missing required key `description` (every page needs it)" in message


def test_material_keys_are_allowed(tmp_path, repo_root):
    text = VALID_FRONT.replace(
        "---\n", "---\nhide: [toc]\nsearch: {boost: 2}\nstatus: new\nicon: material/school\nsubtitle: Start\n", 1
    )
    assert findings(tmp_path, repo_root, text + "Body.\n") == []


def test_existing_prerequisite_is_accepted(tmp_path, repo_root):
    text = VALID_FRONT.replace("---\n", "---\nprerequisites: [modules/01-basics/first.md]\n", 1)
    assert findings(tmp_path, repo_root, text, extra={"modules/01-basics/first.md": VALID_FRONT}) == []


def test_lesson_must_not_have_h1(tmp_path, repo_root):
    message = only(findings(tmp_path, repo_root, VALID_FRONT + "\n# Attention\n\nText.\n"))
    assert message.startswith("docs/modules/01-basics/lesson.md:11: [lesson-h1] lesson text has a level-1 heading")


def test_all_problems_of_all_pages_at_once(tmp_path, repo_root):
    bad = "---\nauthor: X\ntitle: A\ntitle: B\n---\nText[^x].\n"
    root = make_course(
        tmp_path,
        repo_root,
        {
            "modules/01-basics/a.md": bad,
            "modules/01-basics/b.md": bad,
            "modules/02-more/c.md": "---\ntitle: [\n---\n",
        },
    )
    found = check_course(root / "docs", root).findings
    assert {f.path for f in found} == {
        "docs/modules/01-basics/a.md",
        "docs/modules/01-basics/b.md",
        "docs/modules/02-more/c.md",
    }
    assert len([f for f in found if f.path.endswith("a.md")]) >= 4


# --- Footnotes --------------------------------------------------------------------------------


def body_findings(tmp_path, repo_root, body: str) -> list[str]:
    return findings(tmp_path, repo_root, VALID_FRONT + textwrap.dedent(body))


def test_reference_without_definition(tmp_path, repo_root):
    message = only(body_findings(tmp_path, repo_root, "\nA claim.[^smith]\n"))
    assert message == (
        "docs/modules/01-basics/lesson.md:11: [footnote-undefined] footnote `[^smith]` is referenced but "
        "never defined; add a definition `[^smith]: ...` at the end of the page"
    )


def test_reference_with_near_miss_suggests_label(tmp_path, repo_root):
    found = body_findings(tmp_path, repo_root, "\nA claim.[^smith202]\n\n[^smith2024]: Smith. 2024.\n")
    assert any("did you mean `[^smith2024]`?" in f for f in found), found


def test_definition_never_referenced(tmp_path, repo_root):
    message = only(body_findings(tmp_path, repo_root, "\nText.\n\n[^unused]: A source.\n"))
    assert message.startswith(
        "docs/modules/01-basics/lesson.md:13: [footnote-unused] footnote `[^unused]` is defined but never referenced"
    )


def test_label_defined_twice(tmp_path, repo_root):
    message = only(body_findings(tmp_path, repo_root, "\nText.[^a]\n\n[^a]: One.\n[^a]: Two.\n"))
    assert message.startswith(
        "docs/modules/01-basics/lesson.md:14: [footnote-duplicate] footnote `[^a]` is defined twice (first on line 13)"
    )


def test_empty_definition(tmp_path, repo_root):
    message = only(body_findings(tmp_path, repo_root, "\nText.[^a]\n\n[^a]:\n"))
    assert message.startswith("docs/modules/01-basics/lesson.md:13: [footnote-empty] footnote `[^a]` has no text")


TRICKY_BUT_VALID = """
## Code is not footnotes

Inline `x[^1]` code, and a fenced block:

```python
notes = "see [^2]"
```

~~~
[^3]: not a definition
~~~

    [^4]: indented code is code

<!-- [^5] in a comment
spanning lines [^6] -->

!!! note "An admonition"

    Its body is indented but it is prose, with a real reference.[^real]

    ```text
    [^7] inside a fence inside an admonition
    ```

- A list item
  with text.[^second]

[^real]: Vaswani A, et al. Attention Is All You Need. 2017. arXiv:1706.03762.
[^second]: A definition over two paragraphs.

    Its second paragraph, indented.[^third]

[^third]: Referenced from inside another definition.
"""


def test_valid_lesson_with_every_tricky_feature_has_no_findings(tmp_path, repo_root):
    text = VALID_FRONT.replace("---\n", "---\nhide: [toc]\nlevel: beginner\nupdated: 2026-02-01\n", 1)
    found = findings(tmp_path, repo_root, text + TRICKY_BUT_VALID)
    assert found == []
