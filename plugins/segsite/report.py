"""``segsite report``: who sees what. A matrix of landing page by segment by
language (banner, sections, CTA, a thumbnail from Chromium and the social
card), each experiment with a screenshot of each arm, the home page's
campaign e-mails at 600 and 360 px, missing
translations, banner dates, segments that see nothing of their own, and word
counts against their budgets. Written to output-report/ (index.html and
report.json)."""

from __future__ import annotations

import html
import json
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

from .browser import crawler_agent
from .content import BANNER_LINE_WORDS, HEADLINE_WORDS
from .landing_variants import LandingVariants
from .markup import count_words
from .report_campaign import add_cards, card_cell, email_shots, emails_section
from .report_experiments import experiment_rows, experiments_section, take_arm_screenshots
from .site import Site
from .urls import UrlScheme


def matrix(site: Site) -> list[dict]:
    """One entry per landing page, language and segment: what that segment sees."""
    variants, urls = LandingVariants(site), UrlScheme(site.config)
    default = site.segments.default
    rows = []
    for (slug, lang), landing in sorted(site.content.landings.items()):
        own = variants.variant_segments(landing)
        for segment in site.segments.ids:
            if segment == default or segment in own:
                variant = variants.variant(landing, segment)
                url = urls.landing(slug, lang, None if segment == default else segment).url
            else:
                variant = replace(variants.variant(landing, default), segment=segment)
                url = urls.landing(slug, lang).url + f"?segment={segment}"
            rows.append(
                {
                    "slug": slug,
                    "lang": lang,
                    "segment": segment,
                    "own_page": segment in own,
                    "url": "/" + url,
                    "banner": variant.banner.id if variant.banner else None,
                    "headline": variant.banner.headline if variant.banner else None,
                    "sections": [s.id for s in variant.sections],
                    "cta": {"label": variant.cta.label.get(lang), "channel": variant.cta.channel}
                    if variant.cta
                    else None,
                    "blocks": sum(1 for part in variant.body if part.segment == segment),
                    "thumbnail": f"thumbs/{lang}-{slug}-{segment}.jpg",
                }
            )
    return rows


def nothing_specific(site: Site, rows: list[dict]) -> list[str]:
    """Segments that see the default's banner, sections and CTA everywhere."""
    by_default = {(r["slug"], r["lang"]): r for r in rows if r["segment"] == site.segments.default}
    plain = []
    for segment in site.segments.ids:
        if segment == site.segments.default:
            continue
        mine = [r for r in rows if r["segment"] == segment]
        if all(
            (r["banner"], r["sections"], r["cta"])
            == (
                by_default[(r["slug"], r["lang"])]["banner"],
                by_default[(r["slug"], r["lang"])]["sections"],
                by_default[(r["slug"], r["lang"])]["cta"],
            )
            and not r["blocks"]
            for r in mine
        ):
            plain.append(segment)
    return plain


def banner_dates(site: Site) -> list[dict]:
    today, rows = site.today, []
    for (banner_id, lang), banner in sorted(site.content.banners.items()):
        if banner.ends is not None and banner.ends < today:
            state = "ended"
        elif banner.starts is not None and banner.starts > today:
            state = "not started"
        else:
            state = "running"
        rows.append(
            {
                "banner": banner_id,
                "lang": lang,
                "state": state,
                "starts": banner.starts.isoformat() if banner.starts else None,
                "ends": banner.ends.isoformat() if banner.ends else None,
            }
        )
    return rows


def word_counts(site: Site) -> list[dict]:
    budget = site.config.section_words
    rows = [
        {"what": f"section {sid}", "lang": lang, "words": section.words, "budget": budget}
        for (sid, lang), section in sorted(site.content.sections.items())
    ]
    for (bid, lang), banner in sorted(site.content.banners.items()):
        rows.append(
            {
                "what": f"banner {bid} headline",
                "lang": lang,
                "words": len(banner.headline.split()),
                "budget": HEADLINE_WORDS,
            }
        )
        rows.append(
            {
                "what": f"banner {bid} line",
                "lang": lang,
                "words": count_words(banner.line_html),
                "budget": BANNER_LINE_WORDS,
            }
        )
    return rows


def take_thumbnails(browser, base: str, rows: list[dict], folder: Path) -> None:
    """A 360x800 screenshot of what each cell's segment sees, from Chromium
    (the site served at ``base``)."""
    folder.mkdir(parents=True, exist_ok=True)
    # As a crawler: each cell shows its segment's control arm, the page as it
    # stands (the experiments section shows each arm).
    context = browser.new_context(
        viewport={"width": 360, "height": 800}, user_agent=crawler_agent(browser)
    )
    page = context.new_page()
    for row in rows:
        page.goto(base + row["url"], wait_until="load")
        page.screenshot(path=str(folder.parent / row["thumbnail"]), type="jpeg", quality=60)
        # Nothing remembered from this cell in the next (segsite keeps
        # its memory in web storage only; no cookies): as a fresh
        # context, at a fraction of its cost.
        page.evaluate("localStorage.clear(); sessionStorage.clear()")
    context.close()


def take_arm_shots(browser, base: str, experiments: list[dict], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 360, "height": 800})
    take_arm_screenshots(page, base, experiments, folder.parent)
    page.close()


