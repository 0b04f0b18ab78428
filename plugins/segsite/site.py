"""The whole site's input, read and checked before anything is written.

``load_site`` reads settings, segments.yaml and content/, cross-checks every
reference, and raises SiteInvalid with all problems at once.
"""

from __future__ import annotations

import datetime
import os
import re
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .brand import DEFAULT_BRAND, brand_problems
from .content import Content, ContentReader
from .fields import Cta, is_slug, parse_cta, slug_problem
from .i18n import missing_strings
from .problems import ProblemLog, suggest
from .rtl import digit_system_for
from .schema import SegmentsConfig, load_segments
from .variants import SiteDefaults

RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur", "ps", "ckb", "sd", "yi", "dv", "ug"})
URL_DEFAULTS = {
    "SEGSITE_LANDING_URL": "{lang}/{slug}/",
    "SEGSITE_LANDING_SAVE_AS": "{lang}/{slug}/index.html",
    "SEGSITE_VARIANT_URL": "{lang}/{slug}/for/{segment}/",
    "SEGSITE_VARIANT_SAVE_AS": "{lang}/{slug}/for/{segment}/index.html",
    "SEGSITE_PAGE_URL": "{lang}/{slug}/",
    "SEGSITE_PAGE_SAVE_AS": "{lang}/{slug}/index.html",
    "SEGSITE_HOME_URL": "{lang}/",
    "SEGSITE_HOME_SAVE_AS": "{lang}/index.html",
    "SEGSITE_HOME_VARIANT_URL": "{lang}/for/{segment}/",
    "SEGSITE_HOME_VARIANT_SAVE_AS": "{lang}/for/{segment}/index.html",
}


@dataclass(frozen=True)
class SiteConfig:
    """The SEGSITE_* settings, checked."""

    content_path: Path
    segments_path: Path
    settings_file: Path
    languages: tuple[str, ...]
    rtl_languages: frozenset[str]
    digits: dict[str, str]
    home_slug: str
    section_words: int
    brand: dict[str, str]
    strings: dict[str, dict[str, str]]
    contact: dict[str, str]
    menu: tuple[str, ...] | None
    footer_menu: tuple[str, ...]
    urls: dict[str, str]
    siteurl: str
    timezone: str
    strict: bool
    remember: bool
    preview: bool
    cta_utm: dict[str, str]

    @property
    def default_language(self) -> str:
        return self.languages[0]

    def direction(self, lang: str) -> str:
        return "rtl" if lang in self.rtl_languages else "ltr"


@dataclass
class Site:
    config: SiteConfig
    segments: SegmentsConfig
    content: Content
    defaults: SiteDefaults
    today: datetime.date
    warnings: list = field(default_factory=list)


def build_date(timezone: str) -> datetime.date:
    """Today in the site's time zone, or the day of SOURCE_DATE_EPOCH when set."""
    zone = zoneinfo.ZoneInfo(timezone)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.datetime.fromtimestamp(int(epoch), tz=zone).date()
    return datetime.datetime.now(tz=zone).date()


