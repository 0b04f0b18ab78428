"""Checks of each page (docs/contract.md, The check pass). A failure names the page, the
viewport, the check, the element and what to change."""

from __future__ import annotations

from segsite.check.findings import note_reuse, require
from segsite.check.site import page_weight


def first_viewport(site):
    return site.settings["viewports"][0]


# --- what the HTML alone tells (html_facts.py): no browser ----------------------


def check_landmarks(site, page_path):
    missing = [name for name, present in site.facts(page_path).landmarks.items() if not present]
    require(
        "landmarks",
        [f"no <{name}>" for name in missing],
        "keep the theme's header, nav, main and footer",
    )


def check_one_h1(site, page_path):
    h1s = [element for level, element in site.facts(page_path).headings if level == 1]
    require(
        "one h1",
        [] if len(h1s) == 1 else [f"{len(h1s)} h1: {', '.join(h1s) or 'none'}"],
        "give the page exactly one top-level heading (its title); use ## in Markdown",
    )


def check_heading_levels(site, page_path):
    skipped, previous = [], 0
    for level, element in site.facts(page_path).headings:
        if previous and level > previous + 1:
            skipped.append(f"h{previous} then h{level}: {element}")
        previous = level
    require("heading levels", skipped, "do not skip heading levels (## after #, ### after ##)")


def check_lang_and_dir(site, page_path):
    facts = site.facts(page_path)
    lang = site.language_of(page_path)
    direction = "rtl" if lang in site.settings["rtl_languages"] else "ltr"
    wrong = []
    if facts.lang != lang:
        wrong.append(f'<html lang="{facts.lang}">, expected "{lang}"')
    if facts.dir != direction:
        wrong.append(f'<html dir="{facts.dir}">, expected "{direction}"')
    require("lang and dir", wrong, "set <html lang dir> from the page's language")


def check_images_have_size(site, page_path):
    images = site.facts(page_path).images
    require(
        "image size",
        [i["el"] for i in images if not i["sized"]],
        "give every <img> width and height attributes",
    )


def check_links_images_and_fragments(site, page_path):
    require(
        "broken links",
        site.broken_references(page_path),
        "point the link at a page or id that exists",
    )


def check_form_fields_labelled(site, page_path):
    require(
        "form fields labelled",
        [f"no label: {element}" for element in site.facts(page_path).unlabelled],
        "give every field a <label for> (segments.yaml: each field's `label`)",
    )


def check_page_weight(site, page_path):
    total, js = page_weight(site, page_path)
    budgets, over = site.settings["budgets"], []
    if total > budgets["page_bytes"]:
        over.append(f"HTML+CSS+JS {total} bytes, budget {budgets['page_bytes']}")
    if js > budgets["js_bytes"]:
        over.append(f"JS {js} bytes, budget {budgets['js_bytes']}")
    require(
        "page weight",
        over,
        "shorten the page or move content to another page; a generic landing page carries"
        " every segment's banner, sections and CTA, so segments that share them make it lighter"
        " (the edge runtime sends each visitor only theirs); or raise SEGSITE_CHECK['budgets']",
    )


# --- in the browser, at the first viewport --------------------------------------


def require_no_text_found(site, visits, page_path, fact: str, check: str, advice: str) -> None:
    """Fails with the first five texts facts.js lists under ``fact`` at the
    first viewport (the right-to-left text checks)."""
    require(check, visits(page_path, first_viewport(site)).facts[fact][:5], advice)


def check_latin_runs_isolated(site, visits, page_path):
    require_no_text_found(
        site,
        visits,
        page_path,
        "unisolated",
        "isolated Latin runs",
        'wrap Latin text in right-to-left pages in <span dir="ltr">',
    )


def check_one_digit_system(site, visits, page_path):
    systems = visits(page_path, first_viewport(site)).facts["digitSystems"]
    found = (
        [f"{name}: {', '.join(samples[:2])}" for name, samples in systems.items()]
        if len(systems) > 1
        else []
    )
    require("one digit system", found, "write numbers in the page's digit system (SEGSITE_DIGITS)")


def check_no_letter_spacing_on_arabic(site, visits, page_path):
    require_no_text_found(
        site,
        visits,
        page_path,
        "spaced",
        "letter-spacing on Arabic script",
        "remove letter-spacing: it breaks joined letters",
    )


def check_arabic_text_contrast(site, visits, page_path):
    require_no_text_found(
        site,
        visits,
        page_path,
        "lowContrast",
        "Arabic-script contrast",
        "darken the text or lighten its background (4.5:1)",
    )


