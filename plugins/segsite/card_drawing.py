"""Drawing the social cards (cards.py) in Chromium, each card once.

A drawn card is kept in a cache folder under its hash, which covers
everything it shows: an unchanged card is never drawn again, and a publish
whose cards are all there needs no browser. The cache sits beside the output
folder (``.output.cards`` beside ``output/``, which survives every build's
swap of the output folder), or where ``SEGSITE_CARD_CACHE`` says; deleting
it draws every card again (after a new Chromium or new fonts, say).

Cards are drawn before Pelican writes anything (generator.py), so a missing
browser stops a publish with its output untouched.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import shutil
import tempfile
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .cards import CARD_HEIGHT, CARD_WIDTH, Card, CardPlan, plan_cards
from .problems import ProblemLog, SiteInvalid
from .site import Site

logger = logging.getLogger(__name__)
CACHE_ENV = "SEGSITE_CARD_CACHE"
# What segsite build calls the folder it builds into (cli.build): the cache
# is named after the output folder it stands beside.
STAGING = (".", ".building")
INSTALL = (
    "pip install 'segsite[check]' and run `playwright install chromium` (or name a Chromium"
    " in SEGSITE_CHROMIUM), or set SEGSITE_CARDS = False to publish without cards"
)


class BrowserMissing(Exception):
    """Chromium could not be started to draw the cards."""


@dataclass(frozen=True)
class DrawnCards:
    """A site's cards, every one in ``cache``."""

    plan: CardPlan
    cache: Path

    def write(self, output: Path) -> int:
        """Copy every card into the site (``cards/<hash>.png``)."""
        for card in self.plan.cards.values():
            target = output / card.path
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(cached(self.cache, card), target)
        return len(self.plan.cards)


def cache_folder(output: Path) -> Path:
    """``.NAME.cards`` beside the output folder NAME (also when the build
    writes into its staging folder ``.NAME.building``)."""
    named = os.environ.get(CACHE_ENV)
    if named:
        return Path(named).resolve()
    output = output.resolve()
    name = output.name
    if name.startswith(STAGING[0]) and name.endswith(STAGING[1]):
        name = name[len(STAGING[0]) : -len(STAGING[1])]
    return output.parent / f".{name}.cards"


def cached(cache: Path, card: Card) -> Path:
    return cache / f"{card.digest}.png"


def prepare_cards(site: Site, settings: dict) -> DrawnCards | None:
    """For a publish (``SEGSITE_PUBLISH``, unless ``SEGSITE_CARDS`` is
    False): every card planned and drawn into the cache. Raises SiteInvalid
    when cards must be drawn and Chromium cannot be started."""
    if not settings.get("SEGSITE_PUBLISH") or not settings.get("SEGSITE_CARDS", True):
        return None
    plan = plan_cards(site, settings)
    cache = cache_folder(Path(settings["OUTPUT_PATH"]))
    try:
        drawn = draw_missing(plan.cards.values(), cache)
    except BrowserMissing as error:
        log = ProblemLog(site.root)
        log.error(
            site.config.settings_file,
            site.config.setting_lines.get("SEGSITE_PUBLISH", 0),
            f"SEGSITE_PUBLISH draws each landing page's social card in Chromium, and {error}:"
            f" {INSTALL}",
        )
        raise SiteInvalid(log.problems) from error
    logger.info(
        "segsite publish: %d social cards, %d drawn now, %d kept in %s",
        *(len(plan.cards), drawn, len(plan.cards) - drawn, cache),
    )
    return DrawnCards(plan, cache)


def draw_missing(cards: Iterable[Card], cache: Path) -> int:
    """Draw the cards that are not in ``cache`` yet; returns how many."""
    missing = {card.digest: card for card in cards if not cached(cache, card).is_file()}
    if not missing:
        return 0
    if importlib.util.find_spec("playwright") is None:
        raise BrowserMissing("Playwright is not installed")
    # Playwright's sync API refuses a thread with a running event loop (a
    # caller's own Playwright session has one): a thread of its own has none.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(draw, list(missing.values()), cache).result()
    return len(missing)


def draw(cards: list[Card], cache: Path) -> None:
    """Draw ``cards`` into ``cache`` with one Chromium tab that requests
    nothing (a card's image is a data: URL)."""
    from playwright.sync_api import Error, sync_playwright

    from .browser import launch_args

    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(**launch_args(playwright))
        except (Error, RuntimeError) as error:
            raise BrowserMissing(f"Chromium could not be started ({first_line(error)})") from error
        try:
            cache.mkdir(parents=True, exist_ok=True)
            context = browser.new_context(
                viewport={"width": CARD_WIDTH, "height": CARD_HEIGHT}, device_scale_factor=1
            )
            page = context.new_page()
            page.route("**/*", lambda route: route.abort())
            for card in cards:
                page.set_content(card.html, wait_until="load")
                page.evaluate("() => document.fonts.ready.then(() => true)")
                store(cache, card, page.screenshot(type="png"))
        finally:
            browser.close()


def store(cache: Path, card: Card, png: bytes) -> None:
    """Write a drawn card under its hash, whole or not at all (publishes
    running side by side may share the cache)."""
    handle, temporary = tempfile.mkstemp(dir=cache, prefix=".drawing-", suffix=".png")
    with os.fdopen(handle, "wb") as file:
        file.write(png)
    os.replace(temporary, cached(cache, card))


def first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]
