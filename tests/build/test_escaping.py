"""Hostile strings from segments.yaml and front matter come out escaped in HTML
and in the embedded JSON."""

from __future__ import annotations

import json

from tests.conftest import build_site, read_html

HOSTILE = "</script><img src=x onerror=alert(1)> \"quoted\" 'single'"


def test_hostile_label_and_cta_texts_are_escaped(tiny_site, monkeypatch):
    monkeypatch.chdir(tiny_site)
    segments = tiny_site / "segments.yaml"
    text = segments.read_text(encoding="utf-8")
    yaml_hostile = HOSTILE.replace('"', '\\"')
    text = text.replace("label: {en: Returning, ar: عائد, fa: بازگشته}", f'label: "{yaml_hostile}"')
    text = text.replace("{en: Chat with us, ar: تحدث معنا, fa: گفتگو با ما}", f'"{yaml_hostile}"')
    text = text.replace("text: {en: Hi, ar: مرحبا, fa: سلام}", f'text: "{yaml_hostile}"')
    segments.write_text(text, encoding="utf-8")
    title_file = tiny_site / "content/landing/offer.en.md"
    title_file.write_text(
        title_file.read_text(encoding="utf-8").replace(
            "title: Home offer", f"title: '{HOSTILE.replace(chr(39), chr(39) * 2)}'"
        ),
        encoding="utf-8",
    )
    output = build_site(tiny_site)

    for url in (
        "en/index.html",
        "en/for/returning/index.html",
        "en/offer/for/returning/index.html",
    ):
        raw = (output / url).read_text(encoding="utf-8")
        assert "<img src=x" not in raw and "</script><img" not in raw
        doc = read_html(output / url)
        assert doc.find("img", attrs={"onerror": True}) is None
        if "/for/" not in url:
            # The JSON parses back to the exact label (a segment's own page
            # carries no segments' data: its segment is fixed).
            data = json.loads(doc.select_one("#segsite-segments").string)
            assert next(s for s in data["segments"] if s["id"] == "returning")["label"] == HOSTILE
            continue
        # The CTA shows the literal text; the WhatsApp message is URL-encoded.
        link = doc.select_one('a.cta[data-cta="banner"]')
        assert link.get_text() == HOSTILE
        assert link["href"].startswith("https://wa.me/15551234567?text=%3C%2Fscript%3E%3Cimg")

    offer = read_html(output / "en/offer/index.html")
    assert offer.find("h1").get_text() == HOSTILE
    assert offer.title.get_text().startswith(HOSTILE)
