"""One rule table (tests/fixtures/rule_cases.yaml), one resolver
(plugins/segsite/runtime/resolve.js), three runtimes that carry it: the
browser's inline head script (here under Node, and in Chromium in
tests/site/test_personalization.py), the Cloudflare Worker and the Netlify
edge function. The same for the hostile table (hostile_rule_cases.yaml):
segment ids and parameter names a JavaScript object has too, on a site of
its own. Plus what only the edge does: pages without the other variants,
`country`, readable with JavaScript off."""

from __future__ import annotations

import json
import urllib.request

import jinja2
import pytest
from bs4 import BeautifulSoup

from segsite import scripts
from tests.conftest import ROOT, shown_to_segment
from tests.edge.runtime import (
    HOSTILE,
    edge_data,
    inline_scripts,
    run_head_script,
    run_netlify_function,
)
from tests.site.helpers import visible_banner, visible_cta, visible_sections
from tests.site.test_personalization import CASES, expected_on_page

HOSTILE_CASES = HOSTILE["cases"]


def at_the_edge(case: dict) -> tuple[str, str]:
    """(segment, rule) the edge gives: the browser's, unless the table says
    what the edge decides otherwise."""
    edge = case.get("edge") or {}
    return edge.get("expect", case["expect"]), edge.get("rule", case["rule"])


def request_headers(case: dict, referrer: bool = True) -> dict[str, str]:
    headers = {}
    if referrer and case.get("referrer"):
        headers["Referer"] = case["referrer"]
    # miniflare: the request's `cf` object (its country) for this request only.
    headers["MF-CF-Blob"] = json.dumps({"country": case.get("country", "AE")})
    return headers


def page_path(case: dict) -> str:
    """The case's landing page: /en/, /en/offer/."""
    return f"/{case.get('lang', 'en')}/{case.get('page', '')}"


def page_url(base: str, case: dict) -> str:
    query = f"?{case['query']}" if case.get("query") else ""
    return f"{base}{page_path(case)}{query}"


def built_page(site, case: dict):
    return site / page_path(case).strip("/") / "index.html"


def fetch(url: str, headers: dict[str, str]):
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=20) as r:
        return r.headers, r.read().decode("utf-8")


def check_worker(worker_url: str, published, case: dict) -> None:
    segment, rule = at_the_edge(case)
    headers, html = fetch(page_url(worker_url, case), request_headers(case))
    doc = BeautifulSoup(html, "html5lib")
    generic = BeautifulSoup(built_page(published, case).read_bytes(), "html5lib")
    if rule == "default":
        # No decision at the edge: the page as built, every variant in it.
        assert headers["X-Segsite-Segment"] == ""
        assert html == built_page(published, case).read_text("utf-8")
        return
    assert headers["X-Segsite-Segment"] == segment
    assert doc.html["data-segment"] == segment == doc.html["data-fixed"]
    assert doc.html["data-edge"] == rule
    # Only this segment's blocks are left, and all of them are: those it sees,
    # and those of its experiment arms (the browser picks the arm).
    variants = doc.select("[data-variant]")
    assert variants and all(for_segment(v, segment) for v in variants)
    arm_blocks = [v for v in generic.select("[data-variant]") if for_segment(v, segment)]
    assert len(variants) == len(arm_blocks)
    assert len(shown_to_segment(doc, "[data-variant]", segment)) == len(
        shown_to_segment(generic, "[data-variant]", segment)
    )


def for_segment(block, segment: str) -> bool:
    """A block the segment sees, or one of its experiment arms does."""
    keys = block["data-variant"].split()
    return segment in keys or any(key.startswith(segment + "@") for key in keys)


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_rule_table_in_the_worker(worker_url, published, case):
    check_worker(worker_url, published, case)


@pytest.mark.parametrize("case", HOSTILE_CASES, ids=[case["name"] for case in HOSTILE_CASES])
def test_hostile_table_in_the_worker(hostile_worker_url, hostile_published, case):
    check_worker(hostile_worker_url, hostile_published, case)


