"""YAML that remembers where each key and value was written.

PyYAML's plain loader forgets positions and silently keeps the last of two
equal keys. Editors need ``file:line`` in every message, so we build dicts and
lists that carry their lines ourselves, from the parser's events. Doing so in a
loop, not by recursion, also bounds what a hostile file can cost: nesting depth
and alias expansion have limits, and only plain values are ever made.
"""

from __future__ import annotations

from typing import Any

import yaml

from .problems import ProblemLog


class YamlMap(dict):
    """A dict with the line of the mapping and of each key (1-based)."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class YamlList(list):
    """A list with the line of the sequence and of each item (1-based)."""

    line: int = 0
    item_lines: list[int]

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


def line_of(value: Any, default: int) -> int:
    return getattr(value, "line", 0) or default


FAST_LOADER = getattr(yaml, "CSafeLoader", None)
# Bounds that no segments file or front matter comes near: nesting past them
# would exhaust Python's stack in code that walks the values, and aliases
# (&name, *name) can make a few lines stand for billions of values.
MAX_DEPTH = 100
MAX_ALIAS_VALUES = 10_000

_YAML_TAG = "tag:yaml.org,2002:"
_STR = _YAML_TAG + "str"
# What an explicit tag promises, by tag; only these scalar types (and text)
# are made, so no tag can construct anything else.
_SCALARS = {
    _YAML_TAG + "null": "nothing (null)",
    _YAML_TAG + "bool": "true or false",
    _YAML_TAG + "int": "a whole number",
    _YAML_TAG + "float": "a number",
    _YAML_TAG + "timestamp": "a date written YYYY-MM-DD",
}
_COLLECTIONS = (None, "!", _YAML_TAG + "map", _YAML_TAG + "seq")
# What the constructors of those types raise on a value that does not fit.
_CONSTRUCTOR_ERRORS = (
    ValueError,
    TypeError,
    AttributeError,
    KeyError,
    OverflowError,
    yaml.YAMLError,
)


def load_yaml(text: str, path, log: ProblemLog, first_line: int = 1) -> Any:
    """Parse ``text``; report syntax errors, duplicate keys, values their tag
    does not fit and the limits above to ``log``.

    ``first_line`` is the file line where ``text`` starts (front matter starts
    after the opening ``---``). Returns None when the text cannot be parsed.
    """
    # libyaml parses several times faster; its error texts differ, so a file
    # it rejects is parsed again by PyYAML for the message.
    loaders = [loader for loader in (FAST_LOADER, yaml.SafeLoader) if loader is not None]
    for loader_class in loaders:
        try:
            loader = loader_class(text)
        except yaml.YAMLError as exc:  # PyYAML's reader checks the text first
            _report_error(exc, text, path, log, first_line)
            return None
        builder = _Builder(loader, first_line - 1)
        try:
            value = builder.document()
        except yaml.MarkedYAMLError as exc:
            if loader_class is not loaders[-1]:
                continue
            _report_error(exc, text, path, log, first_line)
            return None
        except yaml.YAMLError as exc:
            _report_error(exc, text, path, log, first_line)
            return None
        except _Stop as stop:
            value = None
            builder.problems.append((stop.line, stop.message))
        finally:
            loader.dispose()
        for line, message in builder.problems:
            log.error(path, line, message)
        return value
    return None


def _report_error(exc: yaml.YAMLError, text: str, path, log: ProblemLog, first_line: int):
    offset = first_line - 1
    if isinstance(exc, yaml.reader.ReaderError):
        character = exc.character if isinstance(exc.character, int) else ord(exc.character)
        line = text.count("\n", 0, exc.position) + first_line
        log.error(path, line, f"character U+{character:04X} is not text: delete it")
        return
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 + offset if mark else first_line
    column = f" at column {mark.column + 1}" if mark else ""
    problem = getattr(exc, "problem", None) or getattr(exc, "context", None) or "invalid YAML"
    context, opened = getattr(exc, "context", None), getattr(exc, "context_mark", None)
    if context and opened is not None and mark is not None and opened.line != mark.line:
        # The parser notices late; point at where the open construct began.
        problem += f" ({context} started on line {opened.line + 1 + offset})"
    log.error(path, line, f"YAML syntax error{column}: {problem}")


class _Stop(Exception):
    """A limit was passed: the rest of the text is not read."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


class _Open:
    """A list or mapping being built: what it holds so far, counted in values."""

    def __init__(self, value: YamlMap | YamlList, anchor: str | None):
        self.value = value
        self.anchor = anchor
        self.count = 1
        self.key: Any = None  # a mapping's key waiting for its value
        self.key_line = 0
        self.has_key = False


