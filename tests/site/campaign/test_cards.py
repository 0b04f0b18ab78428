"""Social cards (segsite/cards.py, card_drawing.py): every published landing
page shares its own variant's card, drawn by Chromium from the page's own
texts; read here pixel by pixel."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import imagesize
import pytest
from bs4 import BeautifulSoup

from segsite.card_drawing import draw_missing
from segsite.cards import CardMaker, plan_cards, template_environment
from segsite.landing_variants import LandingVariants
from segsite.problems import SiteInvalid
from segsite.static_server import read_headers_file
from tests.conftest import build_demo, read_html, shown_to_segment
from tests.edge.runtime import build_published
from tests.site.campaign.conftest import SITEURL, head_of, site_file
from tests.site.campaign.pixels import Pixels, read_png

# The brand's highlight colour (#fef3c7): the card's background.
BACKGROUND = (0xFE, 0xF3, 0xC7)
ZWNJ = "\u200c"


def meta(head: BeautifulSoup) -> dict[str, str]:
    return {
        tag.get("property") or tag.get("name"): tag["content"]
        for tag in head.find_all("meta")
        if tag.get("content") is not None and (tag.get("property") or tag.get("name"))
    }


def landing_pages(published: Path) -> list[Path]:
    return sorted(
        page
        for page in published.rglob("index.html")
        if "kind-landing" in page.read_text(encoding="utf-8").split("<body", 1)[1][:80]
    )


def card_of(published: Path, folder: Path) -> Path:
    """The card file the page in ``folder`` shares."""
    return site_file(published, meta(head_of(folder / "index.html"))["og:image"])


def test_every_published_landing_page_shares_its_own_card_of_1200_by_630(published, publish_site):
    site, _ = publish_site
    variants = LandingVariants(site)
    expected = sum(
        1 + len(variants.variant_segments(landing)) for landing in site.content.landings.values()
    )
    pages = landing_pages(published)
    assert len(pages) == expected
    for page in pages:
        tags = meta(head_of(page))
        card = site_file(published, tags["og:image"])
        assert tags["og:image"].startswith(f"{SITEURL}/cards/"), page
        assert card.is_file() and imagesize.get(card) == (1200, 630), page
        assert (tags["og:image:width"], tags["og:image:height"]) == ("1200", "630")
        assert tags["og:image:type"] == "image/png"
        assert tags["twitter:image"] == tags["og:image"]
        assert tags["twitter:card"] == "summary_large_image"
        # The card's text alternative is what the page's banner says.
        doc = read_html(page) if "/for/" in page.as_posix() else None
        if doc is not None:
            (headline,) = shown_to_segment(doc, ".banner-headline") or doc.select("h1")
            assert tags["og:image:alt"] == headline.get_text(), page
    # Plain pages share no card.
    assert "og:image" not in meta(head_of(published / "en/about/index.html"))
    # A card's name changes with what it shows: hosts may keep it a year.
    rules = {pattern: dict(headers) for pattern, headers in read_headers_file(published)}
    assert rules["/cards/*"]["Cache-Control"] == "public, max-age=31536000, immutable"


def test_segments_share_a_card_where_the_headline_is_the_same_and_not_where_it_differs(
    published,
):
    by_headline: dict[str, set[str]] = {}
    folders = [published / "fa", *(p.parent for p in (published / "fa/for").glob("*/index.html"))]
    assert len(folders) == 6
    for folder in folders:
        headline = meta(head_of(folder / "index.html"))["og:image:alt"]
        by_headline.setdefault(headline, set()).add(card_of(published, folder).name)
    assert len(by_headline) >= 3
    assert all(len(cards) == 1 for cards in by_headline.values()), by_headline
    cards = [published / "cards" / next(iter(names)) for names in by_headline.values()]
    drawn = [read_png(card) for card in cards]
    # Different headlines: different pixels where the headline is drawn.
    for one in drawn:
        for other in drawn:
            if one is not other:
                assert one.region(72, 150, 1128, 500) != other.region(72, 150, 1128, 500)


def test_a_persian_card_draws_its_headline_right_to_left_with_joined_letters(
    published, publish_site, browser
):
    site, settings = publish_site
    file = card_of(published, published / "fa/for/returning-customer")
    card = plan_cards(site, settings).cards[file.stem]
    drawn = read_png(file)
    tab = browser.new_context(viewport={"width": 1200, "height": 630}, device_scale_factor=1)
    page = tab.new_page()
    page.set_content(card.html)

    def as_drawn_now(clip: dict | None = None) -> Pixels:
        page.evaluate("document.fonts.ready")
        return read_png(page.screenshot(type="png", clip=clip))

    # The card is exactly what Chromium shows for the card's page.
    assert as_drawn_now().rows == drawn.rows
    box = page.locator("#headline").bounding_box()
    band = (
        int(box["x"]),
        int(box["y"]),
        int(box["x"] + box["width"]),
        int(box["y"] + box["height"]),
    )
    # Right to left: every line of the headline ends at the right edge of
    # its box, and the last, shorter line leaves room on the left.
    clip = {"x": band[0], "y": band[1], "width": band[2] - band[0], "height": band[3] - band[1]}
    lines = ink_lines(drawn, band)
    assert len(lines) >= 2
    rights = [right for _, right in lines]
    assert max(rights) - min(rights) <= 3 and abs(max(rights) - band[2]) <= 6
    assert lines[-1][0] > lines[0][0] + 100
    # The same word joined is narrower than its letters apart (isolated forms).
    widths = page.evaluate(
        """word => [word, [...word].join('\\u200c')].map(text => {
            const span = document.createElement('span');
            span.textContent = text;
            document.getElementById('headline').append(span);
            const width = span.getBoundingClientRect().width;
            span.remove();
            return width;
        })""",
        "تخفیف",
    )
    assert widths[0] < widths[1] * 0.85, widths
    # And the card is neither the letters apart nor the text in left-to-right order.
    page.evaluate(
        f"h => h.textContent = [...h.textContent].join('{ZWNJ}')", page.query_selector("#headline")
    )
    assert as_drawn_now(clip).rows != drawn.region(*band)
    page.set_content(card.html)
    page.evaluate(
        "h => { h.style.direction = 'ltr'; h.style.unicodeBidi = 'bidi-override'; }",
        page.query_selector("#headline"),
    )
    assert as_drawn_now(clip).rows != drawn.region(*band)
    tab.close()


def ink_lines(pixels: Pixels, band: tuple[int, int, int, int]) -> list[tuple[int, int]]:
    """(leftmost, rightmost) drawn column of each text line inside ``band``;
    a line is a run of rows with ink, lines are apart by empty rows."""
    left, top, right, bottom = band
    empty = bytes(BACKGROUND) * (right - left)
    lines, current, gap = [], None, 0
    for row in pixels.region(left, top, right, bottom):
        if row == empty:
            gap += 1
            if current is not None and gap > 6:
                lines.append(current)
                current = None
            continue
        columns = [x for x in range(right - left) if row[x * 3 : x * 3 + 3] != empty[:3]]
        span = (left + columns[0], left + columns[-1])
        current = span if current is None else (min(current[0], span[0]), max(current[1], span[1]))
        gap = 0
    if current is not None:
        lines.append(current)
    return lines


def test_card_texts_are_the_pages_with_its_digit_system(published, publish_site):
    site, settings = publish_site
    plan = plan_cards(site, settings)
    for lang, digits, western in (("fa", "۲۰", False), ("ar", "٢٠", False), ("en", "20", True)):
        card = plan.variants[("home", lang, "returning-customer")]
        headline = BeautifulSoup(card.html, "html5lib").find(id="headline")
        page = read_html(published / f"{lang}/for/returning-customer/index.html")
        (shown,) = shown_to_segment(page, ".banner-headline")
        assert headline.get_text() == shown.get_text()
        for isolated in headline.select('span[dir="ltr"]'):
            isolated.decompose()
        assert digits in headline.get_text()
        assert bool(re.search("[0-9]", headline.get_text())) == western


def test_an_unchanged_card_is_not_drawn_again_and_a_changed_one_is(
    published, publish_site, card_cache
):
    site, settings = publish_site
    plan = plan_cards(site, settings)
    assert draw_missing(plan.cards.values(), card_cache) == 0
    maker = CardMaker(site, template_environment(settings))
    banner = site.content.banners[("loyalty-week", "fa")]
    changed = maker.card("fa", "", replace(banner, headline=banner.headline + " ۳۰%"))
    assert changed.digest not in plan.cards
    assert draw_missing([changed], card_cache) == 1
    assert imagesize.get(card_cache / f"{changed.digest}.png") == (1200, 630)
    assert draw_missing([changed], card_cache) == 0


def test_a_publish_without_a_browser_stops_before_writing_and_a_build_needs_none(
    tmp_path, monkeypatch
):
    monkeypatch.setenv("SEGSITE_CHROMIUM", str(tmp_path / "no-chromium"))
    monkeypatch.setenv("SEGSITE_CARD_CACHE", str(tmp_path / "empty-cache"))
    output = tmp_path / "output"
    output.mkdir()
    (output / "previous.txt").write_text("the last good publish", encoding="utf-8")
    with pytest.raises(SiteInvalid) as failed:
        build_published(output, SITEURL)
    (problem,) = failed.value.problems
    assert (problem.file, problem.line) == ("publishconf.py", 14)
    assert problem.message.startswith(
        "SEGSITE_PUBLISH draws each landing page's social card in Chromium, and Chromium"
        " could not be started ("
    )
    assert problem.message.endswith(
        "): pip install 'segsite[check]' and run `playwright install chromium` (or name a"
        " Chromium in SEGSITE_CHROMIUM), or set SEGSITE_CARDS = False to publish without cards"
    )
    assert [p.name for p in tmp_path.iterdir() if p.name != "no-chromium"] == ["output"]
    assert [p.name for p in output.iterdir()] == ["previous.txt"]
    # A development build draws nothing: it shares the banner's image.
    built = build_demo(tmp_path / "dev")
    tags = meta(head_of(built / "en/index.html"))
    assert tags["og:image"] == "/images/welcome.svg"
