"""Input files that cannot be read as they are: each is a `file:line: message`
problem with the rest, the build stops before writing anything, and the
previous output stays as it was. Files that are valid but written by other
editors (a byte order mark, Windows line ends, a link inside content/) build
the same site."""

from __future__ import annotations

import os

import pytest

from tests.build.test_bad_input import edit, errors_of
from tests.conftest import build_pinned, build_site, make_tiny_site, tree

BANNER = "content/banners/main.en.md"
PAGE = "content/pages/about.en.md"
RECORD = ".segsite-pages.json"  # digests of the sources, which these cases change


@pytest.fixture(scope="module")
def previous(tmp_path_factory):
    """The tiny site built once: the output every failing case must leave as it
    is, and the site every valid case must build again."""
    folder = tmp_path_factory.mktemp("previous")
    output = build_pinned(make_tiny_site(folder / "site"), folder / "output")
    return output, tree(output)


@pytest.fixture
def site(tiny_site, monkeypatch):
    monkeypatch.chdir(tiny_site)  # messages name files relative to the site
    return tiny_site


def before_image(site, text: str) -> None:
    """``text`` as front matter lines of the English main banner (line 3 on)."""
    edit(site / BANNER, "image: images/pic.svg", f"{text}\nimage: images/pic.svg")


def in_segments(site, text: str) -> None:
    """``text`` in place of segments.yaml's line 3 (``remember_days: 7``)."""
    edit(site / "segments.yaml", "remember_days: 7", text)


def reencoded(site, encoding: str) -> None:
    path = site / BANNER
    text = path.read_text(encoding="utf-8").replace("Main line en.", "Café line en.")
    path.write_bytes(text.encode(encoding))


def linked(site, name: str, target) -> str:
    (site / name).symlink_to(target)
    return str(target)


def leaked_image(site) -> str:
    """An image beside the site, linked into content/images/: Pelican would copy it."""
    (site.parent / "secret.svg").write_text("<svg/>", encoding="utf-8")
    return linked(site, "content/images/leak.svg", site.parent / "secret.svg")


# (case, what it does to the site, the errors); a case may return a value
# that the expected errors are formatted with ({0}).
FAILING = [
    (
        "date that does not exist",
        lambda site: before_image(site, "starts: 2026-02-30"),
        [
            f"{BANNER}:3: 'starts' must be a date written YYYY-MM-DD, not '2026-02-30'"
            " (that day does not exist: 2026-02 has 28 days)"
        ],
    ),
    (
        "int tag on text",
        lambda site: in_segments(site, 'remember_days: !!int "abc"'),
        [
            "segments.yaml:3: tag !!int needs a whole number, not 'abc': fix the value or remove the tag"
        ],
    ),
    (
        "timestamp tag on text",
        lambda site: before_image(site, 'starts: !!timestamp "x"'),
        [
            f"{BANNER}:3: tag !!timestamp needs a date written YYYY-MM-DD, not 'x':"
            " fix the value or remove the tag"
        ],
    ),
    (
        "python tag",
        lambda site: in_segments(site, 'remember_days: !!python/name:os.system ""'),
        [
            "segments.yaml:3: tag !!python/name:os.system is not supported: remove it"
            " (values are text, numbers, true or false, dates, lists and mappings)"
        ],
    ),
    (
        "NUL in segments.yaml",
        lambda site: in_segments(site, "remember_days: 7\x00"),
        ["segments.yaml:3: character U+0000 at column 17 is not text: delete it"],
    ),
    (
        "ESC in front matter",
        lambda site: edit(site / BANNER, "headline: Main", "headline: Main\x1b"),
        [f"{BANNER}:2: character U+001B at column 15 is not text: delete it"],
    ),
    (
        "U+FFFF in front matter",
        lambda site: edit(site / BANNER, "headline: Main", "headline: Main\uffff"),
        [f"{BANNER}:2: character U+FFFF at column 15 is not text: delete it"],
    ),
    (
        "NUL in a Markdown body",
        lambda site: edit(site / PAGE, "About en.", "About\x00 en."),
        [f"{PAGE}:4: character U+0000 at column 6 is not text: delete it"],
    ),
    (
        "Latin-1 file",
        lambda site: reencoded(site, "latin-1"),
        [f"{BANNER}:6: the file is not UTF-8 (byte 0xE9 on this line): save it as UTF-8"],
    ),
    (
        "UTF-16 file",
        lambda site: reencoded(site, "utf-16"),
        [f"{BANNER}: the file is saved as UTF-16: save it as UTF-8"],
    ),
    (
        "alias inside its own anchor",
        lambda site: in_segments(site, "remember_days: 7\nloop: &a [*a]"),
        [
            "segments.yaml:4: alias '*a' is inside the value it names ('&a' on line 4):"
            " a value cannot contain itself"
        ],
    ),
    (
        "3,000 levels of nesting",
        lambda site: in_segments(site, "remember_days: 7\ndeep: " + "[" * 3000 + "]" * 3000),
        ["segments.yaml:4: lists and mappings nested more than 100 levels deep: nest them less"],
    ),
    (
        "folder named like a page",
        lambda site: (site / "content/pages/folder.en.md").mkdir(),
        [
            "content/pages/folder.en.md: a folder where a file is expected: rename it or move it away"
        ],
    ),
    (
        "link to nothing",
        lambda site: linked(site, "content/pages/gone.en.md", "missing.en.md"),
        [
            "content/pages/gone.en.md: the link leads nowhere ('missing.en.md' does not exist):"
            " fix or remove it"
        ],
    ),
    (
        "page linked from outside content",
        lambda site: linked(site, "content/pages/outside.en.md", site / "settings.py"),
        [
            "content/pages/outside.en.md: the link leads out of content/ (to '{0}'):"
            " copy what it points to into content/ instead"
        ],
    ),
    (
        "image linked from outside content",
        leaked_image,
        [
            "content/images/leak.svg: the link leads out of content/ (to '{0}'):"
            " copy what it points to into content/ instead"
        ],
    ),
]


