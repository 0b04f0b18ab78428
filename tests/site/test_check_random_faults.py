"""Faults written into randomly chosen pages of the benchmark's small shape
(3,154 pages: 50 landing pages in three languages, each with 20 segment
pages), one per check, generic and segment pages alike, are each reported
by page, and nothing else is: the same proof as the seeded-fault test, on
pages nobody picked by hand, among pages that repeat most of their parts.

A whole pass over the small shape takes most of an hour here, so the pass
covers a sample: the faulty pages, each language's home page (which checks
compare with; a landing page with most sections, whose parts the pages
after it re-use where alike) and the variant's generic and own page. The
rest are left out through the pass's `skip` setting. The choice is
pseudo-random with a fixed seed, so CI is deterministic;
SEGSITE_FAULT_SEED=N draws other pages."""

from __future__ import annotations

import os
import random
import re
import shutil
from pathlib import Path

import pytest

from tests.bench.run import segsite_build, write_settings
from tests.bench.synthetic import SHAPES, write_site
from tests.site.test_check_pass import FAULTS, add_to_main, edit, link_css, run_check

# Measures frames and layout shifts: runs after the background check pass.
pytestmark = [pytest.mark.browser, pytest.mark.quiet_cores]

SEED = int(os.environ.get("SEGSITE_FAULT_SEED", "2026"))


def all_pages(output: Path) -> list[str]:
    return sorted(
        "/" + file.relative_to(output).as_posix().removesuffix("index.html")
        for file in output.rglob("index.html")
    )


def is_rtl(page: str) -> bool:
    return page.startswith(("/ar/", "/fa/"))


def has_banner(page: str) -> bool:
    return re.fullmatch(r"/(en|ar|fa)/(landing-\d+/)?(for/[a-z0-9-]+/)?", page) is not None


# Each fault: the checks it fails, which pages it can go on, and how it is
# written there. Some faults fail two checks by nature (a field without a
# label is also axe's; a missing image is a broken link and a failed request).
def accessibility(site: Path, page: str) -> None:
    add_to_main(site, page, '<p><img src="/theme/favicon.svg" width="40" height="20"></p>')
    add_to_main(site, page, '<div class="lead-form"><input type="text" name="nick"></div>')


def right_variant(site: Path, page: str) -> str:
    """Takes a segment off its banner on the generic page ``page``: the
    generic page opened with ?segment= no longer shows that segment's banner."""
    text = (site / page.strip("/") / "index.html").read_text(encoding="utf-8")
    marker = re.search(r'<div class="banner-variant" data-variant="([^"]*segment-[^"]*)"', text)
    segment = next(s for s in marker[1].split() if s.startswith("segment-"))
    edit(site, page, marker[0], marker[0].replace(f" {segment}", "").replace(segment, "nobody"))
    return segment


def adds(html: str, styled: bool = False):
    """A writer that puts ``html`` at the end of the page's <main> (``styled``:
    and links the faults' stylesheet)."""

    def write(site: Path, page: str) -> None:
        if styled:
            link_css(site, page)
        add_to_main(site, page, html)

    return write


def replaces(old: str, new: str, styled: bool = False):
    """A writer that replaces the first ``old`` of the page with ``new``."""

    def write(site: Path, page: str) -> None:
        if styled:
            link_css(site, page)
        edit(site, page, old, new)

    return write


def loads(script: str, defer: str = ""):
    """A writer that loads one of the faults' scripts in the page's <head>."""
    return replaces("</head>", f'<script src="/theme/js/{script}"{defer}></script>\n</head>')


def requests_another_host(site: Path, page: str) -> None:
    edit(site, page, '<meta http-equiv="Content-Security-Policy"', '<meta name="was-csp"')
    add_to_main(site, page, '<img src="http://localhost:9/pixel.png" alt="" width="1" height="1">')


