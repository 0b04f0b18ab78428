"""Where each ``SEGSITE_*`` setting is written in the settings file.

Pelican hands the plugin values only; problems need ``file:line``. The file is
parsed with ``ast`` (never run again): the last assignment to a name is the
one in force, and a dict or list written as a literal gives the line of each
key and item, the way YAML values carry theirs (yamlsource.py).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from .yamlsource import YamlList, YamlMap

PREFIX = "SEGSITE_"


class SettingsSource:
    """The assignments of one settings file, by name."""

    def __init__(self, path: Path):
        self.path = path
        # name -> (line, value expression; None when not a plain assignment)
        self.assignments: dict[str, tuple[int, ast.expr | None]] = {}
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        except (OSError, SyntaxError, ValueError):
            return  # a file Pelican could read but we cannot: problems go without lines
        for node in _statements(tree.body):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    self._bind(target, node.lineno, node.value)
            elif isinstance(node, ast.AnnAssign | ast.AugAssign):
                value = node.value if isinstance(node, ast.AnnAssign) else None
                self._bind(node.target, node.lineno, value)

    def _bind(self, target: ast.expr, line: int, value: ast.expr | None) -> None:
        if isinstance(target, ast.Name):
            self.assignments[target.id] = (line, value)
        elif isinstance(target, ast.Tuple | ast.List):
            for element in target.elts:
                self._bind(element, line, None)

    def line_of(self, name: str) -> int:
        """The line of the assignment in force, or 0 when the file does not
        assign it (Pelican's default, an import, the command line)."""
        return self.assignments.get(name, (0, None))[0]

    def written(self, settings: Mapping[str, Any]) -> YamlMap:
        """The ``SEGSITE_*`` settings, each value carrying its lines."""
        result = _located({}, None, 0)
        for name, value in settings.items():
            if name.startswith(PREFIX):
                line, node = self.assignments.get(name, (0, None))
                result.key_lines[name] = line
                result[name] = _located(value, node, line)
        return result


def _statements(body: list[ast.stmt]) -> Iterator[ast.AST]:
    """Statements at module level, also inside if, try, with and loops (not
    inside functions or classes)."""
    for node in body:
        yield node
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            continue
        for name in ("body", "orelse", "finalbody", "handlers"):
            yield from _statements(getattr(node, name, []))


def _located(value: Any, node: ast.AST | None, line: int) -> Any:
    """``value`` as YamlMap and YamlList copies where it is a dict or a list,
    with the lines its literal ``node`` gives (else ``line`` for all)."""
    line = getattr(node, "lineno", line)
    if isinstance(value, dict):
        result = YamlMap()
        result.line, result.key_lines = line, {}
        written = _dict_entries(node)
        for key, item in value.items():
            key_line, item_node = written.get(key, (line, None))
            result.key_lines[key] = key_line
            result[key] = _located(item, item_node, key_line)
        return result
    if isinstance(value, list | tuple):
        result = YamlList()
        result.line, result.item_lines = line, []
        elements = node.elts if isinstance(node, ast.List | ast.Tuple) else []
        for index, item in enumerate(value):
            item_node = elements[index] if len(elements) == len(value) else None
            result.item_lines.append(getattr(item_node, "lineno", line))
            result.append(_located(item, item_node, line))
        return result
    return value


def _dict_entries(node: ast.AST | None) -> dict[Any, tuple[int, ast.expr]]:
    """Key -> (line, value expression) of a dict literal's constant keys."""
    if not isinstance(node, ast.Dict):
        return {}
    return {
        key.value: (key.lineno, value)
        for key, value in zip(node.keys, node.values, strict=True)
        if isinstance(key, ast.Constant)
    }
