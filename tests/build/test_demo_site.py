"""The demo site, built whole: every landing page exists for every segment and
language, every page is well-formed, and the build is deterministic."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
import yaml

from segsite.cli import build
from tests.conftest import PINNED_EPOCH, ROOT, read_html, shown_to_segment, tree

LANGUAGES = ("en", "ar", "fa")


@pytest.fixture(scope="module")
def parsed(demo):
    """parsed(path): the page parsed once for all of this module's tests that
    only read it (html5lib is thorough, and slow: most of these tests' time)."""
    return functools.cache(read_html)


def demo_segments() -> tuple[str, list[str]]:
    data = yaml.safe_load((ROOT / "segments.yaml").read_text(encoding="utf-8"))
    return data["default"], list(data["segments"])


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def expected_landing_urls() -> list[str]:
    """Read straight from the sources, independently of the plugin."""
    default, segments = demo_segments()
    urls = []
    for path in sorted((ROOT / "content/landing").glob("*.md")):
        slug, lang, _ = path.name.split(".")
        base = f"{lang}/" if slug == "home" else f"{lang}/{slug}/"
        urls.append(base)
        wanted = front_matter(path).get("segments", "all")
        for segment in segments:
            if segment != default and (wanted == "all" or segment in wanted):
                urls.append(f"{base}for/{segment}/")
    return urls


def test_demo_has_the_promised_shape():
    default, segments = demo_segments()
    assert len(segments) >= 5 and default in segments
    for kind, minimum in (("landing", 4), ("sections", 6), ("banners", 3)):
        ids = {p.name.split(".")[0] for p in (ROOT / "content" / kind).glob("*.md")}
        assert len(ids) >= minimum, kind
        for item in ids:
            for lang in LANGUAGES:
                assert (ROOT / "content" / kind / f"{item}.{lang}.md").is_file(), (
                    f"{kind}/{item}.{lang}"
                )
    for slug in ("about", "contact", "privacy"):
        for lang in LANGUAGES:
            assert (ROOT / "content/pages" / f"{slug}.{lang}.md").is_file()


def test_every_landing_page_exists_for_every_segment_and_language(demo):
    urls = expected_landing_urls()
    assert len(urls) > 60
    for url in urls:
        assert (demo / url / "index.html").is_file(), url


def html_pages(demo: Path) -> list[Path]:
    return sorted(demo.rglob("*.html"))


def test_every_page_is_well_formed(demo, parsed):
    for path in html_pages(demo):
        doc = parsed(path)
        rel = path.relative_to(demo).as_posix()
        lang = rel.split("/")[0] if "/" in rel else "en"
        assert doc.html["lang"] == lang, rel
        assert doc.html["dir"] == ("ltr" if lang == "en" else "rtl"), rel
        assert len(doc.find_all("h1")) == 1, rel
        for landmark in ("header", "main", "footer", "nav"):
            assert doc.find(landmark) is not None, (rel, landmark)
        ids = [tag["id"] for tag in doc.find_all(id=True)]
        assert len(ids) == len(set(ids)), (rel, "duplicate id")
        assert doc.select_one('link[rel="canonical"]') is not None, rel


def test_banner_and_cta_on_every_landing_page(demo, parsed):
    for url in expected_landing_urls():
        doc = parsed(demo / url / "index.html")
        assert len(shown_to_segment(doc, ".banner .banner-headline")) == 1, url
        assert len(shown_to_segment(doc, '.banner a.cta[data-cta="banner"]')) == 1, url


def test_expired_and_future_banners_are_never_shown(demo, parsed):
    shown = {
        banner["data-banner"]
        for p in html_pages(demo)
        for banner in shown_to_segment(parsed(p), ".banner-variant[data-banner]")
    }
    assert "summer-sale-2026" not in shown  # ended 2026-08-31
    assert "nowruz-2027" not in shown  # starts 2027-03-10
    assert {"welcome-offer", "loyalty-week", "partner-days"} <= shown
    # spring-launch names nowruz-2027: at the pinned date the page's banner serves.
    spring = parsed(demo / "en/for/spring-launch/index.html")
    assert shown_to_segment(spring, ".banner-variant")[0]["data-banner"] == "welcome-offer"


def test_two_builds_are_byte_identical(demo, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", PINNED_EPOCH)
    monkeypatch.chdir(ROOT)
    again = build(ROOT / "pelicanconf.py", output=tmp_path / "again")
    first, second = tree(demo), tree(again)
    assert sorted(first) == sorted(second)
    different = [name for name in first if first[name] != second[name]]
    assert different == []


# --- every page against an independent reading of the sources -----------------

PINNED_DAY = "2026-11-15"


def banner_runs(banner_id: str, lang: str) -> bool:
    path = ROOT / "content/banners" / f"{banner_id}.{lang}.md"
    if not path.is_file():
        return False
    meta = front_matter(path)
    starts, ends = str(meta.get("starts", "0000-00-00")), str(meta.get("ends", "9999-99-99"))
    return starts <= PINNED_DAY <= ends


def expected_variant(slug: str, lang: str, segment_id: str) -> tuple:
    """(banner id, section ids, CTA label) by the resolution order (docs/contract.md, Content), read from the files."""
    segments = yaml.safe_load((ROOT / "segments.yaml").read_text(encoding="utf-8"))["segments"]
    segment = segments[segment_id]
    page = front_matter(ROOT / "content/landing" / f"{slug}.{lang}.md")
    override = (page.get("variants") or {}).get(segment_id, {})
    banners = [override.get("banner"), segment.get("banner"), page.get("banner")]
    banner = next((b for b in banners if b and banner_runs(b, lang)), None)
    lists = [override.get("sections"), segment.get("sections"), page.get("sections")]
    sections = next((s for s in lists if s is not None), [])
    sections = [s for s in sections if (ROOT / "content/sections" / f"{s}.{lang}.md").is_file()]
    ctas = [override.get("cta"), segment.get("cta"), page.get("cta")]
    cta = next((c for c in ctas if c is not None), None)
    label = cta["label"] if cta else None
    if isinstance(label, dict):
        label = label[lang]
    return banner, sections, label


def landing_pages():
    default, segments = demo_segments()
    for path in sorted((ROOT / "content/landing").glob("*.md")):
        slug, lang, _ = path.name.split(".")
        base = f"{lang}/" if slug == "home" else f"{lang}/{slug}/"
        wanted = front_matter(path).get("segments", "all")
        yield slug, lang, default, base
        for segment in segments:
            if segment != default and (wanted == "all" or segment in wanted):
                yield slug, lang, segment, f"{base}for/{segment}/"


def test_every_variant_shows_what_the_resolution_order_says(demo, parsed):
    checked = 0
    for slug, lang, segment, url in landing_pages():
        doc = parsed(demo / url / "index.html")
        (banner,) = shown_to_segment(doc, ".banner-variant")
        shown = (
            banner.get("data-banner"),
            [s["data-section"] for s in shown_to_segment(doc, ".info-section")],
            shown_to_segment(doc, 'a.cta[data-cta="banner"]')[0].get_text(),
        )
        assert shown == expected_variant(slug, lang, segment), url
        assert doc.html["data-segment"] == segment, url
        checked += 1
    assert checked == len(expected_landing_urls())


def test_every_page_has_its_hreflang_cluster_and_switcher_targets(demo, parsed):
    default, _ = demo_segments()
    for slug, lang, segment, url in landing_pages():
        doc = parsed(demo / url / "index.html")
        generic = {
            other: ("/" + (f"{other}/" if slug == "home" else f"{other}/{slug}/"))
            for other in LANGUAGES
        }
        alternates = {
            (link["hreflang"], link["href"]) for link in doc.select('link[rel="alternate"]')
        }
        assert alternates == {*generic.items(), ("x-default", generic["en"])}, url
        assert doc.select_one('link[rel="canonical"]')["href"] == generic[lang], url
        switcher = {a["hreflang"]: a["href"] for a in doc.select(".language-switcher a")}
        suffix = "" if segment == default else f"for/{segment}/"
        assert switcher == {other: generic[other] + suffix for other in LANGUAGES}, url


WESTERN, ARABIC_INDIC, PERSIAN = set("0123456789"), set("٠١٢٣٤٥٦٧٨٩"), set("۰۱۲۳۴۵۶۷۸۹")


def test_arabic_and_persian_pages_use_one_digit_system_outside_latin_runs(demo):
    for lang, own, others in (
        ("ar", ARABIC_INDIC, WESTERN | PERSIAN),
        ("fa", PERSIAN, WESTERN | ARABIC_INDIC),
    ):
        seen_own = False
        for path in sorted((demo / lang).rglob("*.html")):
            doc = read_html(path)
            for isolated in doc.select('[dir="ltr"]'):
                isolated.decompose()
            for hidden in doc(["script", "style", "head"]):
                hidden.decompose()
            text = doc.get_text()
            assert not (set(text) & others), (path, sorted(set(text) & others))
            seen_own = seen_own or bool(set(text) & own)
        assert seen_own, lang
