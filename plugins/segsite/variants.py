"""Which banner, sections, CTA and body blocks each segment sees: pure decisions.

Each part resolves on its own, in this order (docs/contract.md, Content): the page's
``variants.<segment>``, the segment in segments.yaml, the page, the site
default. A banner that is not running on the build date, or not written in the
page's language, is skipped as if it were not named.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from .experiments import Arm, Experiment, view_key
from .fields import Cta
from .markup import BodyPart
from .models import Banner, Content, Landing, Section
from .schema import Segment


@dataclass(frozen=True)
class Variant:
    """What one segment sees on one landing page in one language."""

    segment: str
    banner: Banner | None
    sections: tuple[Section, ...]
    cta: Cta | None
    body: tuple[BodyPart, ...]


@dataclass(frozen=True)
class SiteDefaults:
    banner: str | None = None
    cta: Cta | None = None


def resolve_variant(
    landing: Landing,
    segment: Segment,
    content: Content,
    defaults: SiteDefaults,
    today: datetime.date,
) -> Variant:
    override = landing.variant(segment.id)
    lang = landing.lang
    return Variant(
        segment=segment.id,
        banner=resolve_banner(
            [
                override.banner if override else None,
                segment.banner,
                landing.banner,
                defaults.banner,
            ],
            lang,
            content,
            today,
        ),
        sections=resolve_sections(
            [override.sections if override else None, segment.sections, landing.sections],
            lang,
            content,
        ),
        cta=_first([override.cta if override else None, segment.cta, landing.cta, defaults.cta]),
        body=tuple(part for part in landing.body if part.segment in (None, segment.id)),
    )


def arm_variant(
    base: Variant,
    experiment: Experiment,
    arm: Arm,
    lang: str,
    content: Content,
    today: datetime.date,
) -> Variant:
    """What one arm of an experiment shows a segment: the arm's banner,
    sections and CTA where it sets them (a banner not running or not written
    in this language is skipped, as everywhere), the segment's own otherwise."""
    banner = resolve_banner([arm.banner], lang, content, today) if arm.banner else None
    sections = resolve_sections([arm.sections], lang, content) if arm.sections else None
    return Variant(
        segment=view_key(base.segment, experiment.id, arm.id),
        banner=banner or base.banner,
        sections=base.sections if sections is None else sections,
        cta=arm.cta or base.cta,
        body=base.body,
    )


def resolve_banner(
    candidates: list[str | None], lang: str, content: Content, today: datetime.date
) -> Banner | None:
    for banner_id in candidates:
        if banner_id is None:
            continue
        banner = content.banners.get((banner_id, lang))
        if banner is not None and banner.is_active(today):
            return banner
    return None


def resolve_sections(
    candidates: list[tuple[str, ...] | None], lang: str, content: Content
) -> tuple[Section, ...]:
    chosen = _first(candidates) or ()
    # A section missing in this language is left out, never shown in another.
    return tuple(content.sections[(sid, lang)] for sid in chosen if (sid, lang) in content.sections)


def _first(values):
    return next((v for v in values if v is not None), None)
