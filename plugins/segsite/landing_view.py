"""What a landing page shows: its variants, grouped for the page's template.

A generic page carries the default variant and every segment's differing
banner, sections and CTA; segments that see the same thing in a slot share one
block (``data-variant="a b"``), so each slot is written once per distinct
content and CSS shows the block of ``<html data-segment>``. A segment page
carries its own variant only.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from .experiments import segment_of_key
from .fields import Cta
from .models import Banner, Landing, Section
from .variants import Variant


@dataclass(frozen=True)
class Group:
    """Segments that see the same thing in one slot of the page."""

    segments: tuple[str, ...]
    variant: Variant


def group_variants(variants: list[Variant], key: Callable[[Variant], Hashable]) -> list[Group]:
    """Group variants (the default's first) by what ``key`` says they show."""
    order: list[Hashable] = []
    members: dict[Hashable, list[Variant]] = {}
    for variant in variants:
        slot = key(variant)
        if slot not in members:
            order.append(slot)
            members[slot] = []
        members[slot].append(variant)
    return [Group(tuple(v.segment for v in members[slot]), members[slot][0]) for slot in order]


def banner_key(variant: Variant) -> Hashable:
    return (variant.banner.id if variant.banner else None, variant.cta)


def cta_key(variant: Variant) -> Hashable:
    return variant.cta


def page_sections(variants: list[Variant]) -> dict[str, Section]:
    """Each section once, by id: in the default variant's order, then as
    other segments add them. The generic page writes them in this order."""
    found: dict[str, Section] = {}
    for variant in variants:
        for section in variant.sections:
            found.setdefault(section.id, section)
    return found


def reordered_sections(variants: list[Variant], order: list[str]) -> list[tuple[str, int, str]]:
    """(segment, position, section id) for every section of each segment that
    sees its sections in another order than the page writes them (``order``)."""
    moves = []
    for variant in variants:
        ids = [s.id for s in variant.sections]
        if ids != [sid for sid in order if sid in ids]:
            moves += [(variant.segment, index, sid) for index, sid in enumerate(ids, 1)]
    return moves


def section_orders(variants: list[Variant]) -> frozenset[tuple[str, int]]:
    """The (segment, position) pairs a generic page orders its sections by,
    which site.css's rules name (generator.order_rules). A segment page
    shows one order and needs none."""
    moves = reordered_sections(variants, list(page_sections(variants)))
    return frozenset((segment, index) for segment, index, _ in moves)


class LandingView:
    """Turns resolved variants into template data; ``site_url`` prefixes links."""

    def __init__(
        self,
        site_url: Callable[[str], str],
        cta_utm: dict[str, str] | None = None,
        form_url: Callable[[str, str], str] | None = None,
    ):
        # (form id, lang) -> the form's page: the URL scheme knows where it is.
        self.form_url = form_url
        self.site_url = site_url
        self.cta_utm = cta_utm or {}

    def slots(self, landing: Landing, variants: list[Variant]) -> dict[str, Any]:
        lang = landing.lang
        return {
            "banner_groups": [
                {
                    "segments": " ".join(group.segments),
                    "banner": self.banner(group.variant.banner),
                    "cta": self.cta(group.variant.cta, lang, group.segments),
                }
                for group in group_variants(variants, banner_key)
            ],
            "sections": self.sections(variants),
            "action_groups": [
                {
                    "segments": " ".join(group.segments),
                    "cta": self.cta(group.variant.cta, lang, group.segments),
                }
                for group in group_variants(variants, cta_key)
            ],
        }

    def sections(self, variants: list[Variant]) -> list[dict[str, Any]]:
        """Each section once, in the default variant's order then as others add
        them; marked with the segments that see it (``data-variant``) and, for a
        segment whose order differs, its position (``data-o="segment:n"``)."""
        everyone = [v.segment for v in variants]
        found = page_sections(variants)
        positions: dict[str, list[str]] = {sid: [] for sid in found}
        for segment, index, sid in reordered_sections(variants, list(found)):
            positions[sid].append(f"{segment}:{index}")
        shown = [(v.segment, {s.id for s in v.sections}) for v in variants]
        result = []
        for sid, section in found.items():
            seen_by = [segment for segment, ids in shown if sid in ids]
            result.append(
                {
                    "id": sid,
                    "anchor": f"section-{sid}",
                    "title": section.title,
                    "html": Markup(section.html),
                    "segments": "" if seen_by == everyone else " ".join(seen_by),
                    "order": " ".join(positions[sid]),
                }
            )
        return result

    def banner(self, banner: Banner | None) -> dict[str, Any] | None:
        if banner is None:
            return None
        image = None
        if banner.image:
            image = {
                "url": self.site_url("/" + banner.image),
                "alt": banner.image_alt,
                "width": banner.image_size[0],
                "height": banner.image_size[1],
            }
        return {
            "id": banner.id,
            "headline": banner.headline,
            "line_html": Markup(banner.line_html),
            "image": image,
        }

    def cta(self, cta: Cta | None, lang: str, segments: tuple[str, ...]) -> dict[str, Any] | None:
        if cta is None:
            return None
        url = cta.url(lang) if cta.form is None else self.form_url(cta.form, lang)
        if cta.channel in ("link", "form") and self.cta_utm:
            url = add_query(url, self.cta_utm)
        return {
            "label": cta.label.get(lang) or "",
            "url": self.site_url(url),
            "channel": cta.channel,
            "segment": segment_of_key(segments[0]),
            "external": cta.channel == "whatsapp",
            "form": cta.form,
        }


def add_query(url: str, params: dict[str, str]) -> str:
    """``url`` with ``params`` added to its query (existing ones are kept)."""
    parts = urllib.parse.urlsplit(url)
    query = urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
    present = {name for name, _ in query}
    query += [(name, value) for name, value in params.items() if name not in present]
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


def segment_of(variant: Variant) -> str:
    return segment_of_key(variant.segment)


def body_parts(
    landing: Landing, segment_id: str | None, default_segment: str, arms: list[Variant]
) -> list[dict]:
    """Body parts: on a segment page only its own; on the generic page every
    segment block, marked so CSS shows it to its segment only (and to that
    segment's experiment arms, which keep the segment's body)."""
    parts = []
    for part in landing.body:
        if segment_id is not None and part.segment not in (None, segment_id):
            continue
        parts.append(
            {
                "html": Markup(part.html),
                "segment": " ".join(
                    [part.segment or ""]
                    + [a.segment for a in arms if segment_of(a) == part.segment]
                ),
                "marked": segment_id is None and part.segment not in (None, default_segment),
            }
        )
    return parts