SIMPLE_FAULTS = [
    # (checks, where, write)
    (("accessibility", "form_fields_labelled"), "any", accessibility),
    (
        ("form_error_summary",),
        "ltr",
        adds(
            '<form data-form="bare" action="/"><div data-error-summary hidden></div>'
            '<button class="cta">Send</button></form>'
        ),
    ),
    (("one_h1",), "ltr", adds("<h1>Another title</h1>")),
    (("heading_levels",), "ltr", adds("<h2>Notes</h2><h4>A skipped level</h4>")),
    (("lang_and_dir",), "rtl", replaces('dir="rtl"', 'dir="ltr"')),
    (
        ("banner_and_cta_above_the_fold",),
        "banner",
        replaces(
            '<section class="banner"', '<div class="tall"></div><section class="banner"', True
        ),
    ),
    (("target_sizes",), "banner", replaces('class="cta ', 'class="tiny cta ', True)),
    (
        ("same_header_and_footer",),
        "ltr",
        replaces('<p class="copyright">', '<p class="copyright">Old · '),
    ),
    (
        ("links_images_and_fragments",),
        "ltr",
        adds('<p>See <a href="/en/nowhere/">the old page</a> for more.</p>'),
    ),
    (("no_horizontal_scroll_at_320",), "any", adds('<div class="wide"></div>', True)),
    (("latin_runs_isolated",), "rtl", adds("<p>متن با Brand در میان.</p>")),
    (("no_letter_spacing_on_arabic",), "rtl", adds('<p class="spaced">نص متباعد الحروف</p>', True)),
    (("one_digit_system",), "rtl", adds("<p>عدد ۱۲ و ١٣ با هم.</p>")),
    (("no_console_errors",), "any", loads("fault-console.js")),
    (("no_requests_to_other_hosts",), "any", requests_another_host),
    (("page_weight",), "any", adds("<!--" + "x" * 70_000 + "-->")),
    (("no_layout_shift",), "any", loads("fault-shift.js", " defer")),
    (
        ("links_images_and_fragments", "no_failed_requests"),
        "any",
        adds('<p><img src="/images/missing.png" alt="x" width="10" height="10"></p>'),
    ),
]


def fits(page: str, where: str) -> bool:
    return {
        "any": page != "/",
        "rtl": is_rtl(page),
        "banner": has_banner(page),
        # Latin text on a right-to-left page would fail the isolated-runs check too.
        "ltr": page != "/" and not is_rtl(page),
    }[where]


def seed_random_faults(site: Path, rng: random.Random) -> tuple[set[tuple[str, str]], set[str]]:
    """One fault per check on pages drawn from ``rng``, none twice; returns
    the (page, check) pairs expected and the pages the pass must cover."""
    for name in ("faults.css", "rtl-fault.css"):
        shutil.copy(FAULTS / name, site / "theme/css" / name)
    for name in ("fault-console.js", "fault-shift.js"):
        shutil.copy(FAULTS / name, site / "theme/js" / name)
    pages = all_pages(site)
    homes = {"/", "/en/", "/ar/", "/fa/"}
    expected, taken = {("/theme/css/rtl-fault.css", "logical_css_only")}, set(homes)
    covered = set(homes)
    generics = [p for p in pages if re.fullmatch(r"/(en|ar|fa)/landing-\d+/", p)]
    generic = rng.choice(generics)
    segment = right_variant(site, generic)
    expected.add((f"{generic}?segment={segment}", "right_variant_for_each_segment"))
    taken |= {generic, f"{generic}for/{segment}/"}
    covered |= {generic, f"{generic}for/{segment}/"}
    for checks, where, write in SIMPLE_FAULTS:
        page = rng.choice([p for p in pages if p not in taken and fits(p, where)])
        taken.add(page)
        write(site, page)
        expected |= {(page, check) for check in checks}
        covered.add(page)
    return expected, covered


def test_faults_in_random_pages_of_the_small_shape_are_each_reported(tmp_path):
    work = tmp_path / "small"
    write_site(work, SHAPES["small"])
    settings = write_settings(work)
    segsite_build(work, 2)
    site = work / "output"
    # The landing pages, their segment pages and the chooser, and an about page per language.
    assert len(all_pages(site)) == SHAPES["small"].output_pages + 3 == 3154
    expected, covered = seed_random_faults(site, random.Random(SEED))
    skipped = {page: "not in this sample" for page in all_pages(site) if page not in covered}
    with settings.open("a", encoding="utf-8") as file:
        # The seeded scripts weigh something: the JS budget makes room.
        # One viewport: each check's fault shows at the phone's width; the
        # second viewport's checks are the seeded-fault test's (and the demo's).
        file.write(
            f'SEGSITE_CHECK = {{"skip": {skipped!r}, "budgets": {{"js_bytes": 6600}},'
            ' "viewports": [(360, 800)]}\n'
        )
    report = run_check(site, settings, tmp_path / "report")
    assert report["owned"]["pages"] == len(covered), report["owned"]
    reported = {(f["page"], f["check"]) for f in report["failures"]}
    assert reported == expected, {
        "seed": SEED,
        "missed": sorted(expected - reported),
        "unexpected": sorted(reported - expected),
    }
