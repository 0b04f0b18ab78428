"""Whole-site build of the tiny fixture: every resolution step, read back from
the written HTML with a real parser."""

from __future__ import annotations

import json

import pytest

from tests.conftest import build_pinned, build_site, make_tiny_site, read_html, shown_to_segment


@pytest.fixture(scope="module")
def output(tmp_path_factory):
    return build_pinned(make_tiny_site(tmp_path_factory.mktemp("tiny") / "site"))


def page(output, url):
    return read_html(output / url.strip("/") / "index.html")


def banner_headline(doc):
    headline = shown_to_segment(doc, ".banner-headline")
    return headline[0].get_text(strip=True) if headline else None


def section_ids(doc):
    return [s["data-section"] for s in shown_to_segment(doc, ".info-section")]


def cta(doc, place="banner"):
    links = shown_to_segment(doc, f'a.cta[data-cta="{place}"]')
    assert len(links) <= 1
    return (links[0].get_text(strip=True), links[0]["href"]) if links else None


def test_every_generic_and_segment_url_is_written(output):
    for lang in ("en", "ar", "fa"):
        for url in (
            "",
            "for/returning",
            "for/partner",
            "for/campaign",
            "offer",
            "offer/for/returning",
            "offer/for/campaign",
            "about",
        ):
            assert (output / lang / url / "index.html").is_file(), f"/{lang}/{url}/"
        # The offer page lists its segments: no partner variant, no default variant.
        assert not (output / lang / "offer/for/partner").exists()
        assert not (output / lang / "for/everyone").exists()
    assert (output / "index.html").is_file()
    assert (output / "sitemap.xml").is_file()


def test_generic_page_shows_the_page_choices(output):
    doc = page(output, "/en/")
    assert banner_headline(doc) == "Main-banner-en"
    assert section_ids(doc) == ["setup", "faq"]
    assert cta(doc) == ("Save time today", "/en/about/")
    assert cta(doc, "action") == ("Save time today", "/en/about/")


def test_page_variant_wins_over_segment_which_wins_over_page(output):
    doc = page(output, "/en/for/returning/")
    assert banner_headline(doc) == "Loyal-banner-en"  # segment's banner
    assert section_ids(doc) == ["setup"]  # the page's variants.returning
    assert cta(doc) == ("Chat with us", "https://wa.me/15551234567?text=Hi")  # segment's CTA


def test_expired_and_future_banners_fall_through_to_the_next_step(output):
    # partner names an expired banner, campaign one that starts in 2099.
    assert banner_headline(page(output, "/en/for/partner/")) == "Main-banner-en"
    assert banner_headline(page(output, "/en/for/campaign/")) == "Main-banner-en"
    # offer has no banner of its own and there is no site default: none at all.
    assert banner_headline(page(output, "/en/offer/for/campaign/")) is None
    assert banner_headline(page(output, "/en/offer/for/returning/")) == "Loyal-banner-en"


def test_site_default_cta_applies_last(output):
    assert cta(page(output, "/ar/offer/")) == ("احجز مكالمة مجانية", "/ar/contact/")
    assert cta(page(output, "/en/for/partner/")) == (
        "Email us",
        "mailto:p@example.org?subject=Partner",
    )


def test_section_missing_in_a_language_is_left_out(output):
    assert section_ids(page(output, "/fa/")) == ["setup"]
    assert section_ids(page(output, "/ar/")) == ["setup", "faq"]


def test_segment_blocks_only_for_their_segment(output):
    generic = page(output, "/en/").select_one(".desire")
    blocks = {b["data-variant"]: b.get_text(strip=True) for b in generic.select("[data-variant]")}
    assert blocks == {"returning": "Returning-block-en", "partner": "Partner-block-en"}
    returning = page(output, "/en/for/returning/").select_one(".desire").get_text()
    assert "Returning-block-en" in returning and "Partner-block-en" not in returning
    campaign = page(output, "/en/for/campaign/").select_one(".desire").get_text()
    assert "Returning-block" not in campaign and "Partner-block" not in campaign


@pytest.mark.parametrize(
    ("url", "lang", "direction"),
    [("/en/", "en", "ltr"), ("/ar/for/partner/", "ar", "rtl"), ("/fa/about/", "fa", "rtl")],
)
def test_html_lang_and_dir(output, url, lang, direction):
    html = page(output, url).html
    assert (html["lang"], html["dir"]) == (lang, direction)


