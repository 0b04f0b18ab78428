"""Campaign e-mails: for a landing page, one ready-to-send e-mail per segment
and language, HTML and plain text, saying what that segment's page says.

Each e-mail holds the banner's headline and line (the variant's banner, or
the one named with ``--banner``), the segment's own offer (the page's
``::: segment`` blocks), one button to the segment's page with
``utm_source=email&utm_medium=email&utm_campaign=<campaign>``, the contact
channels and the unsubscribe placeholder of the team's e-mail service
(``SEGSITE_EMAIL_UNSUBSCRIBE``). Where the banner has a picture, the
e-mail shows the variant's social card (a PNG every mail client shows,
where the banner's file may be an SVG), when the published site has it.

Texts go through the page's own pipeline (campaign_text.py), so an e-mail
shows the page's digits and isolated Latin runs; the templates
(``email/message.html`` and ``.txt``) escape every text.
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from markupsafe import Markup

from .campaign_check import Campaign, EmailProblem, check_campaign, email_strings
from .campaign_text import localized, plain, text_blocks
from .cards import CARD_HEIGHT, CARD_WIDTH, CardMaker, template_environment
from .fields import Cta
from .landing_variants import LandingVariants
from .models import Banner, Landing
from .page_layout import contact_channels
from .site import Site
from .urls import UrlScheme

EMAIL_WIDTH = 600
# Gmail clips a message over 102 KB; stay clear of it.
MAX_BYTES = 100 * 1024
UTM = MappingProxyType({"utm_source": "email", "utm_medium": "email"})


@dataclass(frozen=True)
class CampaignEmail:
    slug: str
    lang: str
    segment: str
    subject: str
    preheader: str
    link: str
    html: str
    text: str

    @property
    def name(self) -> str:
        """Its files' name, without the suffix: like content files, language last."""
        return f"{self.slug}.{self.segment}.{self.lang}"


