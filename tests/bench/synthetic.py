"""A synthetic segsite site of a given shape, for the build benchmark: landing
pages with segment blocks and variants, sections, banners and segments, in
English, Arabic and Persian, at realistic sizes. Also the same number of
ordinary Markdown pages for plain Pelican to build."""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

WORDS = {
    "en": [
        "store",
        "orders",
        "email",
        "customers",
        "campaign",
        "offer",
        "support",
        "team",
        "plan",
        "month",
        "growth",
        "sales",
        "ads",
        "brand",
        "delivery",
        "payment",
        "report",
        "budget",
        "season",
        "launch",
        "partner",
        "quality",
        "service",
        "answer",
    ],
    "ar": [
        "متجر",
        "طلبات",
        "بريد",
        "عملاء",
        "حملة",
        "عرض",
        "دعم",
        "فريق",
        "خطة",
        "شهر",
        "نمو",
        "مبيعات",
        "إعلانات",
        "علامة",
        "توصيل",
        "دفع",
        "تقرير",
        "ميزانية",
        "موسم",
        "إطلاق",
        "شريك",
        "جودة",
        "خدمة",
        "إجابة",
    ],
    "fa": [
        "فروشگاه",
        "سفارش",
        "ایمیل",
        "مشتری",
        "کمپین",
        "پیشنهاد",
        "پشتیبانی",
        "تیم",
        "طرح",
        "ماه",
        "رشد",
        "فروش",
        "تبلیغات",
        "برند",
        "ارسال",
        "پرداخت",
        "گزارش",
        "بودجه",
        "فصل",
        "راه\u200cاندازی",
        "همکار",
        "کیفیت",
        "خدمت",
        "پاسخ",
    ],
}


@dataclass(frozen=True)
class Shape:
    name: str
    landings: int
    languages: tuple[str, ...]
    segments: int  # including the default
    sections: int
    banners: int

    @property
    def output_pages(self) -> int:
        """Landing pages (generic + one per non-default segment), plus chooser."""
        return self.landings * len(self.languages) * self.segments + 1


SHAPES = {
    "small": Shape("small", 50, ("en", "ar", "fa"), 21, 12, 6),
    "large": Shape("large", 100, ("en", "ar", "fa"), 33, 20, 10),
    "test": Shape("test", 25, ("en", "ar", "fa"), 6, 6, 3),
}


def sentence(rng: random.Random, lang: str, words: int) -> str:
    chosen = [rng.choice(WORDS[lang]) for _ in range(words)]
    if lang == "en":
        chosen[0] = chosen[0].capitalize()
    # A brand name and a number, as real copy has: isolated and converted on RTL pages.
    chosen.insert(rng.randrange(len(chosen)), f"Tanin {rng.randint(2, 99)}")
    return " ".join(chosen) + "."


def paragraph(rng, lang, sentences=4) -> str:
    return " ".join(sentence(rng, lang, rng.randint(8, 14)) for _ in range(sentences))


