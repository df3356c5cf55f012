// Progress that stays with the student: lessons read and quizzes passed, kept in this browser's
// localStorage only (nothing is sent anywhere; see the About page).
//
// - A lesson counts as read once the end of its text has been on screen (it was scrolled to, or
//   the lesson is short enough to fit).
// - A quiz counts as passed once every question of the lesson's quiz was answered right
//   (quiz.js sends "course:quiz-passed").
// - Lessons read and quizzes passed get a mark in the navigation; the home page shows the totals
//   and a button that erases them.
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
      return { read: data.read || {}, passed: data.passed || {} };
    } catch (e) {
      return { read: {}, passed: {} };
    }
  }

  function save(data) {
    try {
      localStorage.setItem(KEY, JSON.stringify({ version: 1, read: data.read, passed: data.passed }));
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

  function decorate(data) {
    // The sidebar's links, and on the home page (the one with the progress box) its course map.
    var home = document.querySelector("[data-course-progress]") ? ", .md-content a[href]" : "";
    var links = document.querySelectorAll(".md-sidebar--primary a.md-nav__link[href]" + home);
    links.forEach(function (link) {
      link.querySelectorAll(".progress-mark").forEach(function (m) { m.remove(); });
      var key = pageKey(link.getAttribute("href"));
      if (!key) return;
      var holder = link.querySelector(".md-ellipsis") || link;
      if (data.read[key]) holder.appendChild(mark("read", "\u2713", "progress-mark--read"));
      if (data.passed[key]) holder.appendChild(mark("quiz passed", "\u2605", "progress-mark--quiz"));
    });
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
  }

  function watchEnd() {
    // Read = the end of the lesson's text has been on screen.
    if (!document.querySelector(".lesson-header")) return;
    var article = document.querySelector("article.md-content__inner");
    if (!article) return;
    var key = pageKey(location.href);
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
