"""The preview bar is in development output and never in publish output."""

from __future__ import annotations

from tests.conftest import read_html


def test_preview_bar_in_development_builds_only(demo, published):
    dev = demo

    bar = read_html(dev / "en/online-store/index.html").select_one("aside.preview-bar")
    assert bar is not None
    segments = [a["href"] for a in bar.select("ul")[0].select("a")]
    assert "/en/online-store/?segment=business-partner" in segments
    assert [a["hreflang"] for a in bar.select("ul")[1].select("a")] == ["en", "ar", "fa"]
    assert (dev / "theme/js/preview.js").is_file()

    for page in published.rglob("*.html"):
        doc = read_html(page)
        assert doc.select_one(".preview-bar") is None, page
        assert not doc.select('script[src*="preview"]'), page
    assert not (published / "theme/js/preview.js").exists()
