"""What every segment sees on every landing page, and which segments get a
page of their own: resolved once per build and shared by everything that
plans a page (variants.py makes each decision)."""

from __future__ import annotations

from dataclasses import replace

from .experiments import Experiment
from .models import Landing
from .site import Site
from .variants import Variant, arm_variant, resolve_variant


class LandingVariants:
    """The variants of the site's landing pages, each resolved once.

    Thousands of pages ask for the same few hundred variants (a generic page
    carries every segment's), so each answer is kept; the answers depend on
    the site only, so keeping them changes no result."""

    def __init__(self, site: Site):
        self.site = site
        self.default_segment = site.segments.default
        self._variants: dict[tuple[str, str, str], Variant] = {}
        self._own_pages: dict[tuple[str, str], tuple[str, ...]] = {}

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

    def experiments_on(self, landing: Landing) -> tuple[Experiment, ...]:
        """The experiments a page carries: those that name it (or every page)
        and have not ended by the build date; one that has not started yet is
        carried too, and the browser starts it on its first day."""
        return tuple(
            experiment
            for experiment in self.site.segments.experiments
            if experiment.runs_on(landing.slug) and not experiment.has_ended(self.site.today)
        )

    def arm_variants(self, landing: Landing, variants: list[Variant]) -> list[Variant]:
        """Each changing arm's variant for each segment of ``variants`` that
        takes part in an experiment on this page (control is ``variants``)."""
        return [
            arm_variant(base, experiment, arm, landing.lang, self.site.content, self.site.today)
            for experiment in self.experiments_on(landing)
            for base in variants
            if experiment.takes_part(base.segment)
            for arm in experiment.changing_arms()
        ]