class EmailWriter:
    """The e-mails of one site; ``siteurl`` is where its links and images
    point (SITEURL, or the report's local server)."""

    def __init__(self, site: Site, settings: dict, siteurl: str | None = None):
        self.site = site
        self.config = site.config
        self.siteurl = (siteurl if siteurl is not None else self.config.siteurl).rstrip("/")
        self.unsubscribe = settings.get("SEGSITE_EMAIL_UNSUBSCRIBE") or "{{unsubscribe}}"
        templates = template_environment(settings)
        self.html_template = templates.get_template("email/message.html")
        self.text_template = templates.get_template("email/message.txt")
        self.variants = LandingVariants(site)
        self.cards = CardMaker(site, templates)
        with_cards = settings.get("SEGSITE_CARDS", True)
        self.published_cards = set(self.cards.plan().cards) if with_cards else set()

    def write(self, campaign: Campaign) -> list[CampaignEmail]:
        """Every e-mail of ``campaign``; raises EmailProblem listing every problem."""
        segments, languages = check_campaign(self.site, campaign)
        problems: list[str] = []
        emails = []
        for lang in languages:
            landing = self.site.content.landings[(campaign.slug, lang)]
            for segment in segments:
                try:
                    emails.append(self.email(landing, segment, campaign))
                except EmailProblem as problem:
                    problems += problem.problems
        for email in emails:
            size = len(email.html.encode("utf-8"))
            if size > MAX_BYTES:
                problems.append(
                    f"the e-mail {email.name}.html is {size:,} bytes, over {MAX_BYTES:,}"
                    " (Gmail clips longer messages): shorten the segment's offer"
                )
        if problems:
            raise EmailProblem(list(dict.fromkeys(problems)))
        return emails

    def email(self, landing: Landing, segment: str, campaign: Campaign) -> CampaignEmail:
        lang = landing.lang
        variant = self.variants.variant(landing, segment)
        banner = variant.banner
        if campaign.banner is not None:
            banner = self.site.content.banners[(campaign.banner, lang)]
        name = campaign.name or (banner.id if banner else landing.slug)
        link = add_query(self.page_url(landing, segment), {**UTM, "utm_campaign": name})
        strings = email_strings(self.config, lang)
        text = lambda value: localized(value, lang, self.config)  # noqa: E731
        headline = text(banner.headline if banner else landing.title)
        # The banner's line; a page without a banner says its description.
        line_html = banner.line_html if banner else str(Markup.escape(landing.description))
        line = [text(block) for block in text_blocks(line_html)]
        offer = [
            text(block)
            for part in variant.body
            if part.segment == segment
            for block in text_blocks(part.html)
        ]
        view = {
            "lang": lang,
            "dir": self.config.direction(lang),
            "align": "right" if self.config.direction(lang) == "rtl" else "left",
            "width": EMAIL_WIDTH,
            "brand": self.config.brand,
            "brand_name": text(self.config.brand["name"]),
            "subject": plain(headline),
            "preheader": line[0] if line else headline,
            "headline": headline,
            "line": line,
            "offer": offer,
            "image": self.image(landing, banner),
            "cta": {"label": text(self.cta_label(banner, variant.cta, segment, lang)), "url": link},
            "contact_title": text(strings["contact_title"]),
            "contact": self.contact(lang, strings, name),
            "reason": text(strings["email_reason"]),
            "unsubscribe": {"label": text(strings["email_unsubscribe"]), "url": self.unsubscribe},
        }
        return CampaignEmail(
            slug=landing.slug,
            lang=lang,
            segment=segment,
            subject=view["subject"],
            preheader=plain(view["preheader"]),
            link=link,
            html=self.html_template.render(view),
            text=self.text_template.render(as_plain(view, isolate=view["dir"] == "rtl")),
        )

    def contact(self, lang: str, strings: dict[str, str], name: str) -> list[dict[str, Any]]:
        """The site's contact channels (as its contact strip shows them); the
        contact form, a page of the site, with the campaign's UTM too."""
        channels = []
        for channel in contact_channels(self.config.contact, strings, lang, self.siteurl):
            url = channel["url"]
            if channel["channel"] == "form":
                url = add_query(url, {**UTM, "utm_campaign": name})
            label = localized(channel["label"], lang, self.config)
            channels.append(
                {**channel, "label": label, "value": isolated(channel["value"]), "url": url}
            )
        return channels

    def page_url(self, landing: Landing, segment: str) -> str:
        """The segment's own page; the generic page for the default segment
        and for a segment the page builds no page for (with ?segment=)."""
        urls = UrlScheme(self.config)
        if segment in self.variants.variant_segments(landing):
            return f"{self.siteurl}/{urls.landing(landing.slug, landing.lang, segment).url}"
        generic = f"{self.siteurl}/{urls.landing(landing.slug, landing.lang).url}"
        if segment == self.site.segments.default:
            return generic
        return add_query(generic, {"segment": segment})

    def cta_label(self, banner: Banner | None, cta: Cta | None, segment: str, lang: str) -> str:
        """The button's text: the banner's own CTA (a banner's CTA serves
        where the banner stands alone), else the variant's CTA when it opens
        a page, else the e-mail's own "See the offer"."""
        if banner is not None and banner.cta is not None and banner.cta.label.get(lang):
            return banner.cta.label.get(lang)
        if cta is not None and cta.channel in ("link", "form"):
            label = cta.label.get(lang)
            if not label:
                raise EmailProblem([self.missing_label(segment, lang)])
            return label
        return email_strings(self.config, lang)["email_cta"]

    def missing_label(self, segment: str, lang: str) -> str:
        """The build's own missing-translation warning for the CTA label the
        e-mail needs, as an error (file:line), or a plain message."""
        ending = f"cta.label has no '{lang}' text"
        for warning in self.site.warnings:
            if warning.message.endswith(ending) and (
                f"'{segment}'" in warning.message or "SEGSITE_DEFAULT_CTA" in warning.message
            ):
                return (
                    f"{warning.file}:{warning.line}: {warning.message}, which the e-mail for"
                    f" '{segment}' in '{lang}' needs"
                )
        return f"missing translation: the CTA of '{segment}' has no '{lang}' label"

    def image(self, landing: Landing, banner: Banner | None) -> dict[str, Any] | None:
        """The banner's picture, as its social card shows it (a PNG every
        mail client shows, where the banner's own file may be an SVG), if
        the site publishes that card. A banner without a picture has none:
        its card would only repeat the headline the e-mail says in text."""
        if banner is None or not banner.image:
            return None
        card = self.cards.card(landing.lang, landing.title, banner)
        if card.digest not in self.published_cards:
            return None
        return {
            "url": f"{self.siteurl}/{card.path}",
            "alt": banner.image_alt,
            "width": EMAIL_WIDTH,
            "height": EMAIL_WIDTH * CARD_HEIGHT // CARD_WIDTH,
        }


def isolated(value: str) -> Markup:
    """A contact address or number: left to right wherever it stands."""
    return Markup('<span dir="ltr">{}</span>').format(value) if value else Markup()


def add_query(url: str, params: dict[str, str]) -> str:
    """``url`` with ``params`` added to its query."""
    parts = urllib.parse.urlsplit(url)
    query = urllib.parse.parse_qsl(parts.query, keep_blank_values=True) + list(params.items())
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


def as_plain(value: Any, isolate: bool) -> Any:
    """The e-mail's data for its plain-text part: markup as text; in right
    to left text, Latin runs kept apart by Unicode isolates (``isolate``)."""
    if isinstance(value, Markup):
        return plain(value, isolate)
    if isinstance(value, dict):
        return {key: as_plain(item, isolate) for key, item in value.items()}
    if isinstance(value, list):
        return [as_plain(item, isolate) for item in value]
    return value
