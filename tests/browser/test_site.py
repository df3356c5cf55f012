"""The student's site, tested in a real browser (Chromium through Playwright).

One sweep loads every built page once (light, then dark) and records what several tests
assert on: requests that left the machine, console errors, axe-core violations, images
without alt text and math left raw. The other tests open the few pages they need.

What the tests pick (search terms, the lesson with the widest table, the notebook with math,
the glossary term) is read from the built site, so they keep working as lessons change.

Run alone: ``pytest -m browser`` (with COURSE_SITE_DIR=/path/to/site to skip the build).
"""

from __future__ import annotations

import html
import json
import re
import time
from collections import Counter, defaultdict
from html.parser import HTMLParser
from typing import ClassVar
from urllib.parse import urlsplit

import pytest

from .conftest import DESKTOP, MOBILE, Errors, settle

pytestmark = pytest.mark.browser

ATTENTION_LESSON = "modules/02-transformers/attention.html"
SERIOUS = ("serious", "critical")
COLOUR_RULES = ["color-contrast", "link-in-text-block"]  # all that changes between light and dark


@pytest.fixture(autouse=True, scope="module")
def _chromium_first(browser):
    """Skip (or, in CI, fail) on a missing Chromium before the site is built or served."""


# --- Reading the built site ----------------------------------------------------------------


class _ClassText(HTMLParser):
    """The text inside every element carrying a given class (nested elements included)."""

    VOID: ClassVar[set[str]] = {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }

    def __init__(self, cls: str):
        super().__init__(convert_charrefs=True)
        self.cls, self.depth, self.parts = cls, 0, []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        if self.depth:
            self.depth += 1
        elif self.cls in (dict(attrs).get("class") or "").split():
            self.depth = 1

    def handle_endtag(self, tag):
        if self.depth and tag not in self.VOID:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.parts.append(data)


def class_text(page_html: str, cls: str) -> str:
    parser = _ClassText(cls)
    parser.feed(page_html)
    return " ".join(parser.parts)


def read(site, page: str) -> str:
    return (site.root / page).read_text(encoding="utf-8")


def lessons(site) -> list[str]:
    return [p for p in site.pages() if 'class="lesson-header"' in read(site, p)]


def notebooks(site) -> list[str]:
    return [p for p in site.pages() if 'class="jupyter-wrapper"' in read(site, p)]


def index_words(site) -> dict[str, Counter]:
    """Per page, how often each token occurs in its search-index entries (title and text)."""
    index = json.loads((site.root / "search" / "search_index.json").read_text(encoding="utf-8"))
    separator = re.compile(index["config"]["separator"])
    words: dict[str, Counter] = defaultdict(Counter)
    for doc in index["docs"]:
        page = doc["location"].split("#")[0] or "index.html"
        text = html.unescape(re.sub(r"<[^>]+>", " ", f"{doc['title']} {doc.get('text', '')}"))
        words[page].update(t for t in separator.split(text.lower()) if t)
    return words


def distinctive_word(words: dict[str, Counter], page: str, allowed: set[str] | None = None) -> str | None:
    """A word of ``page`` that no other page has, not even as the start of a longer token.

    Material searches as you type, so a query also matches words that begin with it; the word
    must therefore not begin any token of another page. Frequent words rank first.
    """
    others = {t for p, counter in words.items() if p != page for t in counter}
    candidates = sorted(
        ((n, w) for w, n in words[page].items() if re.fullmatch(r"[a-z]{7,}", w) and (allowed is None or w in allowed)),
        key=lambda item: (-item[0], item[1]),
    )
    for _, word in candidates:
        if not any(t.startswith(word) for t in others):
            return word
    return None


def widest_table_lesson(site) -> str:
    def width(page):
        tables = re.findall(r"<table>.*?</table>", read(site, page), re.S)
        return max(((len(re.findall(r"<th\b", t.split("</tr>")[0])), len(t)) for t in tables), default=(0, 0))

    best = max(lessons(site), key=width)
    assert width(best)[0] > 0, "no lesson has a table"
    return best


def math_notebooks(site) -> list[str]:
    return [
        p for p in notebooks(site) if re.search(r"\$[^$\s][^$]*\$", class_text(read(site, p), "jp-RenderedMarkdown"))
    ]


