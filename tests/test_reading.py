"""The student's reading experience (issue 15), checked on the built site: lesson numbers, the
home page's start, module overviews, notebooks and their lessons, the glossary of concepts,
printable module pages, and student pages that do not talk about the tooling.

The first tests need no build (the glossary rule and the printable page's Markdown); the rest
read the site built once per session (``built_site``) and are marked slow.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from coursetools.checks import glossary
from coursetools.course import check_course
from coursetools.data import CourseData
from coursetools.pages import printable, wayfinding

TOOLING = re.compile(r"coursetools|hooks/|synthetic_data\.py|PYTHONPATH|source drafts?\b", re.I)


# --- Without a build ----------------------------------------------------------------------------


def test_a_concept_linking_to_a_missing_section_is_a_located_finding(tmp_path, repo_root):
    data_dir = tmp_path / "docs/_data"
    data_dir.mkdir(parents=True)
    for name in ("lesson.schema.json", "tags.yml", "datasets.yml"):
        (data_dir / name).write_text((repo_root / "docs/_data" / name).read_text())
    (data_dir / "glossary.yml").write_text(
        "- term: EHR\n  expansion: Electronic health record\n  definition: A record.\n"
        "- term: Token\n  definition: A piece of text.\n"
        "  lesson: modules/01-foundations/tokenization.md#no-such-section\n"
        "- term: Softmax\n  definition: Scores to probabilities.\n  lesson: modules/09-missing/x.md#a\n"
        "- term: Logit\n  definition: A raw score.\n"
    )
    course = check_course(repo_root / "docs", repo_root)
    data = CourseData.load(tmp_path / "docs", tmp_path)
    found = [str(f) for f in glossary.link_findings(data, course.pages)]
    assert found[0].startswith(
        "docs/_data/glossary.yml:4: [glossary-link] concept `Token` links to "
        "`#no-such-section`, which is not a heading of `modules/01-foundations/tokenization.md`"
    )
    assert found[1].startswith(
        "docs/_data/glossary.yml:7: [glossary-link] concept `Softmax` links to "
        "`modules/09-missing/x.md`, which is not a page"
    )
    assert found[2].startswith("docs/_data/glossary.yml:10: [glossary-link] concept `Logit` has no `lesson:`")
    assert len(found) == 3


def test_the_course_glossary_has_forty_concepts_that_link_to_real_sections(repo_root):
    course = check_course(repo_root / "docs", repo_root)
    concepts = [e for e in course.data.glossary if glossary.is_concept(e)]
    assert len(concepts) >= 40
    assert not [str(f) for f in course.findings if f.rule == glossary.LINK.id]
    for entry in concepts:  # one sentence each
        assert entry["definition"].count(". ") == 0 and entry["definition"].endswith("."), entry["term"]


def test_concepts_are_not_tooltips_but_abbreviations_are(repo_root):
    from coursetools.pages.render import abbreviation_titles

    data = CourseData.load(repo_root / "docs", repo_root)
    titles = abbreviation_titles(data.glossary)
    assert "EHR" in titles and "BPE" in titles
    assert "Token" not in titles and "Attention" not in titles


def test_printable_page_is_assembled_from_rendered_lessons_without_clashes(repo_root):
    course = check_course(repo_root / "docs", repo_root)
    markdown = printable.module_page(course, "02-transformers", sorted(course.pages))
    assert printable.lesson_paths(markdown)[:1] == ["modules/02-transformers/attention.md"]
    rendered = (
        '<h2 id="scaled">Scaled <a class="headerlink" href="#scaled">¶</a></h2>'
        '<p>See <a href="from-rnns-to-transformers.html#why">before</a>, '
        '<a href="../../assets/x.svg">a figure</a>, <a href="https://doi.org/10.1/x">a DOI</a>'
        '<sup id="fnref:vaswani2017"><a class="footnote-ref" href="#fn:vaswani2017">1</a></sup></p>'
        '<label for="quiz-q1-c1" data-for="correct">A</label><input id="quiz-q1-c1" aria-describedby="quiz-q1-c1 page">'
        '<li id="fn:vaswani2017"><a class="footnote-backref" href="#fnref:vaswani2017">↩</a></li>'
    )
    html = printable.lesson_html(rendered, "l2", "modules/02-transformers/attention.html", "print/module-02.html")
    assert '<h3 id="l2-scaled">' in html and 'href="#l2-scaled"' in html and "<h2" not in html
    assert '<li id="fn:l2-vaswani2017">' in html and 'href="#fn:l2-vaswani2017"' in html
    assert 'id="fnref:l2-vaswani2017"' in html and 'href="#fnref:l2-vaswani2017"' in html
    assert 'href="../modules/02-transformers/from-rnns-to-transformers.html#why"' in html
    assert 'href="../assets/x.svg"' in html and 'href="https://doi.org/10.1/x"' in html
    # ids and what names them move together; data attributes and ids from elsewhere are left alone
    assert 'for="l2-quiz-q1-c1"' in html and 'id="l2-quiz-q1-c1"' in html and 'data-for="correct"' in html
    assert 'aria-describedby="l2-quiz-q1-c1 page"' in html
    filled = printable.fill(
        "<p>a</p>\n<!-- course-print 2 modules/02-transformers/attention.md -->\n<!-- course-print 3 gone.md -->",
        "print/module-02.html",
        lambda path: (rendered, "modules/02-transformers/attention.html") if path.endswith("attention.md") else None,
    )
    assert '<h3 id="l2-scaled">' in filled and "course-print" not in filled


def test_a_lesson_names_its_notebooks_and_a_notebook_its_lessons(repo_root):
    course = check_course(repo_root / "docs", repo_root)
    attention = course.pages["modules/02-transformers/attention.md"]
    assert "notebooks/attention-from-scratch.ipynb" in wayfinding.lesson_notebooks(attention)
    order = sorted(course.pages)
    used = wayfinding.notebook_lessons(course, order)
    assert attention.path in used["notebooks/attention-from-scratch.ipynb"]


# --- The built site -------------------------------------------------------------------------------


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def text_of(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return re.sub(r"\s+", " ", "".join(parser.parts))


def article(html: str) -> str:
    """The page's article: what the student reads, without navigation and footer."""
    start = html.index('<article class="md-content__inner')
    return html[start : html.index("</article>", start)]


