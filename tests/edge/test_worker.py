"""What the generated Cloudflare Worker does besides picking the segment:
caching by page and segment, the language redirect, the security headers."""

from __future__ import annotations

import time
import urllib.error
import urllib.request

from segsite.static_server import read_headers_file


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def get(url: str, **headers: str):
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers=headers), timeout=20) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_the_cache_is_keyed_by_page_and_segment_not_by_cookie_or_query(worker_url):
    first = get(f"{worker_url}/en/online-store/?utm_medium=partner&utm_source=one")
    assert first[1]["X-Segsite-Segment"] == "business-partner"
    # The same segment by another route (other utm tags, a cookie): one cache entry.
    # The first response is stored after it is sent: ask a few times.
    for _attempt in range(20):
        again = get(
            f"{worker_url}/en/online-store/?utm_content=partner-news&utm_source=two",
            Cookie="session=abc; segment=returning-customer",
        )
        if again[1]["X-Segsite-Cache"] == "HIT":
            break
        time.sleep(0.1)
    assert again[1]["X-Segsite-Cache"] == "HIT"
    assert again[1]["X-Segsite-Segment"] == "business-partner"
    assert again[2] == first[2]
    other = get(f"{worker_url}/en/online-store/?support=yes")
    assert other[1]["X-Segsite-Segment"] == "after-sales" and other[2] != first[2]


def test_the_root_goes_to_the_visitors_language(worker_url):
    status, headers, _ = get(f"{worker_url}/", **{"Accept-Language": "de-DE,fa;q=0.8,en;q=0.5"})
    assert status == 302 and headers["Location"] == "/fa/"
    assert headers["Vary"] == "Accept-Language"
    status, headers, _ = get(f"{worker_url}/", **{"Accept-Language": "ar-AE"})
    assert headers["Location"] == "/ar/"
    # No language of the site, or the chooser asked for: the chooser page.
    assert get(f"{worker_url}/", **{"Accept-Language": "de"})[0] == 200
    assert get(f"{worker_url}/?stay", **{"Accept-Language": "fa"})[0] == 200


def test_every_response_has_the_security_headers(worker_url, published):
    wanted = dict(read_headers_file(published)[0][1])  # the /* block
    css = next((published / "theme" / "css").glob("*.css")).name
    for path in ("/en/", "/en/?utm_medium=partner", "/en/about/", f"/theme/css/{css}"):
        status, headers, _ = get(f"{worker_url}{path}")
        assert status == 200, path
        for name, value in wanted.items():
            assert headers[name] == value, (path, name)
    assert get(f"{worker_url}/theme/css/{css}")[1]["Cache-Control"].endswith("immutable")
    assert "must-revalidate" in get(f"{worker_url}/en/")[1]["Cache-Control"]


def test_the_browser_remembers_what_the_edge_chose(browser, worker_url):
    context = browser.new_context(viewport={"width": 360, "height": 800})
    try:
        page = context.new_page()
        errors = []
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.goto(f"{worker_url}/en/?utm_medium=partner")
        assert page.evaluate("[window.segsite.segment, window.segsite.rule]") == [
            "business-partner",
            "request",
        ]
        # No rule on the next page: the edge sends it whole, the browser
        # remembers the segment, as it would have chosen it itself.
        page.goto(f"{worker_url}/en/online-store/")
        assert page.evaluate("document.documentElement.dataset.fixed") is None
        assert page.evaluate("[window.segsite.segment, window.segsite.rule]") == [
            "business-partner",
            "remembered",
        ]
        assert errors == []
    finally:
        context.close()
