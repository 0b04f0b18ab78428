"""Sharding the check pass for CI (`segsite check --shard K/N`): which pages
one of N machines checks. The split depends only on the built site, so every
machine that checks the same build makes the same one: the pages (a generic
page with its segment pages) and stylesheets in sorted order, dealt round
robin, and each landing-page variant
(`/en/?segment=ID`) to the shard that owns its segment page `/en/for/ID/`,
which its check compares it with. Pages a check compares with (a language's
home page) are visited by any shard that needs them, never owned twice."""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Shard:
    index: int  # 1-based, as written: 1/2 and 2/2
    count: int

    @classmethod
    def parse(cls, text: str | None) -> Shard:
        """``K/N`` (1 <= K <= N); none or empty: the whole site, 1/1."""
        if not text:
            return cls(1, 1)
        match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text)
        if not match or not 1 <= int(match[1]) <= int(match[2]):
            raise ValueError(f"{text!r}: write K/N with 1 <= K <= N, e.g. 2/4")
        return cls(int(match[1]), int(match[2]))

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


@dataclass
class Owned:
    """What one shard checks: pages, landing variants (generic, segment) and
    stylesheets (as site paths), each in the site's own order."""

    pages: list[str] = field(default_factory=list)
    variants: list[tuple[str, str]] = field(default_factory=list)
    stylesheets: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "pages": len(self.pages),
            "variants": len(self.variants),
            "stylesheets": len(self.stylesheets),
        }


def owned_by(
    shard: Shard, pages: list[str], variants: list[tuple[str, str]], stylesheets: list[str]
) -> Owned:
    """The share of ``shard``: each page and stylesheet in exactly one shard,
    each variant with its segment page (a variant without one, which the
    site never lists, would go to the first shard: still exactly one). A
    generic page and its segment pages go to one shard together: they share
    most of their parts, judged once in a shard (shared.py), and its
    variants are switched to on the one load of it (visit.py)."""
    known = set(pages)
    groups = {group_of(page, known) for page in pages}
    units = sorted(groups | set(stylesheets))
    owner = {unit: number % shard.count + 1 for number, unit in enumerate(units)}

    def mine(unit: str) -> bool:
        return owner.get(group_of(unit, known), 1) == shard.index

    return Owned(
        pages=[page for page in pages if mine(page)],
        variants=[(g, s) for g, s in variants if mine(f"{g}for/{s}/")],
        stylesheets=[sheet for sheet in stylesheets if mine(sheet)],
    )


def group_of(unit: str, pages: set[str]) -> str:
    """The generic page of a segment page (``/en/x/for/ID/`` -> ``/en/x/``)
    when the site has it; any other page or stylesheet is its own group."""
    match = re.fullmatch(r"(/.*/)for/[a-z0-9-]+/", unit)
    return match[1] if match and match[1] in pages else unit
