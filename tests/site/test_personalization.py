"""Personalization in a real Chromium on the demo site (docs/contract.md, Personalization in the browser)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from segsite.static_server import serving
from tests.conftest import FIXTURES, read_html, shown_to_segment
from tests.site.helpers import (
    new_tab,
    readme_screenshot,
    segment_of,
    visible_banner,
    visible_cta,
    visible_sections,
    visual_order,
)

# The tests marked quiet_cores measure frames and layout shifts: they run
# after the background jobs (tests/background.py); the others run beside them.
CASES = yaml.safe_load((FIXTURES / "rule_cases.yaml").read_text(encoding="utf-8"))


def expected_on_page(output: Path, lang: str, segment: str) -> tuple:
    """What the built HTML says this segment sees on the home page (the build
    tests check that against the sources)."""
    doc = read_html(output / lang / "index.html")
    (banner,) = shown_to_segment(doc, ".banner-variant", segment)
    # Order: as on the segment's own page (the generic page orders by CSS).
    own = output / lang / "for" / segment / "index.html"
    order_doc = read_html(own) if own.is_file() else doc
    sections = [s["data-section"] for s in shown_to_segment(order_doc, ".info-section", segment)]
    cta = shown_to_segment(doc, '.banner a.cta[data-cta="banner"]', segment)[0].get_text()
    hidden_headlines = {h.get_text() for h in doc.select(".banner-headline")} - {
        h.get_text() for h in shown_to_segment(doc, ".banner-headline", segment)
    }
    return banner.get("data-banner"), sections, cta, hidden_headlines


@pytest.mark.quiet_cores
@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_rule_table_in_the_browser(browser, demo_url, demo_output, case):
    lang = case.get("lang", "en")
    page = new_tab(browser, visits=case.get("visits", 1))
    query = f"?{case['query']}" if case.get("query") else ""
    page.goto(f"{demo_url}/{lang}/{query}", referer=case.get("referrer"))
    assert segment_of(page) == case["expect"]
    assert page.evaluate("window.segsite.rule") == case["rule"]
    banner, sections, cta, hidden = expected_on_page(demo_output, lang, case["expect"])
    assert visible_banner(page) == banner
    assert visible_sections(page) == sections
    assert visible_cta(page) == cta
    # The other variants are neither visible nor in the accessibility tree.
    tree = page.locator("main").aria_snapshot()
    assert hidden and not [headline for headline in hidden if headline in tree]
    # No flash of the default, no layout shift, no CSP violation, no error.
    frames = page.evaluate("window.__frames")
    assert frames and set(frames) == {banner or ""}
    assert page.evaluate("window.__shifts") == 0
    assert page.evaluate("window.__csp") == []
    assert page.problems == []
    (event,) = page.evaluate("window.__events")
    assert (event["segment"], event["rule"], event["lang"]) == (
        case["expect"],
        case["rule"],
        case.get("lang", "en"),
    )
    # The same in the dataLayer; the experiments the visitor takes part in
    # (test_experiments.py) ride along with every event.
    layer = page.evaluate("window.dataLayer")
    assert layer[0] == {"event": "segsite:segment", **event}
    # Then an exposure for each experiment taken part in (test_experiments.py).
    assert [entry["event"] for entry in layer[1:]] == ["segsite:exposure"] * len(
        event["experiments"]
    )


def test_a_request_rule_is_remembered_on_the_next_visit(browser, demo_url):
    page = new_tab(browser)
    page.goto(f"{demo_url}/en/?utm_medium=partner")
    assert segment_of(page) == "business-partner"
    page.goto(f"{demo_url}/en/online-store/")
    assert segment_of(page) == "business-partner"
    assert page.evaluate("window.segsite.rule") == "remembered"
    assert visible_banner(page) == "partner-days"


def test_a_remembered_choice_expires_after_remember_days(browser, demo_url):
    stale = json.dumps({"id": "business-partner", "t": 0})
    page = new_tab(browser, storage={"segsite:segment": stale})
    page.goto(f"{demo_url}/en/")
    assert (segment_of(page), page.evaluate("window.segsite.rule")) == ("everyone", "default")
    fresh = json.dumps({"id": "business-partner", "t": 4102444800000 - 1})
    page = new_tab(browser, storage={"segsite:segment": fresh})
    page.goto(f"{demo_url}/en/")
    assert (segment_of(page), page.evaluate("window.segsite.rule")) == (
        "business-partner",
        "remembered",
    )


def test_device_rules_are_not_remembered(browser, demo_url):
    page = new_tab(browser, visits=2)
    page.goto(f"{demo_url}/en/")
    assert segment_of(page) == "returning-customer"
    assert page.evaluate("localStorage.getItem('segsite:segment')") is None


@pytest.mark.parametrize(
    "storage",
    [
        {"segsite:segment": "{not json", "segsite:sections": '"faq"', "segsite:visits": "lots"},
        {
            "segsite:segment": json.dumps({"id": "nobody", "t": 4102444800000}),
            "segsite:sections": json.dumps({"top": ['a"]{}*{display:none}'], "hidden": 7}),
        },
    ],
    ids=["garbage", "well-formed-but-wrong"],
)
def test_corrupt_storage_gives_the_default_silently(browser, demo_url, storage):
    page = new_tab(browser, storage=storage)
    page.goto(f"{demo_url}/en/")
    assert segment_of(page) == "everyone"
    assert visible_sections(page) == ["why-us", "how-it-works", "pricing", "faq"]
    assert page.problems == []


ALL_SECTIONS = ["why-us", "how-it-works", "pricing", "faq"]
CSS_SYNTAX = 'x"]{display:none}body{'


@pytest.mark.parametrize(
    "stored",
    [
        ["*"],
        [CSS_SYNTAX],
        "faq",
        {"top": "faq", "hidden": "pricing"},
        {"top": [], "hidden": "faq"},
        {"top": [["faq"]], "hidden": [["pricing"], 7, None, {"id": "why-us"}]},
        {"top": ["*", CSS_SYNTAX, "faq]"], "hidden": ["*", "html", "faq,pricing", "-", "a--b"]},
    ],
    ids=[
        "list-of-star",
        "list-with-css",
        "string",
        "lists-as-strings",
        "hidden-as-string",
        "not-strings",
        "css-and-no-slugs",
    ],
)
def test_stored_sections_that_are_no_section_ids_are_ignored(browser, demo_url, stored):
    """Personal sections are the visitor's to edit in localStorage: at the
    first paint and on a click of the section controls alike, anything but a
    list of section ids is ignored; the page keeps its sections, throws
    nothing, and the next stored value holds only what was clicked."""
    page = new_tab(browser, storage={"segsite:sections": json.dumps(stored)})
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{demo_url}/en/")
    assert visible_sections(page) == ALL_SECTIONS
    assert visible_banner(page) == "welcome-offer"
    page.locator('.info-section:visible [data-section-top="faq"]').click()
    assert visible_sections(page) == ["faq", "why-us", "how-it-works", "pricing"]
    page.locator('.info-section:visible [data-section-hide="pricing"]').click()
    assert visible_sections(page) == ["faq", "why-us", "how-it-works"]
    kept = json.loads(page.evaluate("localStorage.getItem('segsite:sections')"))
    assert kept == {"top": ["faq"], "hidden": ["pricing"]}
    assert visible_banner(page) == "welcome-offer"
    page.locator("[data-sections-reset]:visible").click()
    assert visible_sections(page) == ALL_SECTIONS
    assert errors == [] and page.problems == []


def test_storage_that_throws_gives_the_default_silently(browser, demo_url):
    page = new_tab(browser)
    page.context.add_init_script(
        "Object.defineProperty(window, 'localStorage', {get() { throw new DOMException('denied'); }});"
        "Object.defineProperty(window, 'sessionStorage', {get() { throw new DOMException('denied'); }});"
    )
    page.goto(f"{demo_url}/en/")
    assert segment_of(page) == "everyone"
    page.goto(f"{demo_url}/en/?segment=returning-customer")
    assert visible_banner(page) == "loyalty-week"
    assert page.problems == []


def test_no_cookie_is_set(browser, demo_url):
    page = new_tab(browser)
    page.goto(f"{demo_url}/en/?utm_medium=partner")
    page.locator(".segment-switcher summary").click()
    page.locator('[data-switch="returning-customer"]').click()
    assert page.context.cookies() == []
    assert page.evaluate("document.cookie") == ""


def test_switcher_by_keyboard_without_reload_and_remembered(browser, demo_url):
    page = new_tab(browser)
    page.goto(f"{demo_url}/en/")
    page.evaluate("window.__sameDocument = true")
    page.locator(".segment-switcher summary").focus()
    page.keyboard.press("Enter")
    choice = page.locator('[data-switch="returning-customer"]')
    while not page.evaluate("document.activeElement.dataset.switch === 'returning-customer'"):
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("window.__sameDocument") is True  # no reload
    assert segment_of(page) == "returning-customer"
    assert visible_banner(page) == "loyalty-week"
    assert choice.get_attribute("aria-current") == "true"
    last = page.evaluate("window.__events.at(-1)")
    assert (last["segment"], last["rule"]) == ("returning-customer", "switcher")
    assert (
        page.locator('a.cta[data-cta="banner"]:visible').get_attribute("data-segment")
        == "returning-customer"
    )
    page.reload()
    assert (segment_of(page), page.evaluate("window.segsite.rule")) == (
        "returning-customer",
        "remembered",
    )
    assert page.problems == []


@pytest.mark.quiet_cores
def test_personal_sections_by_keyboard_survive_a_reload_and_reset(browser, demo_url):
    page = new_tab(browser)
    page.goto(f"{demo_url}/en/")
    assert visible_sections(page) == ["why-us", "how-it-works", "pricing", "faq"]
    page.locator('.info-section:visible [data-section-top="faq"]').focus()
    page.keyboard.press("Enter")
    assert visible_sections(page) == ["faq", "why-us", "how-it-works", "pricing"]
    assert visual_order(page, ".sections-nav li")[0] == "faq"
    assert page.evaluate("document.activeElement.textContent") == "Frequently asked questions"
    page.locator('.info-section:visible [data-section-hide="pricing"]').focus()
    page.keyboard.press("Enter")
    assert "pricing" not in visible_sections(page)
    assert visual_order(page, ".sections-nav li") == ["faq", "why-us", "how-it-works"]
    page.reload()
    assert visual_order(page, ".info-section") == ["faq", "why-us", "how-it-works"]
    assert visual_order(page, ".sections-nav li") == ["faq", "why-us", "how-it-works"]
    assert page.evaluate("window.__shifts") == 0
    # Hide everything: the primary CTA stays.
    for section in visible_sections(page):
        page.locator(f'.info-section:visible [data-section-hide="{section}"]').press("Enter")
    assert visible_sections(page) == []
    assert page.locator('a.cta[data-cta="banner"]:visible').is_visible()
    assert page.locator('a.cta[data-cta="action"]:visible').is_visible()
    page.locator("[data-sections-reset]:visible").press("Enter")
    assert visible_sections(page) == ["why-us", "how-it-works", "pricing", "faq"]
    page.reload()
    assert visual_order(page, ".info-section") == ["why-us", "how-it-works", "pricing", "faq"]
    assert page.problems == []


def test_without_javascript_the_default_shows_and_segment_pages_work(browser, demo_url):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 800})
    page = context.new_page()
    page.goto(f"{demo_url}/en/?utm_medium=partner")
    assert segment_of(page) == "everyone"
    assert visible_banner(page) == "welcome-offer"
    assert page.locator(".section-tools:visible").count() == 0  # nothing that needs a script
    assert page.locator(".segment-switcher").is_visible()
    page.goto(f"{demo_url}/en/for/returning-customer/")
    assert visible_banner(page) == "loyalty-week"
    assert visible_sections(page) == ["whats-new", "after-sales", "faq"]
    page.locator(".segment-switcher summary").click()
    page.locator('[data-switch="business-partner"]').click()
    page.wait_for_url(f"{demo_url}/en/for/business-partner/")
    assert visible_banner(page) == "partner-days"
    context.close()


def test_the_root_chooser_forwards_to_the_language_picked_in_the_switcher(browser, demo_url):
    """segsite.js stores the picked language JSON-encoded, as every segsite:
    value; the chooser at / must read it the same way (raw, it never matched,
    and the browser's language decided)."""
    page = new_tab(browser)  # locale en-US: the browser's language alone gives /en/
    page.goto(f"{demo_url}/en/")
    page.locator('.language-switcher a[hreflang="fa"]').click()
    page.wait_for_url(f"{demo_url}/fa/")
    assert page.evaluate("localStorage.getItem('segsite:lang')") == '"fa"'
    page.goto(f"{demo_url}/")
    page.wait_for_url(lambda url: url != f"{demo_url}/")  # the chooser forwards at once
    assert page.url == f"{demo_url}/fa/"
    assert page.problems == []


def test_hidden_variant_images_are_not_fetched(browser, demo_url):
    page = new_tab(browser)
    page.set_viewport_size({"width": 1366, "height": 768})  # phones hide banner images
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(f"{demo_url}/en/?segment=returning-customer")
    page.wait_for_load_state("load")
    assert not [url for url in requested if url.endswith("welcome.svg")]
    page.goto(f"{demo_url}/en/?segment=everyone")
    page.locator(".banner-image:visible").evaluate("img => img.decode()")
    assert [url for url in requested if url.endswith("welcome.svg")]


@pytest.fixture(scope="module")
def forgetful_site_url(tmp_path_factory):
    """The tiny fixture built with SEGSITE_REMEMBER = False, served."""
    from tests.conftest import build_pinned, make_tiny_site

    site = make_tiny_site(tmp_path_factory.mktemp("forgetful"), "SEGSITE_REMEMBER = False\n")
    with serving(build_pinned(site)) as base:
        yield base


def test_with_remembering_off_nothing_is_stored(browser, forgetful_site_url):
    page = new_tab(browser)
    page.goto(f"{forgetful_site_url}/en/?segment=returning")
    assert segment_of(page) == "returning"
    page.goto(f"{forgetful_site_url}/en/")
    assert segment_of(page) == "everyone"
    stored = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('segsite:'))")
    assert set(stored) <= {"segsite:visits", "segsite:device"}  # only what the test seeded
    assert page.evaluate("localStorage.getItem('segsite:visits')") in (None, "0")


