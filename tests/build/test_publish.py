"""make publish: what static hosts get, checked
on the whole demo: host configuration, fingerprinted, minified and
precompressed files, the CSP hash of every inline script, JSON-LD offers and
the edge runtimes."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import re
import subprocess
from pathlib import Path

import brotli
from bs4 import BeautifulSoup

from segsite.static_server import read_headers_file
from tests.build.conftest import SITEURL
from tests.conftest import tree
from tests.edge.runtime import build_published, edge_data


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def doc(page: Path) -> BeautifulSoup:
    return BeautifulSoup(page.read_bytes(), "html5lib")


def header_rules(site: Path) -> dict[str, dict[str, str]]:
    return {pattern: dict(headers) for pattern, headers in read_headers_file(site)}


def script_hash(script) -> str:
    digest = hashlib.sha256(script.string.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def test_headers_file_has_the_security_headers(published):
    rules = header_rules(published)
    everywhere = rules["/*"]
    csp = everywhere["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp
    assert everywhere["Strict-Transport-Security"].startswith("max-age=")
    assert everywhere["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert everywhere["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in everywhere["Permissions-Policy"]
    # Cache rules by kind of file; never two Cache-Control rules on one path.
    assert "Cache-Control" not in everywhere
    for folder in ("/theme/*", "/images/*"):
        assert rules[folder]["Cache-Control"] == "public, max-age=31536000, immutable"
    for pages_at in ("/", "/en/*", "/ar/*", "/fa/*"):
        assert rules[pages_at]["Cache-Control"] == "public, max-age=0, must-revalidate"


def test_every_inline_script_runs_under_the_csp_hash(published):
    header_csp = header_rules(published)["/*"]["Content-Security-Policy"]
    checked = 0
    for page in pages(published):
        html = doc(page)
        inline = [s for s in html.find_all("script") if not s.get("src") and not s.get("type")]
        if not inline:
            assert html.find(id="segsite-segments") is None  # the chooser: no inline script
            continue
        meta_csp = html.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
        # The head script; on a page with an experiment, the arm script too.
        for script in inline:
            wanted = f"'{script_hash(script)}'"
            assert wanted in meta_csp and wanted in header_csp, page
        checked += 1
    assert checked == len(pages(published)) - 1  # all but the chooser


def test_redirects_send_the_root_to_a_language(published):
    lines = (published / "_redirects").read_text("utf-8").splitlines()
    assert lines == [f"/  /{lang}/  302!  Language={lang}" for lang in ("en", "ar", "fa")]


def test_assets_are_fingerprinted_and_every_reference_resolves(published):
    assets = [
        f
        for folder in ("theme", "images")
        for f in (published / folder).rglob("*")
        if f.is_file() and f.suffix not in (".gz", ".br")
    ]
    assert len(assets) >= 5
    for asset in assets:
        stem, digest = asset.stem.rsplit(".", 1)
        assert digest == hashlib.sha256(asset.read_bytes()).hexdigest()[:10], asset
    for page in pages(published):
        html = page.read_text("utf-8")
        for url in re.findall(rf"{re.escape(SITEURL)}/((?:theme|images)/[^\"'\s>)?#]+)", html):
            assert (published / url).is_file(), f"{page}: {url}"
        assert "/site.css" not in html and "/segsite.js" not in html


def test_pages_stylesheets_and_scripts_are_minified(published):
    page = (published / "en" / "index.html").read_text("utf-8")
    assert "\n<" not in page and "  " not in page.split("<body", 1)[1]
    (css,) = (published / "theme" / "css").glob("*.css")
    assert "\n" not in css.read_text("utf-8").strip() and "/*" not in css.read_text("utf-8")
    for script in (published / "theme" / "js").glob("*.js"):
        assert script.read_text("utf-8").count("\n") <= 1, script


def test_every_text_file_has_gzip_and_brotli_copies(published):
    texts = [
        f
        for f in published.rglob("*")
        if f.suffix in (".html", ".css", ".js", ".xml", ".txt", ".svg")
        and not any(part.startswith(("_", ".")) for part in f.relative_to(published).parts)
    ]
    assert len(texts) > 75
    for text in texts:
        data = text.read_bytes()
        assert gzip.decompress(text.with_name(text.name + ".gz").read_bytes()) == data
        assert brotli.decompress(text.with_name(text.name + ".br").read_bytes()) == data
    assert not (published / "_worker.js.gz").exists()


def test_a_dated_campaign_banner_is_an_offer(published):
    def graph(path: str) -> list[dict]:
        script = doc(published / path / "index.html").find("script", type="application/ld+json")
        return json.loads(script.string)["@graph"]

    (offer,) = [n for n in graph("en/for/returning-customer") if n["@type"] == "Offer"]
    assert offer["validFrom"] == "2026-11-01" and offer["validThrough"] == "2026-12-31"
    assert offer["url"] == f"{SITEURL}/en/for/returning-customer/"
    assert offer["name"].startswith("Loyalty weeks")
    # The welcome offer has no dates: no Offer on the generic page.
    assert [n["@type"] for n in graph("en")] == ["Organization", "WebPage"]


def test_robots_and_sitemap_are_absolute(published):
    assert f"Sitemap: {SITEURL}/sitemap.xml" in (published / "robots.txt").read_text("utf-8")
    sitemap = (published / "sitemap.xml").read_text("utf-8")
    assert f"<loc>{SITEURL}/en/</loc>" in sitemap and "/for/" not in sitemap


def test_edge_runtimes_carry_the_browsers_rules(published):
    data = edge_data(published)
    browser = json.loads(doc(published / "en" / "index.html").find(id="segsite-segments").string)
    assert data["default"] == browser["default"]
    assert data["segments"] == [
        {"id": s["id"], "priority": s["priority"], "rules": s["rules"]} for s in browser["segments"]
    ]
    assert any("country" in rule for s in data["segments"] for rule in s["rules"])
    assert data["pages"]["/en/"]["variants"]["business-partner"] == "/en/for/business-partner/"
    assert set(data["pages"]) == {
        f"/{lang}/{slug}"
        for lang in ("en", "ar", "fa")
        for slug in ("", "online-store/", "email-marketing/", "social-ads/")
    }
    for module in ("_worker.js", "_netlify/segsite.js"):
        copy = published.parent / "check.mjs"
        copy.write_bytes((published / module).read_bytes())
        done = subprocess.run(["node", "--check", str(copy)], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    # The demo has a lead form: the Worker backend's D1 migration is not served either.
    assert (published / ".assetsignore").read_text("utf-8").split() == [
        "_worker.js",
        "_netlify",
        "_migrations",
    ]


def test_publishing_is_deterministic(published, tmp_path):
    again = build_published(tmp_path / "output", SITEURL)
    assert tree(again) == tree(published)
