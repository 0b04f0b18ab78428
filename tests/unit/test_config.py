"""Pure checks of settings, theme strings, brand contrast and variant choice."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from segsite.brand import DEFAULT_BRAND, brand_problems, contrast_ratio
from segsite.fields import LocalText, has_safe_scheme, is_safe_url
from segsite.i18n import STRINGS, missing_strings
from segsite.models import Banner, Content, Landing, Section, VariantOverride
from segsite.schema import Segment
from segsite.variants import SiteDefaults, resolve_variant


def test_every_built_in_language_has_every_theme_string():
    for lang in STRINGS:
        assert missing_strings(lang) == [], lang


def test_a_language_without_theme_strings_is_reported():
    assert "skip" in missing_strings("de")
    assert missing_strings("de", {"de": dict(STRINGS["en"])}) == []


def test_contrast_ratio_matches_wcag_reference_values():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert brand_problems(DEFAULT_BRAND) == []


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("/en/pricing/", True),
        ("#faq", True),
        ("https://wa.me/1555", True),
        ("mailto:a@b.c", True),
        ("tel:+1555", True),
        ("javascript:alert(1)", False),
        (" JaVaScRiPt:x", False),
        ("java\nscript:x", False),
        ("data:text/html,x", False),
        ("//evil.example/", False),
        ("pricing/", False),
        ("vbscript:x", False),
    ],
)
def test_cta_urls_allow_only_safe_schemes_and_site_relative(url, safe):
    assert is_safe_url(url) is safe


def test_body_links_may_be_relative_but_not_unsafe():
    assert has_safe_scheme("../pricing/") and has_safe_scheme("images/a.png")
    assert not has_safe_scheme("javascript:alert(1)")


# --- resolve_variant: each part on its own, first found wins -------------------

TODAY = datetime.date(2026, 11, 15)
P = Path("x.md")


def banner(banner_id, starts=None, ends=None):
    return Banner(banner_id, "en", P, banner_id, "", starts=starts, ends=ends)


def content_with(*banners, sections=("a", "b", "c")):
    return Content(
        landings={},
        sections={(s, "en"): Section(s, "en", P, s.upper(), f"<p>{s}</p>", 1) for s in sections},
        banners={(b.id, "en"): b for b in banners},
        pages={},
    )


def landing(**overrides):
    fields = {
        "slug": "home",
        "lang": "en",
        "path": P,
        "title": "T",
        "description": "",
        "nav_title": "T",
        "body": (),
    }
    fields.update(overrides)
    return Landing(**fields)


def segment(**fields):
    return Segment(id=fields.pop("id", "seg"), label=LocalText(shared="Seg"), line=1, **fields)


def test_page_variant_then_segment_then_page_then_site_default():
    content = content_with(banner("v"), banner("s"), banner("p"), banner("d"))
    page = landing(banner="p", variants=(VariantOverride("seg", 1, banner="v"),))
    defaults = SiteDefaults(banner="d")
    assert resolve_variant(page, segment(banner="s"), content, defaults, TODAY).banner.id == "v"
    assert (
        resolve_variant(
            landing(banner="p"), segment(banner="s"), content, defaults, TODAY
        ).banner.id
        == "s"
    )
    assert (
        resolve_variant(landing(banner="p"), segment(), content, defaults, TODAY).banner.id == "p"
    )
    assert resolve_variant(landing(), segment(), content, defaults, TODAY).banner.id == "d"


def test_banner_outside_its_dates_is_skipped_inclusive_bounds():
    content = content_with(
        banner("ended", ends=datetime.date(2026, 11, 14)),
        banner("last-day", ends=TODAY),
        banner("first-day", starts=TODAY),
        banner("later", starts=datetime.date(2026, 11, 16)),
        banner("page"),
    )
    for name, expected in (
        ("ended", "page"),
        ("last-day", "last-day"),
        ("first-day", "first-day"),
        ("later", "page"),
    ):
        chosen = resolve_variant(
            landing(banner="page"), segment(banner=name), content, SiteDefaults(), TODAY
        )
        assert chosen.banner.id == expected, name


def test_section_lists_replace_and_missing_translations_are_left_out():
    content = content_with(sections=("a", "c"))
    chosen = resolve_variant(
        landing(sections=("a", "b")), segment(sections=("c", "b")), content, SiteDefaults(), TODAY
    )
    assert [s.id for s in chosen.sections] == ["c"]
    chosen = resolve_variant(
        landing(sections=("a", "b")), segment(sections=()), content, SiteDefaults(), TODAY
    )
    assert chosen.sections == ()  # an empty list is a choice, not "unset"