@pytest.mark.readme_screenshots
def test_preview_bar_says_which_rule_chose_the_segment(browser, demo_url):
    page = new_tab(browser)
    page.goto(f"{demo_url}/fa/?utm_campaign=spring-launch-ig")
    why = page.locator("[data-preview-why]").inner_text()
    assert why == 'spring-launch · request (utm_campaign ["spring-launch*"])'
    readme_screenshot(page, "landing-fa-phone.png")
    readme_screenshot(page.locator(".preview-bar"), "preview-bar.png")
    page.locator(".segment-switcher summary").click()
    page.locator('[data-switch="after-sales"]').click()
    assert page.locator("[data-preview-why]").inner_text() == "after-sales · switcher"


@pytest.mark.quiet_cores
def test_no_layout_shift_while_a_slow_page_arrives(browser, demo_url):
    """On a slow connection the page arrives in pieces; sections ordered per
    segment must not move once painted (render waits for #sections-end)."""
    page = new_tab(browser)
    session = page.context.new_cdp_session(page)
    session.send("Network.enable")
    session.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 40, "downloadThroughput": 20_000, "uploadThroughput": 20_000},
    )
    page.goto(f"{demo_url}/en/?segment=after-sales")
    assert visible_sections(page) == ["after-sales", "faq"]
    page.wait_for_timeout(300)
    assert page.evaluate("window.__shifts") == 0