def check_netlify_function(published, cases: list[dict]) -> None:
    pages = edge_data(published)["pages"]
    requests = [
        {
            "url": page_url("https://tanin.example", case),
            "referrer": case.get("referrer"),
            "country": case.get("country", "AE"),
        }
        for case in cases
    ]
    results = run_netlify_function(published / "_netlify" / "segsite.js", requests)
    for case, result in zip(cases, results, strict=True):
        segment, rule = at_the_edge(case)
        assert (result["segment"], result["rule"]) == (segment, rule), case["name"]
        # The segment's own page, or none (the generic page goes out).
        own_page = pages[page_path(case)]["variants"].get(segment)
        expected = None if rule == "default" else own_page
        assert result["target"] == expected, case["name"]


def test_rule_table_in_the_netlify_function(published):
    check_netlify_function(published, CASES)


def test_hostile_table_in_the_netlify_function(hostile_published):
    check_netlify_function(hostile_published, HOSTILE_CASES)


def check_published_head_script(published, cases: list[dict]) -> None:
    requests = [
        {
            "lang": case.get("lang", "en"),
            "query": case.get("query"),
            "referrer": case.get("referrer"),
            "visits": case.get("visits", 1),
        }
        for case in cases
    ]
    results = run_head_script(published / "en" / "index.html", requests)
    for case, result in zip(cases, results, strict=True):
        # The browser has no country: the table's own expectation.
        assert (result["segment"], result["rule"]) == (case["expect"], case["rule"]), case["name"]


def test_rule_table_in_the_published_head_script(published):
    """The inline script as pages carry it, run under Node: a quick check of
    the same table beside the Chromium one, on the published bytes."""
    check_published_head_script(published, CASES)


def test_hostile_table_in_the_published_head_script(hostile_published):
    check_published_head_script(hostile_published, HOSTILE_CASES)


def theme_environment(*overrides) -> jinja2.Environment:
    folders = [str(folder) for folder in overrides] + [str(ROOT / "themes/segsite/templates")]
    return jinja2.Environment(loader=jinja2.FileSystemLoader(folders))


def test_the_head_script_and_both_edge_modules_carry_the_one_resolver(
    published, tmp_path, monkeypatch
):
    resolver = scripts.runtime_source(scripts.RESOLVER)
    for module in ("_worker.js", "_netlify/segsite.js"):
        assert resolver in (published / module).read_text("utf-8"), module
    # The pages' inline script is the resolver and head.js, minified.
    page = BeautifulSoup((published / "en" / "index.html").read_bytes(), "html5lib")
    inline, arms = inline_scripts(page)  # the home page carries an experiment
    assert scripts.load_scripts(theme_environment()).inline == inline.string
    assert scripts.load_scripts(theme_environment()).arms == arms.string
    # A site's templates/js/resolve.js is not the resolver: no way to give the
    # browser other rules than the edge.
    (tmp_path / "js").mkdir()
    (tmp_path / "js" / "resolve.js").write_text("function resolveSegment() {}\n", "utf-8")
    assert scripts.load_scripts(theme_environment(tmp_path)).inline == inline.string
    # The package's file is: a change to it is a change to the inline script.
    changed = resolver.replace('"remembered"', '"kept"')
    assert changed != resolver
    monkeypatch.setattr(scripts, "runtime_source", lambda name: changed)
    assert '"kept"' in scripts.load_scripts(theme_environment()).inline


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_without_javascript_the_worker_shows_the_segment(browser, worker_url, published, case):
    segment, _rule = at_the_edge(case)
    lang = case.get("lang", "en")
    context = browser.new_context(
        java_script_enabled=False,
        viewport={"width": 360, "height": 800},
        extra_http_headers=request_headers(case, referrer=False),
    )
    try:
        page = context.new_page()
        page.goto(page_url(worker_url, case), referer=case.get("referrer"))
        banner, sections, cta, _hidden = expected_on_page(published, lang, segment)
        assert page.evaluate("document.documentElement.dataset.segment") == segment
        assert visible_banner(page) == banner
        assert visible_sections(page) == sections
        assert visible_cta(page) == cta
    finally:
        context.close()
