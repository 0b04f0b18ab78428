"""A landing page's template data: the generic page, which carries every
segment's variant, or a segment's own page; with the "I am ..." switcher and
the development preview bar."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from .experiments import experiments_data
from .i18n import LANGUAGE_NAMES
from .landing_variants import LandingVariants
from .landing_view import LandingView, body_parts
from .models import Landing
from .page_layout import PageLayout, site_url
from .urls import Location, UrlScheme


class LandingPages:
    """Makes the data of one landing page; it reads the site only, so any
    process can make any page's data (render workers make their own share)."""

    def __init__(
        self,
        urls: UrlScheme,
        variants: LandingVariants,
        layout: PageLayout,
        form_url: Callable[[str, str], str],
    ):
        self.site = variants.site
        self.config = self.site.config
        self.urls = urls
        self.variants = variants
        self.layout = layout
        self.default_segment = variants.default_segment
        self.view = LandingView(
            partial(site_url, self.config.siteurl), self.config.cta_utm, form_url
        )

    def context(
        self, landing: Landing, segment_id: str | None, location: Location
    ) -> dict[str, Any]:
        """``segment_id``: the segment whose own page this is; None for the generic page."""
        slug, lang = landing.slug, landing.lang
        translations = {
            other: self.urls.landing(slug, other)
            for other in self.config.languages
            if (slug, other) in self.site.content.landings
        }
        # The language switcher keeps the segment where that translation has
        # a page for it.
        lang_targets = {}
        for other in translations:
            other_landing = self.site.content.landings[(slug, other)]
            own = self.variants.variant_segments(other_landing)
            lang_targets[other] = self.urls.landing(
                slug, other, segment_id if segment_id in own else None
            )
        shown_segment = segment_id or self.default_segment
        context = self.layout.layout(
            lang,
            landing.title,
            landing.description,
            location,
            canonical=self.urls.landing(slug, lang),
            alternates=translations,
            lang_targets=lang_targets,
            segment=shown_segment,
            offer=self.variants.variant(landing, shown_segment).banner,
        )
        variants = (
            [self.variants.variant(landing, segment_id)]
            if segment_id
            else self.variants.generic_variants(landing)
        )
        arms = self.variants.arm_variants(landing, variants)
        experiments = [
            experiment
            for experiment in self.variants.experiments_on(landing)
            if any(experiment.takes_part(v.segment) for v in variants)
        ]
        context.update(self.view.slots(landing, variants + arms))
        context.update(
            {
                "kind": "landing",
                "fixed_segment": segment_id,
                "experiments_data": experiments_data(experiments, self.config.timezone)
                if experiments
                else None,
                "body": body_parts(landing, segment_id, self.default_segment, arms),
                "switcher": self.switcher(landing, segment_id),
                "preview": self.preview(landing, lang_targets) if self.config.preview else None,
            }
        )
        return context

    def preview(self, landing: Landing, lang_targets: dict[str, Location]) -> dict[str, Any]:
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

    def switcher(self, landing: Landing, segment_id: str | None) -> list[dict[str, Any]]:
        """The "I am ..." choices: the default and every segment with switcher: true.
        Links work without JavaScript (segment pages); the script switches in place."""
        own_pages = self.variants.variant_segments(landing)
        generic = self.urls.absolute(self.urls.landing(landing.slug, landing.lang).url)
        choices = []
        for segment in self.site.segments.segments:
            if not (segment.switcher or segment.id == self.default_segment):
                continue
            if segment.id in own_pages:
                url = self.urls.absolute(
                    self.urls.landing(landing.slug, landing.lang, segment.id).url
                )
            elif segment.id == self.default_segment:
                url = generic
            else:
                url = f"{generic}?segment={segment.id}"
            choices.append(
                {
                    "id": segment.id,
                    "label": segment.label.get(landing.lang) or segment.id,
                    "url": url,
                    "current": segment.id == (segment_id or self.default_segment),
                }
            )
        # One choice is no choice: no switcher.
        return choices if len(choices) > 1 else []