def figure_notebook(site) -> str:
    with_figures = [p for p in notebooks(site) if "jp-RenderedImage" in read(site, p)]
    assert with_figures, "no notebook page has a figure"
    return with_figures[0]


# --- In-page probes --------------------------------------------------------------------------

RAW_MATH_JS = r"""() => {
  // The page text outside code, and the table of contents (it repeats the headings).
  const article = document.querySelector("article.md-content__inner") || document.body;
  const roots = [article, ...document.querySelectorAll(".md-nav--secondary")];
  const notebook = !!article.querySelector(".jupyter-wrapper");
  const skip = "pre, code, kbd, samp, script, style, svg, .katex, .highlight, .jp-InputArea-editor";
  const tex = /\\\(|\\\)|\\\[|\\\]|\$\$|\\frac\b|\\sqrt\b|\\sum\b|\\text\{/;
  const dollars = /\$[^$\s][^$]*\$/;   // inline $math$: in notebook markdown cells only
  const raw = [];
  for (const root of roots) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode, parent = node.parentElement;
      if (!parent || parent.closest(skip)) continue;
      const markdown = notebook && parent.closest(".jp-RenderedMarkdown, .md-nav--secondary");
      if (tex.test(node.data) || (markdown && dollars.test(node.data)))
        raw.push(node.data.trim().slice(0, 100));
    }
  }
  return {katex: article.querySelectorAll(".katex").length, raw};
}"""

IMAGES_WITHOUT_ALT_JS = """() => Array.from(document.images).filter(img => {
  if ((img.getAttribute("alt") || "").trim()) return false;
  if (["presentation", "none"].includes(img.getAttribute("role"))) return false;
  return !img.closest('[aria-hidden="true"]');
}).map(img => img.outerHTML.slice(0, 200))"""

# Resources named in the page that would be fetched from another host (lazy images included,
# which a load alone would not request).
EXTERNAL_REFS_JS = """() => {
  const urls = [];
  document.querySelectorAll("img[src], script[src], iframe[src], video[src], audio[src], source[src], embed[src], object[data], link[href]").forEach(el => {
    if (el.tagName === "LINK" && !/stylesheet|icon|preload|modulepreload|prefetch|manifest/.test(el.rel)) return;
    const url = new URL(el.getAttribute("src") || el.getAttribute("href") || el.getAttribute("data"), location.href);
    if (/^(https?|wss?):$/.test(url.protocol) && !["127.0.0.1", "localhost"].includes(url.hostname)) urls.push(url.href);
  });
  return urls;
}"""


# Every Content-Security-Policy violation on the page: directive, what was blocked, and where.
CSP_VIOLATIONS_JS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", e => window.__cspViolations.push(
  `${e.effectiveDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`));
