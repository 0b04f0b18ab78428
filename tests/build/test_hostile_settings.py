"""Hostile settings, URLs and page counts: every one is a `file:line: message`
problem before anything is written, never a traceback, never accepted."""

from __future__ import annotations

import pytest

from segsite.cli import read_site_settings
from segsite.pages import SitePlanner
from segsite.problems import SiteInvalid
from segsite.site import load_site
from tests.build.test_bad_input import edit, errors_of
from tests.conftest import build_site, tree


@pytest.fixture
def site(tiny_site, monkeypatch):
    monkeypatch.chdir(tiny_site)  # messages name files relative to the site
    return tiny_site


def add_settings(site, *lines: str) -> int:
    """Append ``lines`` to settings.py; returns the line number of the first."""
    settings = site / "settings.py"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text + "".join(f"{line}\n" for line in lines), encoding="utf-8")
    return text.count("\n") + 1


UNSAFE = "use a site-relative URL starting with '/', or https:, http:, mailto: or tel:"


def test_urls_and_addresses_are_judged_as_a_browser_reads_them(site):
    # A backslash is a slash to a browser: '/\host/' leads to another site.
    edit(
        site / "content/landing/home.en.md", 'href: "/{lang}/about/"', 'href: "/\\\\evil.example/"'
    )
    # Anything after the address would change the mailto: URL.
    edit(site / "segments.yaml", "to: p@example.org", 'to: "p@example.org?body=hi"')
    # A character reference and a tab still spell javascript: to a browser.
    edit(
        site / "content/landing/offer.en.md",
        "segments: [returning, campaign]",
        'segments: [returning, campaign]\ncta: {label: Go, href: "&#106;ava\\tscript:alert(1)"}',
    )
    # An empty alt text is reported at its own line, not at the image's.
    edit(site / "content/banners/main.en.md", "image_alt: A picture en", 'image_alt: ""')
    edit(
        site / "content/banners/main.ar.md",
        "image: images/pic.svg",
        'image: "https://x.example/a.png"',
    )
    assert errors_of(site) == [
        "content/banners/main.ar.md:3: image 'https://x.example/a.png' must be the path of a file"
        " under content/, like images/spring.webp",
        "content/banners/main.en.md:4: 'image' needs 'image_alt': describe the image in a few words",
        "content/landing/home.en.md:6: unsafe URL '/\\evil.example/' in cta.href: a browser reads"
        " it as '//', a link to another site: start a site-relative URL with a single '/',"
        " or write https:",
        f"content/landing/offer.en.md:4: unsafe URL '&#106;ava\tscript:alert(1)' in cta.href: {UNSAFE}",
        "segments.yaml:22: segment 'partner' cta.to 'p@example.org?body=hi' is not an e-mail address",
    ]