def write_site(root: Path, shape: Shape, seed: int = 7) -> tuple[Path, Path]:
    """Writes content/ and segments.yaml under root; returns (content, segments)."""
    rng = random.Random(seed)
    content, segments_file = root / "content", root / "segments.yaml"
    for kind in ("landing", "sections", "banners", "pages"):
        (content / kind).mkdir(parents=True, exist_ok=True)
    segment_ids = ["everyone"] + [f"segment-{n}" for n in range(1, shape.segments)]
    section_ids = [f"section-{n}" for n in range(shape.sections)]
    banner_ids = [f"banner-{n}" for n in range(shape.banners)]
    lines = ["default: everyone", "segments:"]
    for index, segment in enumerate(segment_ids):
        label = ", ".join(f"{lang}: {segment} {lang}" for lang in shape.languages)
        lines += [f"  {segment}:", f"    label: {{{label}}}"]
        if index:
            lines += [
                f"    priority: {index % 5}",
                f'    match:\n      - utm_campaign: ["{segment}-*"]',
                f"    banner: {banner_ids[index % len(banner_ids)]}",
                f"    sections: [{', '.join(rng.sample(section_ids, 4))}]",
            ]
    segments_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for lang in shape.languages:
        for section in section_ids:
            (content / "sections" / f"{section}.{lang}.md").write_text(
                f"---\ntitle: {section} {lang}\n---\n{paragraph(rng, lang)}\n\n- {sentence(rng, lang, 6)}\n"
                f"- {sentence(rng, lang, 6)}\n",
                encoding="utf-8",
            )
        for banner in banner_ids:
            (content / "banners" / f"{banner}.{lang}.md").write_text(
                f'---\nheadline: {banner} {lang} headline\ncta: {{label: Go, href: "/{{lang}}/about/"}}\n---\n'
                f"{sentence(rng, lang, 10)}\n",
                encoding="utf-8",
            )
        (content / "pages" / f"about.{lang}.md").write_text(
            f"---\ntitle: About {lang}\n---\n{paragraph(rng, lang)}\n", encoding="utf-8"
        )
        for number in range(shape.landings):
            slug = "home" if number == 0 else f"landing-{number}"
            blocks = "".join(
                f"\n::: segment {segment}\n{sentence(rng, lang, 12)}\n:::\n"
                for segment in rng.sample(segment_ids[1:], min(3, len(segment_ids) - 1))
            )
            variant = segment_ids[1 + number % (len(segment_ids) - 1)]
            (content / "landing" / f"{slug}.{lang}.md").write_text(
                f"---\ntitle: {slug} {lang}\nbanner: {banner_ids[number % len(banner_ids)]}\n"
                f"sections: [{', '.join(rng.sample(section_ids, 4))}]\n"
                f'cta: {{label: Start, href: "/{{lang}}/about/"}}\n'
                f"variants:\n  {variant}:\n    sections: [{', '.join(rng.sample(section_ids, 3))}]\n---\n"
                f"## {sentence(rng, lang, 5)}\n\n{paragraph(rng, lang)}\n\n{paragraph(rng, lang)}\n{blocks}",
                encoding="utf-8",
            )
    return content, segments_file


def plain_pages(pages: int, seed: int = 7):
    """(number, title, Markdown body) of ``pages`` ordinary pages, for the
    tools segsite is measured against: the same text for each of them."""
    rng = random.Random(seed)
    for number in range(pages):
        lang = ("en", "ar", "fa")[number % 3]
        body = (
            f"## {sentence(rng, lang, 5)}\n\n"
            f"{paragraph(rng, lang)}\n\n{paragraph(rng, lang)}\n\n{paragraph(rng, lang)}\n"
        )
        yield number, f"Page {number}", body


def write_plain_pelican_site(root: Path, pages: int) -> Path:
    """`pages` ordinary Markdown pages for plain Pelican (its default metadata)."""
    content = root / "pelican-content" / "pages"
    content.mkdir(parents=True, exist_ok=True)
    for number, title, body in plain_pages(pages):
        (content / f"page-{number}.md").write_text(
            f"Title: {title}\nSlug: page-{number}\n\n{body}", encoding="utf-8"
        )
    return content.parent


# Hugo with one page kind only (no home, lists, feeds or sitemap): it writes
# exactly one HTML file per Markdown page, through a layout as small as the
# plain Pelican pages' theme is simple.
HUGO_CONFIG = """baseURL = "http://127.0.0.1/"
title = "plain"
disableKinds = ["home", "section", "taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
"""
HUGO_LAYOUT = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><h1>{{ .Title }}</h1>{{ .Content }}</main></body></html>
"""


def write_hugo_site(root: Path, pages: int) -> Path:
    """A minimal Hugo site of `pages` ordinary Markdown pages (the plain
    Pelican pages' text) in ``root/hugo``; returns its folder."""
    site = root / "hugo"
    content, layouts = site / "content", site / "layouts" / "_default"
    content.mkdir(parents=True, exist_ok=True)
    layouts.mkdir(parents=True, exist_ok=True)
    (site / "config.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    (layouts / "single.html").write_text(HUGO_LAYOUT, encoding="utf-8")
    for number, title, body in plain_pages(pages):
        (content / f"page-{number}.md").write_text(
            f'---\ntitle: "{title}"\n---\n{body}', encoding="utf-8"
        )
    return site
