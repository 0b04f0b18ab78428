"""Campaign e-mails (`segsite email`, segsite/campaign_email.py): one per
segment and language of the demo's home page, read with a real parser,
checked against the published site, and shown in Chromium at 600 and 360 px."""

from __future__ import annotations

import json
import re
import urllib.parse
from pathlib import Path

import html5lib
import pytest
from bs4 import BeautifulSoup

from segsite.cards import plan_cards
from segsite.cli import read_site_settings
from segsite.email_command import write_emails
from segsite.landing_variants import LandingVariants
from segsite.site import load_site
from tests.conftest import PINNED_EPOCH, ROOT, make_tiny_site, read_html, shown_to_segment
from tests.site.campaign.conftest import PUBLISHCONF, SITEURL, serve_from, site_file

UNSUBSCRIBE = "{{unsubscribe}}"


@pytest.fixture(scope="module")
def emails(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("email") / "output-email"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", PINNED_EPOCH)
        patch.setenv("SEGSITE_SITEURL", SITEURL)
        patch.chdir(ROOT)
        assert write_emails(PUBLISHCONF, out) == 0
    return out


def index(emails: Path) -> list[dict]:
    return json.loads((emails / "emails.json").read_text(encoding="utf-8"))


def parsed(emails: Path, entry: dict) -> BeautifulSoup:
    return BeautifulSoup((emails / entry["html"]).read_bytes(), "html5lib")


def test_an_email_per_segment_and_language_each_valid_small_and_self_contained(
    emails, publish_site
):
    site, _ = publish_site
    entries = index(emails)
    assert sorted((e["segment"], e["lang"]) for e in entries) == sorted(
        (segment, lang) for segment in site.segments.ids for lang in ("en", "ar", "fa")
    )
    for entry in entries:
        data = (emails / entry["html"]).read_bytes()
        assert len(data) < 100 * 1024, entry["html"]
        parser = html5lib.HTMLParser(strict=False)
        parser.parse(data)
        assert parser.errors == [], (entry["html"], parser.errors[:3])
        doc = parsed(emails, entry)
        direction = "rtl" if entry["lang"] in ("ar", "fa") else "ltr"
        assert (doc.html["lang"], doc.html["dir"]) == (entry["lang"], direction)
        assert doc.find_all(["script", "style", "link", "iframe", "object", "form"]) == []
        assert not any(a.startswith("on") for tag in doc.find_all(True) for a in tag.attrs)
        # The direction on every table and cell, not only on <html>.
        for tag in doc.find_all(["table", "td"]):
            assert tag.get("dir") == direction, (entry["html"], str(tag)[:80])
            assert f"direction:{direction}" in tag.get("style", ""), (entry["html"], str(tag)[:80])
            assert tag.get("align") in ("center", "right" if direction == "rtl" else "left")
        assert (
            max(int(t["width"]) for t in doc.find_all("table") if t.get("width", "").isdigit())
            <= 600
        )
        for image in doc.find_all("img"):
            assert image.get("alt") and image["src"].startswith(f"{SITEURL}/cards/")
        assert doc.title.get_text() == entry["subject"]
        text = (emails / entry["text"]).read_text(encoding="utf-8")
        assert entry["link"] in text and UNSUBSCRIBE in text


def test_every_link_opens_a_page_of_the_published_site_with_the_campaign_utm(
    emails, published, publish_site
):
    site, _ = publish_site
    variants = LandingVariants(site)
    for entry in index(emails):
        landing = site.content.landings[("home", entry["lang"])]
        variant = variants.variant(landing, entry["segment"])
        doc = parsed(emails, entry)
        links = [a["href"] for a in doc.find_all("a")]
        assert links.count(UNSUBSCRIBE) == 1
        site_links = [link for link in links if link.startswith(SITEURL)]
        for link in site_links:
            assert site_file(published, link).is_file(), link
            query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(link).query))
            assert query["utm_source"] == query["utm_medium"] == "email"
            assert query["utm_campaign"] == variant.banner.id
        others = [link for link in links if not link.startswith(SITEURL) and link != UNSUBSCRIBE]
        assert all(re.match(r"(mailto:|tel:|https://wa\.me/)", link) for link in others), others
        # One button: to the segment's own page (the generic one for the default).
        (button,) = doc.select("td[bgcolor] > a")
        assert button["href"] == entry["link"]
        own = entry["segment"] in variants.variant_segments(landing)
        path = urllib.parse.urlsplit(button["href"]).path
        lang = entry["lang"]
        assert path == (f"/{lang}/for/{entry['segment']}/" if own else f"/{lang}/")
        for image in doc.find_all("img"):
            assert site_file(published, image["src"]).is_file(), image["src"]