def footer_link(html: str, direction: str) -> str | None:
    match = re.search(rf'<a href="([^"]+)" class="md-footer__link md-footer__link--{direction}"', html)
    return match.group(1) if match else None


@pytest.fixture(scope="module")
def course(repo_root):
    return check_course(repo_root / "docs", repo_root)


@pytest.fixture(scope="module")
def order(built_site) -> list[str]:
    """Lesson paths in the order of the built navigation (the home page's sidebar)."""
    home = (built_site / "modules/01-foundations/index.html").read_text(encoding="utf-8")
    return re.findall(r'href="(?:\.\./)*([^"]+)\.html"', home)


def page_of(path: str) -> str:
    return str(Path(path).with_suffix(".html"))


@pytest.mark.slow
def test_every_lesson_shows_its_number_in_the_header_and_the_navigation(built_site, course):
    for module_number, module in enumerate(course.modules(), start=1):
        lessons = course.lessons(module)
        for lesson in lessons:
            html = (built_site / page_of(lesson.path)).read_text(encoding="utf-8")
            place = re.search(r'<p class="lesson-place">Module (\d+) · Lesson (\d+) of (\d+)</p>', html)
            assert place, lesson.path
            assert (int(place.group(1)), int(place.group(3))) == (module_number, len(lessons)), lesson.path
            number = int(place.group(2))
            title = lesson.meta["title"].replace("'", "&#39;")
            assert re.search(rf'<span class="md-typeset">\s*{number}\. {re.escape(title)}\s*</span>', html), (
                lesson.path,
                "the navigation does not number the lesson",
            )
    # Numbers run 1..N within each module, in navigation order.
    html = (built_site / "modules/02-transformers/index.html").read_text(encoding="utf-8")
    numbered = re.findall(r'<span class="md-typeset">\s*(\d+)\. ', html)
    assert numbered == [str(n) for n in range(1, len(course.lessons("02-transformers")) + 1)]


@pytest.mark.slow
def test_the_home_page_starts_the_course_at_the_first_lesson(built_site):
    html = article((built_site / "index.html").read_text(encoding="utf-8"))
    start = re.search(r'<a[^>]*href="([^"]+)"[^>]*>Start the course</a>', html)
    assert start, "no 'Start the course' link on the home page"
    assert start.group(1) == "modules/01-foundations/what-is-a-language-model.html"
    assert html.index("Start the course") < html.index("Who this course is for")


@pytest.mark.slow
def test_a_module_overview_lists_its_lessons_before_its_prose(built_site, course):
    for module in course.modules():
        html = article((built_site / f"modules/{module}/index.html").read_text(encoding="utf-8"))
        about = html.index('id="about-this-module"')
        for lesson in course.lessons(module):
            link = html.index(f'href="{Path(lesson.path).with_suffix(".html").name}"')
            assert link < about, (module, lesson.path)
        printed = re.search(r'<a class="course-print-link" href="([^"]+)">Print this module</a>', html)
        assert printed and (built_site / "modules" / module / printed.group(1)).resolve().exists(), module


