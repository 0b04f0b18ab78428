"""The grammar of the option declarations in options.py: ``Option``, the
``Type`` a value has (the types themselves are in valuetypes.py), and
``read_options``, which checks a mapping against a table of options.

As in MkDocs' ``config_options``, a type knows what it accepts and how to say
what it expected ("<subject> must be <expect>"), so the parsers do not repeat
an isinstance check and a message for every key. The same ``expect`` text is
the value column of the README's reference tables.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .problems import ProblemLog, suggest


class _Invalid:
    """A value that did not fit its type; the problem is already in the log."""

    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = _Invalid()


def key_line(container: Any, key: Any, default: int) -> int:
    """The line of a key or item in a YAML (or annotated settings) value."""
    line_of = getattr(container, "line_of", None)
    return (line_of(key) or default) if line_of else default


@dataclass(frozen=True)
class Field:
    """Where a value was written, and how problems name it: ``subject`` names
    the value; a key inside it is named by ``child_format`` (and keys deeper
    down by ``nested_format``), both formatted with ``parent`` and ``key``."""

    log: ProblemLog
    path: Path
    line: int
    subject: str
    languages: tuple[str, ...] = ()
    child_format: str = "{parent}.{key}"
    nested_format: str = "{parent}.{key}"
    # A value of the Python settings file: problems quote it (it is not on
    # view where a setting is built from other names) and spell it as Python.
    python: bool = False

    def error(self, message: str, line: int | None = None) -> None:
        self.log.error(self.path, line or self.line, message)

    def child(self, key: Any, line: int) -> Field:
        subject = self.child_format.format(parent=self.subject, key=key)
        return replace(self, subject=subject, line=line, child_format=self.nested_format)

    def entry(self, subject: str, line: int) -> Field:
        """A named mapping of the file (a segment, an experiment): its keys
        are named "<subject>: <key>" at every depth."""
        return replace(
            self,
            line=line,
            subject=subject,
            child_format="{parent}: {key}",
            nested_format="{parent}: {key}",
        )


class Type:
    """What an option accepts. ``expect`` finishes "<subject> must be ..."."""

    expect = "any value"
    names_value = False  # whether the problem quotes the value written

    def read(self, value: Any, at: Field) -> Any:
        """The checked value, or INVALID once the problem is reported."""
        converted = self.convert(value)
        return self.report(value, at) if converted is INVALID else converted

    def report(self, value: Any, at: Field) -> Any:
        """Report that ``value`` does not fit; INVALID."""
        shown = ""
        if self.names_value:
            shown = f", not '{value}'"
        elif at.python:
            shown = f", not {value!r}"
        at.error(f"{at.subject} must be {self.expected(at)}{shown}{self.hint(value)}")
        return INVALID

    def expected(self, at: Field) -> str:
        return self.expect

    def convert(self, value: Any) -> Any:
        return value

    def hint(self, value: Any) -> str:
        return ""


class Parsed(Type):
    """A value the parsers read in code (a text per language, a CTA, rules):
    declared for its key and its documentation, passed on unchanged."""

    def __init__(self, expect: str):
        self.expect = expect


class Mapped(Type):
    """A mapping whose values all have one type (``SEGSITE_DIGITS``)."""

    def __init__(self, each: Type, expect: str):
        self.each = each
        self.expect = expect

    def read(self, value: Any, at: Field) -> Any:
        if not isinstance(value, Mapping):
            return self.report(value, at)
        result = {}
        for key, item in value.items():
            parsed = self.each.read(item, at.child(key, key_line(value, key, at.line)))
            if parsed is not INVALID:
                result[str(key)] = parsed
        return result


class Table(Type):
    """A mapping with keys of its own, declared as options."""

    def __init__(self, options: tuple[Option, ...], expect: str, allow_empty: bool = True):
        self.options = options
        self.expect = expect
        self.allow_empty = allow_empty

    def read(self, value: Any, at: Field) -> Any:
        if not isinstance(value, Mapping) or not (value or self.allow_empty):
            return self.report(value, at)
        return read_options(value, self.options, at)


@dataclass(frozen=True)
class Option:
    """One key a site can set: its type, default and a one-line doc."""

    name: str
    type: Type
    doc: str
    default: Any = None
    required: bool = False
    # The reference tables' default, where the value alone would not say it.
    shown_default: str | None = None
    # Set by the segsite command for Pelican, never by hand: not in the tables.
    internal: bool = False


class Values(dict):
    """Each option's value (its default when not given or not valid), and
    ``given``: the options written and valid, in the order written."""

    given: tuple[str, ...] = ()


def defaults(options: tuple[Option, ...]) -> dict[str, Any]:
    """Each option's default, by name."""
    return {option.name: option.default for option in options}


def report_unknown(mapping: Mapping, options, at: Field, noun: str = "key") -> None:
    """Each key that no option declares, with the nearest declared one."""
    names = [option.name for option in options]
    for key in mapping:
        if key not in names:
            at.error(
                f"unknown {noun} '{key}' in {at.subject}{suggest(str(key), names)}",
                key_line(mapping, key, at.line),
            )


def read_options(
    mapping: Mapping,
    options: tuple[Option, ...],
    at: Field,
    *,
    noun: str = "key",
    closed: bool = True,
    skip: tuple[str, ...] = (),
) -> Values:
    """Check ``mapping`` against ``options``: unknown keys (unless not
    ``closed``), missing required keys, each value's type. An option named in
    ``skip`` is known but read by the caller."""
    if closed:
        report_unknown(mapping, options, at, noun)
    values = Values()
    valid = set()
    for option in options:
        if option.name in skip:
            continue
        value = mapping.get(option.name)
        values[option.name] = option.default
        if value is None or (option.required and isinstance(value, str) and not value.strip()):
            if option.required:
                at.error(f"{at.subject} needs a '{option.name}'")
            continue
        line = key_line(mapping, option.name, at.line)
        parsed = option.type.read(value, at.child(option.name, line))
        if parsed is not INVALID:
            values[option.name] = parsed
            valid.add(option.name)
    values.given = tuple(key for key in mapping if key in valid)
    return values
