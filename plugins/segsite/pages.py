"""The list of pages to write, each with the data its template shows.

Everything a template needs is decided here (which variant, which links, which
texts), so templates stay loops and conditionals over prepared data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

from .i18n import LANGUAGE_NAMES, strings_for
from .landing_view import LandingView, body_parts
from .models import Banner, Landing, PlainPage
from .rtl import digit_system_for, format_date, format_number
from .rules import browser_rules
from .site import Site
from .urls import Location, UrlScheme
from .variants import Variant, resolve_variant


class PlannedPage:
    """One HTML file: its template, where it goes and what it shows.

    The template data is made on first use of ``context``: the render worker
    that writes a segment page makes its data, so planning runs on every
    core too. ``canonical``: the page is its own canonical URL (sitemap)."""

    def __init__(
        self,
        template: str,
        location: Location,
        lang: str,
        make_context: Callable[[], dict[str, Any]],
        canonical: bool = True,
        landing_key: tuple[str, str] | None = None,
    ):
        self.template = template
        self.location = location
        self.lang = lang
        self.canonical = canonical
        # (slug, lang) of the landing page this page shows (render_cache.py).
        self.landing_key = landing_key
        self._make_context: Callable[[], dict[str, Any]] | None = make_context
        self._context: dict[str, Any] | None = None

    @property
    def context(self) -> dict[str, Any]:
        if self._context is None:
            self._context = self._make_context()
            self._make_context = None
        return self._context


class SitePlanner:
    """Plans every page of one build from the checked Site."""

    def __init__(self, site: Site):
        self.site = site
        self.config = site.config
        self.urls = UrlScheme(site.config)
        self.default_segment = site.segments.default
        self._variants: dict[tuple[str, str, str], Variant] = {}
        self._rules_by_language: dict[str, Markup] = {}
        self._layout_by_language: dict[str, dict[str, Any]] = {}
        self._menus: dict[tuple[str, tuple[str, ...]], list[tuple[str, str, str]]] = {}
        self._own_pages: dict[tuple[str, str], tuple[str, ...]] = {}
        # (segment, position) pairs that a generic landing page orders its
        # sections by, per (slug, lang); the stylesheet gets one rule for each.
        self.section_orders: dict[tuple[str, str], set[tuple[str, int]]] = {}

    # --- which pages exist -------------------------------------------------

    def variant_segments(self, landing: Landing) -> tuple[str, ...]:
        """Segments that get their own /for/<segment>/ page (never the default)."""
        key = (landing.slug, landing.lang)
        if key not in self._own_pages:
            wanted = landing.segments if landing.segments is not None else self.site.segments.ids
            self._own_pages[key] = tuple(
                s for s in self.site.segments.ids if s in wanted and s != self.default_segment
            )
        return self._own_pages[key]

    def variant(self, landing: Landing, segment_id: str) -> Variant:
        key = (landing.slug, landing.lang, segment_id)
        if key not in self._variants:
            segment = self.site.segments.get(segment_id)
            self._variants[key] = resolve_variant(
                landing, segment, self.site.content, self.site.defaults, self.site.today
            )
        return self._variants[key]

    def generic_variants(self, landing: Landing) -> list[Variant]:
        """Every segment's variant for the generic page, the default's first. A
        segment the page builds no variant for sees the default variant."""
        default = self.variant(landing, self.default_segment)
        own = self.variant_segments(landing)
        return [default] + [
            self.variant(landing, one) if one in own else replace(default, segment=one)
            for one in self.site.segments.ids
            if one != self.default_segment
        ]

    def landing_paths(self) -> dict[str, dict[str, Any]]:
        """The pages an edge runtime personalizes: generic landing page path ->
        {"lang": its language, "variants": {segment: path of its own page}}."""
        return {
            "/" + self.urls.landing(slug, lang).url: {
                "lang": lang,
                "variants": {
                    segment: "/" + self.urls.landing(slug, lang, segment).url
                    for segment in self.variant_segments(landing)
                },
            }
            for (slug, lang), landing in sorted(self.site.content.landings.items())
        }

    def plan(self) -> list[PlannedPage]:
        pages: list[PlannedPage] = []
        content = self.site.content
        for _key, landing in sorted(content.landings.items()):
            pages.append(self._landing_page(landing, None))
            for segment_id in self.variant_segments(landing):
                pages.append(self._landing_page(landing, segment_id))
        for _key, page in sorted(content.pages.items()):
            pages.append(self._plain_page(page))
        for lang in self.config.languages:
            if (self.config.home_slug, lang) not in content.landings:
                pages.append(self._home_list(lang))
        pages.append(self._chooser())
        return pages

    # --- shared page data --------------------------------------------------

    def _layout(
        self,
        lang: str,
        title: str,
        description: str,
        location: Location,
        canonical: Location,
        alternates: dict[str, Location],
        lang_targets: dict[str, Location],
        segment: str,
        offer: Banner | None = None,
    ) -> dict[str, Any]:
        return {
            **self._language_layout(lang),
            "title": title,
            "description": description,
            "segment": segment,
            "url": self.urls.absolute(location.url),
            "canonical": self.urls.absolute(canonical.url),
            "structured_data": self._structured_data(lang, title, location, canonical, offer),
            "alternates": self._alternates(alternates),
            "languages": [
                {
                    "lang": other,
                    "name": LANGUAGE_NAMES.get(other, other),
                    "url": self.urls.absolute(lang_targets[other].url),
                    "current": other == lang,
                    "dir": self.config.direction(other),
                }
                for other in self.config.languages
                if other in lang_targets
            ],
            "nav": self._menu(lang, self.config.menu or self._default_menu(lang), location),
            "footer_nav": self._menu(lang, self.config.footer_menu, location),
        }

    def _language_layout(self, lang: str) -> dict[str, Any]:
        """The layout data every page of a language shares, made once."""
        if lang not in self._layout_by_language:
            strings = strings_for(lang, self.config.strings)
            digits = digit_system_for(lang, self.config.digits)
            brand = self.config.brand
            self._layout_by_language[lang] = {
                "lang": lang,
                "dir": self.config.direction(lang),
                "t": strings,
                "brand": brand,
                "segments_data": self._rules(lang),
                "contact": self._contact(lang, strings),
                "home_url": self.urls.absolute(self.urls.home(lang).url),
                "css_url": self.urls.absolute("theme/css/site.css"),
                "favicon_url": self.urls.absolute("theme/favicon.svg"),
                "copyright": strings["copyright"].format(
                    year=format_number(self.site.today.year, digits), brand=brand["name"]
                ),
                "updated": strings["updated"].format(
                    date=format_date(self.site.today, lang, digits)
                ),
            }
        return self._layout_by_language[lang]

    def _structured_data(
        self,
        lang: str,
        title: str,
        location: Location,
        canonical: Location,
        offer: Banner | None,
    ) -> Markup:
        """JSON-LD for search engines: the organization (with how to reach a
        person), this page and, where its banner is a dated campaign, the
        Offer; escaped for a <script> element."""
        contact = self.config.contact
        points = [
            {"@type": "ContactPoint", "contactType": "customer service", key: value}
            for key, value in (("telephone", contact.get("phone")), ("email", contact.get("email")))
            if value
        ]
        organization = {
            "@type": "Organization",
            "name": self.config.brand["name"],
            "url": self.urls.absolute(""),
        }
        if points:
            organization["contactPoint"] = points
        page = {
            "@type": "WebPage",
            "name": title,
            "url": self.urls.absolute(canonical.url),
            "inLanguage": lang,
        }
        graph = [organization, page]
        if offer is not None and (offer.starts or offer.ends):
            graph.append(self._offer(offer, location))
        return htmlsafe_json_dumps({"@context": "https://schema.org", "@graph": graph})

    def _offer(self, banner: Banner, location: Location) -> dict[str, Any]:
        """A banner with campaign dates is a time-limited offer, on the page that shows it."""
        offer: dict[str, Any] = {
            "@type": "Offer",
            "name": banner.headline,
            "url": self.urls.absolute(location.url),
            "offeredBy": {"@type": "Organization", "name": self.config.brand["name"]},
        }
        if banner.starts:
            offer["validFrom"] = banner.starts.isoformat()
        if banner.ends:
            offer["validThrough"] = banner.ends.isoformat()
        return offer

    def _rules(self, lang: str) -> Markup:
        """The segment rules as JSON, escaped for a <script> element (as Jinja's
        tojson does), serialized once per language rather than once per page."""
        if lang not in self._rules_by_language:
            data = browser_rules(self.site.segments, lang, self.config.remember)
            self._rules_by_language[lang] = htmlsafe_json_dumps(data)
        return self._rules_by_language[lang]

    def _alternates(self, alternates: dict[str, Location]) -> list[dict[str, str]]:
        links = [
            {"hreflang": lang, "url": self.urls.absolute(loc.url)}
            for lang, loc in alternates.items()
        ]
        default = alternates.get(self.config.default_language)
        if default is not None:
            links.append({"hreflang": "x-default", "url": self.urls.absolute(default.url)})
        return links

    def _default_menu(self, lang: str) -> tuple[str, ...]:
        landing_slugs = sorted(slug for slug, one in self.site.content.landings if one == lang)
        landing_slugs.sort(key=lambda slug: slug != self.config.home_slug)
        return tuple(landing_slugs) + tuple(
            slug for slug in ("about", "contact") if (slug, lang) in self.site.content.pages
        )

    def _menu(self, lang: str, slugs, current: Location) -> list[dict[str, Any]]:
        return [
            {"label": label, "url": url, "current": relative == current.url}
            for label, url, relative in self._menu_items(lang, tuple(slugs))
        ]

    def _menu_items(self, lang: str, slugs: tuple[str, ...]) -> list[tuple[str, str, str]]:
        """(label, URL, site-relative URL) of a menu in a language, made once."""
        key = (lang, slugs)
        if key in self._menus:
            return self._menus[key]
        items = []
        for slug in slugs:
            landing = self.site.content.landings.get((slug, lang))
            page = self.site.content.pages.get((slug, lang))
            item = landing or page
            if item is None:
                continue
            location = self.urls.landing(slug, lang) if landing else self.urls.page(slug, lang)
            items.append((item.nav_title, self.urls.absolute(location.url), location.url))
        self._menus[key] = items
        return items

    def _contact(self, lang: str, strings: dict[str, str]) -> list[dict[str, str]]:
        contact = self.config.contact
        channels = []
        if contact.get("whatsapp"):
            number = contact["whatsapp"]
            channels.append(
                {
                    "channel": "whatsapp",
                    "label": strings["whatsapp"],
                    "value": number,
                    "url": f"https://wa.me/{number.lstrip('+')}",
                }
            )
        if contact.get("email"):
            channels.append(
                {
                    "channel": "email",
                    "label": strings["email"],
                    "value": contact["email"],
                    "url": f"mailto:{contact['email']}",
                }
            )
        if contact.get("phone"):
            channels.append(
                {
                    "channel": "phone",
                    "label": strings["phone"],
                    "value": contact["phone"],
                    "url": f"tel:{contact['phone']}",
                }
            )
        if contact.get("form"):
            channels.append(
                {
                    "channel": "form",
                    "label": strings["form"],
                    "value": "",
                    "url": self._site_url(contact["form"].replace("{lang}", lang)),
                }
            )
        return channels

    def _site_url(self, url: str) -> str:
        """Prefix site-relative URLs with SITEURL; leave other schemes alone."""
        if url.startswith("/") and not url.startswith("//"):
            return f"{self.config.siteurl}{url}"
        return url

    # --- landing pages -----------------------------------------------------

    def _landing_page(self, landing: Landing, segment_id: str | None) -> PlannedPage:
        location = self.urls.landing(landing.slug, landing.lang, segment_id)
        return PlannedPage(
            "landing",
            location,
            landing.lang,
            lambda: self._landing_context(landing, segment_id, location),
            canonical=segment_id is None,
            landing_key=(landing.slug, landing.lang),
        )

    def _landing_context(
        self, landing: Landing, segment_id: str | None, location: Location
    ) -> dict[str, Any]:
        slug, lang = landing.slug, landing.lang
        translations = {
            other: self.urls.landing(slug, other)
            for other in self.config.languages
            if (slug, other) in self.site.content.landings
        }
        lang_targets = {}
        for other in translations:
            other_landing = self.site.content.landings[(slug, other)]
            keep_segment = (
                segment_id if segment_id in self.variant_segments(other_landing) else None
            )
            lang_targets[other] = self.urls.landing(slug, other, keep_segment)
        shown_segment = segment_id or self.default_segment
        context = self._layout(
            lang,
            landing.title,
            landing.description,
            location,
            canonical=self.urls.landing(slug, lang),
            alternates=translations,
            lang_targets=lang_targets,
            segment=shown_segment,
            offer=self.variant(landing, shown_segment).banner,
        )
        variants = (
            [self.variant(landing, segment_id)] if segment_id else self.generic_variants(landing)
        )
        orders: set[tuple[str, int]] = set()
        if segment_id is None:  # a segment page shows one order: it needs no rule
            self.section_orders[(slug, lang)] = orders
        view = LandingView(self._site_url, self.config.cta_utm, orders)
        context.update(view.slots(landing, variants))
        context.update(
            {
                "kind": "landing",
                "fixed_segment": segment_id,
                "body": body_parts(landing, segment_id, self.default_segment),
                "switcher": self._switcher(landing, segment_id),
                "preview": self._preview(landing, lang_targets) if self.config.preview else None,
            }
        )
        return context

    def _preview(self, landing: Landing, lang_targets: dict[str, Location]) -> dict[str, Any]:
        """The development preview bar: every segment and language of this page."""
        generic = self.urls.absolute(self.urls.landing(landing.slug, landing.lang).url)
        return {
            "segments": [
                {
                    "id": s.id,
                    "label": s.label.get(landing.lang) or s.id,
                    "url": f"{generic}?segment={s.id}",
                }
                for s in self.site.segments.segments
            ],
            "languages": [
                {
                    "lang": lang,
                    "name": LANGUAGE_NAMES.get(lang, lang),
                    "url": self.urls.absolute(loc.url),
                }
                for lang, loc in lang_targets.items()
            ],
            "script_url": self.urls.absolute("theme/js/preview.js"),
        }

    def _switcher(self, landing: Landing, segment_id: str | None) -> list[dict[str, Any]]:
        """The "I am ..." choices: the default and every segment with switcher: true.
        Links work without JavaScript (segment pages); the script switches in place."""
        own_pages = self.variant_segments(landing)
        choices = []
        for segment in self.site.segments.segments:
            if not (segment.switcher or segment.id == self.default_segment):
                continue
            if segment.id in own_pages:
                url = self.urls.landing(landing.slug, landing.lang, segment.id).url
                url = self.urls.absolute(url)
            else:
                generic = self.urls.absolute(self.urls.landing(landing.slug, landing.lang).url)
                url = (
                    generic
                    if segment.id == self.default_segment
                    else f"{generic}?segment={segment.id}"
                )
            choices.append(
                {
                    "id": segment.id,
                    "label": segment.label.get(landing.lang) or segment.id,
                    "url": url,
                    "current": segment.id == (segment_id or self.default_segment),
                }
            )
        return choices if len(choices) > 1 else []

    # --- other pages -------------------------------------------------------

    def _plain_page(self, page: PlainPage) -> PlannedPage:
        location = self.urls.page(page.slug, page.lang)
        translations = {
            other: self.urls.page(page.slug, other)
            for other in self.config.languages
            if (page.slug, other) in self.site.content.pages
        }
        context = self._layout(
            page.lang,
            page.title,
            page.description,
            location,
            canonical=location,
            alternates=translations,
            lang_targets=translations,
            segment=self.default_segment,
        )
        context.update({"kind": "page", "html": Markup(page.html)})
        return PlannedPage("page", location, page.lang, lambda: context)

    def _home_layout(self, lang: str, title: str, location: Location) -> dict[str, Any]:
        """Layout of a page that stands for the whole site in a language (home list, chooser)."""
        homes = {other: self.urls.home(other) for other in self.config.languages}
        return self._layout(
            lang,
            title,
            "",
            location,
            canonical=location,
            alternates=homes,
            lang_targets=homes,
            segment=self.default_segment,
        )

    def _home_list(self, lang: str) -> PlannedPage:
        location = self.urls.home(lang)
        title = strings_for(lang, self.config.strings)["pages"]
        context = self._home_layout(lang, title, location)
        context.update(
            {
                "kind": "home-list",
                "items": [
                    {
                        "title": landing.title,
                        "url": self.urls.absolute(self.urls.landing(slug, lang).url),
                        "description": landing.description,
                    }
                    for (slug, one), landing in sorted(self.site.content.landings.items())
                    if one == lang
                ],
            }
        )
        return PlannedPage("home_list", location, lang, lambda: context)

    def _chooser(self) -> PlannedPage:
        lang = self.config.default_language
        location = Location("", "index.html")
        context = self._home_layout(lang, self.config.brand["name"], location)
        context.update(
            {
                "kind": "chooser",
                "chooser_js_url": self.urls.absolute("theme/js/chooser.js"),
                "choices": [
                    {
                        "lang": other,
                        "name": LANGUAGE_NAMES.get(other, other),
                        "dir": self.config.direction(other),
                        "label": strings_for(other, self.config.strings)["choose_language"],
                        "url": self.urls.absolute(self.urls.home(other).url),
                    }
                    for other in self.config.languages
                ],
            }
        )
        return PlannedPage("chooser", location, lang, lambda: context)