def test_variant_pages_are_canonical_to_their_generic_page(output):
    assert (
        page(output, "/ar/offer/for/campaign/").select_one('link[rel="canonical"]')["href"]
        == "/ar/offer/"
    )
    assert page(output, "/fa/for/returning/").select_one('link[rel="canonical"]')["href"] == "/fa/"
    assert page(output, "/en/offer/").select_one('link[rel="canonical"]')["href"] == "/en/offer/"


def test_hreflang_alternates_with_x_default(output):
    links = page(output, "/fa/offer/for/returning/").select('link[rel="alternate"][hreflang]')
    assert {(link["hreflang"], link["href"]) for link in links} == {
        ("en", "/en/offer/"),
        ("ar", "/ar/offer/"),
        ("fa", "/fa/offer/"),
        ("x-default", "/en/offer/"),
    }


def test_language_switcher_keeps_the_page_and_the_segment(output):
    doc = page(output, "/fa/offer/for/returning/")
    targets = {a["hreflang"]: a["href"] for a in doc.select(".language-switcher a")}
    assert targets == {
        "en": "/en/offer/for/returning/",
        "ar": "/ar/offer/for/returning/",
        "fa": "/fa/offer/for/returning/",
    }
    about = {
        a["hreflang"]: a["href"] for a in page(output, "/en/about/").select(".language-switcher a")
    }
    assert about == {"en": "/en/about/", "ar": "/ar/about/", "fa": "/fa/about/"}


def test_persian_and_arabic_digits_with_latin_runs_isolated(output):
    fa_body = page(output, "/fa/").select_one(".desire")
    assert "۲۴" in fa_body.get_text() and "24" not in fa_body.get_text()
    isolated = [s.get_text() for s in fa_body.select('span[dir="ltr"]')]
    assert isolated == ["Tanin Digital", "Returning-block-fa", "Partner-block-fa"]
    ar_body = page(output, "/ar/").select_one(".desire")
    assert "٢٤" in ar_body.get_text()
    assert "24" in page(output, "/en/").select_one(".desire").get_text()


def test_persian_footer_date_is_solar_hijri(output):
    # 2026-11-15 is 24 Aban 1405.
    assert page(output, "/fa/").select_one(".updated").get_text() == "به‌روزرسانی ۲۴ آبان ۱۴۰۵"
    assert page(output, "/ar/").select_one(".updated").get_text() == "آخر تحديث ١٥ نوفمبر ٢٠٢٦"
    assert page(output, "/en/").select_one(".updated").get_text() == "Updated November 15, 2026"


def test_segment_rules_are_embedded_as_json(output):
    data = json.loads(page(output, "/ar/").select_one("#segsite-segments").string)
    assert data["default"] == "everyone"
    assert data["rememberDays"] == 7
    returning = next(s for s in data["segments"] if s["id"] == "returning")
    assert returning == {
        "id": "returning",
        "label": "عائد",
        "priority": 5,
        "switcher": True,
        "rules": [{"visits": {"min": 2}}],
    }


def test_sitemap_lists_generic_pages_with_alternates(output):
    from xml.etree import ElementTree

    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    urls = ElementTree.parse(output / "sitemap.xml").getroot().findall("s:url", ns)
    locs = sorted(url.find("s:loc", ns).text for url in urls)
    assert locs == sorted(
        f"/{lang}/{slug}" for lang in ("en", "ar", "fa") for slug in ("", "offer/", "about/")
    )
    for url in urls:
        assert [link.get("hreflang") for link in url.findall("x:link", ns)] == [
            "en",
            "ar",
            "fa",
            "x-default",
        ]


def test_without_a_home_page_the_language_home_lists_landing_pages(tiny_site, monkeypatch):
    from segsite.problems import SiteInvalid

    monkeypatch.chdir(tiny_site)
    (tiny_site / "content/landing/home.ar.md").unlink()
    output = build_site(tiny_site)
    items = [a["href"] for a in read_html(output / "ar/index.html").select(".page-list a")]
    assert items == ["/ar/offer/"]
    with pytest.raises(SiteInvalid) as caught:
        build_site(tiny_site, strict=True)
    assert (
        "content/landing: warning: no home page in 'ar': /ar/ lists the landing pages instead;"
        " add landing/home.ar.md"
    ) in [str(p) for p in caught.value.problems]