class _Builder:
    """Builds values straight from the parser's events, without recursion, so
    nesting and aliases are bounded before they cost anything; problems that
    do not stop the reading are collected in ``problems`` as (line, message)."""

    def __init__(self, loader: Any, offset: int):
        self.loader = loader
        self.offset = offset
        self.problems: list[tuple[int, str]] = []
        self.anchors: dict[str, tuple[Any, int]] = {}  # value, and how many values it holds
        self.anchor_marks: dict[str, Any] = {}
        self.open_anchors: dict[str, int] = {}  # of lists and mappings not yet closed: line
        self.through_aliases = 0

    def line(self, event: Any) -> int:
        return event.start_mark.line + 1 + self.offset

    def document(self) -> Any:
        """The value of the text's one document (None when there is none)."""
        loader = self.loader
        loader.get_event()  # the stream's start
        if loader.check_event(yaml.StreamEndEvent):
            return None
        loader.get_event()  # the document's start
        start = loader.peek_event().start_mark
        value = self.value()
        loader.get_event()  # the document's end
        if not loader.check_event(yaml.StreamEndEvent):
            raise yaml.composer.ComposerError(
                "expected a single document in the stream",
                start,
                "but found another document",
                loader.get_event().start_mark,
            )
        return value

    def value(self) -> Any:
        """One value with all it holds, the parser's events read in a loop."""
        stack: list[_Open] = []
        while True:
            event = self.loader.get_event()
            line = self.line(event)
            if isinstance(event, yaml.AliasEvent):
                value, count = self.alias(event)
            elif isinstance(event, yaml.ScalarEvent):
                self.check_anchor(event)
                value, count = self.scalar(event), 1
                if event.anchor is not None:
                    self.anchors[event.anchor] = (value, count)
            elif isinstance(event, yaml.CollectionStartEvent):
                stack.append(self.start(event, len(stack)))
                continue
            else:  # the end of a list or mapping
                done = stack.pop()
                value, count, line = done.value, done.count, done.value.line
                if done.anchor is not None:
                    del self.open_anchors[done.anchor]
                    self.anchors[done.anchor] = (value, count)
            if not stack:
                return value
            self.add(stack[-1], value, count, line)

    def start(self, event: Any, depth: int) -> _Open:
        line = self.line(event)
        if depth >= MAX_DEPTH:
            raise _Stop(
                line, f"lists and mappings nested more than {MAX_DEPTH} levels deep: nest them less"
            )
        self.check_anchor(event)
        if event.tag not in _COLLECTIONS:
            self.problems.append((line, _unsupported(event.tag)))
        value: YamlMap | YamlList
        if isinstance(event, yaml.MappingStartEvent):
            value = YamlMap()
            value.key_lines = {}
        else:
            value = YamlList()
            value.item_lines = []
        value.line = line
        if event.anchor is not None:
            self.open_anchors[event.anchor] = line
        return _Open(value, event.anchor)

    def add(self, into: _Open, value: Any, count: int, line: int) -> None:
        into.count += count
        container = into.value
        if isinstance(container, YamlList):
            container.append(value)
            container.item_lines.append(line)
        elif not into.has_key:
            into.key = value if isinstance(value, str) else str(value)
            into.key_line, into.has_key = line, True
        else:
            into.has_key = False
            key = into.key
            if key in container:
                self.problems.append(
                    (
                        into.key_line,
                        f"key '{key}' is written twice (first on line {container.key_lines[key]});"
                        " keep one",
                    )
                )
                return
            container.key_lines[key] = into.key_line
            container[key] = value

    def check_anchor(self, event: Any) -> None:
        if event.anchor is None:
            return
        if event.anchor in self.anchor_marks:
            raise yaml.composer.ComposerError(
                f"found duplicate anchor {event.anchor!r}; first occurrence",
                self.anchor_marks[event.anchor],
                "second occurrence",
                event.start_mark,
            )
        self.anchor_marks[event.anchor] = event.start_mark

    def alias(self, event: Any) -> tuple[Any, int]:
        name, line = event.anchor, self.line(event)
        if name in self.open_anchors:
            raise _Stop(
                line,
                f"alias '*{name}' is inside the value it names ('&{name}' on line"
                f" {self.open_anchors[name]}): a value cannot contain itself",
            )
        if name not in self.anchors:
            raise yaml.composer.ComposerError(
                None, None, f"found undefined alias {name!r}", event.start_mark
            )
        value, count = self.anchors[name]
        self.through_aliases += count
        if self.through_aliases > MAX_ALIAS_VALUES:
            raise _Stop(
                line,
                f"aliases expand to more than {MAX_ALIAS_VALUES:,} values here:"
                " write the values out, or use fewer aliases",
            )
        return value, count

    def scalar(self, event: Any) -> Any:
        explicit = event.tag not in (None, "!")
        tag = (
            event.tag
            if explicit
            else self.loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        )
        if tag == _STR:
            return event.value
        if tag not in _SCALARS:
            if explicit:
                self.problems.append((self.line(event), _unsupported(tag)))
                return None
            return event.value  # an implicit '<<' or '=': kept as the text it is
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            return self.loader.yaml_constructors[tag](self.loader, node)
        except _CONSTRUCTOR_ERRORS:
            if not explicit:
                # Looks like a date or number but is none (2026-02-30): kept as
                # text, and the option's type says what it expected.
                return event.value
            shown = event.value if len(event.value) <= 40 else event.value[:40] + "..."
            self.problems.append(
                (
                    self.line(event),
                    f"tag {_short(tag)} needs {_SCALARS[tag]}, not '{shown}':"
                    " fix the value or remove the tag",
                )
            )
            return None


def _short(tag: str) -> str:
    return tag.replace(_YAML_TAG, "!!", 1) if tag.startswith(_YAML_TAG) else tag


def _unsupported(tag: str) -> str:
    return (
        f"tag {_short(tag)} is not supported: remove it (values are text, numbers,"
        " true or false, dates, lists and mappings)"
    )
