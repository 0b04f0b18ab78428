"""The plan of a build: every page to write, each with the data its template
shows, and what the build needs besides the pages (the section orders
site.css has rules for, the pages an edge runtime personalizes).

Everything a template needs is decided while planning (which variant, which
links, which texts), so templates stay loops and conditionals over prepared
data. Planning reads the checked site only and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, partial
from pathlib import Path
from typing import Any

from markupsafe import Markup

from .form_pages import FormPages
from .forms import Form
from .i18n import LANGUAGE_NAMES, strings_for
from .landing_page import LandingPages
from .landing_variants import LandingVariants
from .landing_view import section_orders
from .models import Landing, PlainPage
from .page_layout import PageLayout
from .problems import ProblemLog
from .site import Site, SiteConfig
from .urls import Location, UrlScheme

# The site root: the language chooser.
CHOOSER = Location("", "index.html")


@dataclass(frozen=True)
class PlannedPage:
    """One HTML file: its template, where it goes and what it shows.

    ``canonical``: the page is its own canonical URL (the sitemap lists it).
    ``landing_key``: (slug, lang) of the landing page it shows, if any (the
    incremental build re-renders a page when that file changes)."""

    template: str
    location: Location
    lang: str
    make_context: Callable[[], dict[str, Any]] = field(repr=False, compare=False)
    canonical: bool = True
    landing_key: tuple[str, str] | None = None

    @cached_property
    def context(self) -> dict[str, Any]:
        """The template data, made on first use: the render worker that
        writes a page makes its data, so that work is spread over the
        workers too. Making it reads the site and changes nothing else."""
        return self.make_context()


@dataclass(frozen=True)
class SitePlan:
    """Every page of one build, in a fixed order, and the site-wide facts
    derived from them."""

    pages: tuple[PlannedPage, ...]
    # (segment, position) pairs by which some generic landing page orders its
    # sections (``data-o``), sorted: site.css's rules name them
    # (generator.order_rules).
    section_orders: tuple[tuple[str, int], ...]
    # The pages an edge runtime personalizes: generic landing page path ->
    # {"lang": its language, "variants": {segment: path of its own page}}.
    landing_paths: dict[str, dict[str, Any]]


class SitePlanner:
    """Plans every page of one build from the checked Site."""

    def __init__(self, site: Site):
        self.site = site
        self.config = site.config
        self.urls = UrlScheme(site.config)
        self.default_segment = site.segments.default
        self.variants = LandingVariants(site)
        self.layout = PageLayout(site, self.urls)
        self.forms = FormPages(site, self.urls, self.layout)
        self.landing = LandingPages(self.urls, self.variants, self.layout, self.forms.form_url)

    def plan(self) -> SitePlan:
        """Every page in a fixed order; raises SiteInvalid when the URL and
        file patterns give two pages one file or one URL."""
        # Each page with the setting that places it and how problems name it.
        named: list[tuple[PlannedPage, str | None, str]] = []
        content = self.site.content
        for (slug, lang), landing in sorted(content.landings.items()):
            home = slug == self.config.home_slug
            name = f"the landing page '{slug}' ({lang})"
            named.append((self._landing_page(landing, None), "HOME" if home else "LANDING", name))
            for segment_id in self.variants.variant_segments(landing):
                page = self._landing_page(landing, segment_id)
                kind = "HOME_VARIANT" if home else "VARIANT"
                named.append((page, kind, f"{name} for '{segment_id}'"))
        for (slug, lang), plain in sorted(content.pages.items()):
            named.append((self._plain_page(plain), "PAGE", f"the page '{slug}' ({lang})"))
        for form in self.site.segments.forms:
            for lang in self.config.languages:
                named.append(
                    (self._form_page(form, lang), "FORM", f"the form '{form.id}' ({lang})")
                )
                thanks = f"the thank-you page of the form '{form.id}' ({lang})"
                named.append((self._thanks_page(form, lang), "THANKS", thanks))
        for lang in self.config.languages:
            if (self.config.home_slug, lang) not in content.landings:
                named.append((self._home_list(lang), "HOME", f"the list of landing pages ({lang})"))
        named.append((self._chooser(), None, "the language chooser"))
        check_collisions(named, self.config, self.site.root)
        pages = tuple(page for page, _, _ in named)
        return SitePlan(pages, self.section_orders(), self.landing_paths())

    def section_orders(self) -> tuple[tuple[str, int], ...]:
        orders = set()
        for landing in self.site.content.landings.values():
            variants = self.variants.generic_variants(landing)
            orders |= section_orders(variants + self.variants.arm_variants(landing, variants))
        return tuple(sorted(orders))

    def landing_paths(self) -> dict[str, dict[str, Any]]:
        return {
            "/" + self.urls.landing(slug, lang).url: {
                "lang": lang,
                "variants": {
                    segment: "/" + self.urls.landing(slug, lang, segment).url
                    for segment in self.variants.variant_segments(landing)
                },
            }
            for (slug, lang), landing in sorted(self.site.content.landings.items())
        }

    def _landing_page(self, landing: Landing, segment_id: str | None) -> PlannedPage:
        location = self.urls.landing(landing.slug, landing.lang, segment_id)
        return PlannedPage(
            "landing",
            location,
            landing.lang,
            partial(self.landing.context, landing, segment_id, location),
            canonical=segment_id is None,
            landing_key=(landing.slug, landing.lang),
        )

    def _form_page(self, form: Form, lang: str) -> PlannedPage:
        location = self.urls.form(form.id, lang)
        return PlannedPage("form", location, lang, partial(self.forms.form_context, form, lang))

    def _thanks_page(self, form: Form, lang: str) -> PlannedPage:
        location = self.urls.thanks(form.id, lang)
        context = partial(self.forms.thanks_context, form, lang)
        return PlannedPage("thanks", location, lang, context, canonical=False)

    def _plain_page(self, page: PlainPage) -> PlannedPage:
        location = self.urls.page(page.slug, page.lang)
        return PlannedPage("page", location, page.lang, partial(self._plain_context, page))

    def _plain_context(self, page: PlainPage) -> dict[str, Any]:
        location = self.urls.page(page.slug, page.lang)
        translations = {
            other: self.urls.page(page.slug, other)
            for other in self.config.languages
            if (page.slug, other) in self.site.content.pages
        }
        context = self.layout.layout(
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
        return context

    def _home_layout(self, lang: str, title: str, location: Location) -> dict[str, Any]:
        """Layout of a page that stands for the whole site in a language (home list, chooser)."""
        homes = {other: self.urls.home(other) for other in self.config.languages}
        return self.layout.page_of_its_own(lang, title, location, homes)

    def _home_list(self, lang: str) -> PlannedPage:
        """A language without a home landing page gets a list of its landing pages."""
        return PlannedPage(
            "home_list", self.urls.home(lang), lang, partial(self._home_list_context, lang)
        )

    def _home_list_context(self, lang: str) -> dict[str, Any]:
        title = strings_for(lang, self.config.strings)["pages"]
        context = self._home_layout(lang, title, self.urls.home(lang))
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
        return context

    def _chooser(self) -> PlannedPage:
        """The site root: picks a language for the visitor."""
        lang = self.config.default_language
        return PlannedPage("chooser", CHOOSER, lang, partial(self._chooser_context, lang))

    def _chooser_context(self, lang: str) -> dict[str, Any]:
        context = self._home_layout(lang, self.config.brand["name"], CHOOSER)
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
        return context


def check_collisions(
    named: list[tuple[PlannedPage, str | None, str]], config: SiteConfig, root: Path
) -> None:
    """Raise SiteInvalid when two pages would be written to one file (one
    would overwrite the other) or served at one URL: one problem for each set
    of settings that collide, at the line of the one written last."""
    log = ProblemLog(root)
    for what, suffix, place in (("file", "SAVE_AS", _file_of), ("URL", "URL", _url_of)):
        by_place: dict[str, list[tuple[str | None, str]]] = {}
        for page, kind, description in named:
            by_place.setdefault(place(page), []).append((kind, description))
        clashes: dict[tuple[str, ...], list[tuple[str, list[str]]]] = {}
        for at, pages in by_place.items():
            if len(pages) > 1:
                settings = tuple(sorted({f"SEGSITE_{kind}_{suffix}" for kind, _ in pages if kind}))
                clashes.setdefault(settings, []).append((at, [d for _, d in pages]))
        for settings, places in clashes.items():
            at, descriptions = places[0]
            shown = " and ".join(descriptions[:2])
            if len(descriptions) > 2:
                shown += f" and {len(descriptions) - 2} more"
            others = f" (and {len(places) - 1} more like it)" if len(places) > 1 else ""
            verb = "give" if len(settings) > 1 else "gives"
            log.error(
                config.settings_file,
                max((config.setting_lines.get(name, 0) for name in settings), default=0),
                f"{' and '.join(settings)} {verb} {len(descriptions)} pages the same {what},"
                f" {at}: {shown}{others}; each page needs its own {what}",
            )
    log.raise_if_failed()


def _file_of(page: PlannedPage) -> str:
    return page.location.save_as


def _url_of(page: PlannedPage) -> str:
    return "/" + page.location.url
