"""The ``SEGSITE_*`` settings, read through their declarations
(setting_options.py) and checked: a value of the wrong type, an unknown
setting or key, a bad language code, missing theme strings, a placeholder a
theme string may not use or a brand colour pair under 4.5:1 is a problem at
the line of the settings file that sets it. So are the two Pelican settings
segsite reads, ``SITEURL`` (before every link) and ``TIMEZONE`` (the build's date).
"""

from __future__ import annotations

import re
import string
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .analytics import NO_ANALYTICS, AnalyticsHosts, analytics_hosts, analytics_problem
from .brand import brand_problems
from .fields import Cta, parse_cta
from .i18n import STRINGS, missing_strings
from .optiontypes import Field, Values, key_line, read_options
from .problems import ProblemLog
from .setting_options import SETTINGS, SETTINGS_FILE, URLS
from .settings_source import SettingsSource
from .valuetypes import placeholder_problem
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
    max_pages: int
    analytics: AnalyticsHosts
    # SEGSITE_FORMS: backend, endpoint, min_seconds, max_bytes.
    forms: Mapping[str, Any]
    # SEGSITE_* name -> its line in settings_file (0: not set there), for problems.
    setting_lines: Mapping[str, int]
    # SEGSITE_MENU and SEGSITE_FOOTER_MENU: slug -> the line of its item.
    menu_lines: Mapping[str, Mapping[str, int]]

    @property
    def default_language(self) -> str:
        return self.languages[0]

    def direction(self, lang: str) -> str:
        return "rtl" if lang in self.rtl_languages else "ltr"


def read_settings(settings: Mapping[str, Any], log: ProblemLog) -> tuple[Values, YamlMap]:
    """Every declared setting's value, and the settings as written (with lines)."""
    values, written, _ = _read_settings(settings, log)
    return values, written


def _read_settings(
    settings: Mapping[str, Any], log: ProblemLog
) -> tuple[Values, YamlMap, SettingsSource]:
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
    return read_options(written, SETTINGS, at, noun="setting"), written, source


def _analytics(chosen, written: YamlMap, settings_file: Path, log: ProblemLog) -> AnalyticsHosts:
    if not chosen or chosen.get("provider") is None:
        return NO_ANALYTICS
    provider, host = chosen["provider"], chosen.get("host")
    problem = analytics_problem(provider, host)
    if problem is not None:
        log.error(settings_file, written.line_of("SEGSITE_ANALYTICS"), problem)
        return NO_ANALYTICS
    return analytics_hosts(provider, host.rstrip("/") if host else None)


def _forms(chosen, written: YamlMap, settings_file: Path, log: ProblemLog) -> dict[str, Any]:
    forms = dict(chosen)
    line = written.line_of("SEGSITE_FORMS")
    # An endpoint given but not valid is already reported as such.
    written_keys = set(written.get("SEGSITE_FORMS") or ())
    if forms["backend"] == "endpoint" and "endpoint" not in written_keys:
        log.error(
            settings_file,
            line,
            "SEGSITE_FORMS: backend 'endpoint' needs 'endpoint', the URL forms post to,"
            " like 'https://formspree.io/f/abcd'",
        )
    elif forms["backend"] != "endpoint" and forms["endpoint"]:
        log.error(
            settings_file,
            line,
            f"SEGSITE_FORMS: 'endpoint' applies to backend 'endpoint' only (this site's is"
            f" '{forms['backend']}'): remove it, or set backend to 'endpoint'",
        )
    key = forms["turnstile"]
    if key is not None and not re.fullmatch(r"[0-9A-Za-z_-]{6,100}", key):
        log.error(
            settings_file,
            line,
            f"SEGSITE_FORMS: 'turnstile' must be a Turnstile site key like '0x4AAAAAAABkMYinukE8nzY',"
            f" not '{key}'",
        )
    elif key is not None and forms["backend"] != "worker":
        log.error(
            settings_file,
            line,
            f"SEGSITE_FORMS: 'turnstile' needs backend 'worker' (the Worker verifies it; this"
            f" site's is '{forms['backend']}'): remove it, or set backend to 'worker'",
        )
    return forms


def read_config(settings: Mapping[str, Any], log: ProblemLog) -> tuple[SiteConfig, SiteDefaults]:
    """The checked settings, and the site defaults they name."""
    values, written, source = _read_settings(settings, log)
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
    _check_string_placeholders(strings, written, settings_file, log)
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
        siteurl=_siteurl(settings.get("SITEURL"), source, log),
        timezone=_timezone(settings.get("TIMEZONE"), source, log),
        strict=values["SEGSITE_STRICT"],
        remember=values["SEGSITE_REMEMBER"],
        preview=values["SEGSITE_PREVIEW"],
        cta_utm=dict(values["SEGSITE_CTA_UTM"]),
        max_pages=values["SEGSITE_MAX_PAGES"],
        analytics=_analytics(values["SEGSITE_ANALYTICS"], written, settings_file, log),
        forms=_forms(values["SEGSITE_FORMS"], written, settings_file, log),
        setting_lines=dict(written.key_lines),
        menu_lines={name: _item_lines(written.get(name)) for name in MENUS},
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


MENUS = ("SEGSITE_MENU", "SEGSITE_FOOTER_MENU")
# A site address: a scheme and a host, then a path at most; nothing that could
# end the attribute or the URL it starts (every link on every page begins with it).
_SITEURL_RE = re.compile(r"https?://[^\s/?#\\\"'<>`]+(?:/[^\s?#\\\"'<>`]*)?")


def _item_lines(written: Any) -> dict[str, int]:
    """Each item of a list setting -> the line it is written on (the first, if twice)."""
    if not isinstance(written, list):
        return {}
    lines: dict[str, int] = {}
    for index, item in enumerate(written):
        lines.setdefault(str(item), key_line(written, index, 0))
    return lines


def _check_string_placeholders(
    strings: dict[str, dict[str, str]], written: YamlMap, settings_file: Path, log: ProblemLog
) -> None:
    """A theme string may use the placeholders of the kit's English string of
    the same name and no others: the theme formats it with those alone."""
    table = written.get("SEGSITE_STRINGS")
    for lang, texts in strings.items():
        lang_line = key_line(table, lang, written.line_of("SEGSITE_STRINGS"))
        by_lang = table.get(lang) if isinstance(table, Mapping) else None
        for key, text in texts.items():
            english = STRINGS["en"].get(key, "")
            allowed = tuple(name for _, name, _, _ in string.Formatter().parse(english) if name)
            problem = placeholder_problem(text, allowed)
            if problem is not None:
                line = key_line(by_lang, key, lang_line)
                log.error(settings_file, line, f"SEGSITE_STRINGS['{lang}']['{key}']: {problem}")


def _siteurl(value: Any, source: SettingsSource, log: ProblemLog) -> str:
    """Pelican's SITEURL, which segsite puts before every link: empty, or an address."""
    if not value:
        return ""
    if isinstance(value, str) and _SITEURL_RE.fullmatch(value):
        return value.rstrip("/")
    log.error(
        source.path,
        source.line_of("SITEURL"),
        f"SITEURL must be empty or the site's address, like 'https://example.org', not {value!r}",
    )
    return ""


def _timezone(value: Any, source: SettingsSource, log: ProblemLog) -> str:
    """Pelican's TIMEZONE, in which segsite dates the build and its banners."""
    if not value:
        return "UTC"
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError, OSError):
        log.error(
            source.path,
            source.line_of("TIMEZONE"),
            f"TIMEZONE {value!r} is not a time zone: use a name like 'Asia/Dubai' or 'UTC'",
        )
        return "UTC"
    return value
