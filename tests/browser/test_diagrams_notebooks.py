"""Diagrams, notebook pages and search as a student reads them (issue 15), in a real browser.

- Every diagram on every page, at 1366×900 and 375×812, light and dark: the rendering for the
  colour scheme is the one shown, and its smallest text is at least 12 px (desktop) / 10 px
  (phone), measured from the SVG's own text (font size × the scale the image is drawn at).
- Every cell of every notebook page at both widths: nothing is clipped (content wider than its
  box only where that box scrolls), nothing runs past the cell, text output is not re-wrapped.
- axe-core on a diagram page and a notebook page at both widths, light and dark.
- Search: realistic student queries typed into the search box; the page that teaches the answer
  is in the top 3 for at least 23 of them (the privacy question always); snippets show no raw TeX or pilcrow.
- Screenshots (lesson top, a diagram, a notebook page, the glossary; light and dark; both widths)
  written to artifacts/screenshots/ for CI to upload.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from .conftest import MOBILE, settle
from .test_site import notebooks, read, run_axe, search, wait_for_scheme

pytestmark = pytest.mark.browser

WIDE = {"width": 1366, "height": 900}
SIZES = {"1366": (WIDE, 12.0), "375": (MOBILE, 10.0)}
SCHEMES = {"light": "default", "dark": "slate"}


@pytest.fixture(autouse=True, scope="module")
def _chromium_first(browser):
    """Skip (or, in CI, fail) on a missing Chromium before the site is built or served."""


def diagram_pages(site) -> list[str]:
    return [p for p in site.pages() if 'class="course-diagram' in read(site, p)]


def open_page(new_context, site, path: str, width: str, scheme: str):
    viewport, _ = SIZES[width]
    mobile = viewport["width"] < 600
    context, guard = new_context(viewport=viewport, color_scheme=scheme, is_mobile=mobile, has_touch=mobile)
    page = context.new_page()
    page.goto(site.url(path))
    settle(page)
    wait_for_scheme(page, SCHEMES[scheme])
    return context, guard, page


# --- Diagrams ------------------------------------------------------------------------------------

# For each diagram: which rendering is displayed, and the smallest text in it as drawn. The SVG is
# fetched and laid out off screen at its natural size to read each text element's font size in
# CSS px (font size × the element's transform); the image's drawn width / natural width scales it.
DIAGRAM_TEXT_JS = r"""async () => {
  const out = [];
  for (const figure of document.querySelectorAll("article figure.course-diagram")) {
    const shown = Array.from(figure.querySelectorAll("img.course-diagram__img"))
      .filter(img => getComputedStyle(img).display !== "none");
    const caption = (figure.querySelector("figcaption") || {}).textContent || "";
    if (shown.length !== 1) { out.push({caption, shown: shown.length}); continue; }
    const img = shown[0];
    img.loading = "eager";
    if (!img.complete || !img.naturalWidth) await img.decode().catch(() => null);
    const svgText = await (await fetch(img.currentSrc || img.src)).text();
    const holder = document.createElement("div");
    holder.style.cssText = "position:absolute;left:-20000px;top:0;visibility:hidden";
    holder.innerHTML = svgText;
    document.body.appendChild(holder);
    const svg = holder.querySelector("svg");
    const rootScale = svg.getScreenCTM().a;
    let smallest = Infinity, texts = 0;
    svg.querySelectorAll("text").forEach(text => {
      if (!text.textContent.trim()) return;
      const size = parseFloat(getComputedStyle(text).fontSize);
      const ctm = text.getScreenCTM();
      const scale = ctm ? Math.hypot(ctm.a, ctm.b) / rootScale : 1;
      smallest = Math.min(smallest, size * scale);
      texts += 1;
    });
    const natural = svg.viewBox.baseVal.width || img.naturalWidth;
    holder.remove();
    const drawn = img.getBoundingClientRect().width;
    out.push({caption, shown: 1, src: img.getAttribute("src"), texts, drawn, natural,
              smallest: smallest * drawn / natural});
  }
  return out;
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", ["1366", "375"])
def test_diagram_text_is_readable(site, new_context, width, scheme):
    pages = diagram_pages(site)
    assert len(pages) >= 10, f"expected the lessons' diagrams on at least 10 pages, found {pages}"
    minimum = SIZES[width][1]
    problems, smallest, count = [], float("inf"), 0
    _, guard, page = open_page(new_context, site, pages[0], width, scheme)
    for path in pages:
        page.goto(site.url(path))
        settle(page)
        wait_for_scheme(page, SCHEMES[scheme])
        for d in page.evaluate(DIAGRAM_TEXT_JS):
            count += 1
            if d["shown"] != 1:
                problems.append(f"{path}: {d['shown']} renderings shown for {d['caption']!r}")
                continue
            assert d["texts"] > 0, f"{path}: no text found in {d['src']}"
            if d["src"].endswith("-dark.svg") != (scheme == "dark"):
                problems.append(f"{path}: {scheme} mode shows {d['src']}")
            if d["drawn"] > d["natural"] + 1:
                problems.append(f"{path}: {d['src']} scaled up ({d['drawn']:.0f} px for {d['natural']:.0f})")
            if d["smallest"] < minimum:
                problems.append(f"{path}: {d['src']} smallest text {d['smallest']:.1f} px < {minimum}")
            smallest = min(smallest, d["smallest"])
            if not d["caption"].strip():
                problems.append(f"{path}: a diagram without a caption")
    print(f"\n{count} diagrams at {width} px, {scheme}: smallest text {smallest:.1f} px")
    assert not problems, "\n".join(problems)
    assert not guard.blocked


def test_wide_diagram_scrolls_as_a_labelled_region(site, new_context):
    """On a phone a wide diagram keeps its size and scrolls in a focusable, named region."""
    _, _, page = open_page(new_context, site, diagram_pages(site)[0], "375", "light")
    frames = []
    for path in diagram_pages(site):
        page.goto(site.url(path))
        settle(page)
        frames += page.evaluate("""() => Array.from(document.querySelectorAll('.course-diagram__frame'))
            .filter(f => f.scrollWidth > f.clientWidth + 1).map(f => ({
              overflow: getComputedStyle(f).overflowX, tabindex: f.getAttribute('tabindex'),
              role: f.getAttribute('role'), label: f.getAttribute('aria-label') || ''}))""")
    assert frames, "no diagram is wider than a phone: the test needs one"
    bad = [
        f
        for f in frames
        if f["overflow"] not in ("auto", "scroll")
        or f["tabindex"] != "0"
        or f["role"] != "region"
        or not f["label"].startswith("Diagram: ")
    ]
    assert not bad, f"wide diagrams that are not focusable, named scroll regions: {bad}"


# --- Notebook pages ----------------------------------------------------------------------------

# Per top-level cell: elements whose content is wider than their box although the box does not
# scroll (clipped, or spilling out of the cell), and text outputs drawn on more lines than they have.
CELL_CLIPPING_JS = r"""() => {
  const problems = [];
  const scrolls = el => /(auto|scroll)/.test(getComputedStyle(el).overflowX);
  const cells = document.querySelectorAll(".jp-Notebook > .jp-Cell");
  const column = document.querySelector("article.md-content__inner").getBoundingClientRect();
  cells.forEach((cell, index) => {
    const name = `cell ${index + 1}`;
    const box = cell.getBoundingClientRect();
    if (box.width < column.width - 2) problems.push(`${name}: ${box.width} px of a ${column.width} px column`);
    if (cell.scrollWidth > cell.clientWidth + 1) problems.push(`${name}: content runs past the cell`);
    cell.querySelectorAll("*").forEach(el => {
      if (el.closest(".katex") && !el.matches(".katex-display")) return;  // KaTeX's own layout
      if (el.closest("[hidden], .zeroclipboard-container") || !el.clientWidth) return;
      if (el.scrollWidth <= el.clientWidth + 1) return;
      const style = getComputedStyle(el);
      if (scrolls(el)) return;
      const label = `${el.tagName.toLowerCase()}.${String(el.className).split(" ")[0]}`;
      if (style.overflowX !== "visible") {
        problems.push(`${name}: ${label} clipped (${el.scrollWidth} > ${el.clientWidth}, overflow ${style.overflowX})`);
        return;
      }
      let parent = el.parentElement;  // spilling content must land in a scrolling box inside the cell
      while (parent && parent !== cell && !scrolls(parent)) parent = parent.parentElement;
      if (!parent || parent === cell) problems.push(`${name}: ${label} runs out of its cell`);
    });
    cell.querySelectorAll(".jp-OutputArea-output pre").forEach(pre => {
      const lines = pre.textContent.replace(/\n$/, "").split("\n").length;
      const lineHeight = parseFloat(getComputedStyle(pre).lineHeight);
      const height = pre.clientHeight;
      if (lineHeight && height > (lines + 0.5) * lineHeight) {
        problems.push(`${name}: text output of ${lines} lines drawn ${Math.round(height / lineHeight)} lines high`);
      }
    });
  });
  return {cells: cells.length, problems};
}"""


@pytest.mark.parametrize("width", ["1366", "375"])
def test_notebook_cells_are_never_clipped(site, new_context, width):
    pages = notebooks(site)
    assert len(pages) >= 3
    _, guard, page = open_page(new_context, site, pages[0], width, "light")
    problems, total = {}, 0
    for path in pages:
        page.goto(site.url(path))
        settle(page)
        result = page.evaluate(CELL_CLIPPING_JS)
        total += result["cells"]
        assert result["cells"] > 3, f"{path}: cells not found"
        if result["problems"]:
            problems[path] = result["problems"][:10]
        sideways = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        if sideways > 1:
            problems.setdefault(path, []).append(f"the page scrolls sideways by {sideways} px")
    print(f"\n{total} notebook cells on {len(pages)} pages checked at {width} px")
    assert not problems, "\n".join(f"{p}:\n  " + "\n  ".join(items) for p, items in problems.items())
    assert not guard.blocked


def math_notebook(site) -> str:
    return next(p for p in notebooks(site) if "katex" in read(site, p) or "$$" in read(site, p))


@pytest.mark.parametrize("width", ["1366", "375"])
def test_axe_on_a_diagram_page_and_a_notebook_page(site, new_context, axe_source, width):
    paths = [diagram_pages(site)[0], notebooks(site)[0]]
    problems = []
    for scheme in ("light", "dark"):
        for path in paths:
            context, _, page = open_page(new_context, site, path, width, scheme)
            options = (
                {}
                if scheme == "light"
                else {"runOnly": {"type": "rule", "values": ["color-contrast", "link-in-text-block"]}}
            )
            for v in run_axe(page, axe_source, options):
                problems.append(
                    f"{path} [{width} px, {scheme}] {v['id']} ({v['impact']}): {v['help']}\n    "
                    + "\n    ".join(v["nodes"])
                )
            context.close()
    assert not problems, "axe-core violations:\n" + "\n".join(problems)


# --- Search -----------------------------------------------------------------------------------------

# What a student types, and the page that teaches it.
STUDENT_QUERIES = [
    ("what is a token", "modules/01-foundations/tokenization.html"),
    ("attention formula", "modules/02-transformers/attention.html"),
    ("MIMIC access", "modules/04-datasets/clinical-records-and-literature.html"),
    ("perplexity", "modules/01-foundations/what-is-a-language-model.html"),
    ("hallucination", "modules/06-responsible-use/hallucination-bias-and-fairness.html"),
    ("de-identification", "modules/06-responsible-use/privacy-and-regulation.html"),
    ("HIPAA safe harbor", "modules/06-responsible-use/privacy-and-regulation.html"),
    ("BERT vs GPT", "modules/02-transformers/transformer-families.html"),
    ("temperature sampling", "modules/01-foundations/generation-and-sampling.html"),
    ("top-p nucleus sampling", "modules/01-foundations/generation-and-sampling.html"),
    ("byte pair encoding", "modules/01-foundations/tokenization.html"),
    ("RLHF reward model", "modules/01-foundations/training-large-language-models.html"),
    ("recurrent neural network", "modules/02-transformers/from-rnns-to-transformers.html"),
    ("ICD-10 codes", "modules/03-healthcare-tasks/medical-coding.html"),
    ("drug interactions", "modules/03-healthcare-tasks/medication-safety-and-symptom-assessment.html"),
    ("LoRA fine-tuning", "modules/05-medical-models/adapting-models.html"),
    ("retrieval augmented generation", "modules/07-clinical-practice-today/retrieval-augmented-generation.html"),
    ("PubMedBERT", "modules/05-medical-models/biomedical-encoders.html"),
    ("MedQA benchmark", "modules/04-datasets/benchmarks-and-metrics.html"),
    ("randomised controlled trial", "modules/06-responsible-use/evaluation-and-clinical-validation.html"),
    ("is an LLM a medical device", "modules/06-responsible-use/privacy-and-regulation.html"),
    ("dataset shift between hospitals", "modules/03-healthcare-tasks/why-healthcare-nlp-is-different.html"),
    ("synthetic data", "modules/04-datasets/imaging-and-synthetic-data.html"),
    ("n-gram model", "modules/01-foundations/what-is-a-language-model.html"),
    ("is it safe to paste patient notes into ChatGPT", "modules/06-responsible-use/privacy-and-regulation.html"),
]
# The result list's text outside code (code, such as a quiz's YAML source, is shown as written).
SNIPPETS_JS = """() => Array.from(document.querySelectorAll('.md-search-result__article')).map(article => {
  const copy = article.cloneNode(true);
  copy.querySelectorAll('code, pre').forEach(code => code.remove());
  return copy.textContent; })"""
# Raw TeX as Arithmatex would have read it ($x$: no space inside either dollar), not prices ("$1 and $4").
RAW_SNIPPET = re.compile(r"\\\(|\\\)|\\\[|\\\]|\\text\{|\\frac|\$[^$\s](?:[^$]*[^$\s])?\$|¶")


def test_student_queries_find_their_page(site, new_context):
    assert len(STUDENT_QUERIES) >= 20
    for _, expected in STUDENT_QUERIES:
        assert (site.root / expected).is_file(), f"{expected} is not in the built site"
    context, guard = new_context(viewport=WIDE)
    page = context.new_page()
    page.goto(site.url("index.html"))
    settle(page)
    prefix = urlsplit(site.base).path
    box = page.locator("input.md-search__input")
    hits, report, raw = 0, [], []
    for query, expected in STUDENT_QUERIES:
        box.click()
        box.fill("")  # clears the previous query and its results
        results = search(page, query)
        top = [r[len(prefix) :] if r.startswith(prefix) else r for r in results[:3]]
        found = expected in top
        hits += found
        report.append(f"{'ok  ' if found else 'MISS'} {query!r} -> {top} (want {expected})")
        raw += [f"{query!r}: {text[:120]!r}" for text in page.evaluate(SNIPPETS_JS) if RAW_SNIPPET.search(text)]
        page.keyboard.press("Escape")
    print("\n" + "\n".join(report) + f"\n{hits}/{len(STUDENT_QUERIES)} in the top 3")
    assert hits >= 23, f"only {hits} of {len(STUDENT_QUERIES)} queries find their page in the top 3:\n" + "\n".join(
        report
    )
    privacy = [line for line in report if "patient notes into ChatGPT" in line]
    assert privacy and privacy[0].startswith("ok "), privacy  # the privacy lesson answers this one
    assert not raw, "search snippets with raw TeX or a pilcrow:\n" + "\n".join(raw[:10])
    assert not guard.blocked


# --- Screenshots for CI ---------------------------------------------------------------------------------


def test_screenshots_of_the_reading_experience(site, new_context, screenshots_dir):
    lesson = "modules/02-transformers/attention.html"
    diagram = next((p for p in diagram_pages(site) if "medical-coding" in p), diagram_pages(site)[0])
    shots = {
        "lesson-top": (lesson, None),
        "diagram": (diagram, "figure.course-diagram"),
        "notebook": (math_notebook(site), ".jp-CodeCell"),
        "glossary": ("glossary.html", None),
    }
    written = []
    for width in SIZES:
        for scheme in SCHEMES:
            context, guard, page = open_page(new_context, site, lesson, width, scheme)
            for name, (path, target) in shots.items():
                page.goto(site.url(path))
                settle(page)
                wait_for_scheme(page, SCHEMES[scheme])
                if target:
                    page.locator(target).first.scroll_into_view_if_needed()
                    page.evaluate("() => new Promise(r => setTimeout(r, 300))")
                file = screenshots_dir / f"{name}-{width}-{scheme}.png"
                page.screenshot(path=str(file))
                written.append(file)
            assert not guard.blocked
            context.close()
    assert len(written) == 16 and all(f.stat().st_size > 5_000 for f in written)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [WIDE, MOBILE], ids=["desktop", "phone"])
