"""Raw HTML in Markdown bodies: what a marketing page needs stays, anything
else is removed with a warning naming the file and line, and no payload
reaches the page (scripts, frames, <base>, <meta refresh>, SVG animation,
parser-confusion tricks)."""

from __future__ import annotations

import pytest

from segsite.problems import SiteInvalid
from tests.conftest import build_site, read_html

# (raw HTML in the body, what the warnings name)
REMOVED = [
    ("<script>document.title='owned'</script>", ["<script>"]),
    ("<style>body{display:none}</style>", ["<style>"]),
    ('<iframe srcdoc="<p>x</p>"></iframe>', ["<iframe>"]),
    ('<object data="page.html"></object>', ["<object>"]),
    ('<base href="https://evil.example/">', ["<base>"]),
    ('<meta http-equiv="refresh" content="0;url=https://evil.example/">', ["<meta>"]),
    (
        '<svg><a><animate attributeName="href" to="https://evil.example"/></a></svg>',
        ["<svg>", "<animate>"],
    ),
    ('<form action="/x"><input name="q"></form>', ["<form>", "<input>"]),
    ('<p style="position:fixed;inset:0">cover</p>', ["style on <p>"]),
]
# Payloads that confuse a pattern-based filter (it sees a comment or an
# attribute value where a browser sees an <img onerror>); the sanitizer parses
# like a browser, so whatever element comes out carries no handler.
CONFUSING = [
    "<!--><img src=x onerror=alert(1)>-->",
    '<noscript><p title="</noscript><img src=x onerror=alert(2)>"></p></noscript>',
    '<xmp><p title="</xmp><img src=x onerror=alert(3)>"></p></xmp>',
]


def about_body(site, *blocks: str) -> int:
    """Writes the English about page with ``blocks`` as paragraphs of its
    body; returns the line of the first block (one blank line between)."""
    (site / "content/pages/about.en.md").write_text(
        "---\ntitle: About us\n---\nAbout en.\n\n" + "\n\n".join(blocks) + "\n",
        encoding="utf-8",
    )
    return 6


def test_raw_html_beyond_what_a_page_needs_is_removed_with_a_warning(tiny_site, monkeypatch):
    monkeypatch.chdir(tiny_site)
    first = about_body(tiny_site, *(raw for raw, _ in REMOVED))
    # Problems come sorted by file, line and message.
    expected = sorted(
        f"content/pages/about.en.md:{first + 2 * number}: warning: {what} in the body is"
        " removed: a body may hold text, links, lists, tables, images, headings, emphasis"
        " and <details> (put anything else in the theme's templates)"
        for number, (_, named) in enumerate(REMOVED)
        for what in named
    )
    expected.sort(key=lambda problem: (int(problem.split(":")[1]), problem))
    with pytest.raises(SiteInvalid) as caught:
        build_site(tiny_site, strict=True)  # strict: warnings stop the build too
    assert [str(p) for p in caught.value.problems if "about.en.md" in str(p.file)] == expected

    main = read_html(build_site(tiny_site) / "en/about/index.html").select_one("main")
    for tag in ("script", "style", "iframe", "object", "base", "meta", "svg", "form", "input"):
        assert main.find(tag) is None, tag
    assert "evil.example" not in str(main)
    assert main.find(style=True) is None


def test_parser_confusion_puts_no_element_into_the_page(tiny_site, monkeypatch):
    monkeypatch.chdir(tiny_site)
    about_body(tiny_site, *CONFUSING)
    main = read_html(build_site(tiny_site) / "en/about/index.html").select_one("main")
    handlers = [tag for tag in main.find_all(True) if any(a.startswith("on") for a in tag.attrs)]
    assert handlers == []
    assert main.find("noscript") is None and main.find("xmp") is None


def test_what_a_marketing_page_needs_is_kept_as_written(tiny_site, monkeypatch):
    monkeypatch.chdir(tiny_site)
    about_body(
        tiny_site,
        "| Plan | Price |\n| :--- | ---: |\n| Basic | 10 |",
        "<details><summary>More</summary>Shipping is free.</details>",
        "![A shop](/images/pic.svg)\n\n[Write to us](mailto:hi@example.com) *now*",
    )
    main = read_html(build_site(tiny_site) / "en/about/index.html").select_one("main")
    assert main.select_one("table th").get_text() == "Plan"
    assert [td.get("style") for td in main.select("table td")] == [
        "text-align:left",
        "text-align:right",
    ]
    assert main.select_one("details summary").get_text() == "More"
    assert main.select_one("a[href='mailto:hi@example.com']").get_text() == "Write to us"
    assert main.select_one("img")["alt"] == "A shop" and main.find("em").get_text() == "now"
