"""YAML as segsite reads it (yamlsource.py): only plain values are made, a
value its tag does not fit is a problem at its line, and nesting and alias
expansion are bounded, with libyaml and with PyYAML alone."""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
from pathlib import Path

import pytest

from segsite import yamlsource
from segsite.problems import ProblemLog
from segsite.yamlsource import MAX_ALIAS_VALUES, MAX_DEPTH, load_yaml

UNSUPPORTED = (
    "is not supported: remove it (values are text, numbers, true or false, dates, lists and"
    " mappings)"
)


# PyYAML's own parser always; libyaml's too where PyYAML was built with it
# (its wheels are), since the build uses it when it is there.
PARSERS = ["pyyaml"] + (["libyaml"] if yamlsource.FAST_LOADER is not None else [])


@pytest.fixture(params=PARSERS)
def loader(request, monkeypatch):
    """Each test runs with PyYAML's own parser and with libyaml's."""
    if request.param == "pyyaml":
        monkeypatch.setattr(yamlsource, "FAST_LOADER", None)


def read(text: str) -> tuple[object, list[str]]:
    log = ProblemLog(Path.cwd())
    value = load_yaml(text, "f.yaml", log, first_line=2)
    return value, [str(problem) for problem in log.problems]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('a: !!int "abc"', "tag !!int needs a whole number, not 'abc'"),
        ('a: !!float "x"', "tag !!float needs a number, not 'x'"),
        ('a: !!bool "maybe"', "tag !!bool needs true or false, not 'maybe'"),
        ('a: !!timestamp "x"', "tag !!timestamp needs a date written YYYY-MM-DD, not 'x'"),
        (
            'a: !!timestamp "2026-02-30"',
            "tag !!timestamp needs a date written YYYY-MM-DD, not '2026-02-30'",
        ),
    ],
)
def test_a_value_its_tag_does_not_fit_is_a_problem_at_its_line(loader, text, expected):
    assert read("x: 1\n" + text) == (
        {"x": 1, "a": None},
        [f"f.yaml:3: {expected}: fix the value or remove the tag"],
    )


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ('a: !!python/name:os.system ""', "!!python/name:os.system"),
        ("a: !!python/object/apply:os.system [ls]", "!!python/object/apply:os.system"),
        ('a: !!binary "aGk="', "!!binary"),
        ("a: !!set {x, y}", "!!set"),
        ("a: !custom value", "!custom"),
    ],
)
def test_only_plain_values_are_made(loader, text, tag):
    assert read(text)[1] == [f"f.yaml:2: tag {tag} {UNSUPPORTED}"]


def test_a_date_that_does_not_exist_stays_text_for_its_option_to_judge(loader):
    assert read("starts: 2026-02-30\nends: 2026-03-01") == (
        {"starts": "2026-02-30", "ends": datetime.date(2026, 3, 1)},
        [],
    )


def test_nesting_is_bounded(loader):
    # The mapping holding 'a' is the first level.
    value, problems = read("a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1))
    assert problems == []
    value = value["a"]
    for _ in range(MAX_DEPTH - 2):
        value = value[0]
    assert value == []
    assert read("a:\n  b: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1)) == (
        None,
        [f"f.yaml:3: lists and mappings nested more than {MAX_DEPTH} levels deep: nest them less"],
    )


def test_a_value_cannot_contain_itself(loader):
    message = "a value cannot contain itself"
    assert read("a: 1\nloop: &m {b: [*m]}") == (
        None,
        [f"f.yaml:3: alias '*m' is inside the value it names ('&m' on line 3): {message}"],
    )


def test_aliases_are_allowed_up_to_the_limit(loader):
    allowed = read("a: &a x\nb: [" + ", ".join(["*a"] * MAX_ALIAS_VALUES) + "]")
    assert allowed[1] == []
    assert len(allowed[0]["b"]) == MAX_ALIAS_VALUES
    base = {"label": "Hi", "priority": 2}
    shared = read("base: &b {label: Hi, priority: 2}\none: *b\ntwo: *b")
    assert shared == ({"base": base, "one": base, "two": base}, [])
    over = read("a: &a x\nb: [" + ", ".join(["*a"] * (MAX_ALIAS_VALUES + 1)) + "]")
    assert over == (
        None,
        [
            f"f.yaml:3: aliases expand to more than {MAX_ALIAS_VALUES:,} values here:"
            " write the values out, or use fewer aliases"
        ],
    )


def test_syntax_problems_keep_their_messages(loader):
    assert read("a: *nope")[1] == [
        "f.yaml:2: YAML syntax error at column 4: found undefined alias 'nope'"
    ]
    assert read("a: 1\na: 2") == (
        {"a": 1},
        ["f.yaml:3: key 'a' is written twice (first on line 2); keep one"],
    )
    assert read("a: 1\n---\nb: 2")[1] == [
        "f.yaml:3: YAML syntax error at column 1: but found another document"
        " (expected a single document in the stream started on line 2)"
    ]
    assert read("a: 1\x00") == (None, ["f.yaml:2: character U+0000 is not text: delete it"])


# Nine levels of nine aliases each: 4 KB that PyYAML alone expands to
# 387 million values (gigabytes, for minutes).
ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]\n"
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
)
# Run apart, with its memory capped: a regression fails instead of taking the
# machine's memory from the rest of the suite.
BOMB_RUNNER = """
import json, resource, sys
from pathlib import Path
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
from segsite import yamlsource
from segsite.problems import ProblemLog
if sys.argv[1] == "pyyaml":
    yamlsource.FAST_LOADER = None
log = ProblemLog(Path.cwd())
value = yamlsource.load_yaml(sys.stdin.read(), "f.yaml", log)
print(json.dumps([value is None, [str(p) for p in log.problems]]))
"""


@pytest.mark.parametrize("parser", PARSERS)
def test_an_alias_bomb_stops_at_the_limit(parser):
    assert len(ALIAS_BOMB) < 4096
    done = subprocess.run(
        [sys.executable, "-c", BOMB_RUNNER, parser],
        input=ALIAS_BOMB,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout) == [
        True,
        [
            f"f.yaml:5: aliases expand to more than {MAX_ALIAS_VALUES:,} values here:"
            " write the values out, or use fewer aliases"
        ],
    ]