def test_hostile_settings_are_problems_at_their_lines(site):
    first = add_settings(
        site,
        'SEGSITE_STRINGS = {"en": {"copyright": "© {yaer} {brand}", "menu": "{0.__class__}"}}',
        'SEGSITE_PAGE_URL = "{lang}/{nope}/"',
        'TIMEZONE = "Mars/Olympus_Mons"',
        'SEGSITE_CONTACT = {"form": "javascript:alert(1)", "email": "p@x.org&cc=y",'
        ' "whatsapp": "12345"}',
        'SEGSITE_MENU = ["home", "abuot"]',
        'SEGSITE_FOOTER_MENU = ["about", "privacy"]',
        'SEGSITE_PAGE_SAVE_AS = "/tmp/segsite-pwn/{slug}.html"',
        'SEGSITE_VARIANT_SAVE_AS = "../{lang}/{slug}/for/{segment}/index.html"',
        'SEGSITE_HOME_URL = "/evil.example/{lang}/"',
        'SITEURL = "javascript:alert(1)"',
    )
    n = {offset: f"settings.py:{first + offset}" for offset in range(10)}
    with pytest.raises(SiteInvalid) as caught:
        build_site(site, strict=True)  # warnings too
    problems = [str(problem) for problem in caught.value.problems]
    # A menu may name a page the content lacks (the demo's settings build other
    # content too): a warning, and the item is left out.
    menu = "add content/pages/{0}.<lang>.md or a landing page, or fix the slug"
    assert [problem for problem in problems if "_MENU" in problem] == [
        f"{n[4]}: warning: SEGSITE_MENU: unknown page 'abuot' (did you mean 'about'?) is left"
        f" out of the menu: {menu.format('abuot')}",
        f"{n[5]}: warning: SEGSITE_FOOTER_MENU: unknown page 'privacy' is left out of the menu:"
        f" {menu.format('privacy')}",
    ]
    assert [problem for problem in problems if ": warning: " not in problem] == [
        f"{n[0]}: SEGSITE_STRINGS['en']['copyright']: unknown placeholder '{{yaer}}'"
        " (did you mean 'year'?): it may use {year}, {brand}",
        f"{n[0]}: SEGSITE_STRINGS['en']['menu']: unknown placeholder '{{0.__class__}}': it takes"
        " none",
        f"{n[1]}: SEGSITE_PAGE_URL: unknown placeholder '{{nope}}': it may use {{lang}}, {{slug}}",
        f"{n[2]}: TIMEZONE 'Mars/Olympus_Mons' is not a time zone: use a name like 'Asia/Dubai'"
        " or 'UTC'",
        f"{n[3]}: SEGSITE_CONTACT['email'] 'p@x.org&cc=y' is not an e-mail address",
        f"{n[3]}: SEGSITE_CONTACT['whatsapp'] '12345' is not an E.164 phone number: write it like"
        " +15551234567",
        f"{n[3]}: unsafe URL 'javascript:alert(1)' in SEGSITE_CONTACT['form']: {UNSAFE}",
        f"{n[6]}: SEGSITE_PAGE_SAVE_AS must be a relative path inside the output folder, without"
        " '..', ending in a .html file name, like '{lang}/{slug}/index.html', not"
        " '/tmp/segsite-pwn/{slug}.html'",
        f"{n[7]}: SEGSITE_VARIANT_SAVE_AS must be a relative path inside the output folder,"
        " without '..', ending in a .html file name, like"
        " '{lang}/{slug}/for/{segment}/index.html', not"
        " '../{lang}/{slug}/for/{segment}/index.html'",
        f"{n[8]}: SEGSITE_HOME_URL must be a relative path of the site, without '..', like"
        " '{lang}/', not '/evil.example/{lang}/'",
        f"{n[9]}: SITEURL must be empty or the site's address, like 'https://example.org', not"
        " 'javascript:alert(1)'",
    ]


def test_two_pages_planned_to_one_file_leave_the_previous_output_untouched(site):
    # A null where text is expected is the default (the title), never "None".
    edit(site / "content/pages/about.en.md", "title: About us", "title: About us\nnav_title: null")
    edit(
        site / "content/landing/home.en.md",
        "description: Home Save time today",
        "description: null\nnav_title: ~",
    )
    output = site.parent / "output"
    build_site(site, output=output)
    before = tree(output)
    pages = b"".join(body for name, body in before.items() if name.endswith(".html"))
    assert b"None" not in pages
    assert b">About us</a>" in before["en/index.html"]
    line = add_settings(site, 'SEGSITE_PAGE_SAVE_AS = "{lang}/index.html"')
    assert errors_of(site, output=output) == [
        f"settings.py:{line}: SEGSITE_HOME_SAVE_AS and SEGSITE_PAGE_SAVE_AS give 2 pages the"
        " same file, ar/index.html: the landing page 'home' (ar) and the page 'about' (ar)"
        " (and 2 more like it); each page needs its own file"
    ]
    assert tree(output) == before
    assert not list(site.parent.glob(".output*")), "a staging folder was left behind"


def test_segment_blocks_outside_landing_pages_are_reported(site):
    block = "\n::: segment returning\nOnly for returning visitors.\n:::\n"
    for path in ("sections/setup.en.md", "pages/about.ar.md", "banners/main.fa.md"):
        file = site / "content" / path
        file.write_text(file.read_text(encoding="utf-8") + block, encoding="utf-8")
    where = "move the block to a landing page, or remove its '::: segment' and ':::' lines"
    assert errors_of(site) == [
        f"content/banners/main.fa.md:8: segment blocks work only in landing pages, not in a"
        f" banner: {where}",
        f"content/pages/about.ar.md:6: segment blocks work only in landing pages, not in a"
        f" plain page: {where}",
        f"content/sections/setup.en.md:6: segment blocks work only in landing pages, not in a"
        f" section: {where}",
    ]


