"""What `segsite report` shows of the campaign assets: each cell's social
card (drawn as `segsite publish` draws it, from the same cache), and the
home page's campaign e-mail per segment and language, as Chromium shows it
600 and 360 px wide."""

from __future__ import annotations

import html
import shutil
from pathlib import Path

from .campaign_email import Campaign, EmailProblem, EmailWriter
from .card_drawing import BrowserMissing, cache_folder, cached, draw_missing
from .cards import CARD_HEIGHT, CARD_WIDTH, plan_cards
from .site import Site

EMAIL_WIDTHS = (600, 360)


def add_cards(site: Site, settings: dict, rows: list[dict], site_root: Path, staging: Path) -> None:
    """Each row's card into the report (``card``), and every card into the
    built site, where the e-mails' images point; none where the site
    publishes none (``SEGSITE_CARDS = False``)."""
    if not settings.get("SEGSITE_CARDS", True):
        for row in rows:
            row["card"] = None
        return
    plan = plan_cards(site, settings)
    cache = cache_folder(Path(settings["OUTPUT_PATH"]))
    try:
        draw_missing(plan.cards.values(), cache)
    except BrowserMissing as error:
        raise RuntimeError(f"segsite report draws the social cards in Chromium: {error}") from error
    for card in plan.cards.values():
        for folder in (site_root, staging):
            target = folder / card.path
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(cached(cache, card), target)
    for row in rows:
        row["card"] = plan.variants[(row["slug"], row["lang"], row["segment"])].path


def email_shots(browser, base: str, site: Site, settings: dict, staging: Path) -> dict:
    """The home page's e-mails, each screenshot at 600 and 360 px, their
    images from the built site served at ``base``; or the problems that
    stop them."""
    try:
        emails = EmailWriter(site, settings, siteurl=base).write(Campaign(site.config.home_slug))
    except EmailProblem as problem:
        return {"page": site.config.home_slug, "emails": [], "problems": problem.problems}
    (staging / "emails").mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": EMAIL_WIDTHS[0], "height": 800})
    shots = []
    for email in emails:
        page.set_viewport_size({"width": EMAIL_WIDTHS[0], "height": 800})
        page.set_content(email.html, wait_until="load")
        files = {}
        for width in EMAIL_WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            files[str(width)] = f"emails/{email.name}-{width}.jpg"
            page.screenshot(path=str(staging / files[str(width)]), full_page=True, quality=70)
        shots.append({"segment": email.segment, "lang": email.lang, "shots": files})
    page.close()
    return {"page": site.config.home_slug, "emails": shots, "problems": []}


def card_cell(row: dict) -> str:
    """A cell's card, small, linked to its full size."""
    e = html.escape
    if row["card"] is None:
        return "<p>no social card (SEGSITE_CARDS = False)</p>"
    alt = f"social card of {row['slug']} for {row['segment']} in {row['lang']}"
    return (
        f'<a href="{e(row["card"])}"><img class="card" src="{e(row["card"])}"'
        f' width="{CARD_WIDTH // 5}" height="{CARD_HEIGHT // 5}" alt="{e(alt)}" loading="lazy"></a>'
    )


def emails_section(site: Site, data: dict) -> str:
    """The e-mails' table: a row per segment, a column per language."""
    e = html.escape
    emails = data["emails"]
    title = f"<h2>Campaign e-mails of {e(emails['page'])} (segsite email)</h2>"
    if emails["problems"]:
        items = "".join(f"<li>{e(p)}</li>" for p in emails["problems"])
        return f"{title}<p>No e-mail could be written:</p><ul>{items}</ul>"
    langs = [
        lang for lang in site.config.languages if any(m["lang"] == lang for m in emails["emails"])
    ]
    head = "".join(f"<th scope=col>{e(lang)}</th>" for lang in langs)
    body = []
    for segment in site.segments.ids:
        cells = []
        for lang in langs:
            shot = next(
                (m for m in emails["emails"] if (m["segment"], m["lang"]) == (segment, lang)), None
            )
            if shot is None:
                cells.append("<td>none</td>")
                continue
            images = "".join(
                f'<a href="{e(path)}"><img class="email" src="{e(path)}" width="{int(width) // 3}"'
                f' alt="the e-mail for {e(segment)} in {e(lang)}, {e(width)} px wide"'
                ' loading="lazy"></a>'
                for width, path in shot["shots"].items()
            )
            cells.append(f"<td>{images}</td>")
        body.append(f"<tr><th scope=row>{e(segment)}</th>{''.join(cells)}</tr>")
    return (
        f"{title}<p>Each e-mail as Chromium shows it 600 and 360 px wide.</p>"
        f"<table><tr><th></th>{head}</tr>{''.join(body)}</table>"
    )