def read_config(settings: dict[str, Any], log: ProblemLog) -> SiteConfig:
    settings_file = Path(settings.get("SEGSITE_SETTINGS_FILE") or "pelicanconf.py")
    languages = tuple(settings.get("SEGSITE_LANGUAGES") or ("en", "ar", "fa"))
    for lang in languages:
        if not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]+)?", lang):
            log.error(
                settings_file,
                _setting_line(settings_file, "SEGSITE_LANGUAGES"),
                f"SEGSITE_LANGUAGES: '{lang}' is not a language code like en, ar or fa",
            )
    extra_strings = settings.get("SEGSITE_STRINGS") or {}
    for lang in languages:
        missing = missing_strings(lang, extra_strings)
        if missing:
            log.error(
                settings_file,
                _setting_line(settings_file, "SEGSITE_LANGUAGES"),
                f"SEGSITE_LANGUAGES: the theme has no '{lang}' text for {', '.join(missing)}:"
                f" add them to SEGSITE_STRINGS['{lang}']",
            )
    digits = dict(settings.get("SEGSITE_DIGITS") or {})
    for lang in languages:
        try:
            digit_system_for(lang, digits)
        except ValueError as exc:
            log.error(
                settings_file,
                _setting_line(settings_file, "SEGSITE_DIGITS"),
                f"SEGSITE_DIGITS: {exc}",
            )
            digits.pop(lang, None)
    brand = {**DEFAULT_BRAND, **(settings.get("SEGSITE_BRAND") or {})}
    for key, message in brand_problems(brand):
        log.error(
            settings_file,
            _setting_line(settings_file, f'"{key}"')
            or _setting_line(settings_file, "SEGSITE_BRAND"),
            message,
        )
    menu = settings.get("SEGSITE_MENU")
    urls = {name: settings.get(name, default) for name, default in URL_DEFAULTS.items()}
    return SiteConfig(
        content_path=Path(settings["PATH"]),
        segments_path=Path(settings.get("SEGSITE_SEGMENTS") or "segments.yaml"),
        settings_file=settings_file,
        languages=languages,
        rtl_languages=frozenset(settings.get("SEGSITE_RTL_LANGUAGES") or RTL_LANGUAGES),
        digits=digits,
        home_slug=settings.get("SEGSITE_HOME_SLUG", "home"),
        section_words=int(settings.get("SEGSITE_SECTION_WORDS", 250)),
        brand=brand,
        strings=dict(extra_strings),
        contact=dict(settings.get("SEGSITE_CONTACT") or {}),
        menu=tuple(menu) if menu is not None else None,
        footer_menu=tuple(settings.get("SEGSITE_FOOTER_MENU") or ("about", "contact", "privacy")),
        urls=urls,
        siteurl=(settings.get("SITEURL") or "").rstrip("/"),
        timezone=settings.get("TIMEZONE") or "UTC",
        strict=bool(settings.get("SEGSITE_STRICT")),
        remember=bool(settings.get("SEGSITE_REMEMBER", True)),
        preview=bool(settings.get("SEGSITE_PREVIEW", False)),
        cta_utm={str(k): str(v) for k, v in (settings.get("SEGSITE_CTA_UTM") or {}).items()},
    )


def _setting_line(settings_file: Path, needle: str) -> int:
    try:
        for number, text in enumerate(settings_file.read_text(encoding="utf-8").split("\n"), 1):
            if needle in text:
                return number
    except OSError:
        pass
    return 0


def load_site(settings: dict[str, Any]) -> Site:
    """Read and check everything; raise SiteInvalid listing every problem."""
    root = Path(settings.get("SEGSITE_ROOT") or os.getcwd())
    log = ProblemLog(root)
    config = read_config(settings, log)
    segments = load_segments(config.segments_path, log, config.languages)
    content = ContentReader(config.content_path, config.languages, log, config.section_words).read()
    defaults = _site_defaults(settings, config, log)
    today = build_date(config.timezone)
    if segments is not None:
        check_references(segments, content, defaults, config, today, log)
    log.raise_if_failed(strict=config.strict)
    return Site(config, segments, content, defaults, today, warnings=log.warnings)


def _site_defaults(settings, config: SiteConfig, log: ProblemLog) -> SiteDefaults:
    banner = settings.get("SEGSITE_DEFAULT_BANNER")
    if banner is not None and not is_slug(banner):
        log.error(
            config.settings_file,
            _setting_line(config.settings_file, "SEGSITE_DEFAULT_BANNER"),
            slug_problem(banner, "SEGSITE_DEFAULT_BANNER"),
        )
        banner = None
    cta: Cta | None = None
    if settings.get("SEGSITE_DEFAULT_CTA") is not None:
        cta = parse_cta(
            settings["SEGSITE_DEFAULT_CTA"],
            where="SEGSITE_DEFAULT_CTA",
            path=config.settings_file,
            line=_setting_line(config.settings_file, "SEGSITE_DEFAULT_CTA"),
            log=log,
            languages=config.languages,
        )
    return SiteDefaults(banner=banner, cta=cta)