"""


def run_axe(page, axe_source: str, options: dict) -> list[dict]:
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        # Evaluated through DevTools: a <script> tag would be (rightly) refused by the site's CSP.
        page.evaluate(axe_source + "\n;undefined")
    violations = page.evaluate(
        "async options => (await axe.run(document, options)).violations.map(v => ({"
        "id: v.id, impact: v.impact, help: v.help, count: v.nodes.length,"
        "nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ': ' + "
        "(n.failureSummary || '').replace(/\\s+/g, ' ').slice(0, 240))}))",
        {"resultTypes": ["violations"], **options},
    )
    return [v for v in violations if v["impact"] in SERIOUS]


def wait_for_scheme(page, scheme: str) -> None:
    page.wait_for_function("s => document.body.getAttribute('data-md-color-scheme') === s", arg=scheme)
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


# --- The sweep over every page ----------------------------------------------------------------


@pytest.fixture(scope="module")
def sweep(site, new_context, axe_source) -> dict[str, dict]:
    """Load every page once at desktop width: light (all axe rules), then dark (colour rules).

    The palette is Material's automatic one (first in mkdocs.yml), so emulating the system's
    colour scheme switches the page between light and dark without reloading it.
    """
    context, guard = new_context(color_scheme="light")
    context.add_init_script(CSP_VIOLATIONS_JS)
    page = context.new_page()
    errors = Errors()
    errors.watch(page)
    results = {}
    started = time.monotonic()
    for path in site.pages():
        blocked, errors.messages[:] = len(guard.blocked), []
        page.emulate_media(color_scheme="light")
        page.goto(site.url(path), wait_until="load")
        settle(page)
        wait_for_scheme(page, "default")
        record = {
            "axe_light": run_axe(page, axe_source, {}),
            "images": page.evaluate(IMAGES_WITHOUT_ALT_JS),
            "math": page.evaluate(RAW_MATH_JS),
            "external_refs": page.evaluate(EXTERNAL_REFS_JS),
        }
        page.emulate_media(color_scheme="dark")
        wait_for_scheme(page, "slate")
        record["axe_dark"] = run_axe(page, axe_source, {"runOnly": {"type": "rule", "values": COLOUR_RULES}})
        record["blocked"] = guard.blocked[blocked:]
        record["csp"] = page.evaluate("() => window.__cspViolations || []")
        record["errors"] = list(errors.messages)
        results[path] = record
    print(f"\nbrowser sweep: {len(results)} pages in {time.monotonic() - started:.1f} s")
    return results


def describe(problems: dict[str, list]) -> str:
    return "\n".join(f"{page}:\n  " + "\n  ".join(map(str, items)) for page, items in problems.items())


def test_every_page_was_visited(site, sweep):
    assert set(sweep) == set(site.pages())
    assert "index.html" in sweep and len(sweep) > 10


def test_no_third_party_requests(sweep):
    """Hospital networks block CDNs and trackers: not one request may leave 127.0.0.1."""
    blocked = {p: r["blocked"] for p, r in sweep.items() if r["blocked"]}
    assert not blocked, "requests to other hosts (refused and counted):\n" + describe(blocked)
    referenced = {p: r["external_refs"] for p, r in sweep.items() if r["external_refs"]}
    assert not referenced, "resources on other hosts named in the page:\n" + describe(referenced)


def test_no_content_security_policy_violations(sweep):
    """Every page carries a CSP (coursetools.safety.csp) and the site itself never violates it."""
    violations = {p: r["csp"] for p, r in sweep.items() if r["csp"]}
    assert not violations, "Content-Security-Policy violations:\n" + describe(violations)


def test_no_console_errors(sweep):
    errors = {p: r["errors"] for p, r in sweep.items() if r["errors"]}
    assert not errors, "console errors or uncaught exceptions:\n" + describe(errors)


def test_accessibility_light_and_dark(sweep):
    """axe-core: no serious or critical violation on any page, in light mode and in dark mode."""
    problems = {}
    for page, record in sweep.items():
        for scheme in ("light", "dark"):
            for v in record[f"axe_{scheme}"]:
                problems.setdefault(page, []).append(
                    f"[{scheme}] {v['id']} ({v['impact']}, {v['count']}x): {v['help']}\n    "
                    + "\n    ".join(v["nodes"])
                )
    assert not problems, "axe-core violations:\n" + describe(problems)


def test_every_image_has_alt_text(sweep):
    missing = {p: r["images"] for p, r in sweep.items() if r["images"]}
    assert not missing, "images without alt text (or role=presentation/aria-hidden):\n" + describe(missing)


def test_math_renders(site, sweep):
    raw = {p: r["math"]["raw"] for p, r in sweep.items() if r["math"]["raw"]}
    assert not raw, "math left as raw TeX in the page text:\n" + describe(raw)
    assert sweep[ATTENTION_LESSON]["math"]["katex"] > 0, "the attention lesson shows no KaTeX math"
    with_math = math_notebooks(site)
    assert with_math, "no notebook page has $math$ in its markdown (expected at least one)"
    for page in with_math:
        assert sweep[page]["math"]["katex"] > 0, f"{page}: its $math$ was not rendered by KaTeX"


# --- Search --------------------------------------------------------------------------------------


def search(page, term: str) -> list[str]:
    """Type ``term`` into the search box; the result pages' paths, best first."""
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(term, delay=15)
    page.wait_for_selector(".md-search-result__item", timeout=20_000)
    previous, deadline = None, time.monotonic() + 10
    while time.monotonic() < deadline:  # results are refreshed while typing: wait for the last
        current = page.evaluate("""() => Array.from(document.querySelectorAll(
            '.md-search-result__item > a.md-search-result__link'))
            .map(a => new URL(a.getAttribute('href'), location.href).pathname)""")
        if current and current == previous:
            return current
        previous = current
        page.wait_for_timeout(300)
    return previous or []


