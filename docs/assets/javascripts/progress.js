// Progress that stays with the student: lessons read and quizzes passed, kept in this browser's
// localStorage only (nothing is sent anywhere; see the About page).
//
// - A lesson counts as read once the end of its text has been on screen (it was scrolled to, or
//   the lesson is short enough to fit).
// - A quiz counts as passed once every question of the lesson's quiz was answered right
//   (quiz.js sends "course:quiz-passed").
// - Lessons read and quizzes passed get a mark on the lesson's own entry in the navigation (a link
//   to a page, never an in-page #section of a table of contents); the home page shows the totals
//   and a button that erases them.
// - The lesson last opened is remembered too: once a lesson has been read, the home page's
//   "Start the course" becomes "Continue where you left off" with the lesson it leads to (the
//   last one opened if it is unread, else the next unread lesson in course order after it).
(function () {
  "use strict";

  function siteRoot() {
    var base = ".";
    var config = document.getElementById("__config");
    if (config) {
      try { base = JSON.parse(config.textContent).base || "."; } catch (e) { /* keep "." */ }
    }
    return new URL(base.replace(/\/?$/, "/"), location.href);
  }

  var root = siteRoot();
  var KEY = "llms-meet-healthcare:progress:" + root.pathname;

  function pageKey(href) {
    // A page's path from the site's root ("modules/02-transformers/attention.html"), "" outside.
    var url = new URL(href, location.href);
    if (url.origin !== root.origin || url.pathname.indexOf(root.pathname) !== 0) return "";
    var path = decodeURIComponent(url.pathname.slice(root.pathname.length));
    if (path === "" || /\/$/.test(path)) path += "index.html";
    return path;
  }

  function load() {
    try {
      var data = JSON.parse(localStorage.getItem(KEY) || "{}");
      return { read: data.read || {}, passed: data.passed || {}, last: typeof data.last === "string" ? data.last : "" };
    } catch (e) {
      return { read: {}, passed: {}, last: "" };
    }
  }

  function save(data) {
    try {
      localStorage.setItem(KEY, JSON.stringify({ version: 1, read: data.read, passed: data.passed, last: data.last || "" }));
      return true;
    } catch (e) {
      return false;  // storage disabled or full: progress is simply not remembered
    }
  }

  function today() { return new Date().toISOString().slice(0, 10); }

  function record(kind, key) {
    var data = load();
    if (!key || data[kind][key]) return;
    data[kind][key] = today();
    if (kind === "passed" && !data.read[key]) data.read[key] = today();
    save(data);
    refresh();
  }

  function mark(text, glyph, className) {
    var span = document.createElement("span");
    span.className = "progress-mark " + className;
    var icon = document.createElement("span");
    icon.setAttribute("aria-hidden", "true");
    icon.textContent = glyph;
    var words = document.createElement("span");
    words.className = "progress-visually-hidden";
    words.textContent = " (" + text + ")";
    span.appendChild(icon);
    span.appendChild(words);
    span.title = text.charAt(0).toUpperCase() + text.slice(1);
    return span;
  }

  function entryKey(link) {
    // The page a navigation entry stands for, or "" for an in-page link (a table of contents'
    // "#section", which Material puts inside the drawer's navigation below 1220 px).
    if (link.closest(".md-nav--secondary")) return "";
    if (link.tagName === "LABEL") {
      // The current page's own entry in the drawer is a <label for="__toc"> (it opens the table
      // of contents); the <a> beside it is hidden at that width.
      return link.getAttribute("for") === "__toc" ? pageKey(location.href) : "";
    }
    var href = link.getAttribute("href") || "";
    if (href.charAt(0) === "#" || href.indexOf("#") !== -1) return "";
    return pageKey(href);
  }

  function decorate(data) {
    // The sidebar's entries, and on the home page (the one with the progress box) its course map.
    var home = document.querySelector("[data-course-progress]") ? ", .md-content a.course-map__lesson[href]" : "";
    var links = document.querySelectorAll(
      ".md-sidebar--primary a.md-nav__link[href], .md-sidebar--primary label.md-nav__link[for='__toc']" + home);
    links.forEach(function (link) {
      link.querySelectorAll(".progress-mark").forEach(function (m) { m.remove(); });
      var key = entryKey(link);
      if (!key) return;
      var holder = link.querySelector(".md-ellipsis") || link;
      if (data.read[key]) holder.appendChild(mark("read", "\u2713", "progress-mark--read"));
      if (data.passed[key]) holder.appendChild(mark("quiz passed", "\u2605", "progress-mark--quiz"));
    });
  }

  function courseOrder() {
    // The lessons in course order, from the home page's course map: [{key, title, href}].
    return Array.prototype.map.call(document.querySelectorAll(".md-content a.course-map__lesson[href]"), function (a) {
      return { key: pageKey(a.getAttribute("href")), title: a.textContent.trim(), href: a.getAttribute("href") };
    }).filter(function (lesson) { return lesson.key; });
  }

  function nextLesson(data, lessons) {
    // Where to continue: the last lesson opened if it is unread, else the first unread lesson
    // after it in course order (then from the start), else the last one opened.
    var keys = lessons.map(function (l) { return l.key; });
    var at = keys.indexOf(data.last);
    if (at !== -1 && !data.read[data.last]) return lessons[at];
    for (var step = 1; step <= lessons.length; step++) {
      var lesson = lessons[(Math.max(at, -1) + step + lessons.length) % lessons.length];
      if (!data.read[lesson.key]) return lesson;
    }
    return at !== -1 ? lessons[at] : null;
  }

  function offerContinue(data) {
    var button = document.querySelector(".md-content a.course-start");
    if (!button) return;
    if (!button.hasAttribute("data-start-href")) {
      button.setAttribute("data-start-href", button.getAttribute("href"));
      button.setAttribute("data-start-text", button.textContent);
    }
    var lessons = courseOrder();
    var started = lessons.some(function (l) { return data.read[l.key]; });
    var next = started ? nextLesson(data, lessons) : null;
    button.textContent = "";
    if (!next) {
      button.setAttribute("href", button.getAttribute("data-start-href"));
      button.textContent = button.getAttribute("data-start-text");
      button.classList.remove("course-start--continue");
      return;
    }
    button.setAttribute("href", next.href);
    button.classList.add("course-start--continue");
    var words = document.createElement("span");
    words.className = "course-start__label";
    words.textContent = "Continue where you left off";
    var title = document.createElement("span");
    title.className = "course-start__lesson";
    title.textContent = next.title;
    button.appendChild(words);
    button.appendChild(document.createTextNode(": "));
    button.appendChild(title);
  }

  function summarise(data) {
    document.querySelectorAll("[data-course-progress]").forEach(function (box) {
      var lessons = Number(box.getAttribute("data-lessons")) || 0;
      var read = Math.min(Object.keys(data.read).length, lessons);
      var passed = Math.min(Object.keys(data.passed).length, lessons);
      var summary = box.querySelector(".course-progress__summary");
      summary.textContent = read + " of " + lessons + " lessons read, " + passed + " quiz" +
        (passed === 1 ? "" : "zes") + " passed.";
      var reset = box.querySelector(".course-progress__reset");
      reset.hidden = false;
    });
  }

  function refresh() {
    var data = load();
    decorate(data);
    summarise(data);
    offerContinue(data);
  }

  function watchEnd() {
    // Read = the end of the lesson's text has been on screen.
    if (!document.querySelector(".lesson-header")) return;
    var article = document.querySelector("article.md-content__inner");
    if (!article) return;
    var key = pageKey(location.href);
    var data = load();
    if (key && data.last !== key) {
      data.last = key;
      save(data);
    }
    var end = document.createElement("div");
    end.className = "progress-end";
    end.setAttribute("aria-hidden", "true");
    article.appendChild(end);
    if (!("IntersectionObserver" in window)) return;
    var observer = new IntersectionObserver(function (entries) {
      if (entries.some(function (e) { return e.isIntersecting; })) {
        observer.disconnect();
        record("read", key);
      }
    });
    observer.observe(end);
  }

  function start() {
    refresh();
    watchEnd();
    document.querySelectorAll("[data-course-progress] .course-progress__reset").forEach(function (button) {
      button.addEventListener("click", function () {
        try { localStorage.removeItem(KEY); } catch (e) { /* nothing stored */ }
        refresh();
        var status = button.closest("[data-course-progress]").querySelector(".course-progress__status");
        if (status) status.textContent = "Your progress has been erased from this browser.";
      });
    });
  }

  document.addEventListener("course:quiz-passed", function () { record("passed", pageKey(location.href)); });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
