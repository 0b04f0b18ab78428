"""Where each page lives: Pelican-style ``*_URL`` / ``*_SAVE_AS`` patterns."""

from __future__ import annotations

from dataclasses import dataclass

from .site import SiteConfig


@dataclass(frozen=True)
class Location:
    url: str  # site-relative, without the leading slash ("en/pricing/")
    save_as: str


class UrlScheme:
    def __init__(self, config: SiteConfig):
        self.config = config
        self.patterns = config.urls
        self._locations: dict[tuple, Location] = {}

    def _at(self, name: str, **values: str) -> Location:
        # Thousands of pages ask for the same few hundred locations.
        key = (name, *sorted(values.items()))
        if key not in self._locations:
            self._locations[key] = self._make(name, **values)
        return self._locations[key]

    def _make(self, name: str, **values: str) -> Location:
        return Location(
            self.patterns[f"SEGSITE_{name}_URL"].format(**values),
            self.patterns[f"SEGSITE_{name}_SAVE_AS"].format(**values),
        )

    def landing(self, slug: str, lang: str, segment: str | None = None) -> Location:
        is_home = slug == self.config.home_slug
        if segment is None:
            return self._at("HOME" if is_home else "LANDING", lang=lang, slug=slug)
        return self._at(
            "HOME_VARIANT" if is_home else "VARIANT", lang=lang, slug=slug, segment=segment
        )

    def page(self, slug: str, lang: str) -> Location:
        return self._at("PAGE", lang=lang, slug=slug)

    def form(self, form: str, lang: str) -> Location:
        return self._at("FORM", lang=lang, form=form)

    def thanks(self, form: str, lang: str) -> Location:
        return self._at("THANKS", lang=lang, form=form)

    def home(self, lang: str) -> Location:
        return self._at("HOME", lang=lang, slug=self.config.home_slug)

    def absolute(self, url: str) -> str:
        """The URL as written in links: SITEURL-prefixed, or root-relative without one."""
        return f"{self.config.siteurl}/{url}"
