"""Right-to-left post-processing: Latin-run isolation, digit systems and dates.

Editors write plain Markdown; this module does the bidi work at build time so
that nobody has to hand-type ``<span dir="ltr">`` or Eastern digits.  Latin runs
(brand names, prices, phone numbers, URLs) inside Arabic-script text are wrapped
in ``<span dir="ltr">`` so their punctuation and numbers never jump sides, and
every other digit is written in the page's digit system, so no page mixes two
digit systems outside its isolated runs.

The HTML is edited with a small regex tokenizer rather than a parser that
re-serializes: everything outside the edited text nodes must stay
byte-identical, and that is only guaranteed by copying the original text.
All tables are read-only; the module holds no mutable state.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Mapping
from types import MappingProxyType

import jdatetime

DIGIT_SYSTEMS: Mapping[str, str] = MappingProxyType(
    {"latn": "0123456789", "arab": "٠١٢٣٤٥٦٧٨٩", "arabext": "۰۱۲۳۴۵۶۷۸۹"}
)
DEFAULT_DIGITS: Mapping[str, str] = MappingProxyType({"en": "latn", "ar": "arab", "fa": "arabext"})
_DIRECTIONS = frozenset({"ltr", "rtl"})

_DIGITS = "".join(DIGIT_SYSTEMS.values())
# One str.translate table per target system, mapping the digits of every system.
_TABLES: Mapping[str, Mapping[int, str]] = MappingProxyType(
    {name: MappingProxyType(str.maketrans(_DIGITS, d * 3)) for name, d in DIGIT_SYSTEMS.items()}
)

# --- What a Latin run is -------------------------------------------------
# Run detection sees digits of every system alike and writes a run's digits
# Western ("AED ۱۲۰۰" -> "AED 1200"): a run is Latin text, and detection that
# ignores the digit system is what makes a second pass change nothing.
# Raw text nodes still hold entities; each entity is one unit, so a run can
# neither start inside "&quot;" nor end in the middle of "&amp;".
_LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"
_ENTITY = r"&(?:[A-Za-z][A-Za-z0-9]{0,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});"
_LETTER_ENTITY = (
    r"&[A-Za-z](?:acute|grave|uml|circ|tilde|cedil|ring|slash|caron);"
    r"|&(?:szlig|eth|ETH|thorn|THORN|AElig|aelig|OElig|oelig);"
)
_LETTER = rf"(?:[{_LATIN}]|{_LETTER_ENTITY})"
# Joiners and spaces may sit inside a run, never at its end.  Entity spellings
# of "&", apostrophes and no-break spaces count as the characters they stand for;
# a bare "&" counts only when it does not begin an entity.
_JOINER_ENTITY = (
    r"&(?:amp|apos|rsquo|nbsp);|&#0*(?:38|39|160|8217);|&#[xX]0*(?:26|27|[aA]0|2019);"
    rf"|&(?!{_ENTITY[1:]})"
)
_SPACES = " \t\r\n\u00a0\u2009\u202f"
_MARKS = "\u0300-\u036f"  # combining accents of decomposed letters ("e" + U+0301)
_CONTINUE = (
    # (U+066B and U+066C: Arabic decimal and thousands separators, as typed
    # in "AED ١٬٢٠٠"; the run writes them as Western ones.)
    rf"(?:[{_LATIN}{_MARKS}{_DIGITS}{_SPACES}.,\u066b\u066c:/@+\-_'’%#]|{_LETTER_ENTITY}|{_JOINER_ENTITY})"
)
# A run ends on a letter or digit.  "/", "#", "+" and "%" may end it as well:
# they are never sentence punctuation, and left outside they would jump to the
# other side ("https://tanin.example/fa/", "C#", "C++", "Web 3%").
_END = rf"(?:[{_LATIN}{_MARKS}{_DIGITS}/#+%]|{_LETTER_ENTITY})"
# A run starts on a Latin letter, on a "+" that begins a phone number, or on
# digits glued to a letter ("5G", "3D"); lone digits are prose and get converted.
_START = rf"(?:(?<![{_DIGITS}])\+(?=[{_DIGITS}])|[{_DIGITS}]+(?=[{_LATIN}])|(?={_LETTER}))"
_TOKEN_RE = re.compile(rf"(?P<run>{_START}{_CONTINUE}*{_END})|{_ENTITY}")
_ENTITY_RE = re.compile(_ENTITY)


def _digit_class(target: str) -> str:
    """Regex class of the digits that must change to reach ``target``."""
    return "[" + "".join(s for name, s in DIGIT_SYSTEMS.items() if name != target) + "]"


# Short-circuit tests: most text nodes of a page (whitespace between tags,
# pure Arabic-script prose in the target digits) need no work at all.
_DIGITS_WORK: Mapping[str, re.Pattern[str]] = MappingProxyType(
    {name: re.compile(_digit_class(name)) for name in DIGIT_SYSTEMS}
)
_RTL_WORK: Mapping[str, re.Pattern[str]] = MappingProxyType(
    {name: re.compile(rf"[{_LATIN}]|\+[{_DIGITS}]|{_digit_class(name)}") for name in DIGIT_SYSTEMS}
)

# --- HTML tokenizer ---------------------------------------------------------
_MARKUP_RE = re.compile(
    r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<[!?][^>]*>"
    r"|<(?P<close>/?)(?P<name>[A-Za-z][^\s/>]*)(?P<attrs>(?:\"[^\"]*\"|'[^']*'|[^'\">])*)>",
    re.S,
)
_ATTR_RE = re.compile(
    r"(?P<name>[^\s\"'>/=]+)"
    r"(?:\s*=\s*(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|(?P<uq>[^\s\"'=<>`]+)))?"
)
# Contents are code, markup of another language, or already isolated.
_SKIP = frozenset({"code", "pre", "kbd", "samp", "svg", "math", "bdi", "bdo"})
# Raw-text elements: their contents are not markup, so the tokenizer must jump
# to the end tag instead of reading "<" inside a script as a tag.
_RAW_END: Mapping[str, re.Pattern[str]] = MappingProxyType(
    {
        name: re.compile(rf"</{name}[\s/>]", re.I)
        for name in ("script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes")
    }
)
# Void elements have no contents: a dir on them must not open a skipped region.
_VOID_NAMES = "area base br col embed hr img input link meta source track wbr"
_VOID = frozenset(_VOID_NAMES.split())


def digit_system_for(lang: str, configured: Mapping[str, str] | None = None) -> str:
    """The digit system name for ``lang``: SEGSITE_DIGITS first, then DEFAULT_DIGITS, then latn.

    Every configured value is checked, not only the one asked for, so a typo in
    SEGSITE_DIGITS fails the first build instead of the first page in that language.
    A region subtag ("fa-IR", "ar_AE") falls back to its base language.
    """
    base = lang.replace("_", "-").split("-")[0].lower()
    if configured:
        for key, name in configured.items():
            if name not in DIGIT_SYSTEMS:
                raise ValueError(
                    f"SEGSITE_DIGITS[{key!r}] is {name!r}, which is not a digit system; "
                    f"use one of {', '.join(sorted(DIGIT_SYSTEMS))}"
                )
        for key in (lang, base):
            if key in configured:
                return configured[key]
    return DEFAULT_DIGITS.get(base, "latn")


def _check_system(digit_system: str) -> None:
    """Fail loudly on an unknown system rather than leave digits unconverted."""
    if digit_system not in DIGIT_SYSTEMS:
        raise ValueError(
            f"unknown digit system {digit_system!r}; use one of {', '.join(sorted(DIGIT_SYSTEMS))}"
        )


def convert_digits(text: str, system: str) -> str:
    """Write every digit of any known system in ``text`` as the same digit of
    ``system``, with that system's decimal and thousands separators."""
    _check_system(system)
    return _separators(text.translate(_TABLES[system]), system)


