"""Experiments in a build: every bad definition is a `file:line: message`
before anything is written; the page carries each arm's blocks beside the
segment's, the head scripts within their budgets and the CSP's hashes."""

from __future__ import annotations

import base64
import hashlib
import json

import pytest

from segsite.problems import SiteInvalid
from tests.conftest import FIXTURES, build_site, read_html, tree
from tests.edge.runtime import inline_scripts

WITHOUT_EXPERIMENT_BUDGET = 2048
WITH_EXPERIMENT_BUDGET = 3072

RUNNING = """
experiments:
  headline:
    segments: [everyone, returning]
    pages: [home]
    arms:
      control: {weight: 1}
      loyal-banner: {weight: 1, banner: loyal}
      short: {weight: 2, sections: [faq]}
"""


def add_experiments(site, text: str) -> None:
    with open(site / "segments.yaml", "a", encoding="utf-8") as segments:
        segments.write(text)


def test_ten_bad_experiments_each_give_file_line_and_message(tiny_site, monkeypatch):
    monkeypatch.chdir(tiny_site)
    output = tiny_site.parent / "output"
    build_site(tiny_site, output)
    before = tree(output)
    add_experiments(tiny_site, "\n" + (FIXTURES / "bad_experiments.yaml").read_text("utf-8"))
    with pytest.raises(SiteInvalid) as caught:
        build_site(tiny_site, output)
    errors = [str(p) for p in caught.value.problems if p.severity == "error"]
    # The fixture starts on line 29 of the tiny site's segments.yaml; the
    # references to other files are checked after the file itself.
    assert errors == [
        "segments.yaml:31: unknown segment 'returnin' (did you mean 'returning'?): define it in segments.yaml or fix the id",
        "segments.yaml:36: experiment 'wrong-page': unknown landing page 'ofer' (did you mean 'offer'?): add content/landing/ofer.<lang>.md or fix the slug",
        "segments.yaml:41: unknown banner 'mian' (did you mean 'main'?): add content/banners/mian.<lang>.md or fix the id",
        "segments.yaml:45: unknown section 'faqs' (did you mean 'faq'?): add content/sections/faqs.<lang>.md or fix the id",
        "segments.yaml:51: experiment 'zero-weight': arm 'control': weight must be a number above 0, not '0'",
        "segments.yaml:57: experiment 'word-weight': arm 'b': weight must be a number above 0, not 'lots'",
        "segments.yaml:63: experiment 'no-control': no 'control' arm: add `control: {weight: 50}` (the page as it stands)",
        "segments.yaml:68: experiment 'backwards': 'ends' (2026-04-01) is before 'starts' (2026-05-01)",
        "segments.yaml:75: experiment 'control-changes': arm 'control': control is the page as it stands: remove 'banner'",
        "segments.yaml:81: experiment 'one-arm': 'arms' must map arm ids to arms, at least 'control' and one more",
        "segments.yaml:86: experiment 'overlapping' runs on a page, for a segment and on days that experiment 'first' also does: give them different pages, segments or dates (one experiment per page and segment at a time)",
        "segments.yaml:90: experiment id 'Bad_Id' is not a valid id: use lower-case letters, digits and single hyphens, like 'bad-id'",
    ]
    assert tree(output) == before  # nothing written