def test_search_is_for_students_at_both_widths(site, new_context, viewport, scheme):
    """On a phone too: the privacy question finds its lesson, the instructors' guide is never a
    result, and a word that only notebook code contains finds no notebook."""
    context, guard = new_context(viewport=viewport, color_scheme=scheme)
    page = context.new_page()
    page.goto(site.url("index.html"))
    settle(page)
    prefix = urlsplit(site.base).path
    box = page.locator("input.md-search__input")
    if not box.is_visible():  # the phone layout opens search from the header's button
        page.locator("label.md-header__button[for=__search]").click()

    def results(query: str) -> list[str]:
        box.fill("")
        return [r[len(prefix) :] if r.startswith(prefix) else r for r in search(page, query)]

    found = results("is it safe to paste patient notes into ChatGPT")
    assert "modules/06-responsible-use/privacy-and-regulation.html" in found[:3], found[:5]
    found = results("HIPAA safe harbor")
    assert found[0] == "modules/06-responsible-use/privacy-and-regulation.html", found[:5]
    assert not [r for r in found if r.startswith("instructors/")], found
    box.fill("")
    box.press_sequentially("DictReader", delay=15)  # only in notebook code (csv.DictReader)
    page.wait_for_timeout(1500)
    hits = page.evaluate(
        "() => Array.from(document.querySelectorAll('.md-search-result__item > a')).map(a => a.getAttribute('href'))"
    )
    assert not [h for h in hits if "notebooks/" in h], hits
    assert not guard.blocked