# Arabic-Indic numbers have their own separators: 2.5 is ٢٫٥ and 1,500 is
# ١٬٥٠٠ (U+066B, U+066C), in Arabic and Persian alike; Western digits take
# the point and the comma back.
_SEPARATOR_OF: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        name: MappingProxyType(
            {".": decimal, "\u066b": decimal, ",": thousands, "\u066c": thousands}
        )
        for name, (decimal, thousands) in {
            "latn": (".", ","),
            "arab": ("\u066b", "\u066c"),
            "arabext": ("\u066b", "\u066c"),
        }.items()
    }
)
_SEPARATOR_RE: Mapping[str, re.Pattern[str]] = MappingProxyType(
    {
        name: re.compile(rf"(?<=[{digits}])[.,\u066b\u066c](?=[{digits}])")
        for name, digits in DIGIT_SYSTEMS.items()
    }
)


def _separators(text: str, system: str) -> str:
    """A separator between two digits of ``system`` as that system writes it."""
    if not any(mark in text for mark in ".,\u066b\u066c"):
        return text
    mapping = _SEPARATOR_OF[system]
    return _SEPARATOR_RE[system].sub(lambda m: mapping[m.group()], text)


def format_number(value: int, digit_system: str) -> str:
    """An integer as text in the digit system; no grouping, which differs per locale."""
    return convert_digits(f"{value:d}", digit_system)