def check_references(
    segments: SegmentsConfig,
    content: Content,
    defaults: SiteDefaults,
    config: SiteConfig,
    today: datetime.date,
    log: ProblemLog,
) -> None:
    """Every id named anywhere must exist; missing translations are warnings."""
    banner_ids = {bid for bid, _ in content.banners}
    section_ids = {sid for sid, _ in content.sections}
    segment_ids = segments.ids

    def check_banner(banner_id, path, line, lang=None):
        if banner_id is None:
            return
        if banner_id not in banner_ids:
            log.error(
                path,
                line,
                f"unknown banner '{banner_id}'{suggest(banner_id, banner_ids)}:"
                f" add content/banners/{banner_id}.<lang>.md or fix the id",
            )
            return
        # Without a language (segments.yaml, settings) the banner file's own
        # missing-translation warning already covers each language.
        langs = (
            [lang]
            if lang
            else [one for one in config.languages if (banner_id, one) in content.banners]
        )
        for one in langs:
            banner = content.banners.get((banner_id, one))
            if banner is None:
                log.warning(
                    path, line, f"missing translation: banner '{banner_id}' has no '{one}' version"
                )
            elif banner.ends is not None and banner.ends < today:
                log.warning(
                    path,
                    line,
                    f"banner '{banner_id}' ended on {banner.ends.isoformat()} and is still"
                    " referenced: remove the reference or change its dates",
                )
                break

    def check_sections(ids, path, line, lang=None):
        for section_id in ids or ():
            if section_id not in section_ids:
                log.error(
                    path,
                    line,
                    f"unknown section '{section_id}'{suggest(section_id, section_ids)}:"
                    f" add content/sections/{section_id}.<lang>.md or fix the id",
                )
                continue
            for one in [lang] if lang else ():
                if (section_id, one) not in content.sections:
                    log.warning(
                        path,
                        line,
                        f"missing translation: section '{section_id}' has no '{one}'"
                        " version; it is left out of that page",
                    )

    def check_segment(segment_id, path, line):
        if segment_id not in segment_ids:
            log.error(
                path,
                line,
                f"unknown segment '{segment_id}'{suggest(segment_id, segment_ids)}:"
                f" define it in {log.display_path(segments.path)} or fix the id",
            )
            return False
        return True

    for segment in segments.segments:
        check_banner(segment.banner, segments.path, segment.banner_line)
        check_sections(segment.sections, segments.path, segment.sections_line)
    check_banner(
        defaults.banner,
        config.settings_file,
        _setting_line(config.settings_file, "SEGSITE_DEFAULT_BANNER"),
    )

    for landing in content.landings.values():
        path, lang = landing.path, landing.lang
        check_banner(landing.banner, path, landing.banner_line, lang)
        check_sections(landing.sections, path, landing.sections_line, lang)
        for segment_id in landing.segments or ():
            check_segment(segment_id, path, landing.segments_line)
        for override in landing.variants:
            if check_segment(override.segment, path, override.line):
                check_banner(override.banner, path, override.banner_line, lang)
                check_sections(override.sections, path, override.sections_line, lang)
        for part in landing.body:
            if part.segment is not None and not is_slug(part.segment):
                log.error(path, part.line - 1, slug_problem(part.segment, "segment id"))
            elif part.segment is not None:
                check_segment(part.segment, path, part.line - 1)

    for lang in config.languages:
        if (config.home_slug, lang) not in content.landings:
            log.warning(
                config.content_path / "landing",
                0,
                f"no home page in '{lang}': /{lang}/ lists the landing pages instead;"
                f" add landing/{config.home_slug}.{lang}.md",
            )

    for (kind, item_id, lang), path in sorted(content.drafts.items()):
        log.warning(
            path,
            1,
            f"missing translation: {kind}/{item_id}.{lang}.md is a draft and is not published;"
            " remove 'status: draft' when it is written",
        )

    for kind, store in (
        ("landing", content.landings),
        ("sections", content.sections),
        ("banners", content.banners),
        ("pages", content.pages),
    ):
        _check_translations(kind, store, config.languages, log, content.drafts)


def _check_translations(
    kind: str, store: dict, languages: tuple[str, ...], log: ProblemLog, drafts: dict
) -> None:
    for item_id in sorted({item_id for item_id, _ in store}):
        present = [lang for lang in languages if (item_id, lang) in store]
        source = store[(item_id, present[0])]
        for lang in languages:
            # A draft already says it is missing (see check_references).
            if lang not in present and (kind, item_id, lang) not in drafts:
                log.warning(
                    source.path,
                    1,
                    f"missing translation: no '{lang}' version"
                    f" (expected {kind}/{item_id}.{lang}.md)",
                )
