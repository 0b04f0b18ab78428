"""The README's reference tables are generated from the option declarations
(segsite/options.py, segsite/setting_options.py), so they cannot drift."""

from __future__ import annotations

import difflib

import pytest

from segsite.optiondoc import REGIONS, WRITE_COMMAND, update_readme
from segsite.setting_options import SETTINGS
from tests.conftest import ROOT


def test_the_readme_tables_are_the_declarations():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    generated = update_readme(text)
    stale = "".join(
        difflib.unified_diff(
            text.splitlines(keepends=True),
            generated.splitlines(keepends=True),
            "README.md",
            "generated",
            n=0,
        )
    )
    assert not stale, f"README.md's reference tables are stale; run: {WRITE_COMMAND}\n{stale}"


def test_every_public_setting_is_in_the_settings_table():
    settings_table = update_readme(
        "\n".join(f"<!-- options:{name}:start -->\n<!-- options:{name}:end -->" for name in REGIONS)
    )
    for option in SETTINGS:
        assert (f"| `{option.name}` |" in settings_table) is not option.internal, option.name


def test_a_missing_region_is_an_error_not_a_silent_skip():
    with pytest.raises(ValueError, match="options:settings:start"):
        update_readme("# A README without the markers\n")
