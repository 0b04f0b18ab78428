"""What the build gives the browser: the inline script within budget, its CSP
hash, the remember switch, UTM decoration of CTA links."""

from __future__ import annotations

import base64
import hashlib
import json

from tests.conftest import build_site, read_html

INLINE_BUDGET = 2048


def inline_script(doc) -> str:
    (script,) = [s for s in doc.find_all("script") if not s.get("src") and not s.get("type")]
    return script.string


def test_inline_script_fits_its_budget_and_matches_the_csp_hash(tiny_site, monkeypatch):
    monkeypatch.chdir(tiny_site)
    output = build_site(tiny_site)
    doc = read_html(output / "en/index.html")
    code = inline_script(doc)
    size = len(code.encode("utf-8"))
    assert size <= INLINE_BUDGET, f"inline script is {size} bytes, over {INLINE_BUDGET}"
    digest = base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode()
    csp = doc.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert f"script-src 'self' 'sha256-{digest}'" in csp
    assert "unsafe-inline" not in csp
    # Every page carries the same script, so one hash serves the whole site.
    assert inline_script(read_html(output / "fa/offer/for/returning/index.html")) == code


def test_remembering_can_be_turned_off(tiny_site, monkeypatch):
    monkeypatch.chdir(tiny_site)
    with open(tiny_site / "settings.py", "a", encoding="utf-8") as settings:
        settings.write("SEGSITE_REMEMBER = False\n")
    output = build_site(tiny_site)
    data = json.loads(read_html(output / "en/index.html").select_one("#segsite-segments").string)
    assert data["remember"] is False


def test_cta_links_get_the_configured_utm_parameters(tiny_site, monkeypatch):
    monkeypatch.chdir(tiny_site)
    with open(tiny_site / "settings.py", "a", encoding="utf-8") as settings:
        settings.write("SEGSITE_CTA_UTM = {'utm_source': 'site', 'utm_medium': 'cta'}\n")
    output = build_site(tiny_site)
    link = read_html(output / "en/index.html").select_one('a.cta[data-cta="banner"]')
    assert link["href"] == "/en/about/?utm_source=site&utm_medium=cta"
    whatsapp = read_html(output / "en/for/returning/index.html").select_one(
        'a.cta[data-cta="banner"]'
    )
    assert whatsapp["href"] == "https://wa.me/15551234567?text=Hi"


def test_a_segment_page_carries_no_rules(tiny_site, monkeypatch):
    """Its segment is fixed and the switcher is HTML: the head script reads no
    rule there, so none is sent (a generic page carries them all)."""
    monkeypatch.chdir(tiny_site)
    output = build_site(tiny_site)
    fixed = read_html(output / "en/offer/for/returning/index.html")
    generic = read_html(output / "en/offer/index.html")
    data = json.loads(fixed.select_one("#segsite-segments").string)
    assert data["segments"] == []
    assert data["remember"] is True
    assert [
        s["id"] for s in json.loads(generic.select_one("#segsite-segments").string)["segments"]
    ] == [
        "everyone",
        "returning",
        "partner",
        "campaign",
    ]
