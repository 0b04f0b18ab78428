"""Which segment pages the check pass reads in their generic page's tab
(segsite/check/views.py): only those whose <head> is the generic page's in
everything a browser runs or draws, and whose body a swap shows as a load
would. Everything else loads on its own."""

from __future__ import annotations

import json

import pytest

from segsite.check.views import swappable

RULES = {"default": "everyone", "remember": True, "segments": [{"id": "partner", "rules": []}]}


def page(
    *,
    fixed: str | None = "partner",
    rules: dict | None = None,
    head: str = "",
    body: str = "<main><p>Hello</p></main>",
) -> str:
    """A page shaped as the kit writes one: a segment page (``fixed``), or
    the generic page (None) with every segment's rules."""
    if rules is None:
        rules = {**RULES, "segments": []} if fixed else RULES
    marks = f' data-segment="{fixed}" data-fixed="{fixed}"' if fixed else ' data-segment="everyone"'
    return (
        f'<!doctype html><html lang="en" dir="ltr"{marks}><head>'
        '<meta charset="utf-8"><title>Offer</title>'
        '<link rel="stylesheet" href="/theme/css/site.css" id="segsite-css">'
        f'<script type="application/json" id="segsite-segments">{json.dumps(rules)}</script>'
        f'<script src="/theme/js/segsite.js" defer></script>{head}</head>'
        f"<body>{body}</body></html>"
    )


GENERIC = page(fixed=None)


def test_a_segment_page_with_the_generic_pages_head_is_read_in_its_tab():
    assert swappable(GENERIC, page())


@pytest.mark.parametrize(
    "head",
    [
        '<link rel="canonical" href="/en/offer/">',
        '<link rel="alternate" hreflang="ar" href="/ar/offer/for/partner/">',
        '<meta property="og:image" content="/cards/partner.png">',
        '<script type="application/ld+json">{"@type": "Offer"}</script>',
    ],
)
def test_what_no_check_reads_in_the_head_may_differ(head):
    assert swappable(GENERIC, page(head=head))


@pytest.mark.parametrize(
    "head",
    [
        '<link rel="stylesheet" href="/theme/css/faults.css">',
        '<script src="/theme/js/fault-console.js"></script>',
        '<meta http-equiv="Content-Security-Policy" content="default-src *">',
        "<style>p { color: red }</style>",
    ],
)
def test_a_head_that_loads_runs_or_draws_something_else_loads_on_its_own(head):
    assert not swappable(GENERIC, page(head=head))


def test_the_segment_rules_must_be_the_generic_pages_with_none_listed():
    assert not swappable(GENERIC, page(rules=RULES))  # a segment page that resolves segments
    assert not swappable(GENERIC, page(rules={**RULES, "segments": [], "remember": False}))
    broken = page().replace('"segments": []}', '"segments": [}')
    assert not swappable(GENERIC, broken)


@pytest.mark.parametrize(
    "body",
    [
        "<main><script src='/theme/js/fault-console.js'></script></main>",
        "<main><noscript><img src='/x.png' alt=''></noscript></main>",
        "<main><iframe src='/en/'></iframe></main>",
        "<main><form data-form='lead'><button>Send</button></form></main>",
        "<main><p style='color: red'>Styled</p></main>",
        "<main><style>p { color: red }</style></main>",
        "<main><button onclick='go()'>Go</button></main>",
        "<main><input autofocus></main>",
        "<main><link rel='stylesheet' href='/theme/css/faults.css'></main>",
    ],
)
def test_a_body_a_swap_would_not_show_as_a_load_does_loads_on_its_own(body):
    assert not swappable(GENERIC, page(body=body))


def test_the_preview_bars_script_is_allowed_where_the_generic_page_has_it_too():
    bar = '<aside><script src="/theme/js/preview.js" defer data-dev-only></script></aside>'
    assert swappable(page(fixed=None, body=bar), page(body=bar))
    assert not swappable(GENERIC, page(body=bar))


def test_an_inline_style_on_html_loads_on_its_own():
    styled = page().replace('<html lang="en"', '<html style="color: red" lang="en"')
    assert not swappable(GENERIC, styled)


def test_a_page_whose_segment_is_not_fixed_is_no_segment_page():
    assert not swappable(GENERIC, page(fixed=None))


EXPERIMENTS = (
    '<script type="application/json" id="segsite-experiments">[{"id": "headline"}]</script>'
    "<script>window.arms = 1;</script>"
)


def test_experiments_a_crawler_is_not_part_of_may_differ():
    """The pass visits as a crawler: every experiment shows its control arm."""
    assert swappable(page(fixed=None, head=EXPERIMENTS), page())
    assert swappable(page(fixed=None, head=EXPERIMENTS), page(head=EXPERIMENTS))


def test_an_inline_script_elsewhere_in_the_head_still_counts():
    assert not swappable(GENERIC, page(head="<script>window.other = 1;</script>"))
    assert not swappable(
        page(fixed=None, head=EXPERIMENTS), page(head="<script>window.arms = 1;</script>")
    )
