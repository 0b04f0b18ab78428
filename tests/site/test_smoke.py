"""The demo in a real Chromium: each language's pages open cleanly on a phone,
with the banner and the primary CTA in the first viewport."""

from __future__ import annotations

import pytest

PAGES = [
    "/en/",
    "/ar/",
    "/fa/",
    "/en/online-store/for/returning-customer/",
    "/ar/email-marketing/for/business-partner/",
    "/fa/social-ads/for/spring-launch/",
    "/fa/about/",
]


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    page.problems = []
    page.on("console", lambda m: m.type == "error" and page.problems.append(m.text))
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    page.on("requestfailed", lambda r: page.problems.append(f"failed: {r.url}"))
    page.on("response", lambda r: r.status >= 400 and page.problems.append(f"{r.status}: {r.url}"))
    yield page
    context.close()


def fully_in_viewport(page, selector) -> bool:
    return page.eval_on_selector(
        selector,
        """el => { const r = el.getBoundingClientRect();
                   return r.width > 0 && r.top >= 0 && r.left >= 0
                       && r.bottom <= innerHeight && r.right <= innerWidth; }""",
    )


@pytest.mark.parametrize("path", PAGES)
def test_page_opens_cleanly_on_a_phone(phone, demo_url, path):
    phone.goto(demo_url + path)
    lang = path.split("/")[1]
    assert phone.eval_on_selector("html", "el => [el.lang, el.dir]") == [
        lang,
        "ltr" if lang == "en" else "rtl",
    ]
    assert phone.evaluate("document.documentElement.scrollWidth <= innerWidth")
    if "about" not in path:
        assert fully_in_viewport(phone, ".banner-headline:visible")
        assert fully_in_viewport(phone, '.banner a.cta[data-cta="banner"]:visible')
    assert phone.problems == []


def test_no_horizontal_scroll_at_320px(browser, demo_url):
    page = browser.new_page(viewport={"width": 320, "height": 640})
    for path in PAGES:
        page.goto(demo_url + path)
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth"), path
    page.close()


def test_root_forwards_to_the_browser_language(browser, demo_url):
    context = browser.new_context(locale="fa-IR")
    page = context.new_page()
    page.goto(demo_url + "/")
    page.wait_for_url(demo_url + "/fa/")
    context.close()


def test_root_offers_plain_links_without_javascript(browser, demo_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(demo_url + "/")
    links = page.eval_on_selector_all(
        ".chooser-list a", "els => els.map(a => a.getAttribute('href'))"
    )
    assert links == ["/en/", "/ar/", "/fa/"]
    context.close()
