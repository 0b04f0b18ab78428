"""The shape the kit's code keeps, so a newcomer can change one part safely:
no module holds state that changes after import (a build in one interpreter
must not see the last build's leftovers), no class over 200 lines and no
module over 400."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "plugins" / "segsite"
MUTATING_METHODS = {
    "append",
    "extend",
    "insert",
    "remove",
    "pop",
    "popitem",
    "clear",
    "update",
    "setdefault",
    "add",
    "discard",
}


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def module_level_names(tree: ast.Module) -> set[str]:
    names = set()
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AnnAssign):
            targets = [node.target]
        names.update(target.id for target in targets if isinstance(target, ast.Name))
    return names


def state_changes(tree: ast.Module) -> list[str]:
    """Where a function rebinds (``global``) or changes in place a name bound
    at module level: item assignment, augmented assignment, a mutating method."""
    names = module_level_names(tree)
    found = []
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        local = {arg.arg for arg in function.args.args + function.args.kwonlyargs}
        for node in ast.walk(function):
            if isinstance(node, ast.Global):
                found.append(f"line {node.lineno}: global {', '.join(node.names)}")
            target = None
            if isinstance(node, ast.Assign | ast.AugAssign):
                for each in node.targets if isinstance(node, ast.Assign) else [node.target]:
                    if isinstance(each, ast.Subscript | ast.Attribute):
                        target = each.value
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in MUTATING_METHODS
            ):
                target = node.func.value
            if isinstance(target, ast.Name) and target.id in names and target.id not in local:
                found.append(f"line {node.lineno}: changes {target.id}")
    return found


def test_no_module_changes_its_own_module_level_values():
    found = {
        str(path.relative_to(ROOT)): changes
        for path in modules()
        if (changes := state_changes(ast.parse(path.read_text(encoding="utf-8"))))
    }
    assert found == {}, "pass values as arguments instead of keeping them in a module"


def test_the_shape_check_finds_module_state():
    # The check above must be able to fail.
    tree = ast.parse("CACHE = {}\ndef remember(k, v):\n    CACHE[k] = v\n")
    assert state_changes(tree) == ["line 3: changes CACHE"]
    assert state_changes(ast.parse("N = 0\ndef up():\n    global N\n")) == ["line 3: global N"]


def test_no_module_over_400_lines_and_no_class_over_200():
    too_long = []
    for path in modules():
        source = path.read_text(encoding="utf-8")
        name = str(path.relative_to(ROOT))
        if source.count("\n") > 400:
            too_long.append(f"{name}: {source.count(chr(10))} lines")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.ClassDef) and node.end_lineno - node.lineno + 1 > 200:
                too_long.append(f"{name}: class {node.name}, {node.end_lineno - node.lineno + 1}")
    assert too_long == [], "split it into units a newcomer can name"
