"""The types of option values (optiontypes.Type): what each accepts, how it
is converted, and the problem when a value does not fit."""

from __future__ import annotations

import calendar
import datetime
import os
import re
import string
from dataclasses import replace
from pathlib import Path
from typing import Any

from .optiontypes import INVALID, Field, Type, key_line
from .problems import suggest

SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
LANGUAGE_CODE_RE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]+)?")


def is_slug(value: Any) -> bool:
    return isinstance(value, str) and SLUG_RE.fullmatch(value) is not None


def slug_problem(value: Any, what: str) -> str:
    suggestion = re.sub(r"[^a-z0-9]+", "-", str(value).lower()).strip("-") or "my-id"
    return (
        f"{what} '{value}' is not a valid id: use lower-case letters, digits and single"
        f" hyphens, like '{suggestion}'"
    )


def placeholder_problem(text: str, allowed: tuple[str, ...]) -> str | None:
    """What is wrong with the ``str.format`` placeholders of ``text``, which
    may use ``{name}`` for the names in ``allowed`` and nothing more (no
    attribute, index, conversion or format spec, each a way to read or break
    what the text is formatted with); None when nothing is."""
    try:
        fields = [
            name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
            for _, name, spec, conversion in string.Formatter().parse(text)
            if name is not None
        ]
    except ValueError:
        return "a '{' or '}' without its pair: write '{{' or '}}' for a brace itself"
    for field in fields:
        if field not in allowed:
            may = (
                "may use " + ", ".join(f"{{{name}}}" for name in allowed)
                if allowed
                else "takes none"
            )
            return f"unknown placeholder '{{{field}}}'{suggest(field, allowed)}: it {may}"
    return None


class PathPattern(Type):
    """A ``*_URL`` or ``*_SAVE_AS`` pattern: a relative path that stays inside
    the site (a URL is written after the site's own '/', a file under the
    output folder), with only the placeholders its page kind fills in."""

    # Unreserved URL characters and braces: no scheme, query, backslash, space.
    _URL_RE = re.compile(r"(?:[\w.~{}-]+(?:/[\w.~{}-]+)*/?)?", re.ASCII)
    _FILE_RE = re.compile(r"(?:[\w.~{}-]+/)*[\w.~{}-]*\.html", re.ASCII)

    def __init__(self, placeholders: tuple[str, ...], example: str, file: bool):
        self.placeholders = placeholders
        self.file = file
        where = "inside the output folder" if file else "of the site"
        end = ", ending in a .html file name" if file else ""
        self.expect = f"a relative path {where}, without '..'{end}, like '{example}'"

    def read(self, value: Any, at: Field) -> Any:
        shape = self._FILE_RE if self.file else self._URL_RE
        if not isinstance(value, str) or not shape.fullmatch(value) or ".." in value.split("/"):
            return self.report(value, at)
        problem = placeholder_problem(value, self.placeholders)
        if problem is not None:
            at.error(f"{at.subject}: {problem}")
            return INVALID
        return value


class Flag(Type):
    expect = "true or false"

    def expected(self, at: Field) -> str:
        return "True or False" if at.python else self.expect

    def convert(self, value: Any) -> Any:
        return value if isinstance(value, bool) else INVALID


class Whole(Type):
    def __init__(self, minimum: int | None = None, unit: str = ""):
        self.minimum = minimum
        self.expect = "a whole number" + (f" of {unit}" if unit else "")
        if minimum is not None:
            self.expect += f" ({minimum} or more)"

    def convert(self, value: Any) -> Any:
        if not isinstance(value, int) or isinstance(value, bool):
            return INVALID
        return value if self.minimum is None or value >= self.minimum else INVALID


class Positive(Type):
    """A number above zero, whole or not (an experiment arm's weight)."""

    expect = "a number above 0"
    names_value = True

    def convert(self, value: Any) -> Any:
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            return INVALID
        return value if value > 0 and value != float("inf") else INVALID


class Jobs(Whole):
    """``"auto"`` or a number of processes; the command line gives it as text."""

    def __init__(self):
        super().__init__(minimum=1)
        self.expect = f'"auto" or {self.expect}'

    def convert(self, value: Any) -> Any:
        if value == "auto":
            return value
        if isinstance(value, str) and value.isdigit():
            value = int(value)
        return super().convert(value)


class Text(Type):
    expect = "text"

    def convert(self, value: Any) -> Any:
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            return str(value)
        return INVALID


class FilePath(Type):
    expect = "a file path"

    def convert(self, value: Any) -> Any:
        return Path(value) if isinstance(value, str | os.PathLike) and str(value) else INVALID


class Choice(Type):
    names_value = True

    def __init__(self, *choices: str):
        self.choices = choices
        self.expect = "one of " + ", ".join(choices)

    def convert(self, value: Any) -> Any:
        return value if isinstance(value, str) and value in self.choices else INVALID

    def hint(self, value: Any) -> str:
        return suggest(str(value), self.choices)