@pytest.mark.slow
def test_a_lesson_header_links_the_notebooks_the_lesson_uses(built_site, course):
    checked = 0
    for lesson in course.lessons():
        notebooks = wayfinding.lesson_notebooks(lesson)
        html = (built_site / page_of(lesson.path)).read_text(encoding="utf-8")
        header = html[html.index('<section class="lesson-header"') :]
        header = header[: header.index("</section>")]
        for notebook in notebooks:
            name = Path(notebook).with_suffix(".html").name
            assert re.search(rf'class="lesson-notebooks">.*href="[^"]*notebooks/{re.escape(name)}"', header, re.S), (
                lesson.path,
                notebook,
            )
            checked += 1
    assert checked >= 5


@pytest.mark.slow
def test_every_notebook_page_links_back_to_the_lessons_that_use_it(built_site, course):
    used = wayfinding.notebook_lessons(course, sorted(course.pages))
    assert len(used) >= 5
    for notebook, lessons in used.items():
        html = (built_site / page_of(notebook)).read_text(encoding="utf-8")
        block = re.search(r'<nav class="course-backlinks".*?</nav>', html, re.S)
        assert block, notebook
        for lesson in lessons:
            assert f'href="../{page_of(lesson)}"' in block.group(0), (notebook, lesson)
        # The block comes first: right after the notebook's title.
        assert html.index("course-backlinks") < html.index('class="jp-Cell', html.index("</h1>"))


@pytest.mark.slow
def test_previous_and_next_stay_within_the_course(built_site):
    glossary_html = (built_site / "glossary.html").read_text(encoding="utf-8")
    assert footer_link(glossary_html, "prev") is None or "notebooks/" not in footer_link(glossary_html, "prev")
    data_html = (built_site / "notebooks/data.html").read_text(encoding="utf-8")
    assert footer_link(data_html, "next") is None
    evaluating = (built_site / "notebooks/evaluating-outputs.html").read_text(encoding="utf-8")
    following = footer_link(evaluating, "next")
    assert following and "/" not in following, following  # the notebooks section's own pages, not a lesson
    first = (built_site / "modules/01-foundations/what-is-a-language-model.html").read_text(encoding="utf-8")
    assert footer_link(first, "prev") == "index.html"


@pytest.mark.slow
def test_the_glossary_page_has_forty_concepts_each_linked_to_an_existing_section(built_site):
    html = article((built_site / "glossary.html").read_text(encoding="utf-8"))
    concepts = re.findall(r'<h3 class="glossary-concept" id="([^"]+)">(.*?)<a class="headerlink"', html)
    assert len(concepts) >= 40
    links = re.findall(r'<span class="glossary-taught">Taught in</span> <a href="([^"]+)">', html)
    assert len(links) == len(concepts)
    for href in links:
        path, _, anchor = href.partition("#")
        target = built_site / path
        assert target.exists(), href
        assert f'id="{anchor}"' in target.read_text(encoding="utf-8"), href
    text = text_of(html)
    assert "docs/_data" not in text and "glossary.yml" not in text  # authoring notes moved away
    # Abbreviations are still there, as a definition list.
    assert re.search(r"<dt>(<abbr[^>]*>)?EHR", html)


@pytest.mark.slow
def test_glossary_concepts_are_found_by_search(built_site):
    index = json.loads((built_site / "search/search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"]: doc["title"] for doc in index["docs"]}
    for term in (
        "token",
        "embedding",
        "attention",
        "perplexity",
        "temperature",
        "hallucination",
        "fine-tuning",
        "de-identification",
    ):
        assert f"glossary.html#{term}" in locations, term
    assert not [loc for loc in locations if loc.startswith("print/")], "printable pages are in the search"


@pytest.mark.slow
def test_a_printable_page_per_module_with_every_heading_and_footnote(built_site, course):
    for module in course.modules():
        path = printable.path(module, course)
        html = article((built_site / page_of(path)).read_text(encoding="utf-8"))
        text = text_of(html)
        notes = 0
        for lesson in course.lessons(module):
            assert lesson.meta["title"] in text, (path, lesson.path)
            for heading in glossary.headings(lesson).values():
                assert heading[:24] in text, (path, lesson.path, heading)  # math typeset after that
            notes += len(lesson.notes.definitions) if lesson.notes else 0
        ids = re.findall(r'<li id="(fn:[^"]+)"', html)
        assert len(ids) == len(set(ids)) == notes, (path, len(ids), notes)
        if any("```mermaid" in lesson.text for lesson in course.lessons(module)):
            assert "course-diagram" in html, (path, "figures are missing")


@pytest.mark.slow
def test_student_pages_do_not_name_the_tooling(built_site, course):
    pages = [page_of(p) for p in course.pages if p.startswith("modules/")]
    pages += [
        p.relative_to(built_site).as_posix() for p in (built_site / "notebooks").glob("*.html") if p.name != "data.html"
    ]
    assert len(pages) > 30
    for page in pages:
        found = TOOLING.findall(text_of(article((built_site / page).read_text(encoding="utf-8"))))
        assert not found, (page, found)
