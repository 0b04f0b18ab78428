"""What content/ holds, as read: landing pages, sections, banners, plain
pages. Frozen dataclasses; reading and checking them is content.py's job."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from .fields import Cta
from .markup import BodyPart


@dataclass(frozen=True)
class VariantOverride:
    segment: str
    line: int
    banner: str | None = None
    banner_line: int = 0
    sections: tuple[str, ...] | None = None
    sections_line: int = 0
    cta: Cta | None = None


@dataclass(frozen=True)
class Landing:
    slug: str
    lang: str
    path: Path
    title: str
    description: str
    nav_title: str
    body: tuple[BodyPart, ...]
    banner: str | None = None
    banner_line: int = 0
    sections: tuple[str, ...] | None = None
    sections_line: int = 0
    cta: Cta | None = None
    segments: tuple[str, ...] | None = None  # None: all segments
    segments_line: int = 0
    variants: tuple[VariantOverride, ...] = ()

    def variant(self, segment_id: str) -> VariantOverride | None:
        return next((v for v in self.variants if v.segment == segment_id), None)


@dataclass(frozen=True)
class Section:
    id: str
    lang: str
    path: Path
    title: str
    html: str
    words: int


@dataclass(frozen=True)
class Banner:
    id: str
    lang: str
    path: Path
    headline: str
    line_html: str
    cta: Cta | None = None
    image: str | None = None
    image_alt: str | None = None
    image_size: tuple[int, int] | None = None
    starts: datetime.date | None = None
    ends: datetime.date | None = None

    def is_active(self, today: datetime.date) -> bool:
        return (self.starts is None or self.starts <= today) and (
            self.ends is None or today <= self.ends
        )


@dataclass(frozen=True)
class PlainPage:
    slug: str
    lang: str
    path: Path
    title: str
    description: str
    nav_title: str
    html: str


@dataclass
class Content:
    """Everything read from ``content/``, keyed by (id, lang)."""

    landings: dict[tuple[str, str], Landing]
    sections: dict[tuple[str, str], Section]
    banners: dict[tuple[str, str], Banner]
    pages: dict[tuple[str, str], PlainPage]
    # (kind, id, lang) -> file of a landing or plain page marked 'status: draft'
    drafts: dict[tuple[str, str, str], Path] = field(default_factory=dict)
