"""The one set of URL, address and pattern rules, judged as a browser (or
str.format) reads the value."""

from __future__ import annotations

from pathlib import Path

import pytest

from segsite.fields import (
    email_problem,
    has_safe_scheme,
    image_path_problem,
    is_safe_url,
    link_problem,
    phone_problem,
)
from segsite.optiontypes import Field
from segsite.problems import ProblemLog
from segsite.setting_options import URLS
from segsite.valuetypes import placeholder_problem


@pytest.mark.parametrize(
    "url",
    [
        "/\\evil.example/",  # a browser reads '\' as '/': protocol-relative
        "\\\\evil.example/",
        "/\t/evil.example/",
        "&#106;avascript:alert(1)",
        "&#x6A;avascript:alert(1)",
        "java&#x09;script:alert(1)",
        "JAVASCRIPT:alert(1)",
        "\x01javascript:alert(1)",
        "data:text/html,x",
    ],
)
def test_disguised_urls_are_not_site_links(url):
    assert not is_safe_url(url)
    assert link_problem(url, "cta.href").startswith("unsafe URL")


@pytest.mark.parametrize("url", ["&#106;avascript:x", "JaVa\nScRiPt:x", "vbscript&colon;x"])
def test_disguised_schemes_are_unsafe_in_bodies_too(url):
    assert not has_safe_scheme(url)


def test_a_site_link_with_a_space_or_control_character_is_a_problem():
    assert link_problem("/en/about us/", "cta.href") == (
        "URL '/en/about us/' in cta.href holds a space or a control character: remove it"
        " (a space inside a path is written %20)"
    )
    assert link_problem("/en/about%20us/", "cta.href") is None
    assert link_problem("https://example.org/?a=1&b=2", "cta.href") is None


@pytest.mark.parametrize(
    ("address", "ok"),
    [
        ("p@example.org", True),
        ("first.last+tag@mail.example.co.uk", True),
        ("o'brien@example.ie", True),
        ("p@example.org?body=hi", False),
        ("p@example.org&cc=x@y.org", False),
        ("p q@example.org", False),
        ("p@example", False),
        ("p@@example.org", False),
        ("p..q@example.org", False),
        ("p@-example.org", False),
        ("p@example.org#x", False),
        ("p%40@example.org", False),
    ],
)
def test_email_addresses_are_strict(address, ok):
    assert (email_problem(address, "to") is None) is ok


@pytest.mark.parametrize(
    ("number", "ok"),
    [("+15551234567", True), ("15551234567", False), ("+1 555 123", False), ("+0123456789", False)],
)
def test_phone_numbers_are_e164(number, ok):
    assert (phone_problem(number, "to") is None) is ok


@pytest.mark.parametrize(
    "path", ["https://x.example/a.png", "//x.example/a.png", "images\\a.png", "javascript:x"]
)
def test_an_image_is_a_file_path_never_a_url(path):
    assert image_path_problem(path) is not None
    assert image_path_problem("images/pic.svg") is None


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("© {year} {brand}", None),
        ("{year}", None),
        ("{{literal}} {year}", None),
        (
            "{brand.__class__}",
            "unknown placeholder '{brand.__class__}': it may use {year}, {brand}",
        ),
        (
            "{year!r}",
            "unknown placeholder '{year!r}' (did you mean 'year'?): it may use {year}, {brand}",
        ),
        ("{year:>99999}", "unknown placeholder '{year:>99999}': it may use {year}, {brand}"),
        ("{0}", "unknown placeholder '{0}': it may use {year}, {brand}"),
        ("{year", "a '{' or '}' without its pair: write '{{' or '}}' for a brace itself"),
    ],
)
def test_placeholders_are_only_the_names_given(text, problem):
    assert placeholder_problem(text, ("year", "brand")) == problem


def read_pattern(name: str, pattern: str) -> list[str]:
    """The problems of ``pattern`` as the setting ``name``."""
    option = next(option for option in URLS if option.name == name)
    log = ProblemLog(Path("."))
    option.type.read(pattern, Field(log, Path("settings.py"), 1, name, python=True))
    return [problem.message for problem in log.problems]


@pytest.mark.parametrize(
    ("name", "pattern", "ok"),
    [
        ("SEGSITE_PAGE_SAVE_AS", "{lang}/{slug}/index.html", True),
        ("SEGSITE_PAGE_SAVE_AS", "{lang}/{slug}.html", True),
        ("SEGSITE_PAGE_SAVE_AS", "/tmp/{slug}.html", False),
        ("SEGSITE_PAGE_SAVE_AS", "../{slug}.html", False),
        ("SEGSITE_PAGE_SAVE_AS", "{lang}/../../{slug}.html", False),
        ("SEGSITE_PAGE_SAVE_AS", "{lang}/{slug}/", False),
        ("SEGSITE_PAGE_SAVE_AS", "{lang}\\{slug}.html", False),
        ("SEGSITE_PAGE_SAVE_AS", "theme/css/{slug}.css", False),
        ("SEGSITE_PAGE_URL", "{lang}/{slug}/", True),
        ("SEGSITE_PAGE_URL", "/evil.example/{slug}/", False),
        ("SEGSITE_PAGE_URL", "{lang}/{slug}/?x=1", False),
        ("SEGSITE_PAGE_URL", "{lang}/{slug} x/", False),
    ],
)
def test_url_and_file_patterns_stay_inside_the_site(name, pattern, ok):
    assert (read_pattern(name, pattern) == []) is ok


def test_a_pattern_may_use_only_the_placeholders_of_its_page_kind():
    assert read_pattern("SEGSITE_HOME_URL", "{lang}/{segment}/") == [
        "SEGSITE_HOME_URL: unknown placeholder '{segment}': it may use {lang}, {slug}"
    ]
    assert read_pattern("SEGSITE_VARIANT_URL", "{lang}/{slug}/{segment}/") == []