def test_each_email_in_chromium_at_600_and_360_px_fits_and_has_a_44_px_button(
    emails, published, browser
):
    tab = browser.new_context(device_scale_factor=1)
    page = tab.new_page()
    serve_from(page, published)
    seen = []
    for entry in index(emails):
        html = (emails / entry["html"]).read_text(encoding="utf-8")
        for width in (600, 360):
            page.set_viewport_size({"width": width, "height": 800})
            page.set_content(html, wait_until="load")
            facts = page.evaluate(
                """() => ({
                    overflow: document.documentElement.scrollWidth - innerWidth,
                    button: document.querySelector('td[bgcolor] > a').getBoundingClientRect().height,
                    images: [...document.images].map(i => i.complete && i.naturalWidth > 0),
                })"""
            )
            assert facts["overflow"] <= 0, (entry["html"], width, facts)
            assert facts["button"] >= 44, (entry["html"], width, facts)
            assert all(facts["images"]), (entry["html"], width, facts)
            seen.append(len(facts["images"]))
    tab.close()
    assert sum(seen) > 0  # the cards the published site has are shown


def test_a_persian_email_says_what_the_segments_page_says_in_its_digits(emails, published):
    entry = next(
        e for e in index(emails) if (e["segment"], e["lang"]) == ("returning-customer", "fa")
    )
    doc = parsed(emails, entry)
    page = read_html(published / "fa/for/returning-customer/index.html")
    (headline,) = shown_to_segment(page, ".banner-headline")
    assert doc.h1.get_text() == headline.get_text() == entry["subject"].translate(MARKS)
    # The segment's offer, from the page's `::: segment` block.
    offer = " ".join(p.get_text() for p in doc.select("td > p"))
    assert "خوش برگشتید. تا ۳۱ دسامبر" in offer and "۲۰% تخفیف" in offer
    # Latin runs (the brand, the phone numbers) isolated; no Western digit outside them.
    isolated = [span.get_text() for span in doc.select('span[dir="ltr"]')]
    assert isolated[0] == "Tanin Digital" and "+97142345678" in isolated
    for span in doc.select('span[dir="ltr"]'):
        span.decompose()
    assert not re.search("[0-9]", doc.body.get_text())
    text = (emails / entry["text"]).read_text(encoding="utf-8")
    assert "\u2066Tanin Digital\u2069" in text and "۳۱ دسامبر" in text


# Unicode isolate marks, which a subject keeps and the page's text has not.
MARKS = str.maketrans("", "", "\u2066\u2069")


def test_bad_input_is_reported_with_its_place_and_nothing_is_written(tmp_path, capsys):
    site = make_tiny_site(tmp_path / "site", "SITEURL = 'https://tiny.example'\n")
    (site / "content/banners/future.fa.md").unlink()
    segments = (site / "segments.yaml").read_text(encoding="utf-8")
    (site / "segments.yaml").write_text(
        segments + '    cta: {label: {en: Go, ar: اذهب}, href: "/{lang}/about/"}\n', "utf-8"
    )
    out = tmp_path / "output-email"
    out.mkdir()
    (out / "last.html").write_text("the last e-mails", encoding="utf-8")

    def run(**options) -> list[str]:
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("SOURCE_DATE_EPOCH", PINNED_EPOCH)
            patch.chdir(site)
            code = write_emails(
                site / "settings.py",
                out,
                content=site / "content",
                segments=site / "segments.yaml",
                **options,
            )
        assert code == 1
        return capsys.readouterr().err.splitlines()

    assert run(page="hom", only_segments=("returnin",), banner="futur") == [
        "segsite email: no landing page 'hom' (did you mean 'home'?): name one of home, offer"
        " with --page",
        "segsite email: unknown segment 'returnin' (did you mean 'returning'?): the segments"
        " are everyone, returning, partner, campaign",
        "segsite email: no banner 'futur' in content/banners/ (did you mean 'future'?)",
        "Nothing was written.",
    ]
    assert run(banner="future", languages=("fa",)) == [
        "segsite email: missing translation: the banner 'future' has no 'fa' version"
        " (content/banners/future.fa.md), which the 'fa' e-mails show: write it, or leave"
        " 'fa' out with --lang",
        "Nothing was written.",
    ]
    assert run(only_segments=("campaign",)) == [
        "segments.yaml:28: missing translation: segment 'campaign' cta.label has no 'fa' text,"
        " which the e-mail for 'campaign' in 'fa' needs",
        "Nothing was written.",
    ]
    assert [p.name for p in out.iterdir()] == ["last.html"]


