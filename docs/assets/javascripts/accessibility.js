// Keyboard access the theme does not give on its own (checked by tests/browser/test_site.py).
//
// 1. Glossary terms (<abbr title>): Material's tooltips open on hover and on focus, but an
//    <abbr> cannot take focus. The first use of each term on a page (outside links, which are
//    focusable already) becomes a tab stop, so its tooltip also opens from the keyboard.
// 2. Regions that scroll sideways (wide tables, long equations, notebook code and outputs)
//    must be reachable to be scrolled with the arrow keys: each one that overflows gets
//    tabindex=0 and a region role named after what it holds ("Table 2 (scrolls)"), wide diagrams too.
//    Re-checked when the window is resized. While it scrolls, data-scroll-more says which
//    edge has more to show ("end", "start" or "both"): reading.css fades that edge.
(function () {
  var INTERACTIVE = "a, button, summary, label, [tabindex]";
  var SCROLLERS = [
    [".md-typeset__scrollwrap", "Table"],
    ["div.arithmatex", "Equation"],
    [".jp-RenderedMarkdown .katex-display", "Equation"],
    [".highlight-ipynb", "Code"],
    [".jp-OutputArea-output pre", "Output"],
    [".course-diagram__frame", "Diagram"],  // wide diagrams (assets/stylesheets/diagrams.css)
    [".highlight pre > code", "Code"]        // lesson code blocks that scroll on a phone
  ];

  function glossary(root) {
    var seen = {};
    root.querySelectorAll(".md-content abbr[title]").forEach(function (abbr) {
      var term = abbr.textContent.trim();
      if (seen[term] || abbr.parentElement.closest(INTERACTIVE)) return;
      seen[term] = true;
      abbr.setAttribute("tabindex", "0");
    });
  }

  function overflows(el) {
    var style = getComputedStyle(el);
    var scrolls = /(auto|scroll)/.test(style.overflowX + " " + style.overflowY);
    return scrolls && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1);
  }

  function edgeState(el) {
    var left = el.scrollLeft, more = el.scrollWidth - el.clientWidth - Math.abs(left);
    var start = Math.abs(left) > 1, end = more > 1;
    return start && end ? "both" : start ? "start" : end ? "end" : "";
  }

  function setEdges(el, state) {
    if (state) el.setAttribute("data-scroll-more", state);
    else el.removeAttribute("data-scroll-more");
  }

  function onScroll(event) { setEdges(event.currentTarget, edgeState(event.currentTarget)); }

  function scrollers(root) {
    // All reads first (one layout), then all writes: measuring and marking element by element
    // forced a layout per element (over a second on a notebook page on a phone).
    var found = [];
    SCROLLERS.forEach(function (entry) {
      root.querySelectorAll(".md-content " + entry[0]).forEach(function (el, index) {
        var managed = el.hasAttribute("data-course-scroll");
        if (!managed && (el.hasAttribute("tabindex") || el.hasAttribute("role"))) return;
        var wide = overflows(el);
        found.push({ el: el, name: entry[1], index: index, managed: managed, wide: wide, edges: wide ? edgeState(el) : "" });
      });
    });
    found.forEach(function (item) {
      var el = item.el;
      if (item.wide) {
        setEdges(el, item.edges);
        if (item.managed) return;
        el.addEventListener("scroll", onScroll, { passive: true });
        el.setAttribute("data-course-scroll", "");
        el.setAttribute("tabindex", "0");
        el.setAttribute("role", "region");
        // data-scroll-label: a name given by the page (a diagram's caption), else "Table 2".
        el.setAttribute("aria-label", (el.getAttribute("data-scroll-label") || item.name + " " + (item.index + 1))
                        + " (scrolls)");
      } else if (item.managed) {
        el.removeEventListener("scroll", onScroll);
        ["data-course-scroll", "data-scroll-more", "tabindex", "role", "aria-label"].forEach(function (name) {
          el.removeAttribute(name);
        });
      }
    });
  }

  function afterPaint(run) {
    // Measured once the page has been laid out and painted, in a task of its own.
    requestAnimationFrame(function () { setTimeout(run, 0); });
  }

  function setup(root) {
    glossary(root);
    afterPaint(function () {
      scrollers(root);
      if (document.fonts && document.fonts.ready) {
        document.fonts.ready.then(function () { afterPaint(function () { scrollers(root); }); });
      }
    });
  }

  var timer;
  window.addEventListener("resize", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { scrollers(document.body); }, 200);
  });
  if (typeof document$ !== "undefined") {
    document$.subscribe(function () { setup(document.body); });
  } else {
    document.addEventListener("DOMContentLoaded", function () { setup(document.body); });
  }
})();
