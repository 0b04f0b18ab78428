"""`make report` (who sees what) and the scaffolding commands."""

from __future__ import annotations

import json
import subprocess
import sys

import imagesize
import pytest

from segsite.cli import main
from tests.conftest import ROOT, build_site, read_html, shown_to_segment
from tests.site.helpers import readme_screenshot


@pytest.mark.readme_screenshots
def test_report_matrix_matches_the_built_demo(tmp_path, monkeypatch, demo_output, browser):
    monkeypatch.chdir(ROOT)
    out = tmp_path / "report"
    assert report(["--out", str(out)], ROOT) == 0
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    rows = data["matrix"]
    landings = {p.name for p in (ROOT / "content/landing").glob("*.md")}
    segments = 6
    assert len(rows) == len(landings) * segments
    for row in rows:
        assert (out / row["thumbnail"]).is_file(), row["thumbnail"]
        # The social card its page shares (tests/site/campaign/test_cards.py).
        assert imagesize.get(out / row["card"]) == (1200, 630), row["card"]
        path, _, query = row["url"].partition("?")
        doc = read_html(demo_output / path.strip("/") / "index.html")
        segment = row["segment"]
        assert doc.html["data-segment"] in (segment, data_default(rows))
        (banner,) = shown_to_segment(doc, ".banner-variant", segment)
        assert banner.get("data-banner") == row["banner"], row["url"]
        cta = shown_to_segment(doc, '.banner a.cta[data-cta="banner"]', segment)[0].get_text()
        assert cta == row["cta"]["label"], row["url"]
        shown = {s["data-section"] for s in shown_to_segment(doc, ".info-section", segment)}
        assert shown == set(row["sections"]), row["url"]
    page = (out / "index.html").read_text(encoding="utf-8")
    assert page.count('<img class="thumb"') == len(rows)
    # Each experiment: who takes part, arms and weights, dates, each arm's screenshot.
    welcome, wording = data["experiments"]
    assert (welcome["id"], welcome["segments"], welcome["pages"]) == (
        "welcome-headline",
        ["new-visitor", "everyone"],
        ["home", "online-store"],
    )
    assert (welcome["starts"], welcome["ends"], welcome["state"]) == ("2026-11-01", None, "running")
    assert [(a["id"], a["weight"], a["share"]) for a in welcome["arms"]] == [
        ("control", 50, 50.0),
        ("bold-offer", 50, 50.0),
    ]
    control, bold = (out / arm["screenshot"] for arm in welcome["arms"])
    assert control.read_bytes() != bold.read_bytes()  # the arm's banner shows
    assert wording["segments"] == ["every segment"]
    assert page.count('<img class="arm"') == 4
    # The home page's e-mail per segment and language, as Chromium shows it 600 and 360 px wide.
    emails = data["emails"]
    assert emails["problems"] == [] and len(emails["emails"]) == segments * 3
    for email in emails["emails"]:
        for width, shot in email["shots"].items():
            assert imagesize.get(out / shot)[0] == int(width), shot
    shot = browser.new_page(viewport={"width": 1000, "height": 700})
    shot.goto((out / "index.html").as_uri())
    shot.locator("img").first.evaluate("img => img.decode()")
    readme_screenshot(shot, "who-sees-what.png")
    shot.close()
    assert {b["banner"]: b["state"] for b in data["banners"] if b["lang"] == "en"} == {
        "loyalty-week": "running",
        "nowruz-2027": "not started",
        "partner-days": "running",
        "summer-sale-2026": "ended",
        "welcome-offer": "running",
        "welcome-bold": "running",
    }
    assert data["nothing_specific"] == []
    assert any(w["what"] == "section faq" and w["budget"] == 250 for w in data["word_counts"])


def report(arguments, cwd) -> int:
    """segsite report in its own process: it drives Chromium itself, which a
    test process that already has a Playwright session cannot do."""
    result = subprocess.run(
        [sys.executable, "-m", "segsite.cli", "report", *arguments],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.returncode


def data_default(rows) -> str:
    return next(r["segment"] for r in rows if r["url"].count("/") == 2 and "?" not in r["url"])


def test_scaffolds_build_cleanly_and_show_as_missing_translations(tiny_site, monkeypatch, tmp_path):
    monkeypatch.chdir(tiny_site)
    site_args = ["--settings", "settings.py", "--content", "content"]
    assert main(["new-segment", "vip", "--segments", "segments.yaml"]) == 0
    assert main(["new-segment", "vip", "--segments", "segments.yaml"]) == 1  # exists already
    assert main(["new-page", "pricing", "--langs", "en,ar,fa", *site_args]) == 0
    # never overwrites
    assert main(["new-page", "about", "--kind", "page", "--langs", "fa", *site_args]) == 1
    output = build_site(tiny_site)  # no errors
    assert not (output / "en/pricing").exists()  # drafts are not published
    assert (output / "en/for/vip/index.html").is_file()

    out = tmp_path / "report"
    report([*site_args, "--segments", "segments.yaml", "--out", str(out)], tiny_site)
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    missing = data["missing_translations"]
    for lang in ("en", "ar", "fa"):
        assert any(f"landing/pricing.{lang}.md is a draft" in m for m in missing), lang
        assert (
            f"segments.yaml:31: warning: missing translation: segment 'vip' label has no '{lang}' text"
            in missing
        )
    # campaign's only banner starts in 2099: today it sees what everyone sees.
    assert data["nothing_specific"] == ["campaign", "vip"]
