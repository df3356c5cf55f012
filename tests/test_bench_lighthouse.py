"""course-lighthouse (coursebench.lighthouse): the figures it reads from Lighthouse's JSON
report, the median run, and the gzip-serving static server it runs Lighthouse against."""

from __future__ import annotations

import gzip
import urllib.request

from coursebench import lighthouse


def fake_report(score: float, tbt: float) -> dict:
    audits = {audit: {"numericValue": 100.0} for audit in lighthouse.AUDITS}
    audits["total-blocking-time"] = {"numericValue": tbt}
    audits["bootup-time"] = {
        "details": {"items": [{"url": "http://127.0.0.1:1/course/assets/javascripts/bundle.x.min.js", "total": 812.4}]}
    }
    return {
        "lighthouseVersion": "12.8.2",
        "categories": {"performance": {"score": score}},
        "audits": audits,
        "configSettings": {
            "formFactor": "mobile",
            "throttlingMethod": "simulate",
            "throttling": {"rttMs": 150, "throughputKbps": 1638.4, "cpuSlowdownMultiplier": 4},
        },
    }


def test_summary_median_and_report():
    runs = [lighthouse.summary(fake_report(s, t)) for s, t in ((0.91, 120), (0.62, 900), (0.88, 200))]
    assert [r["score"] for r in runs] == [91, 62, 88]
    assert runs[0]["scripts"] == {"bundle.x.min.js": 812}
    assert lighthouse.median_run(runs)["score"] == 88
    text = lighthouse.report({"index.html": runs})
    assert "simulate throttling: RTT 150 ms, 1638.4 kbit/s, CPU slowdown 4x" in text
    assert "| index.html | **88** (91, 62, 88) |" in text


def test_the_site_is_served_under_its_path_and_gzipped(tmp_path):
    (tmp_path / "404.html").write_text('<link href="/course/assets/stylesheets/main.css">', encoding="utf-8")
    (tmp_path / "index.html").write_text("<p>home</p>" * 50, encoding="utf-8")
    server, base = lighthouse.serve(tmp_path)
    try:
        assert base.endswith("/course/")
        request = urllib.request.Request(base + "index.html", headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.headers["Content-Encoding"] == "gzip"
            assert gzip.decompress(response.read()).decode() == "<p>home</p>" * 50
    finally:
        server.shutdown()
        server.server_close()
