"""The option declarations and the reading of values through them: types,
unknown keys, defaults, and where a setting is written in the settings file."""

from __future__ import annotations

from pathlib import Path

import pytest

from segsite.optiondoc import REGIONS
from segsite.options import CONDITIONS
from segsite.optiontypes import Field, Option, Parsed, read_options
from segsite.problems import ProblemLog
from segsite.settings_source import SettingsSource
from segsite.valuetypes import Choice, Flag, Whole

# Every table of options, as the README shows them.
TABLES = {
    caption or "settings": options
    for tables in REGIONS.values()
    for caption, options, _style in tables
}


def field(log: ProblemLog, **kwargs) -> Field:
    return Field(log, Path("x.yaml"), 1, kwargs.pop("subject", "thing"), **kwargs)


@pytest.mark.parametrize("name", TABLES)
def test_each_option_is_declared_once_with_a_doc_and_a_default_of_its_own_type(name):
    options = TABLES[name]
    names = [option.name for option in options]
    assert len(names) == len(set(names)), f"{name}: an option declared twice"
    for option in options:
        assert option.doc and "\n" not in option.doc, option.name
        if option.default is None or isinstance(option.type, Parsed):
            continue
        log = ProblemLog(Path("."))
        option.type.read(option.default, field(log, subject=option.name))
        assert log.problems == [], f"{option.name}: its default does not fit its type"


def test_read_options_reports_unknown_and_missing_keys_and_bad_values():
    table = (
        Option("label", Parsed("text"), "the label", required=True),
        Option("priority", Whole(), "the priority", default=0),
        Option("switcher", Flag(), "the switcher", default=False),
        Option("stage", Choice("acquisition", "retention"), "the stage"),
    )
    log = ProblemLog(Path("."))
    at = field(log, subject="segment 'a'", child_format="{parent}: {key}")
    values = read_options({"stage": "retension", "priorty": 2, "switcher": "yes"}, table, at)
    assert [p.message for p in log.problems] == [
        "unknown key 'priorty' in segment 'a' (did you mean 'priority'?)",
        "segment 'a' needs a 'label'",
        "segment 'a': switcher must be true or false",
        "segment 'a': stage must be one of acquisition, retention, not 'retension'"
        " (did you mean 'retention'?)",
    ]
    assert values == {"label": None, "priority": 0, "switcher": False, "stage": None}
    assert values.given == ()


def test_values_given_keep_the_order_they_were_written_in():
    log = ProblemLog(Path("."))
    values = read_options(
        {"country": "ae", "utm_source": "News*"},
        CONDITIONS,
        field(log, languages=("en",)),
        noun="condition",
    )
    assert log.problems == []
    assert values.given == ("country", "utm_source")
    assert (values["country"], values["utm_source"]) == (("AE",), ("news*",))


def test_python_settings_are_named_and_quoted_as_python():
    log = ProblemLog(Path("."))
    at = field(log, subject="SEGSITE_REMEMBER", python=True)
    Flag().read(1, at)
    Whole(minimum=1).read("many", at)
    assert [p.message for p in log.problems] == [
        "SEGSITE_REMEMBER must be True or False, not 1",
        "SEGSITE_REMEMBER must be a whole number (1 or more), not 'many'",
    ]


def test_a_setting_is_found_where_it_is_assigned_not_where_it_is_mentioned(tmp_path):
    settings = tmp_path / "settings.py"
    settings.write_text(
        "# SEGSITE_SECTION_WORDS: words per section\n"
        'NOTE = "SEGSITE_SECTION_WORDS"\n'
        "SEGSITE_SECTION_WORDS = 100\n"
        "if NOTE:\n"
        "    SEGSITE_SECTION_WORDS = 200\n"
        "SEGSITE_CHECK = {\n"
        '    "viewports": [\n'
        "        (360, 800),\n"
        "    ],\n"
        '    "budgets": {"js_bytes": 10},\n'
        "}\n",
        encoding="utf-8",
    )
    source = SettingsSource(settings)
    assert source.line_of("SEGSITE_SECTION_WORDS") == 5  # the assignment in force
    assert source.line_of("SEGSITE_LANGUAGES") == 0  # not in this file
    written = source.written(
        {
            "SEGSITE_SECTION_WORDS": 200,
            "SEGSITE_CHECK": {"viewports": [(360, 800)], "budgets": {"js_bytes": 10}},
            "SEGSITE_LANGUAGES": ["en"],
            "SITENAME": "not ours",
        }
    )
    assert list(written) == ["SEGSITE_SECTION_WORDS", "SEGSITE_CHECK", "SEGSITE_LANGUAGES"]
    check = written["SEGSITE_CHECK"]
    assert (written.line_of("SEGSITE_CHECK"), check.line_of("budgets")) == (6, 10)
    assert check["viewports"].line_of(0) == 8
    assert check["budgets"].line_of("js_bytes") == 10


def test_a_settings_file_that_does_not_parse_gives_no_lines(tmp_path):
    settings = tmp_path / "settings.py"
    settings.write_text("SEGSITE_SECTION_WORDS = (\n", encoding="utf-8")
    assert SettingsSource(settings).line_of("SEGSITE_SECTION_WORDS") == 0