def test_markers_and_encoded_links_are_reported_at_their_own_lines(site):
    # '::: segment' without its id is an opening (not text shown to all),
    # reported where it is rather than at its closing ':::'.
    edit(site / "content/landing/home.en.md", "::: segment partner", "::: segment")
    # A link spelled with a character reference is found at its own line.
    about = site / "content/pages/about.en.md"
    about.write_text(
        about.read_text(encoding="utf-8") + "\nMore.\n\n[x](&#106;avascript:alert(1))\n",
        encoding="utf-8",
    )
    (site / "segments.yaml").rename(site / "audiences.yaml")
    assert errors_of(site) == [
        "content/landing/home.en.md:17: '::: segment' needs the segment's id: '::: segment ID'",
        "content/pages/about.en.md:8: unsafe URL 'javascript:alert(1)' in the body: use a"
        " site-relative URL starting with '/', or https:, http:, mailto: or tel:",
        "segments.yaml: file not found: create it (segsite new writes one), or name yours with"
        " SEGSITE_SEGMENTS in the settings or --segments",
    ]


def test_a_site_over_the_page_ceiling_stops_before_planning(site):
    settings = read_site_settings(
        site / "settings.py",
        {
            "SEGSITE_SETTINGS_FILE": str(site / "settings.py"),
            "PATH": str(site / "content"),
            "SEGSITE_SEGMENTS": str(site / "segments.yaml"),
        },
    )
    planned = len(SitePlanner(load_site(settings)).plan().pages)
    line = add_settings(site, f"SEGSITE_MAX_PAGES = {planned}")
    load_site({**settings, "SEGSITE_MAX_PAGES": planned})  # exactly at the ceiling: fine
    edit(
        site / "settings.py", f"SEGSITE_MAX_PAGES = {planned}", f"SEGSITE_MAX_PAGES = {planned - 1}"
    )
    assert errors_of(site) == [
        f"settings.py:{line}: the site would have {planned} pages, more than SEGSITE_MAX_PAGES"
        f" allows ({planned - 1}): 2 landing pages x 4 segments x 3 languages; give landing"
        " pages a shorter 'segments' list, or raise SEGSITE_MAX_PAGES"
    ]


def test_a_settings_file_that_cannot_be_read_is_a_problem_not_a_traceback(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "content").mkdir()
    cases = {
        # Pelican itself reads SITEURL as text and fails on a number.
        "number.py": (
            'PATH = "content"\nSITEURL = 5\n',
            "number.py:2: SITEURL must be text, not 5",
        ),
        "syntax.py": ("SITEURL = = 1\n", "syntax.py:1: Python syntax error: invalid syntax"),
        "raises.py": (
            'PATH = "content"\nraise RuntimeError("boom")\n',
            "raises.py:2: the settings could not be read (RuntimeError: boom): check the value"
            " of the setting it names (Pelican's own, such as SITEURL, PATH or THEME, must have"
            " the type Pelican expects)",
        ),
    }
    for name, (text, expected) in cases.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        with pytest.raises(SiteInvalid) as caught:
            read_site_settings(tmp_path / name)
        assert [str(p) for p in caught.value.problems] == [expected], name
    with pytest.raises(SiteInvalid) as caught:
        read_site_settings(tmp_path / "missing.py")
    assert [str(p) for p in caught.value.problems] == [
        "missing.py: no such settings file: name it with --settings"
    ]


def test_each_site_reads_its_own_pelicanconf(tmp_path):
    """Pelican keeps a settings file as a module named after it: without
    forgetting it, a second site's `from pelicanconf import *` (its
    publishconf.py) would read the first site's settings."""
    for name in ("first", "second"):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "pelicanconf.py").write_text(f"SITENAME = {name!r}\n", encoding="utf-8")
        (folder / "publishconf.py").write_text(
            "import os, sys\nsys.path.insert(0, os.path.dirname(__file__))\n"
            "from pelicanconf import *\n",
            encoding="utf-8",
        )
    assert read_site_settings(tmp_path / "first" / "pelicanconf.py")["SITENAME"] == "first"
    assert read_site_settings(tmp_path / "second" / "publishconf.py")["SITENAME"] == "second"
    assert read_site_settings(tmp_path / "first" / "publishconf.py")["SITENAME"] == "first"
