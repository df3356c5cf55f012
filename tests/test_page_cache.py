"""The page cache (hooks/page_cache.py): a page read back instead of converted is the same page,
and every check MkDocs makes of a page still runs on every build."""

from __future__ import annotations

import json
import re

import pytest

from conftest import mkdocs_build

LESSON = "docs/modules/02-transformers/attention.md"
OTHER = "docs/modules/02-transformers/transformer-families.md"


def build(course, site, cache, strict=True, verbose=False, **env):
    return mkdocs_build(
        course / "mkdocs.yml", site, strict=strict, env={"COURSE_CACHE_DIR": str(cache), **env}, verbose=verbose
    )


def entries(cache):
    return sorted(p.name for p in (cache / "pages").rglob("*.json"))


def normalised(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"nonce-[^ ;\"']*|'sha256-[^']*'", "", html))


@pytest.mark.slow
def test_a_page_read_back_is_the_page_converted(course_copy, tmp_path):
    cache = tmp_path / "cache"
    first = build(course_copy, tmp_path / "first", cache)
    assert first.returncode == 0, first.stderr[-2000:]
    stored = entries(cache)
    assert len(stored) >= 40  # every Markdown page
    second = build(course_copy, tmp_path / "second", cache)
    assert second.returncode == 0 and entries(cache) == stored  # nothing converted again
    off = build(course_copy, tmp_path / "off", tmp_path / "other-cache", COURSE_PAGE_CACHE="0")
    assert off.returncode == 0 and not (tmp_path / "other-cache" / "pages").exists()
    for page in ["modules/02-transformers/attention.html", "index.html", "references.html", "glossary.html"]:
        converted = normalised((tmp_path / "off" / page).read_text())
        assert normalised((tmp_path / "second" / page).read_text()) == converted, page
    # The search index too, but for the notebooks (run afresh for the other cache folder).
    notebooks = {p.stem for p in (course_copy / "docs/notebooks").glob("*.ipynb")}

    def entries_of(site: str) -> list:
        docs = json.loads((tmp_path / site / "search/search_index.json").read_text())["docs"]
        return [d for d in docs if d["location"].split("#")[0].removeprefix("notebooks/")[:-5] not in notebooks]

    assert len(entries_of("second")) > 300 and entries_of("second") == entries_of("off")


@pytest.mark.slow
def test_a_link_to_an_anchor_that_went_away_fails_although_the_linking_page_was_read_back(course_copy, tmp_path):
    cache = tmp_path / "cache"
    other = course_copy / OTHER
    lesson = course_copy / LESSON
    text = other.read_text()
    heading = re.search(r"^## (.+)$", lesson.read_text(), re.M).group(1)
    slug = re.sub(r"[^a-z0-9]+", "-", heading.lower()).strip("-")
    other.write_text(text + f"\nSee [the lesson on attention](attention.md#{slug}).\n")
    assert build(course_copy, tmp_path / "site", cache).returncode == 0
    # Only the lesson that is linked to changes; the page with the link is read back from the cache.
    lesson.write_text(lesson.read_text().replace(f"## {heading}\n", "## Renamed section\n", 1))
    before = {p.name: p.stat().st_mtime_ns for p in (cache / "pages").rglob("*.json")}
    result = build(course_copy, tmp_path / "site", cache)
    after = {p.name: p.stat().st_mtime_ns for p in (cache / "pages").rglob("*.json")}
    # The lesson and the pages that show its sections (the glossary links to them) were converted
    # again; every other page, the one with the link included, was read back untouched.
    assert len([name for name, time in after.items() if before.get(name) != time]) <= 3 < len(after)
    assert result.returncode != 0
    assert f"does not contain an anchor '#{slug}'" in result.stderr and "transformer-families.md" in result.stderr


@pytest.mark.slow
def test_a_broken_link_warns_on_every_build(course_copy, tmp_path):
    cache = tmp_path / "cache"
    lesson = course_copy / LESSON
    lesson.write_text(lesson.read_text() + "\nSee [a lesson that does not exist](missing.md).\n")
    for site in ("one", "two"):
        result = build(course_copy, tmp_path / site, cache)
        assert result.returncode != 0 and "missing.md" in result.stderr, site
    without = {p.name for p in (cache / "pages").rglob("*.json")}
    lesson.write_text(lesson.read_text().replace("(missing.md)", "(attention.md)"))
    assert build(course_copy, tmp_path / "three", cache).returncode == 0
    assert len({p.name for p in (cache / "pages").rglob("*.json")} - without) == 1  # kept once it is clean


def converted(result) -> set[str]:
    """The pages a verbose build converted (the page cache's debug line)."""
    line = re.search(r"page cache: \d+ pages read back, \d+ converted(?: \((.*)\))?", result.stdout + result.stderr)
    assert line, "the page cache said nothing"
    return set(line.group(1).split(", ")) if line.group(1) else set()


@pytest.mark.slow
def test_adding_a_lesson_converts_it_and_the_pages_that_list_it(course_copy, tmp_path):
    cache = tmp_path / "cache"
    assert build(course_copy, tmp_path / "site", cache).returncode == 0
    new = course_copy / "docs/modules/02-transformers/attention-revisited.md"
    new.write_text((course_copy / LESSON).read_text().replace("title:", 'title: "Attention revisited" #', 1))
    config = course_copy / "mkdocs.yml"
    listed = "      - modules/02-transformers/transformer-families.md\n"
    config.write_text(
        config.read_text().replace(listed, listed + "      - modules/02-transformers/attention-revisited.md\n")
    )
    result = build(course_copy, tmp_path / "site", cache, verbose=True)
    assert result.returncode == 0, result.stderr[-2000:]
    pages = converted(result)
    assert "modules/02-transformers/attention-revisited.md" in pages
    assert "modules/02-transformers/index.md" in pages  # its module lists it
    # No lesson of another module, and not the lesson it follows in the navigation.
    assert not {p for p in pages if p.startswith("modules/") and not p.startswith("modules/02-")}
    assert "modules/02-transformers/transformer-families.md" not in pages
    assert len(pages) <= 8


@pytest.mark.slow
def test_a_page_is_converted_again_when_a_file_its_link_found_goes_away(course_copy, tmp_path):
    cache = tmp_path / "cache"
    other = course_copy / OTHER
    other.write_text(other.read_text() + "\nSee [the glossary](../../glossary.md).\n")
    assert build(course_copy, tmp_path / "site", cache).returncode == 0
    (course_copy / "docs/glossary.md").rename(course_copy / "docs/glossary-moved.md")
    config = course_copy / "mkdocs.yml"
    config.write_text(config.read_text().replace("- glossary.md", "- glossary-moved.md"))
    result = build(course_copy, tmp_path / "site", cache)
    assert result.returncode != 0
    assert "transformer-families.md' contains a link '../../glossary.md'" in result.stderr
