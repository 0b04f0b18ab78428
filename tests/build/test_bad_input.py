"""Bad input: every problem reported as exact `file:line: message`, all at once,
and the previous output left exactly as it was."""

from __future__ import annotations

import pytest

from segsite.problems import SiteInvalid
from tests.conftest import build_site, tree


@pytest.fixture
def site(tiny_site, monkeypatch):
    monkeypatch.chdir(tiny_site)  # messages name files relative to the site
    return tiny_site


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def errors_of(site, **kwargs) -> list[str]:
    with pytest.raises(SiteInvalid) as caught:
        build_site(site, **kwargs)
    return [str(p) for p in caught.value.problems if p.severity == "error"]


def test_yaml_syntax_error_names_line_and_column(site):
    edit(site / "segments.yaml", "remember_days: 7", "remember_days: [7")
    assert errors_of(site) == [
        "segments.yaml:4: YAML syntax error at column 9: expected ',' or ']', but got ':'"
        " (while parsing a flow sequence started on line 3)"
    ]


def test_unknown_key_suggests_the_nearest(site):
    edit(site / "segments.yaml", "    priority: 5", "    priorty: 5")
    assert errors_of(site) == [
        "segments.yaml:10: unknown key 'priorty' in segment 'returning' (did you mean 'priority'?)"
    ]


def test_unknown_segment_in_front_matter(site):
    edit(site / "content/landing/home.en.md", "  returning:", "  returnin:")
    assert errors_of(site) == [
        "content/landing/home.en.md:8: unknown segment 'returnin' (did you mean 'returning'?):"
        " define it in segments.yaml or fix the id"
    ]


def test_unknown_banner_and_section(site):
    edit(
        site / "content/landing/offer.ar.md",
        "segments:",
        "banner: mian\nsections: [setup, faqs]\nsegments:",
    )
    assert errors_of(site) == [
        "content/landing/offer.ar.md:3: unknown banner 'mian' (did you mean 'main'?):"
        " add content/banners/mian.<lang>.md or fix the id",
        "content/landing/offer.ar.md:4: unknown section 'faqs' (did you mean 'faq'?):"
        " add content/sections/faqs.<lang>.md or fix the id",
    ]


def test_javascript_cta_in_front_matter(site):
    edit(
        site / "content/landing/home.fa.md", 'href: "/{lang}/about/"', 'href: "javascript:alert(1)"'
    )
    assert errors_of(site) == [
        "content/landing/home.fa.md:6: unsafe URL 'javascript:alert(1)' in cta.href:"
        " use a site-relative URL starting with '/', or https:, http:, mailto: or tel:"
    ]


def test_unsafe_link_in_a_segment(site):
    edit(site / "segments.yaml", "to: p@example.org,", "to: p@example.org, href: x,")
    edit(
        site / "segments.yaml",
        "    banner: future",
        '    banner: future\n    cta: {label: Go, href: " JaVa\tScript:alert(1)"}',
    )
    assert errors_of(site) == [
        "segments.yaml:22: segment 'partner' cta: 'href' does not apply to channel 'email'",
        "segments.yaml:28: unsafe URL ' JaVa\tScript:alert(1)' in segment 'campaign' cta.href:"
        " use a site-relative URL starting with '/', or https:, http:, mailto: or tel:",
    ]


def test_missing_default_segment(site):
    edit(site / "segments.yaml", "default: everyone", "default: everybody")
    assert errors_of(site) == [
        "segments.yaml:2: default segment 'everybody' is not defined under 'segments'"
        " (did you mean 'everyone'?)"
    ]


def test_duplicate_ids(site):
    edit(site / "segments.yaml", "  campaign:", "  partner:\n    label: Again\n  campaign:")
    (site / "content/banners/old").mkdir()
    (site / "content/banners/old/loyal.en.md").write_text("---\nheadline: Old\n---\nOld.\n")
    assert errors_of(site) == [
        "content/banners/old/loyal.en.md:1: duplicate id 'loyal' in banners/ for language 'en'"
        " (also content/banners/loyal.en.md): rename one",
        "segments.yaml:23: key 'partner' is written twice (first on line 17); keep one",
    ]


