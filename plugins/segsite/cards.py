"""Social cards: a 1200x630 picture per landing page, language and segment
variant (the generic page's is the default variant's), with the headline the
variant shows, the brand's name and colours and the banner's image.

A card is an HTML page (the theme's ``card.html``) that Chromium draws
(card_drawing.py): Arabic and Persian are shaped and ordered by the browser,
with the Latin runs isolated and the digits converted by the same pipeline as
the page's own text, so the card shows what the page shows. Pillow with
libraqm would be a second text engine whose results can differ from the
page's (and it garbles text that was already reshaped).

Planning is pure and needs no browser: a card is named by the hash of its
HTML, which holds everything it shows (texts, colours, the template, the
image's bytes as a data: URL). Segments that see the same headline and
image share one file, and `segsite email` finds the same file by the same
hash.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType, SimpleNamespace
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from .campaign_text import localized, plain
from .kit import apply_kit_defaults, template_folders
from .landing_variants import LandingVariants
from .models import Banner, Landing
from .site import Site
from .urls import UrlScheme
from .variants import Variant

CARD_WIDTH, CARD_HEIGHT = 1200, 630
CARDS_FOLDER = "cards"
CARD_TEMPLATE = "card.html"
DIGEST_LENGTH = 20
# What a banner image may be (content_readers.py checks it exists), as data: URLs.
IMAGE_TYPES = MappingProxyType(
    {
        ".svg": "image/svg+xml",
        ".png": "image/png",
        ".jpg": "image/jpeg",
        ".jpeg": "image/jpeg",
        ".gif": "image/gif",
        ".webp": "image/webp",
        ".avif": "image/avif",
    }
)
# Headline sizes in CSS px by length in characters: short ones large, the
# longest (12 words) still within the card's lines.
FONT_SIZES = ((24, 76), (48, 64), (80, 54))
SMALLEST_FONT = 46


@dataclass(frozen=True)
class Card:
    """One card: its HTML (what Chromium draws) and its text alternative."""

    digest: str
    alt: str
    html: str = field(repr=False, compare=False)

    @property
    def path(self) -> str:
        """Where the card is published, relative to the site root."""
        return f"{CARDS_FOLDER}/{self.digest}.png"


@dataclass(frozen=True)
class CardPlan:
    """Every card of a site. ``variants``: (slug, lang, segment) -> the card
    that segment's page shares (a segment without a page of its own shares
    the generic page's); ``pages``: a page's URL (as its template has it) ->
    its og:image data."""

    cards: dict[str, Card]
    variants: dict[tuple[str, str, str], Card]
    pages: dict[str, dict[str, Any]]


def template_environment(settings: dict) -> Environment:
    """The site's templates (its ``templates/`` overrides first, then the
    kit's theme), as a build finds them, for what is rendered outside a
    Pelican run (cards, e-mails)."""
    kit_settings = dict(settings)
    apply_kit_defaults(SimpleNamespace(settings=kit_settings, theme=kit_settings.get("THEME")))
    return Environment(
        loader=FileSystemLoader([str(folder) for folder in template_folders(kit_settings)]),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )


class CardMaker:
    """Makes the cards of one site (each image read once)."""

    def __init__(self, site: Site, templates: Environment):
        self.site = site
        self.config = site.config
        self.template = templates.get_template(CARD_TEMPLATE)
        self._images: dict[str, str] = {}

    def plan(self) -> CardPlan:
        variants, urls = LandingVariants(self.site), UrlScheme(self.config)
        default = self.site.segments.default
        cards: dict[str, Card] = {}
        by_variant: dict[tuple[str, str, str], Card] = {}
        pages: dict[str, dict[str, Any]] = {}
        for (slug, lang), landing in sorted(self.site.content.landings.items()):
            generic = self.variant_card(landing, variants.variant(landing, default))
            pages[urls.absolute(urls.landing(slug, lang).url)] = self.meta(generic)
            own = variants.variant_segments(landing)
            for segment in self.site.segments.ids:
                card = generic
                if segment in own:
                    card = self.variant_card(landing, variants.variant(landing, segment))
                    pages[urls.absolute(urls.landing(slug, lang, segment).url)] = self.meta(card)
                by_variant[(slug, lang, segment)] = card
                cards[card.digest] = card
        return CardPlan(cards, by_variant, pages)

    def variant_card(self, landing: Landing, variant: Variant) -> Card:
        """The card of what ``variant`` shows: its banner's headline and
        image, or the page's title where it has no banner."""
        return self.card(landing.lang, landing.title, variant.banner)

    def card(self, lang: str, title: str, banner: Banner | None) -> Card:
        headline = banner.headline if banner else title
        shown = localized(headline, lang, self.config)
        image = self.image(banner.image) if banner and banner.image else None
        html = self.template.render(
            lang=lang,
            dir=self.config.direction(lang),
            brand=self.config.brand,
            brand_name=localized(self.config.brand["name"], lang, self.config),
            headline=shown,
            alt=plain(shown, isolate=False),
            font_size=font_size(headline),
            image=image,
            width=CARD_WIDTH,
            height=CARD_HEIGHT,
        )
        digest = hashlib.sha256(html.encode("utf-8")).hexdigest()[:DIGEST_LENGTH]
        return Card(digest, plain(shown, isolate=False), html)

    def meta(self, card: Card) -> dict[str, Any]:
        """What a page's head says of its card."""
        return {
            "url": f"{self.config.siteurl}/{card.path}",
            "width": CARD_WIDTH,
            "height": CARD_HEIGHT,
            "alt": card.alt,
        }

    def image(self, relative: str) -> str:
        """A banner image as a data: URL (the card page loads nothing)."""
        if relative not in self._images:
            path = Path(self.config.content_path) / relative
            kind = IMAGE_TYPES.get(path.suffix.lower(), "application/octet-stream")
            data = base64.b64encode(path.read_bytes()).decode("ascii")
            self._images[relative] = f"data:{kind};base64,{data}"
        return self._images[relative]


def font_size(headline: str) -> int:
    for longest, size in FONT_SIZES:
        if len(headline) <= longest:
            return size
    return SMALLEST_FONT


def plan_cards(site: Site, settings: dict) -> CardPlan:
    return CardMaker(site, template_environment(settings)).plan()
