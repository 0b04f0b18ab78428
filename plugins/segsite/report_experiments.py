"""The report's experiments: for each experiment of segments.yaml, who takes
part, its pages, dates, arms and weights, and a screenshot of each arm (the
first page it runs on, in the default language, for the first segment that
takes part, the arm forced with ``?experiment=ID:ARM``)."""

from __future__ import annotations

import html
from pathlib import Path

from .experiments import Experiment
from .site import Site
from .urls import UrlScheme


def experiment_rows(site: Site) -> list[dict]:
    urls = UrlScheme(site.config)
    lang = site.config.default_language
    slugs = sorted(slug for slug, one in site.content.landings if one == lang)
    rows = []
    for experiment in site.segments.experiments:
        pages = [slug for slug in slugs if experiment.runs_on(slug)]
        segments = [s for s in site.segments.ids if experiment.takes_part(s)]
        total = sum(arm.weight for arm in experiment.arms)
        shown = _shown_on(experiment, pages, segments, urls, lang)
        rows.append(
            {
                "id": experiment.id,
                "segments": list(experiment.segments or ["every segment"]),
                "pages": list(experiment.pages or ["every landing page"]),
                "starts": experiment.starts.isoformat() if experiment.starts else None,
                "ends": experiment.ends.isoformat() if experiment.ends else None,
                "state": _state(experiment, site),
                "arms": [
                    {
                        "id": arm.id,
                        "weight": arm.weight,
                        "share": round(100 * arm.weight / total, 1),
                        "changes": _changes(arm),
                        "url": shown and f"{shown}&experiment={experiment.id}:{arm.id}",
                        "screenshot": shown and f"arms/{experiment.id}-{arm.id}.jpg",
                    }
                    for arm in experiment.arms
                ],
            }
        )
    return rows


def _shown_on(experiment, pages, segments, urls, lang) -> str | None:
    """The page and segment the arms' screenshots show, or None when the
    experiment runs on no page of the default language."""
    if not pages or not segments:
        return None
    return "/" + urls.landing(pages[0], lang).url + f"?segment={segments[0]}"


def _state(experiment: Experiment, site: Site) -> str:
    if experiment.has_ended(site.today):
        return "ended"
    if experiment.starts and experiment.starts > site.today:
        return "not started"
    return "running"


def _changes(arm) -> str:
    changes = [f"banner {arm.banner}"] if arm.banner else []
    if arm.sections:
        changes.append("sections " + ", ".join(arm.sections))
    if arm.cta:
        changes.append(f"CTA ({arm.cta.channel})")
    return "; ".join(changes) or "the page as it stands"


def take_arm_screenshots(page, base: str, rows: list[dict], folder: Path) -> None:
    """Each arm at 360x800 in ``page`` (a Chromium tab of the report's)."""
    for row in rows:
        for arm in row["arms"]:
            if arm["url"] is None:
                continue
            page.goto(base + arm["url"], wait_until="load")
            page.screenshot(path=str(folder / arm["screenshot"]), type="jpeg", quality=60)
            page.evaluate("localStorage.clear(); sessionStorage.clear()")


def experiments_section(rows: list[dict]) -> str:
    e = html.escape
    if not rows:
        return "<h2>Experiments</h2><p>none</p>"
    parts = ["<h2>Experiments</h2>"]
    for row in rows:
        dates = f"{row['starts'] or 'open'} to {row['ends'] or 'open'}"
        arms = "".join(
            f"<tr><td>{e(arm['id'])}</td><td>{e(str(arm['weight']))} ({arm['share']}%)</td>"
            f"<td>{e(arm['changes'])}</td><td>"
            + (
                f'<img class="arm" src="{e(arm["screenshot"])}" width="120" height="267"'
                f' alt="{e(row["id"])}: arm {e(arm["id"])}" loading="lazy">'
                if arm["screenshot"]
                else "no page in the default language"
            )
            + "</td></tr>"
            for arm in row["arms"]
        )
        parts.append(
            f"<h3>{e(row['id'])} ({e(row['state'])})</h3>"
            f"<p>Segments: {e(', '.join(row['segments']))}. Pages: {e(', '.join(row['pages']))}."
            f" Dates: {e(dates)}.</p>"
            f"<table><tr><th>arm</th><th>weight</th><th>shows</th><th>screenshot</th></tr>{arms}"
            "</table>"
        )
    return "".join(parts)
