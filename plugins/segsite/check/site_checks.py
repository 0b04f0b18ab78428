"""Checks across pages: one look and one frame (header, navigation, footer)
everywhere, no physical CSS, and the right variant for each segment."""

from __future__ import annotations

import re
from pathlib import Path

from segsite.check.findings import note_reuse, require

PHYSICAL_CSS = re.compile(
    # Physical properties (margin-left, border-right-width, left: ...) and
    # physical values (float: left, text-align: right): right to left breaks them.
    r"(?<![\w-])(?:(?:margin|padding|border)-(?:left|right)(?:-[a-z]+)?|left|right)\s*:"
    r"|(?<![\w-])(?:float|clear|text-align)\s*:\s*(?:left|right)\b"
)


def physical_properties(css: Path) -> list[str]:
    found = []
    for number, line in enumerate(css.read_text(encoding="utf-8").split("\n"), 1):
        for match in PHYSICAL_CSS.finditer(line):
            found.append(f"line {number}: {match.group(0).strip()}")
    return found


def check_same_header_and_footer(notes, site, visits, page_path, viewport):
    reference_path = site.home_of(site.language_of(page_path))
    if page_path == reference_path:
        return
    mine, theirs = site.facts(page_path), site.facts(reference_path)
    if mine.dir != theirs.dir:
        return  # a page in the wrong direction is the lang-and-dir check's finding
    differences = []
    for part in ("nav", "footer"):
        if getattr(mine, part) != getattr(theirs, part):
            differences.append(f"{part} links differ from {reference_path}")
    if mine.switcher != theirs.switcher:
        differences.append(f"language switcher differs from {reference_path}")
    page, reference = visits(page_path, viewport), visits(reference_path, viewport)
    note_reuse(notes, page, "pixels")
    for part in ("header", "footer"):
        if page.chrome.get(part) != reference.chrome.get(part):
            differences.append(f"{part} pixels differ from {reference_path}")
    require(
        "same header and footer",
        differences,
        "use the theme's header and footer partials unchanged",
    )


def check_same_brand_styles(site, visits, page_path, viewport):
    reference_path = site.home_of(site.settings["languages"][0])
    if page_path == reference_path:
        return
    page, reference = (
        visits(page_path, viewport).facts["brand"],
        visits(reference_path, viewport).facts["brand"],
    )
    differences = []
    for part, styles in reference.items():
        mine = page.get(part)
        if styles is None or mine is None:
            continue
        for prop, value in styles.items():
            if mine.get(prop) != value:
                differences.append(
                    f"{part} {prop} is {mine.get(prop)}, {value} on {reference_path}"
                )
    require(
        "same brand styles",
        differences,
        "use the brand's custom properties (SEGSITE_BRAND), not local styles",
    )


def check_logical_css_only(stylesheet):
    require(
        "physical CSS",
        physical_properties(stylesheet),
        "use logical properties: margin-inline-start, inset-inline-end, text-align: start",
    )


def check_right_variant_for_each_segment(site, visitor, visits, chosen_variant, landing_segment):
    generic, segment = landing_segment
    viewport = site.settings["viewports"][0]
    expected = visits(f"{generic}for/{segment}/", viewport).facts
    facts = chosen_variant(generic, segment, viewport)
    if facts["shifts"]:
        # As in the layout-shift check: a page's own shift comes back on a
        # second load; one that does not was the machine's timing under load.
        again = visitor.load(f"{generic}?segment={segment}", viewport)
        facts["shifts"] = min(facts["shifts"], again.shifts)
    wrong = []
    if facts["segment"] != segment:
        wrong.append(f"html data-segment is {facts['segment']}")
    for key in ("banner", "sections", "ctaText"):
        mine = facts[key]
        if mine != expected[key]:
            wrong.append(f"{key} is {mine}, the segment page shows {expected[key]}")
    flashes = [frame for frame in facts["frames"] or [] if frame != (expected["banner"] or "-")]
    if flashes:
        wrong.append(f"first frames showed {flashes[0]} before {expected['banner']}")
    if facts["shifts"]:
        wrong.append(f"layout shift {facts['shifts']:.4f} while choosing the variant")
    require("right variant", wrong, "list the segment in the data-variant of its own blocks only")