@pytest.fixture(scope="module")
def search_terms(site) -> dict[str, tuple[str, str]]:
    """{'lesson': (page, word), 'notebook': (page, word)}: words found on one page only."""
    words = index_words(site)
    terms = {}
    for page in lessons(site):
        word = distinctive_word(words, page)
        if word:
            terms["lesson"] = (page, word)
            break
    for page in notebooks(site):
        markdown = class_text(read(site, page), "jp-RenderedMarkdown").lower()
        allowed = set(re.split(r"[\s\-\.]+", markdown))
        word = distinctive_word(words, page, allowed)
        if word:
            terms["notebook"] = (page, word)
            break
    assert set(terms) == {"lesson", "notebook"}, f"no distinctive search term found: {terms}"
    return terms


@pytest.mark.parametrize("kind", ["lesson", "notebook"])
def test_search_finds_the_only_page_with_a_word(site, new_context, search_terms, kind):
    page_path, word = search_terms[kind]
    context, guard = new_context()
    page = context.new_page()
    page.goto(site.url("index.html"))
    settle(page)
    results = search(page, word)
    print(f"\nsearch {word!r} ({kind}) -> {results[:3]}")
    assert results, f"searching {word!r} found nothing"
    assert results[0].endswith("/" + page_path), (
        f"searching {word!r} (only in {page_path}) ranks {results[0]} first: {results[:5]}"
    )
    assert not guard.blocked


def test_site_works_from_disk(site, new_context, search_terms):
    """A downloaded copy opened with file://: pages load, search works (offline plugin)."""
    context, guard = new_context()
    page = context.new_page()
    errors = Errors()
    errors.watch(page)
    lesson_path, word = search_terms["lesson"]
    for path in ("index.html", lesson_path):
        page.goto((site.root / path).as_uri())
        settle(page)
        assert page.locator("article.md-content__inner h1").count() == 1, f"{path}: no page content"
        results = search(page, word)
        assert results, f"{path} from disk: searching {word!r} found nothing"
        assert results[0].endswith("/" + lesson_path), f"{path} from disk: {word!r} -> {results[:3]}"
        page.keyboard.press("Escape")
    assert not guard.blocked, f"requests to other hosts from file://: {guard.blocked}"
    assert not errors.messages, "errors from file://:\n" + "\n".join(errors.messages)


# --- Keyboard, glossary tooltips -------------------------------------------------------------------


def test_keyboard_reaches_search_and_navigation(site, new_context):
    context, _ = new_context()
    page = context.new_page()
    page.goto(site.url(ATTENTION_LESSON))
    settle(page)
    reached = {"search": False, "navigation": False}
    for _ in range(80):
        page.keyboard.press("Tab")
        where = page.evaluate("""() => { const el = document.activeElement; return {
            search: el.matches('input.md-search__input, label[for="__search"]'),
            navigation: !!el.closest('.md-tabs, .md-nav') && el.matches('a[href]')}; }""")
        for key in reached:
            reached[key] = reached[key] or where[key]
        if all(reached.values()):
            break
    assert reached["search"], "Tab from the top of the page never reaches the search box"
    assert reached["navigation"], "Tab from the top of the page never reaches a navigation link"


def tooltip_page(site) -> str:
    for page in lessons(site):
        if re.search(r'<abbr title="[^"]+">(EHR|LLM)s?</abbr>', read(site, page)):
            return page
    return next(p for p in lessons(site) if "<abbr title=" in read(site, p))


def test_glossary_tooltip_on_hover_and_keyboard_focus(site, new_context):
    path = tooltip_page(site)
    context, _ = new_context()
    page = context.new_page()
    page.goto(site.url(path))
    settle(page)
    focusable = page.locator('.md-content abbr[title][tabindex="0"]')
    assert focusable.count() > 0, f"{path}: no glossary term can take keyboard focus"
    preferred = focusable.filter(has_text=re.compile(r"^(EHR|LLM)s?$"))
    chosen = preferred.first if preferred.count() else focusable.first
    title = chosen.get_attribute("title")
    chosen.evaluate("el => el.setAttribute('data-test-term', '')")
    term = page.locator("abbr[data-test-term]")  # Material moves the title away while it shows
    tooltip = page.locator(".md-tooltip2--active[role=tooltip]")

    term.scroll_into_view_if_needed()
    term.hover()
    tooltip.wait_for(state="visible", timeout=5_000)
    assert title in tooltip.inner_text(), f"hover shows {tooltip.inner_text()!r}, not {title!r}"

    page.mouse.move(0, DESKTOP["height"] - 1)
    tooltip.wait_for(state="detached", timeout=5_000)
    # Tab onto the term from the element just before it, as a keyboard user would.
    page.evaluate(
        "el => { const stops = Array.from(document.querySelectorAll("
        "'a[href], [tabindex=\"0\"], input, button')); const i = stops.indexOf(el);"
        " (stops[i - 1] || document.body).focus(); }",
        term.element_handle(),
    )
    page.keyboard.press("Tab")
    assert term.evaluate("el => el === document.activeElement"), "Tab does not land on the glossary term"
    tooltip.wait_for(state="visible", timeout=5_000)
    assert title in tooltip.inner_text(), "keyboard focus does not show the definition"
    described = term.get_attribute("aria-describedby")
    assert described and page.locator(f"#{described}").count() == 1, "tooltip not tied to the term"