class Date(Type):
    expect = "a date written YYYY-MM-DD"
    names_value = True

    def convert(self, value: Any) -> Any:
        if isinstance(value, datetime.datetime):
            return value.date()
        return value if isinstance(value, datetime.date) else INVALID

    def hint(self, value: Any) -> str:
        # YAML leaves a date that does not exist (2026-02-30) as text.
        written = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", str(value))
        if written is None:
            return ""
        year, month, day = (int(part) for part in written.groups())
        if not 1 <= month <= 12:
            return f" (there is no month {month})"
        days = calendar.monthrange(year, month)[1]
        if 1 <= day <= days:
            return ""  # a real date, quoted: the message says how to write it
        return f" (that day does not exist: {year}-{month:02d} has {days} days)"


class Slug(Type):
    expect = "an id (lower-case letters, digits and single hyphens)"

    def __init__(self, what: str):
        self.what = what

    def read(self, value: Any, at: Field) -> Any:
        if is_slug(value):
            return value
        at.error(slug_problem(value, self.what))
        return INVALID


class Slugs(Type):
    """A list of ids, each named once."""

    expect = "a list of ids, like [why-us, faq]"

    def __init__(self, what: str):
        self.what = what

    def read(self, value: Any, at: Field) -> Any:
        if not isinstance(value, list | tuple):
            return self.report(value, at)
        ids: list[str] = []
        for index, item in enumerate(value):
            item_line = key_line(value, index, at.line)
            if not is_slug(item):
                at.error(slug_problem(item, self.what), item_line)
            elif item in ids:
                at.error(f"{at.subject} names '{item}' twice", item_line)
            else:
                ids.append(item)
        return tuple(ids)


class AllOrSlugs(Slugs):
    """``all`` (read as None), or a list of ids."""

    expect = "'all' or a list of ids, like [returning, partner]"

    def read(self, value: Any, at: Field) -> Any:
        return None if value == "all" else super().read(value, at)


class Texts(Type):
    """A list of texts (host names, language codes)."""

    expect = "a list of texts"

    def convert(self, value: Any) -> Any:
        if isinstance(value, list | tuple | set | frozenset) and all(
            isinstance(item, str) for item in value
        ):
            return tuple(value)
        return INVALID


class LanguageCodes(Texts):
    expect = 'a list of language codes, the default first, like ["en", "ar", "fa"]'

    def read(self, value: Any, at: Field) -> Any:
        codes = super().read(value, at)
        if codes is INVALID:
            return INVALID
        if not codes:
            return self.report(value, at)
        bad = [code for code in codes if not LANGUAGE_CODE_RE.fullmatch(code)]
        for code in bad:
            at.error(f"{at.subject}: '{code}' is not a language code like en, ar or fa")
        return INVALID if bad else codes


class Sizes(Type):
    expect = "a list of (width, height) pairs in CSS pixels, like [(360, 800)]"

    def convert(self, value: Any) -> Any:
        if not isinstance(value, list | tuple) or not value:
            return INVALID
        pairs = [tuple(pair) for pair in value if isinstance(pair, list | tuple)]
        whole = Whole(minimum=1)
        if len(pairs) != len(value) or any(
            len(pair) != 2 or INVALID in (whole.convert(pair[0]), whole.convert(pair[1]))
            for pair in pairs
        ):
            return INVALID
        return pairs


class Strings(Type):
    """One value or a list of values, each kept as text; ``item`` checks and
    normalizes each one."""

    expect = "one value or a list of values"

    def read(self, value: Any, at: Field) -> Any:
        items = value if isinstance(value, list) else [value]
        if not items or any(isinstance(i, dict | list | bool) or i is None for i in items):
            return self.report(value, at)
        checked = [self.item(str(item), at) for item in items]
        # One bad item drops the whole condition (reported once, on the first).
        return INVALID if INVALID in checked else tuple(checked)

    def item(self, text: str, at: Field) -> Any:
        return text


class Globs(Strings):
    """Glob patterns, matched case-insensitively: kept lower-case."""

    def item(self, text: str, at: Field) -> Any:
        return text.lower()


class Hosts(Strings):
    def item(self, text: str, at: Field) -> Any:
        host = text.lower().lstrip(".")
        if "/" in host or ":" in host or " " in host:
            at.error(f"{at.subject}: '{host}' must be a host name like example.org, not a URL")
            return INVALID
        return host


class Languages(Strings):
    """Languages of the site (``Field.languages``)."""

    def item(self, text: str, at: Field) -> Any:
        if text not in at.languages:
            at.error(
                f"{at.subject}: '{text}' is not a configured language ({', '.join(at.languages)})"
            )
            return INVALID
        return text


class Countries(Strings):
    def item(self, text: str, at: Field) -> Any:
        if len(text) != 2 or not text.isalpha():
            at.error(f"{at.subject}: '{text}' is not an ISO 3166 country code like AE or IR")
            return INVALID
        return text.upper()


class Params(Type):
    """Query parameters by name, each with one value or a list of values."""

    expect = "a mapping of parameter names to values, like {support: yes}"

    def read(self, value: Any, at: Field) -> Any:
        if not isinstance(value, dict) or not value:
            return self.report(value, at)
        pairs = []
        for name, patterns in value.items():
            named = replace(
                at, subject=f"{at.subject} '{name}'", line=key_line(value, name, at.line)
            )
            parsed = Strings().read(patterns, named)
            if parsed is not INVALID:
                pairs.append((str(name), parsed))
        return tuple(pairs)