def write_report(site: Site, site_root: Path, out: Path, settings: dict) -> dict:
    """``site_root``: the site as built (the thumbnails are taken there);
    ``settings``: its settings (where the cards are kept, its templates)."""
    from playwright.sync_api import sync_playwright

    from .browser import launch_args
    from .static_server import start_server, stop_server

    rows = matrix(site)
    experiments = experiment_rows(site)
    staging = Path(tempfile.mkdtemp(prefix=".report-", dir=out.parent))
    try:
        add_cards(site, settings, rows, site_root, staging)
        base, server = start_server(site_root)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(**launch_args(playwright))
                take_thumbnails(browser, base, rows, staging / "thumbs")
                take_arm_shots(browser, base, experiments, staging / "arms")
                emails = email_shots(browser, base, site, settings, staging)
                browser.close()
        finally:
            stop_server(server)
        data = {
            "date": site.today.isoformat(),
            "matrix": rows,
            "missing_translations": [
                str(w) for w in site.warnings if "missing translation" in w.message
            ],
            "banners": banner_dates(site),
            "nothing_specific": nothing_specific(site, rows),
            "word_counts": word_counts(site),
            "emails": emails,
            "experiments": experiments,
        }
        (staging / "report.json").write_text(
            json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        (staging / "index.html").write_text(render(site, data), encoding="utf-8")
        shutil.rmtree(out, ignore_errors=True)
        staging.rename(out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return data


def render(site: Site, data: dict) -> str:
    e = html.escape
    parts = []
    landings = sorted({(r["slug"]) for r in data["matrix"]})
    for slug in landings:
        langs = [
            lang
            for lang in site.config.languages
            if any(r["slug"] == slug and r["lang"] == lang for r in data["matrix"])
        ]
        header = "".join(f"<th scope=col>{e(lang)}</th>" for lang in langs)
        body = []
        for segment in site.segments.ids:
            cells = []
            for lang in langs:
                row = next(
                    (
                        r
                        for r in data["matrix"]
                        if (r["slug"], r["lang"], r["segment"]) == (slug, lang, segment)
                    ),
                    None,
                )
                if row is None:
                    cells.append("<td>missing</td>")
                    continue
                cta = (
                    f"{e(row['cta']['label'] or '')} ({e(row['cta']['channel'])})"
                    if row["cta"]
                    else "none"
                )
                cells.append(
                    f'<td><a href="{e(row["thumbnail"])}"><img class="thumb" src="{e(row["thumbnail"])}" width="120" height="267"'
                    f' alt="{e(slug)} for {e(segment)} in {e(lang)}" loading="lazy"></a>'
                    f"<dl><dt>banner</dt><dd>{e(row['banner'] or 'none')}</dd>"
                    f"<dt>sections</dt><dd>{e(', '.join(row['sections']) or 'none')}</dd>"
                    f"<dt>CTA</dt><dd>{cta}</dd>"
                    f"<dt>page</dt><dd>{'own page' if row['own_page'] else 'generic page'}</dd></dl>"
                    f"{card_cell(row)}</td>"
                )
            body.append(f"<tr><th scope=row>{e(segment)}</th>{''.join(cells)}</tr>")
        parts.append(f"<h2>{e(slug)}</h2><table><tr><th></th>{header}</tr>{''.join(body)}</table>")
    items = lambda values: "".join(f"<li>{e(v)}</li>" for v in values) or "<li>none</li>"  # noqa: E731
    banners = "".join(
        f"<tr><td>{e(b['banner'])}</td><td>{e(b['lang'])}</td><td>{e(b['state'])}</td>"
        f"<td>{e(b['starts'] or '')}</td><td>{e(b['ends'] or '')}</td></tr>"
        for b in data["banners"]
    )
    words = "".join(
        f"<tr{' class=over' if w['words'] > w['budget'] else ''}><td>{e(w['what'])}</td><td>{e(w['lang'])}</td>"
        f"<td>{w['words']}</td><td>{w['budget']}</td></tr>"
        for w in data["word_counts"]
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Who sees what</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 1rem; color: #1f2937; }}
table {{ border-collapse: collapse; margin-block-end: 2rem; }}
th, td {{ border: 1px solid #ddd; padding: 0.4rem; vertical-align: top; text-align: start; }}
dl {{ margin: 0.25rem 0 0; font-size: 0.8rem; }} dt {{ font-weight: 700; }} dd {{ margin: 0 0 0.2rem; }}
img {{ border: 1px solid #ccc; }} tr.over td {{ background: #fee2e2; }}
</style></head><body>
<h1>Who sees what, on {e(data["date"])}</h1>
<p>Each cell: what that segment sees on that page in that language, with a screenshot at 360 px
and the social card its page shares.</p>
{"".join(parts)}
{experiments_section(data["experiments"])}
{emails_section(site, data)}
<h2>Missing translations</h2><ul>{items(data["missing_translations"])}</ul>
<h2>Segments that see nothing of their own</h2><ul>{items(data["nothing_specific"])}</ul>
<h2>Banners by date</h2>
<table><tr><th>banner</th><th>language</th><th>state</th><th>starts</th><th>ends</th></tr>{banners}</table>
<h2>Word counts</h2>
<table><tr><th>what</th><th>language</th><th>words</th><th>budget</th></tr>{words}</table>
</body></html>
"""
