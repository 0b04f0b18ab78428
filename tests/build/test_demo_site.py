"""The demo site, built whole: every landing page exists for every segment and
language, every page is well-formed, and the build is deterministic."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from segsite.cli import build

from tests.conftest import PINNED_EPOCH, ROOT, read_html, tree

LANGUAGES = ("en", "ar", "fa")


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", PINNED_EPOCH)
        patch.chdir(ROOT)
        return build(ROOT / "pelicanconf.py", output=tmp_path_factory.mktemp("demo") / "output")


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


def test_every_page_is_well_formed(demo):
    for path in html_pages(demo):
        doc = read_html(path)
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


def test_banner_and_cta_on_every_landing_page(demo):
    for url in expected_landing_urls():
        doc = read_html(demo / url / "index.html")
        assert doc.select_one(".banner .banner-headline") is not None, url
        assert doc.select_one('.banner a.cta[data-cta="banner"]') is not None, url


def test_expired_and_future_banners_are_never_shown(demo):
    shown = {
        read_html(p).select_one(".banner")["data-banner"]
        for p in html_pages(demo)
        if read_html(p).select_one(".banner")
    }
    assert "summer-sale-2026" not in shown  # ended 2026-08-31
    assert "nowruz-2027" not in shown  # starts 2027-03-10
    assert {"welcome-offer", "loyalty-week", "partner-days"} <= shown
    # spring-launch names nowruz-2027: at the pinned date the page's banner serves.
    assert (
        read_html(demo / "en/for/spring-launch/index.html").select_one(".banner")["data-banner"]
        == "welcome-offer"
    )


def test_two_builds_are_byte_identical(demo, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", PINNED_EPOCH)
    monkeypatch.chdir(ROOT)
    again = build(ROOT / "pelicanconf.py", output=tmp_path / "again")
    first, second = tree(demo), tree(again)
    assert sorted(first) == sorted(second)
    different = [name for name in first if first[name] != second[name]]
    assert different == []
