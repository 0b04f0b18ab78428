"""What search engines and social sites read: Open Graph and Twitter tags,
JSON-LD, robots.txt, on every page and variant of the publish build."""

from __future__ import annotations

import json
import re

from tests.conftest import read_html


def test_publish_build_carries_social_tags_json_ld_and_robots(published):
    output = published
    pages = sorted(output.rglob("*.html"))
    assert len(pages) > 70
    for path in pages:
        doc = read_html(path)
        meta = {
            tag.get("property") or tag.get("name"): tag["content"]
            for tag in doc.find_all("meta")
            if tag.get("property") or tag.get("name")
        }
        canonical = doc.select_one('link[rel="canonical"]')["href"]
        assert canonical.startswith("https://tanin.example/"), path
        assert meta["og:url"] == canonical, path
        assert meta["og:title"] and meta["og:locale"] == doc.html["lang"], path
        assert meta["twitter:card"] in ("summary", "summary_large_image"), path
        data = json.loads(doc.find("script", type="application/ld+json").string)
        types = [node["@type"] for node in data["@graph"]]
        # An Offer follows where the page's banner is a dated campaign (test_publish.py).
        assert types[:2] == ["Organization", "WebPage"] and set(types[2:]) <= {"Offer"}, path
        assert data["@graph"][1]["url"] == canonical
        assert data["@graph"][1]["inLanguage"] == doc.html["lang"]
    home = read_html(output / "en/index.html")
    # The page's own social card, named by its hash (tests/site/campaign/test_cards.py).
    assert re.fullmatch(
        r"https://tanin\.example/cards/[0-9a-f]{20}\.png",
        home.find("meta", property="og:image")["content"],
    )
    assert (output / "robots.txt").read_text() == (
        "User-agent: *\nAllow: /\n\nSitemap: https://tanin.example/sitemap.xml\n"
    )