# --- Mobile ------------------------------------------------------------------------------------------

DRAWER_JS = """() => { const r = document.querySelector('.md-sidebar--primary').getBoundingClientRect();
                     return {left: r.left, right: r.right, width: r.width}; }"""

NO_PAGE_SCROLL_JS = "() => document.documentElement.scrollWidth <= window.innerWidth + 1"


def test_mobile_drawer_and_wide_tables(site, new_context):
    path = widest_table_lesson(site)
    context, _ = new_context(viewport=MOBILE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(site.url(path))
    settle(page)

    closed = page.evaluate(DRAWER_JS)
    assert closed["right"] <= 0, f"the navigation drawer is on screen before it is opened: {closed}"
    page.locator('label.md-header__button[for="__drawer"]').click()
    page.wait_for_function(
        "() => { const r = document.querySelector('.md-sidebar--primary')"
        ".getBoundingClientRect(); return r.left >= -1 && r.width > 0; }",
        timeout=5_000,
    )
    assert page.locator(".md-sidebar--primary").is_visible()
    assert page.locator(".md-sidebar--primary .md-nav__link").first.is_visible()
    page.locator('label.md-overlay[for="__drawer"]').click(position={"x": MOBILE["width"] - 10, "y": 400})
    page.wait_for_function(
        "() => document.querySelector('.md-sidebar--primary').getBoundingClientRect().right <= 0", timeout=5_000
    )

    sizes = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert page.evaluate(NO_PAGE_SCROLL_JS), f"{path} scrolls sideways on a phone: {sizes}"
    wraps = page.evaluate("""() => Array.from(document.querySelectorAll('.md-typeset__scrollwrap'))
        .map(w => ({scroll: w.scrollWidth, client: w.clientWidth,
                    overflow: getComputedStyle(w).overflowX}))""")
    wide = [w for w in wraps if w["scroll"] > w["client"]]
    assert wide, f"{path}: no table is wider than the phone screen, the test needs one ({wraps})"
    assert all(w["overflow"] in ("auto", "scroll") for w in wide), f"wide tables do not scroll: {wide}"


# --- Screenshots ----------------------------------------------------------------------------------


def test_screenshots(site, new_context, screenshots_dir):
    """Home, a lesson and a notebook page in light, dark and on a phone, for a human to look at."""
    pages = {"home": "index.html", "lesson": ATTENTION_LESSON, "notebook": figure_notebook(site)}
    modes = {
        "light": dict(color_scheme="light"),
        "dark": dict(color_scheme="dark"),
        "mobile": dict(color_scheme="light", viewport=MOBILE, is_mobile=True, has_touch=True),
    }
    written = []
    for mode, options in modes.items():
        context, guard = new_context(**options)
        page = context.new_page()
        for name, path in pages.items():
            page.goto(site.url(path))
            settle(page)
            page.evaluate("() => document.querySelectorAll('img[loading=lazy]').forEach(img => img.loading = 'eager')")
            page.wait_for_load_state("networkidle")
            if mode == "mobile":
                assert page.evaluate(NO_PAGE_SCROLL_JS), f"{path} scrolls sideways on a phone"
            target = screenshots_dir / f"{name}-{mode}.png"
            page.screenshot(path=str(target), full_page=True)
            written.append(target)
        assert not guard.blocked
        context.close()
    assert all(p.stat().st_size > 10_000 for p in written)
    print("\nscreenshots: " + ", ".join(str(p.relative_to(screenshots_dir.parent.parent)) for p in written))


# --- Page weight -------------------------------------------------------------------------------------


def record_first_load(site, new_context, url: str) -> list[tuple[str, int, int]]:
    """(site path, raw bytes, gzip bytes) of every same-site response to a first visit of ``url``,
    before any interaction."""
    from coursebench.weight import gzip_size

    context, _ = new_context()  # a new context: empty cache
    responses = []
    context.on("response", lambda response: responses.append(response))
    page = context.new_page()
    page.goto(url)
    settle(page)
    page.wait_for_load_state("networkidle")
    fetched = []
    for response in responses:
        if not response.url.startswith(site.base) or response.status >= 300:
            continue
        body = response.body()
        path = urlsplit(response.url).path[len(urlsplit(site.base).path) :]
        fetched.append((path, len(body), gzip_size(body)))
    context.close()
    return fetched


def test_first_load_weight_matches_what_chromium_fetches(site, new_context):
    """``coursebench.weight.first_load`` (what the benchmark reports) names the files a real
    first visit fetches before interaction: the same HTML, stylesheets, scripts and images (lazy
    images it counts may be fetched or not, depending on where they are), and KaTeX fonts only
    among the fonts Chromium fetched. No search index or worker is fetched."""
    from coursebench.weight import KB, first_load, format_load, kind_of

    without_math = [p for p in lessons(site) if 'class="arithmatex"' not in read(site, p)]
    for path in [ATTENTION_LESSON, *without_math[:1], *notebooks(site)[:1]]:
        fetched = record_first_load(site, new_context, site.url(path))
        load = first_load(site.root, path)
        print(
            f"\nfirst load of {path}: {load.gzip / KB:.1f} kB gzip by coursebench.weight, "
            f"{sum(f[2] for f in fetched) / KB:.1f} kB gzip fetched by Chromium"
        )
        print(format_load(load))
        seen = {p for p, _, _ in fetched}
        counted = {f.path for f in load.files}
        assert not [p for p in seen if kind_of(p).startswith("search")], (
            f"{path}: the search index or worker was fetched on page load: {sorted(seen)}"
        )
        eager = {f.path for f in load.files if not f.lazy and f.kind != "font"}
        assert eager <= seen, f"{path}: weight.first_load counts {sorted(eager - seen)}, never fetched"
        assert {p for p in seen if kind_of(p) != "font"} <= counted, (
            f"{path}: Chromium fetched {sorted(seen - counted)}, which weight.first_load does not count"
        )
        assert {p for p in counted if kind_of(p) == "font"} <= {p for p in seen if kind_of(p) == "font"}
        for name, raw, _ in fetched:
            if name in counted:
                assert raw == next(f.raw for f in load.files if f.path == name), name


# --- Search loads when it is used ---------------------------------------------------------------


def _search_requests(requests: list[str]) -> list[str]:
    return [url for url in requests if "search_index" in url or "/workers/search." in url]


@pytest.mark.parametrize("where", ["http", "file"])
def test_search_loads_only_when_used(site, new_context, search_terms, where):
    """On a lesson's first load neither the search index nor the search worker is fetched; focusing
    the search box fetches them, and a query then finds the page, over http and from file://."""
    lesson_path, word = search_terms["lesson"]
    context, guard = new_context()
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    errors = Errors()
    errors.watch(page)
    page.goto(site.url(ATTENTION_LESSON) if where == "http" else (site.root / ATTENTION_LESSON).as_uri())
    settle(page)
    page.wait_for_timeout(1500)  # time for anything a script would fetch after load
    assert _search_requests(requests) == [], f"fetched before searching: {_search_requests(requests)}"
    assert page.evaluate("() => typeof window.__index") == "undefined"
    assert page.locator("iframe").count() == 0  # from file:// the worker runs in an iframe
    page.locator("input.md-search__input").focus()
    page.wait_for_function("() => document.documentElement.dataset.courseSearch === 'started'")
    results = search(page, word)
    fetched = _search_requests(requests)
    assert any("search_index" in url for url in fetched), fetched
    assert any("/workers/search." in url for url in fetched), fetched
    assert results and results[0].endswith("/" + lesson_path), f"{word!r} -> {results[:3]}"
    assert not guard.blocked
    assert not errors.messages, "\n".join(errors.messages)