# Space-separated so each table stays one line; split when a date is formatted.
_MONTHS: Mapping[str, str] = MappingProxyType(
    {
        "en": "January February March April May June July August September October November"
        " December",
        # Gulf usage (transliterated names), not the Levantine كانون الثاني series.
        "ar": "يناير فبراير مارس أبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر",
        "fa": "فروردین اردیبهشت خرداد تیر مرداد شهریور مهر آبان آذر دی بهمن اسفند",
    }
)


def format_date(value: datetime.date, lang: str, digit_system: str) -> str:
    """A date as readers of ``lang`` expect it, with digits in ``digit_system``.

    Persian pages use the Solar Hijri calendar (what Iranian readers use day to
    day); Arabic and English pages use Gregorian dates.  Other languages get ISO
    8601, which is unambiguous when no month names are known.  A datetime is
    reduced to its own (local) date.
    """
    _check_system(digit_system)
    day = datetime.date(value.year, value.month, value.day)
    base = lang.replace("_", "-").split("-")[0].lower()
    if base == "en":
        text = f"{_MONTHS['en'].split()[day.month - 1]} {day.day}, {day.year}"
    elif base == "ar":
        text = f"{day.day} {_MONTHS['ar'].split()[day.month - 1]} {day.year}"
    elif base == "fa":
        solar = jdatetime.date.fromgregorian(date=day)
        text = f"{solar.day} {_MONTHS['fa'].split()[solar.month - 1]} {solar.year}"
    else:
        text = f"{day.year:04d}-{day.month:02d}-{day.day:02d}"
    return convert_digits(text, digit_system)


def _convert_text(text: str, digit_system: str) -> str:
    """Convert digits in raw HTML text, leaving entities such as ``&#39;`` alone."""
    if _DIGITS_WORK[digit_system].search(text) is None:
        return text
    table = _TABLES[digit_system]
    if "&" not in text:
        return _separators(text.translate(table), digit_system)
    parts: list[str] = []
    pos = 0
    for match in _ENTITY_RE.finditer(text):
        parts += (
            _separators(text[pos : match.start()].translate(table), digit_system),
            match.group(),
        )
        pos = match.end()
    parts.append(_separators(text[pos:].translate(table), digit_system))
    return "".join(parts)


