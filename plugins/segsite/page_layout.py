"""What every page shows around its own content: language and direction, the
theme's strings, menus, hreflang alternates, the language switcher, the
contact strip, the footer lines and the search engines' structured data."""

from __future__ import annotations

from typing import Any

from jinja2.utils import htmlsafe_json_dumps

from .i18n import LANGUAGE_NAMES, strings_for
from .models import Banner
from .rtl import digit_system_for, format_date, format_number
from .rules import browser_rules
from .site import Site
from .structured_data import structured_data
from .urls import Location, UrlScheme


def site_url(siteurl: str, url: str) -> str:
    """Prefix site-relative URLs with SITEURL; leave other schemes alone."""
    if url.startswith("/") and not url.startswith("//"):
        return f"{siteurl}{url}"
    return url


class PageLayout:
    """The page frame's data. What a whole language shares (strings, rules,
    contact strip) and each menu are made once: thousands of pages show the
    same few, and they depend on the site only."""

    def __init__(self, site: Site, urls: UrlScheme):
        self.site = site
        self.config = site.config
        self.urls = urls
        self._by_language: dict[str, dict[str, Any]] = {}
        self._menus: dict[tuple[str, tuple[str, ...]], list[tuple[str, str, str]]] = {}
        self._marked: dict[tuple[str, tuple[str, ...], int], list[dict[str, Any]]] = {}

    def layout(
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
        """``alternates``: the page's translations (hreflang links);
        ``lang_targets``: where the language switcher leads, per language."""
        config = self.config
        return {
            **self.language_layout(lang),
            "title": title,
            "description": description,
            "segment": segment,
            "url": self.urls.absolute(location.url),
            "canonical": self.urls.absolute(canonical.url),
            "structured_data": structured_data(
                config, self.urls, lang, title, location, canonical, offer
            ),
            "alternates": self.alternates(alternates),
            "languages": [
                {
                    "lang": other,
                    "name": LANGUAGE_NAMES.get(other, other),
                    "url": self.urls.absolute(lang_targets[other].url),
                    "current": other == lang,
                    "dir": config.direction(other),
                }
                for other in config.languages
                if other in lang_targets
            ],
            "nav": self.menu(lang, config.menu or self.default_menu(lang), location),
            "footer_nav": self.menu(lang, config.footer_menu, location),
        }

    def page_of_its_own(
        self, lang: str, title: str, location: Location, translations: dict[str, Location]
    ) -> dict[str, Any]:
        """The layout of a page that is its own canonical URL, shown to the
        default segment, its translations in the switcher (home lists, the
        chooser, form pages)."""
        return self.layout(
            lang,
            title,
            "",
            location,
            canonical=location,
            alternates=translations,
            lang_targets=translations,
            segment=self.site.segments.default,
        )

    def language_layout(self, lang: str) -> dict[str, Any]:
        """The layout data every page of a language shares."""
        if lang not in self._by_language:
            config, today = self.config, self.site.today
            strings = strings_for(lang, config.strings)
            digits = digit_system_for(lang, config.digits)
            brand = config.brand
            # The segment rules as JSON, escaped for a <script> element (as
            # Jinja's tojson does), serialized once per language, not per page.
            rules, fixed = (
                browser_rules(
                    self.site.segments, lang, config.remember, config.analytics.provider, fixed
                )
                for fixed in (False, True)
            )
            self._by_language[lang] = {
                "lang": lang,
                "dir": config.direction(lang),
                "t": strings,
                "brand": brand,
                "segments_data": htmlsafe_json_dumps(rules),
                "fixed_segments_data": htmlsafe_json_dumps(fixed),
                "contact": contact_channels(config.contact, strings, lang, config.siteurl),
                "home_url": self.urls.absolute(self.urls.home(lang).url),
                "css_url": self.urls.absolute("theme/css/site.css"),
                "favicon_url": self.urls.absolute("theme/favicon.svg"),
                "copyright": strings["copyright"].format(
                    year=format_number(today.year, digits), brand=brand["name"]
                ),
                "updated": strings["updated"].format(date=format_date(today, lang, digits)),
            }
        return self._by_language[lang]

    def alternates(self, alternates: dict[str, Location]) -> list[dict[str, str]]:
        """hreflang links: each translation, and the default language's as x-default."""
        links = [
            {"hreflang": lang, "url": self.urls.absolute(loc.url)}
            for lang, loc in alternates.items()
        ]
        default = alternates.get(self.config.default_language)
        if default is not None:
            links.append({"hreflang": "x-default", "url": self.urls.absolute(default.url)})
        return links

    def default_menu(self, lang: str) -> tuple[str, ...]:
        """Without SEGSITE_MENU: the home page, the other landing pages, about and contact."""
        landing_slugs = sorted(slug for slug, one in self.site.content.landings if one == lang)
        landing_slugs.sort(key=lambda slug: slug != self.config.home_slug)
        return tuple(landing_slugs) + tuple(
            slug for slug in ("about", "contact") if (slug, lang) in self.site.content.pages
        )

    def menu(self, lang: str, slugs, current: Location) -> list[dict[str, Any]]:
        """A menu with the current page's item marked: one list for all the
        pages that mark the same item (or none), so a navigation rendered
        once serves them all (fragments.py)."""
        items = self.menu_items(lang, tuple(slugs))
        at = next((i for i, item in enumerate(items) if item[2] == current.url), -1)
        key = (lang, tuple(slugs), at)
        if key not in self._marked:
            self._marked[key] = [
                {"label": label, "url": url, "current": i == at}
                for i, (label, url, _) in enumerate(items)
            ]
        return self._marked[key]

    def menu_items(self, lang: str, slugs: tuple[str, ...]) -> list[tuple[str, str, str]]:
        """(label, URL, site-relative URL) of a menu in a language; a slug with
        no page in that language is left out."""
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


def contact_channels(
    contact: dict[str, str], strings: dict[str, str], lang: str, siteurl: str
) -> list[dict[str, str]]:
    """The contact strip: WhatsApp, email, phone and the contact form, as
    configured; the form's address may name the page's language (``{lang}``)."""
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
                "url": site_url(siteurl, contact["form"].replace("{lang}", lang)),
            }
        )
    return channels