def test_each_arm_has_its_blocks_beside_the_segments(tiny_site, monkeypatch):
    monkeypatch.chdir(tiny_site)
    add_experiments(tiny_site, RUNNING)
    output = build_site(tiny_site)
    doc = read_html(output / "en/index.html")
    banners = {b["data-variant"]: b.get("data-banner") for b in doc.select(".banner-variant")}
    # The loyal-banner arm shows loyal to everyone; returning sees loyal anyway.
    assert banners["everyone@headline.loyal-banner"] == "loyal"
    assert "returning returning@headline.loyal-banner" in " ".join(banners)
    sections = {s["data-section"]: s.get("data-variant", "") for s in doc.select(".info-section")}
    assert "everyone@headline.short" in sections["faq"].split()
    assert "everyone@headline.short" not in sections["setup"].split()
    data = json.loads(doc.select_one("#segsite-experiments").string)
    assert data == [
        {
            "id": "headline",
            "segments": ["everyone", "returning"],
            "arms": [["control", 0.25], ["loyal-banner", 0.5], ["short", 1]],
            "from": 0,
            "until": 8_640_000_000_000_000,
        }
    ]
    # The offer page runs none: no experiment data, no arm script.
    offer = read_html(output / "en/offer/index.html")
    assert offer.select_one("#segsite-experiments") is None
    assert len(inline_scripts(offer)) == 1
    # A segment page carries its own segment's experiments only.
    returning = read_html(output / "en/for/returning/index.html")
    assert returning.select_one("#segsite-experiments") is not None
    partner = read_html(output / "en/for/partner/index.html")
    assert partner.select_one("#segsite-experiments") is None
    css = (output / "theme/css/site.css").read_text("utf-8")
    assert (
        'html[data-segment="everyone"][data-arm="headline.short"] [data-variant]'
        ':not([data-variant~="everyone@headline.short"])'
    ) in css


def test_an_experiment_that_ended_is_not_carried(tiny_site, monkeypatch):
    monkeypatch.chdir(tiny_site)
    add_experiments(tiny_site, RUNNING.replace("    arms:", "    ends: 2026-11-14\n    arms:"))
    output = build_site(tiny_site)
    doc = read_html(output / "en/index.html")
    assert doc.select_one("#segsite-experiments") is None
    assert not [b for b in doc.select("[data-variant]") if "@" in b["data-variant"]]


def script_hash(code: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode()


def test_head_scripts_fit_their_budgets_and_the_csp_hashes_both(tiny_site, monkeypatch):
    monkeypatch.chdir(tiny_site)
    add_experiments(tiny_site, RUNNING)
    output = build_site(tiny_site)
    plain = inline_scripts(read_html(output / "en/offer/index.html"))
    doc = read_html(output / "en/index.html")
    head, arms = inline_scripts(doc)
    assert [s.string for s in plain] == [head.string]
    assert len(head.string.encode("utf-8")) <= WITHOUT_EXPERIMENT_BUDGET
    both = len(head.string.encode("utf-8")) + len(arms.string.encode("utf-8"))
    assert both <= WITH_EXPERIMENT_BUDGET, f"{both} bytes on a page with an experiment"
    csp = doc.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert f"script-src 'self' '{script_hash(head.string)}' '{script_hash(arms.string)}';" in csp


@pytest.mark.parametrize(
    "setting, message",
    [
        (
            "{'provider': 'matomo'}",
            "'matomo' needs 'host', the https origin of your instance, like"
            " 'https://analytics.example.org'",
        ),
        (
            "{'provider': 'ga4', 'host': 'https://example.org'}",
            "'ga4' takes no 'host' (its hosts are Google's): remove it",
        ),
        (
            "{'provider': 'plausible', 'host': 'https://x.example/js; script-src *'}",
            "['host'] must be an https origin like 'https://analytics.example.org',"
            " not 'https://x.example/js; script-src *'",
        ),
        ("{'provider': 'piwik'}", "['provider'] must be one of"),
    ],
)
def test_a_bad_analytics_setting_names_the_settings_line(tiny_site, monkeypatch, setting, message):
    monkeypatch.chdir(tiny_site)
    settings = tiny_site / "settings.py"
    lines = settings.read_text("utf-8").count("\n")
    with open(settings, "a", encoding="utf-8") as file:
        file.write(f"SEGSITE_ANALYTICS = {setting}\n")
    with pytest.raises(SiteInvalid) as caught:
        build_site(tiny_site)
    (error,) = [str(p) for p in caught.value.problems if p.severity == "error"]
    assert error.startswith(f"settings.py:{lines + 1}: SEGSITE_ANALYTICS")
    assert message in error