@pytest.mark.parametrize(
    ("change", "expected"),
    [pytest.param(change, expected, id=case) for case, change, expected in FAILING],
)
def test_a_file_that_cannot_be_read_is_a_problem_and_nothing_is_written(
    site, previous, change, expected
):
    output, before = previous
    made = change(site)
    assert errors_of(site, output=output) == [line.format(made) for line in expected]
    assert tree(output) == before
    assert not list(output.parent.glob(".output*")), "a staging folder was left behind"


def with_bom(site) -> None:
    for path in [site / "segments.yaml", *sorted((site / "content").rglob("*.md"))]:
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())


def with_crlf(site) -> None:
    for path in [site / "segments.yaml", *sorted((site / "content").rglob("*.md"))]:
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))


def with_inner_links(site) -> None:
    """The Persian about page and the banner image are links within content/."""
    about = site / "content/pages/about.fa.md"
    os.replace(about, site / "content/about.fa.txt")
    about.symlink_to("../about.fa.txt")
    picture = site / "content/images/pic.svg"
    os.replace(picture, site / "content/picture.svg")
    picture.symlink_to("../picture.svg")


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(with_bom, id="byte order mark"),
        pytest.param(with_crlf, id="Windows line ends"),
        pytest.param(with_inner_links, id="links inside content"),
    ],
)
def test_valid_files_from_other_editors_build_the_same_site(site, previous, change, tmp_path):
    change(site)
    output = build_site(site, output=tmp_path / "output")
    built, expected = tree(output), dict(previous[1])
    built.pop(RECORD, None)
    expected.pop(RECORD, None)
    assert built == expected


def test_new_segment_reads_the_segments_file_as_the_build_does(tmp_path, capsys):
    from segsite.cli import main

    segments = tmp_path / "segments.yaml"
    segments.write_bytes("default: x\nsegments:\n  x: {label: Café}\n".encode("latin-1"))
    assert main(["new-segment", "vip", "--segments", str(segments)]) == 1
    assert "segments.yaml:3: the file is not UTF-8 (byte 0xE9 on this line): save it as UTF-8" in (
        capsys.readouterr().err
    )