def test_banner_that_ends_before_it_starts(site):
    edit(
        site / "content/banners/future.en.md",
        "starts: 2099-01-01",
        "starts: 2099-01-01\nends: 2098-12-31",
    )
    assert errors_of(site) == [
        "content/banners/future.en.md:4: banner ends on 2098-12-31, before it starts on 2099-01-01:"
        " swap the dates"
    ]


def test_bad_segment_id(site):
    with open(site / "segments.yaml", "a", encoding="utf-8") as segments:
        segments.write("  Big_Spenders:\n    label: Big spenders\n")
    assert errors_of(site) == [
        "segments.yaml:28: segment id 'Big_Spenders' is not a valid id: use lower-case letters,"
        " digits and single hyphens, like 'big-spenders'"
    ]


def test_bad_language_suffix(site):
    (site / "content/pages/about.fa.md").rename(site / "content/pages/about.de.md")
    assert errors_of(site) == [
        "content/pages/about.de.md:1: language 'de' in the file name is not configured"
        " (SEGSITE_LANGUAGES: en, ar, fa)"
    ]


def test_accent_colour_with_low_contrast(site):
    with open(site / "settings.py", "a", encoding="utf-8") as settings:
        settings.write('SEGSITE_BRAND = {\n    "name": "X",\n    "accent": "#7dd3c0",\n}\n')
    assert errors_of(site) == [
        "settings.py:6: SEGSITE_BRAND 'accent_text' #ffffff on 'accent' #7dd3c0 has contrast 1.76:1,"
        " under 4.5:1: darken or lighten one of them",
        "settings.py:8: SEGSITE_BRAND 'accent' #7dd3c0 on 'background' #ffffff has contrast 1.76:1,"
        " under 4.5:1: darken or lighten one of them",
    ]


def append_settings(site, text: str) -> None:
    """Adds lines to the site's settings.py; its first new line is line 6."""
    with open(site / "settings.py", "a", encoding="utf-8") as settings:
        settings.write(text)


def test_a_setting_of_the_wrong_type_is_reported_at_its_assignment(site):
    # The comment names the setting first: the line is where it is assigned.
    append_settings(
        site, '# SEGSITE_SECTION_WORDS: words per section\nSEGSITE_SECTION_WORDS = "many"\n'
    )
    assert errors_of(site) == [
        "settings.py:7: SEGSITE_SECTION_WORDS must be a whole number (1 or more), not 'many'"
    ]


def test_bad_check_pass_settings_are_reported_with_the_rest(site):
    append_settings(
        site,
        "SEGSITE_CHECK = {\n"
        '    "viewport": [(360, 800)],\n'
        '    "cta_min": "44px",\n'
        '    "budgets": {"js_bytes": 0},\n'
        "}\n",
    )
    edit(site / "segments.yaml", "    switcher: true", "    switcher: yes please")
    assert errors_of(site) == [
        "segments.yaml:16: segment 'returning': switcher must be true or false",
        "settings.py:7: unknown key 'viewport' in SEGSITE_CHECK (did you mean 'viewports'?)",
        "settings.py:8: SEGSITE_CHECK['cta_min'] must be a whole number (1 or more), not '44px'",
        "settings.py:9: SEGSITE_CHECK['budgets']['js_bytes'] must be a whole number (1 or more),"
        " not 0",
    ]


def test_an_unknown_setting_suggests_the_nearest(site):
    append_settings(site, "SEGSITE_REMEMBR = False\n")
    assert errors_of(site) == [
        "settings.py:6: unknown setting 'SEGSITE_REMEMBR' in settings.py"
        " (did you mean 'SEGSITE_REMEMBER'?)"
    ]