# The same text nodes (menu labels, button texts, section prose) come back on
# thousands of pages: each distinct one is worked out once per build.
@functools.lru_cache(maxsize=65536)
def _localize_text(text: str, digit_system: str, wrap: bool) -> str:
    """Isolate Latin runs (when markup is allowed) and convert the digits around them.

    With ``wrap`` false (``<title>``, ``<select>``: text that cannot hold tags)
    runs are still found, so their digits are Western as they would be in the body.
    """
    if _RTL_WORK[digit_system].search(text) is None:
        return text
    table = _TABLES[digit_system]
    parts: list[str] = []
    pos = 0
    for match in _TOKEN_RE.finditer(text):
        parts.append(_separators(text[pos : match.start()].translate(table), digit_system))
        token = match.group()
        if match.group("run") is not None:
            token = _separators(token.translate(_TABLES["latn"]), "latn")
            if wrap:
                token = f'<span dir="ltr">{token}</span>'
        parts.append(token)
        pos = match.end()
    parts.append(_separators(text[pos:].translate(table), digit_system))
    return "".join(parts)


def _isolates(attrs: str, direction: str) -> bool:
    """True if the tag has a dir attribute other than the page's own direction.

    Only a differing dir marks content as already handled: ``<html dir="rtl">``
    must not exempt the whole page it is meant to describe.
    """
    if "dir" not in attrs.lower():
        return False
    for match in _ATTR_RE.finditer(attrs):
        if match.group("name").lower() == "dir":
            value = match.group("dq") or match.group("sq") or match.group("uq") or ""
            return value.strip().lower() != direction
    return False


def localize_html(html: str, direction: str, digit_system: str) -> str:
    """Localize the text nodes of an HTML fragment or page for one language.

    ``rtl``: wrap Latin runs in ``<span dir="ltr">`` and convert all other
    digits to ``digit_system``.  ``ltr``: only convert digits, and only when the
    system is not ``latn`` (otherwise the input is returned as it is).  Tags,
    attributes, comments, code, scripts and elements already isolated (bdi, bdo,
    a dir other than the page's) are copied byte for byte.  The output is a
    fixed point: localizing it again changes nothing.
    """
    if direction not in _DIRECTIONS:
        raise ValueError(f"direction must be 'ltr' or 'rtl', not {direction!r}")
    _check_system(digit_system)
    if direction == "ltr" and digit_system == "latn":
        return html
    rtl = direction == "rtl"
    parts: list[str] = []
    pos = 0
    skip_name: str | None = None  # element whose contents are copied verbatim
    skip_depth = 0
    in_select = False  # option labels are plain text: no tags may be added
    while True:
        match = _MARKUP_RE.search(html, pos)
        text_end = len(html) if match is None else match.start()
        if text_end > pos:
            text = html[pos:text_end]
            if skip_name is None:
                if rtl:
                    text = _localize_text(text, digit_system, wrap=not in_select)
                else:
                    text = _convert_text(text, digit_system)
            parts.append(text)
        if match is None:
            break
        parts.append(match.group())
        pos = match.end()
        if match.group("name") is None:  # comment, doctype, CDATA
            continue
        name = match.group("name").lower()
        closing = match.group("close") == "/"
        attrs = match.group("attrs")
        empty = name in _VOID or attrs.rstrip().endswith("/")
        if skip_name is not None:
            if name == skip_name and closing:
                skip_depth -= 1
                if skip_depth == 0:
                    skip_name = None
            elif name == skip_name and not empty:
                skip_depth += 1
        elif closing:
            in_select = in_select and name != "select"
        elif not empty and (name in _SKIP or _isolates(attrs, direction)):
            skip_name, skip_depth = name, 1
        elif name == "select":
            in_select = True
        if not closing and name in _RAW_END:
            end = _RAW_END[name].search(html, pos)
            raw_end = len(html) if end is None else end.start()
            body = html[pos:raw_end]
            if name == "title" and skip_name is None:
                body = (
                    _localize_text(body, digit_system, wrap=False)
                    if rtl
                    else _convert_text(body, digit_system)
                )
            parts.append(body)
            pos = raw_end
    return "".join(parts)