def check_no_console_errors(site, visits, page_path):
    visit = visits(page_path, first_viewport(site))
    require(
        "console errors",
        visit.console + [f"CSP blocked {c}" for c in visit.csp],
        "fix the script or resource the message names",
    )


def check_no_failed_requests(site, visits, page_path):
    require(
        "failed requests",
        visits(page_path, first_viewport(site)).failed,
        "fix the URL or add the missing file",
    )


def check_no_requests_to_other_hosts(site, visitor, visits, page_path):
    made = visits(page_path, first_viewport(site)).other_hosts
    # And what its HTML would load from another host but the browser did not
    # ask for (a Content-Security-Policy blocked it, a lazy image not shown).
    allowed = {visitor.host, *site.settings["allowed_hosts"]}
    named = [url for url in site.other_host_references(page_path, allowed) if url not in made]
    require(
        "requests to other hosts",
        made + named,
        "serve the file from this site, or add its host to SEGSITE_CHECK['allowed_hosts']",
    )


def check_no_horizontal_scroll_at_320(site, visits, page_path):
    width = site.settings["narrow_width"]
    overflow = visits(page_path, first_viewport(site)).overflow
    require(
        "horizontal scroll",
        [f"scrolls {overflow} px sideways at {width} px"] if overflow > 0 else [],
        "let wide content wrap or scroll inside its own box",
    )


def check_form_error_summary(site, visits, page_path):
    answer = visits(page_path, first_viewport(site)).empty_submit
    if answer is None:
        return  # no form on the page
    problems = []
    if answer["letThrough"]:
        problems.append("an empty form was sent: forms.js did not stop it")
    if not answer["shown"] or not answer["focused"]:
        problems.append("after an empty submit the error summary is not shown and focused")
    problems += [f"a summary link leads nowhere: {href}" for href in answer["broken"]]
    problems += [f"required field '{name}' is not marked invalid" for name in answer["unmarked"]]
    require(
        "form error summary",
        problems,
        "keep the theme's form.html and js/forms.js (the summary, its links and aria-invalid)",
    )


# --- checks at every viewport --------------------------------------------------


def check_accessibility(notes, visits, page_path, viewport):
    visit = visits(page_path, viewport)
    note_reuse(notes, visit, "axe")
    violations = visit.axe
    require(
        "accessibility",
        [f"axe {v['id']}: {v['help']} ({'; '.join(v['nodes'])})" for v in violations],
        "fix each element axe names (WCAG 2.2 A/AA)",
    )


def check_banner_and_cta_above_the_fold(visits, page_path, viewport):
    facts = visits(page_path, viewport).facts
    if not facts["isLanding"]:
        return
    width, height = facts["viewport"]["w"], facts["viewport"]["h"]
    outside = []
    for part in ("headline", "primary"):
        box = facts[part]
        if box is None:
            outside.append(f"no visible banner {'headline' if part == 'headline' else 'CTA'}")
        elif (
            box["y"] < 0
            or box["x"] < 0
            or box["y"] + box["h"] > height
            or box["x"] + box["w"] > width
        ):
            outside.append(
                f"{box['el']} ends at {box['y'] + box['h']:.0f} px, the viewport at {height} px"
            )
    require(
        "banner and CTA above the fold",
        outside,
        "shorten the headline or what stands above the banner",
    )


def check_target_sizes(site, visits, page_path, viewport):
    facts = visits(page_path, viewport).facts
    cta_min, target_min = site.settings["cta_min"], site.settings["target_min"]
    small = [
        f"{c['el']} is {c['w']:.0f}x{c['h']:.0f}, under {cta_min}x{cta_min}"
        for c in facts["ctas"]
        if c["w"] < cta_min or c["h"] < cta_min
    ]
    small += [
        f"{t['el']} is {t['w']:.0f}x{t['h']:.0f}, under {target_min}x{target_min}"
        for t in facts["targets"]
        if t["w"] < target_min or t["h"] < target_min
    ]
    require(
        "target size",
        small[:5],
        "make calls to action at least 44x44 and other targets 24x24 CSS px",
    )


def check_no_layout_shift(visitor, visits, page_path, viewport):
    shift = visits(page_path, viewport).shifts
    if shift > 0:
        # A page's own shift (an image without a size, content put above what
        # is shown) comes back on every load; one that does not was the
        # machine's timing under load (seen once: 0.0009 with two check passes
        # and a Worker sharing two cores). Load it once more to tell them apart.
        shift = min(shift, visitor.load(page_path, viewport).shifts)
    require(
        "layout shift",
        [f"cumulative layout shift {shift:.4f}"] if shift > 0 else [],
        "give images their size and do not insert content above what is shown",
    )