def test_several_problems_in_one_file_are_reported_in_one_run(site):
    edit(site / "segments.yaml", "    priority: 5", "    priorty: 5")
    edit(site / "segments.yaml", "    switcher: true", "    switcher: yes please")
    edit(
        site / "segments.yaml",
        "    banner: future",
        "    banner: futur\n    sections: [setup, nope]",
    )
    assert errors_of(site) == [
        "segments.yaml:10: unknown key 'priorty' in segment 'returning' (did you mean 'priority'?)",
        "segments.yaml:16: segment 'returning': switcher must be true or false",
        "segments.yaml:27: unknown banner 'futur' (did you mean 'future'?):"
        " add content/banners/futur.<lang>.md or fix the id",
        "segments.yaml:28: unknown section 'nope': add content/sections/nope.<lang>.md or fix the id",
    ]


def test_unclosed_segment_block_and_inline_handler(site):
    edit(
        site / "content/landing/offer.en.md",
        "Offer body en.",
        '::: segment returning\n<img src="x.png" onerror="alert(1)">',
    )
    assert errors_of(site) == [
        "content/landing/offer.en.md:5: segment block 'returning' is never closed: add a ':::' line",
        "content/landing/offer.en.md:6: inline event handler <img onerror=...> in the body:"
        " remove it (scripts belong in the theme)",
    ]


def test_visits_min_over_max_and_unknown_condition(site):
    edit(
        site / "segments.yaml",
        "visits: {min: 2}",
        "visits: {min: 3, max: 2}\n      - utm_campain: x",
    )
    assert errors_of(site) == [
        "segments.yaml:12: segment 'returning': condition 'visits': min 3 is greater than max 2",
        "segments.yaml:13: unknown condition 'utm_campain' in segment 'returning'"
        " (did you mean 'utm_campaign'?)",
    ]


def test_a_failed_build_leaves_the_previous_output_untouched(site):
    output = site.parent / "output"
    build_site(site, output=output)
    before = tree(output)
    assert "en/index.html" in before
    edit(site / "content/landing/home.en.md", "banner: main", "banner: nope")
    errors_of(site, output=output)
    assert tree(output) == before
    assert not list(site.parent.glob(".output*")), "a staging folder was left behind"


def test_strict_turns_warnings_into_errors(site):
    # The fixture has no Persian FAQ: a missing translation, a warning.
    build_site(site)
    with pytest.raises(SiteInvalid) as caught:
        build_site(site, strict=True)
    messages = [str(p) for p in caught.value.problems]
    assert (
        "content/sections/faq.en.md:1: warning: missing translation: no 'fa' version"
        " (expected sections/faq.fa.md)" in messages
    )
    assert (
        "content/landing/home.fa.md:5: warning: missing translation: section 'faq' has no 'fa'"
        " version; it is left out of that page" in messages
    )


def test_pelican_fatal_warnings_turns_warnings_into_errors(site, tmp_path):
    """The plain Pelican command works too, and --fatal warnings stops on a
    warning (the fixture references a banner that has ended)."""
    import json
    import subprocess
    import sys

    command = [
        sys.executable,
        "-m",
        "pelican",
        str(site / "content"),
        "-s",
        str(site / "settings.py"),
        "-o",
        str(tmp_path / "out"),
        "-e",
        f"SEGSITE_SEGMENTS={json.dumps(str(site / 'segments.yaml'))}",
    ]
    lenient = subprocess.run(command, capture_output=True, text=True, check=False)
    assert lenient.returncode == 0, lenient.stdout + lenient.stderr
    assert (tmp_path / "out/en/for/returning/index.html").is_file()
    fatal = subprocess.run(
        [*command, "--fatal", "warnings"], capture_output=True, text=True, check=False
    )
    assert fatal.returncode != 0
    assert "segments.yaml:21: warning: banner 'expired'" in fatal.stdout + fatal.stderr
