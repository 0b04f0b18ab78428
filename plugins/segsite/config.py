"""The ``SEGSITE_*`` settings, read through their declarations
(setting_options.py) and checked: a value of the wrong type, an unknown
setting or key, a bad language code, missing theme strings or a brand colour
pair under 4.5:1 is a problem at the line of the settings file that sets it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .brand import brand_problems
from .fields import Cta, parse_cta
from .i18n import missing_strings
from .optiontypes import Field, Values, key_line, read_options
from .problems import ProblemLog
from .setting_options import SETTINGS, SETTINGS_FILE, URLS
from .settings_source import SettingsSource
from .variants import SiteDefaults
from .yamlsource import YamlMap


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
    # SEGSITE_* name -> its line in settings_file (0: not set there), for problems.
    setting_lines: Mapping[str, int]

    @property
    def default_language(self) -> str:
        return self.languages[0]

    def direction(self, lang: str) -> str:
        return "rtl" if lang in self.rtl_languages else "ltr"


def read_settings(settings: Mapping[str, Any], log: ProblemLog) -> tuple[Values, YamlMap]:
    """Every declared setting's value, and the settings as written (with lines)."""
    # Where the settings are written must be known before they are checked.
    path = settings.get("SEGSITE_SETTINGS_FILE") or SETTINGS_FILE.default
    source = SettingsSource(Path(path))
    written = source.written(settings)
    at = Field(
        log,
        source.path,
        0,
        source.path.name,
        child_format="{key}",
        nested_format="{parent}['{key}']",
        python=True,
    )
    return read_options(written, SETTINGS, at, noun="setting"), written


def read_config(settings: Mapping[str, Any], log: ProblemLog) -> tuple[SiteConfig, SiteDefaults]:
    """The checked settings, and the site defaults they name."""
    values, written = read_settings(settings, log)
    settings_file = values["SEGSITE_SETTINGS_FILE"]
    languages = values["SEGSITE_LANGUAGES"]
    strings = {lang: dict(texts) for lang, texts in values["SEGSITE_STRINGS"].items()}
    for lang in languages:
        missing = missing_strings(lang, strings)
        if missing:
            log.error(
                settings_file,
                written.line_of("SEGSITE_LANGUAGES"),
                f"SEGSITE_LANGUAGES: the theme has no '{lang}' text for {', '.join(missing)}:"
                f" add them to SEGSITE_STRINGS['{lang}']",
            )
    brand = dict(values["SEGSITE_BRAND"])
    brand_line = written.line_of("SEGSITE_BRAND")
    for key, message in brand_problems(brand):
        log.error(settings_file, key_line(written.get("SEGSITE_BRAND"), key, brand_line), message)
    config = SiteConfig(
        content_path=Path(settings["PATH"]),
        segments_path=values["SEGSITE_SEGMENTS"],
        settings_file=settings_file,
        languages=languages,
        rtl_languages=frozenset(values["SEGSITE_RTL_LANGUAGES"]),
        digits=dict(values["SEGSITE_DIGITS"]),
        home_slug=values["SEGSITE_HOME_SLUG"],
        section_words=values["SEGSITE_SECTION_WORDS"],
        brand=brand,
        strings=strings,
        contact=dict(values["SEGSITE_CONTACT"]),
        menu=values["SEGSITE_MENU"],
        footer_menu=values["SEGSITE_FOOTER_MENU"],
        urls={option.name: values[option.name] for option in URLS},
        siteurl=(settings.get("SITEURL") or "").rstrip("/"),
        timezone=settings.get("TIMEZONE") or "UTC",
        strict=values["SEGSITE_STRICT"],
        remember=values["SEGSITE_REMEMBER"],
        preview=values["SEGSITE_PREVIEW"],
        cta_utm=dict(values["SEGSITE_CTA_UTM"]),
        setting_lines=dict(written.key_lines),
    )
    cta: Cta | None = None
    if values["SEGSITE_DEFAULT_CTA"] is not None:
        cta = parse_cta(
            values["SEGSITE_DEFAULT_CTA"],
            where="SEGSITE_DEFAULT_CTA",
            path=settings_file,
            line=written.line_of("SEGSITE_DEFAULT_CTA"),
            log=log,
            languages=languages,
        )
    return config, SiteDefaults(banner=values["SEGSITE_DEFAULT_BANNER"], cta=cta)