HOSTILE = "</title><img src=x onerror=alert(1)> \"quoted\" & 'single'"
# A banner's line is Markdown, where the build refuses event handlers outright.
LINE = 'Tom & "Jerry" say 5 < 6'


def test_hostile_texts_are_escaped_in_the_email_and_its_card(tmp_path):
    site = make_tiny_site(tmp_path / "site", "SITEURL = 'https://tiny.example'\n")
    banner = site / "content/banners/main.en.md"
    escaped = HOSTILE.replace('"', '\\"')
    text = banner.read_text(encoding="utf-8").replace("Main-banner-en", f'"{escaped}"')
    banner.write_text(text.replace("Main line en.", LINE), encoding="utf-8")
    out = tmp_path / "output-email"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", PINNED_EPOCH)
        patch.chdir(site)
        options = {"content": site / "content", "segments": site / "segments.yaml"}
        assert write_emails(site / "settings.py", out, languages=("en",), **options) == 0
        settings = read_site_settings(
            site / "settings.py",
            {"PATH": str(site / "content"), "SEGSITE_SEGMENTS": str(site / "segments.yaml")},
        )
        cards = plan_cards(load_site(settings), settings)
    shown = []
    for email in sorted(out.glob("*.html")):
        data = email.read_bytes()
        parser = html5lib.HTMLParser(strict=False)
        parser.parse(data)
        assert parser.errors == [], email.name
        doc = BeautifulSoup(data, "html5lib")
        assert doc.find_all(["script", "iframe"]) == [] and doc.select("[onerror]") == []
        if doc.h1.get_text() == HOSTILE:  # the segments that see the main banner
            assert doc.title.get_text() == HOSTILE
            assert LINE in [p.get_text() for p in doc.select("td > p")]
            (image,) = doc.select("img")
            card = cards.cards[image["src"].rsplit("/", 1)[1].removesuffix(".png")]
            headline = BeautifulSoup(card.html, "html5lib").find(id="headline")
            assert headline.get_text() == card.alt == HOSTILE and not headline.find("img")
            shown.append(email.name)
    assert shown


def test_a_language_without_the_emails_texts_is_reported_at_its_setting(tmp_path, capsys):
    site = make_tiny_site(
        tmp_path / "site",
        "SITEURL = 'https://tiny.example'\n"
        "SEGSITE_LANGUAGES = ['en', 'ar', 'fa', 'de']\n"
        "from segsite.i18n import STRINGS\n"
        "SEGSITE_STRINGS = {'de': dict(STRINGS['en'])}\n",
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", PINNED_EPOCH)
        patch.chdir(site)
        options = {"content": site / "content", "segments": site / "segments.yaml"}
        assert write_emails(site / "settings.py", tmp_path / "out", languages=("de",), **options)
    assert capsys.readouterr().err.splitlines()[-3:] == [
        "segsite email: missing translation: the landing page 'home' has no 'de' version"
        " (content/landing/home.de.md), which the 'de' e-mails show: write it, or leave 'de'"
        " out with --lang",
        "settings.py:9: missing translation: the e-mail has no 'de' text for email_cta,"
        " email_reason, email_unsubscribe: add them to SEGSITE_STRINGS['de']",
        "Nothing was written.",
    ]
    assert not (tmp_path / "out").exists()
