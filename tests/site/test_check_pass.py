"""The check pass proves it can fail: on a site with one seeded fault per
check it reports exactly those faults, each by its own check, and nothing
else. That one run also shows the clean pages pass: every (page, check) pair
without a seeded fault must come back clean (the demo's own clean pass is
tests/site/test_published_check.py)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from segsite.check.command import check_command
from segsite.cli import build
from tests.conftest import FIXTURES, PINNED_EPOCH, ROOT
from tests.site.helpers import readme_screenshot

# Measures frames and layout shifts: runs after the background check pass.
pytestmark = pytest.mark.quiet_cores

FAULTS = FIXTURES / "faults"
SETTINGS = f"""
import sys
sys.path.insert(0, {str(ROOT)!r})
from pelicanconf import *  # noqa
SEGSITE_DEFAULT_CTA = {{"label": "About", "href": "/{{lang}}/about/"}}
SEGSITE_MENU = ["home", "offer", "about"]
SEGSITE_DEFAULT_BANNER = "main"
"""


def run_check(site: Path, settings: Path, report: Path) -> dict:
    command, env = check_command(site, settings, report)
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    results = report / "results.json"
    assert results.is_file(), result.stdout[-3000:] + result.stderr[-3000:]
    return json.loads(results.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def clean_site(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("check-site")
    settings = folder / "settings.py"
    settings.write_text(SETTINGS, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", PINNED_EPOCH)
        patch.chdir(folder)
        output = build(
            settings,
            content=FIXTURES / "tiny",
            segments=FIXTURES / "tiny-segments.yaml",
            output=folder / "output",
        )
    return output, settings


def edit(site: Path, page: str, old: str, new: str, count: int = 1) -> None:
    file = site / page.strip("/") / "index.html"
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{page}: {old!r} not found"
    file.write_text(text.replace(old, new, count), encoding="utf-8")


def add_to_main(site: Path, page: str, html: str) -> None:
    edit(site, page, "</main>", html + "\n</main>")


def link_css(site: Path, page: str) -> None:
    edit(site, page, "</head>", '<link rel="stylesheet" href="/theme/css/faults.css">\n</head>')


def seed_faults(site: Path) -> set[tuple[str, str]]:
    """One fault per check, each on its own page; returns (page, check) expected."""
    for name in ("faults.css", "rtl-fault.css"):
        shutil.copy(FAULTS / name, site / "theme/css" / name)
    for name in ("fault-console.js", "fault-shift.js"):
        shutil.copy(FAULTS / name, site / "theme/js" / name)
    expected = set()

    def fault(page, check):
        expected.add((page, check))

    link_css(site, "/en/about/")
    add_to_main(site, "/en/about/", '<p class="faint">Grey text on white.</p>')
    fault("/en/about/", "accessibility")  # axe color-contrast
    add_to_main(site, "/ar/about/", '<img src="/images/pic.svg" width="40" height="20">')
    fault("/ar/about/", "accessibility")  # axe image-alt
    # A field without a label (axe's label rule: the page's accessibility
    # fault is already expected), and a form that lets an empty submit go.
    # (.lead-form: the theme's 44 px fields, so no target is too small.)
    add_to_main(site, "/en/about/", '<div class="lead-form"><input type="text" name="nick"></div>')
    fault("/en/about/", "form_fields_labelled")
    add_to_main(
        site,
        "/ar/about/",
        '<form data-form="bare" action="/ar/about/"><div data-error-summary hidden></div>'
        '<button class="cta">إرسال</button></form>',
    )
    fault("/ar/about/", "form_error_summary")
    add_to_main(site, "/fa/about/", "<h1>عنوانی دیگر</h1>")
    fault("/fa/about/", "one_h1")
    add_to_main(site, "/en/offer/", "<h4>A heading that skips a level</h4>")
    fault("/en/offer/", "heading_levels")
    edit(site, "/ar/offer/", 'dir="rtl"', 'dir="ltr"')
    fault("/ar/offer/", "lang_and_dir")
    link_css(site, "/en/offer/for/returning/")
    edit(
        site,
        "/en/offer/for/returning/",
        '<section class="banner"',
        '<div class="tall"></div>\n<section class="banner"',
    )
    fault("/en/offer/for/returning/", "banner_and_cta_above_the_fold")
    link_css(site, "/ar/offer/for/returning/")
    edit(
        site,
        "/ar/offer/for/returning/",
        'class="cta cta-whatsapp"',
        'class="cta cta-whatsapp tiny"',
        1,
    )
    fault("/ar/offer/for/returning/", "target_sizes")
    edit(site, "/fa/offer/", '<p class="copyright">', '<p class="copyright">نسخه‌ی قدیمی · ')
    fault("/fa/offer/", "same_header_and_footer")
    add_to_main(
        site, "/en/for/partner/", '<p>See <a href="/en/nowhere/">the old page</a> for more.</p>'
    )
    fault("/en/for/partner/", "links_images_and_fragments")
    add_to_main(site, "/ar/for/partner/", '<p>انتقل <a href="#nowhere">إلى الأسفل</a> الآن.</p>')
    fault("/ar/for/partner/", "links_images_and_fragments")
    link_css(site, "/fa/for/partner/")
    add_to_main(site, "/fa/for/partner/", '<div class="wide"></div>')
    fault("/fa/for/partner/", "no_horizontal_scroll_at_320")
    fault("/theme/css/rtl-fault.css", "logical_css_only")
    add_to_main(site, "/fa/for/campaign/", "<p>متن با Brand در میان.</p>")
    fault("/fa/for/campaign/", "latin_runs_isolated")
    link_css(site, "/ar/for/campaign/")
    add_to_main(site, "/ar/for/campaign/", '<p class="spaced">نص متباعد الحروف</p>')
    fault("/ar/for/campaign/", "no_letter_spacing_on_arabic")
    add_to_main(site, "/fa/offer/for/campaign/", "<p>عدد ۱۲ و ١٣ با هم.</p>")
    fault("/fa/offer/for/campaign/", "one_digit_system")
    edit(
        site,
        "/en/offer/for/campaign/",
        "</head>",
        '<script src="/theme/js/fault-console.js"></script>\n</head>',
    )
    fault("/en/offer/for/campaign/", "no_console_errors")
    page = "/en/for/campaign/"
    file = site / page.strip("/") / "index.html"
    file.write_text(
        re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>\n', "", file.read_text())
    )
    add_to_main(site, page, '<img src="http://localhost:9/pixel.png" alt="" width="1" height="1">')
    fault(page, "no_requests_to_other_hosts")
    add_to_main(site, "/ar/offer/for/campaign/", "<!--" + "x" * 70_000 + "-->")
    fault("/ar/offer/for/campaign/", "page_weight")
    edit(
        site,
        "/fa/offer/for/returning/",
        "</head>",
        '<script src="/theme/js/fault-shift.js" defer></script>\n</head>',
    )
    fault("/fa/offer/for/returning/", "no_layout_shift")
    edit(
        site,
        "/en/",
        '<div class="banner-variant" data-variant="returning"',
        '<div class="banner-variant" data-variant="nobody"',
    )
    edit(
        site,
        "/en/",
        '<div class="banner-variant" data-variant="everyone campaign"',
        '<div class="banner-variant" data-variant="everyone campaign returning"',
    )
    fault("/en/?segment=returning", "right_variant_for_each_segment")
    # Inside a section that other pages show unchanged (put through axe
    # there, and left out on the pages that repeat it): changed on this one
    # variant page, it is judged here again.
    file = site / "en/for/returning/index.html"
    text = file.read_text(encoding="utf-8")
    marker = '<div class="prose">'
    at = text.index(marker, text.index('data-section="setup"')) + len(marker)
    file.write_text(text[:at] + '<img src="/images/pic.svg" width="40" height="20">' + text[at:])
    fault("/en/for/returning/", "accessibility")  # axe image-alt
    add_to_main(
        site, "/ar/", '<p><img src="/images/missing.png" alt="صورة" width="10" height="10"></p>'
    )
    fault("/ar/", "links_images_and_fragments")  # broken image (static)
    fault("/ar/", "no_failed_requests")  # and the browser's failed request
    return expected


@pytest.mark.readme_screenshots
def test_seeded_faults_are_each_reported_once_and_nothing_else(clean_site, tmp_path, browser):
    output, _ = clean_site
    faulty = tmp_path / "faulty"
    shutil.copytree(output, faulty)
    expected = seed_faults(faulty)
    faulty_settings = tmp_path / "faulty-settings.py"
    # The seeded scripts themselves weigh something: the JS budget makes room.
    faulty_settings.write_text(SETTINGS + 'SEGSITE_CHECK = {"budgets": {"js_bytes": 6600}}\n')
    report = run_check(faulty, faulty_settings, tmp_path / "faulty-report")
    assert report["checks"] > 400
    reported = {(f["page"], f["check"]) for f in report["failures"]}
    assert reported == expected, {
        "missed": sorted(expected - reported),
        "unexpected": sorted(reported - expected),
    }
    # The section changed on one segment page was judged with that page's
    # body swapped into its generic page's tab (segsite/check/views.py).
    swapped = [
        r
        for r in report["results"]
        if (r["page"], r["check"]) == ("/en/for/returning/", "accessibility")
        and r["outcome"] == "failed"
    ]
    assert swapped and all("the load of /en/:" in r.get("reuses", "") for r in swapped), swapped
    # The same run left repeated blocks of <main> out of axe on other pages.
    reuses = " ".join(r.get("reuses", "") for r in report["results"])
    assert re.search(r"section#[^;]*\.info-section \(main block [^;]* axe of /en/", reuses), reuses[
        :2000
    ]
    # And pages whose every part and frame were judged on earlier pages:
    # axe did not run there at all.
    assert "rest of the page axe of /" in reuses, reuses[:2000]
    page = (tmp_path / "faulty-report/index.html").read_text(encoding="utf-8")
    assert "/en/about/" in page and "shots/en_about-360.jpg" in page
    # A segment's own page is pictured when one of its checks failed, not otherwise.
    shots = {shot.name for shot in (tmp_path / "faulty-report/shots").iterdir()}
    assert {"en_for_partner-360.jpg", "en_for_partner-1366.jpg"} <= shots
    assert "en_offer_for_partner-360.jpg" not in shots
    assert "en_offer-360.jpg" in shots
    shot = browser.new_page(viewport={"width": 1000, "height": 700})
    shot.goto((tmp_path / "faulty-report/index.html").as_uri())
    readme_screenshot(shot, "check-report.png")
    shot.close()
