"""YAML that remembers where each key and value was written.

PyYAML's plain loader forgets positions and silently keeps the last of two
equal keys. Editors need ``file:line`` in every message, so we compose the node
tree ourselves and build dicts and lists that carry their lines.
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


def load_yaml(text: str, path, log: ProblemLog, first_line: int = 1) -> Any:
    """Parse ``text``; report syntax errors and duplicate keys to ``log``.

    ``first_line`` is the file line where ``text`` starts (front matter starts
    after the opening ``---``). Returns None when the text cannot be parsed.
    """
    offset = first_line - 1
    if FAST_LOADER is not None:
        # libyaml composes the same node tree several times faster; its error
        # texts differ, so a file it rejects is parsed again for the message.
        fast = FAST_LOADER(text)
        try:
            node = fast.get_single_node()
            return None if node is None else _build(node, fast, path, log, offset)
        except yaml.YAMLError:
            pass
        finally:
            fast.dispose()
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        return _build(node, loader, path, log, offset)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + offset if mark else first_line
        column = f" at column {mark.column + 1}" if mark else ""
        problem = exc.problem or exc.context or "invalid YAML"
        opened = exc.context_mark
        if exc.context and opened is not None and mark is not None and opened.line != mark.line:
            # The parser notices late; point at where the open construct began.
            problem += f" ({exc.context} started on line {opened.line + 1 + offset})"
        log.error(path, line, f"YAML syntax error{column}: {problem}")
        return None
    finally:
        loader.dispose()


def _build(node: yaml.Node, loader: yaml.SafeLoader, path, log: ProblemLog, offset: int) -> Any:
    line = node.start_mark.line + 1 + offset
    if isinstance(node, yaml.MappingNode):
        result = YamlMap()
        result.line = line
        result.key_lines = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            key_line = key_node.start_mark.line + 1 + offset
            if not isinstance(key, str):
                key = str(key)
            if key in result:
                log.error(
                    path,
                    key_line,
                    f"key '{key}' is written twice (first on line {result.key_lines[key]});"
                    " keep one",
                )
                continue
            result.key_lines[key] = key_line
            result[key] = _build(value_node, loader, path, log, offset)
        return result
    if isinstance(node, yaml.SequenceNode):
        result = YamlList()
        result.line = line
        result.item_lines = []
        for item in node.value:
            result.item_lines.append(item.start_mark.line + 1 + offset)
            result.append(_build(item, loader, path, log, offset))
        return result
    return loader.construct_object(node, deep=True)
