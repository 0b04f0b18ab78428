"""Incremental builds (render_cache.py): after an edit, the output equals a
clean build of the same sources, byte for byte; editing a landing page's
Markdown re-renders only that page's files, anything else rebuilds all."""

from __future__ import annotations

from pathlib import Path

import pytest

from segsite.problems import SiteInvalid
from segsite.render_cache import MANIFEST
from tests.conftest import build_site, tree


def inodes(output: Path) -> dict[str, int]:
    """File -> inode: a file written again (renamed into place) gets a new one."""
    return {p.relative_to(output).as_posix(): p.stat().st_ino for p in output.rglob("*.html")}


def rewritten(before: dict[str, int], after: dict[str, int]) -> set[str]:
    return {name for name, inode in after.items() if before.get(name) != inode}


def clean_build(site: Path, tmp_path: Path) -> dict[str, bytes]:
    return tree(build_site(site, tmp_path / "clean"))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def built(tiny_site, tmp_path):
    output = build_site(tiny_site, tmp_path / "output")
    assert (output / MANIFEST).is_file()
    return tiny_site, output


def test_editing_a_landing_body_rerenders_only_that_page(built, tmp_path):
    site, output = built
    before = inodes(output)
    edit(site / "content/landing/offer.en.md", "\n---\n", "\n---\nA new first line.\n\n")
    build_site(site, output)
    changed = rewritten(before, inodes(output))
    assert changed and all(name.startswith("en/offer/") for name in changed), changed
    # Its generic page and its segment pages; nothing in other languages.
    assert "en/offer/index.html" in changed
    assert tree(output) == clean_build(site, tmp_path)


def test_a_new_section_order_reaches_the_stylesheet(built, tmp_path):
    site, output = built
    edit(
        site / "content/landing/home.en.md",
        "  returning:\n    sections: [setup]",
        "  returning:\n    sections: [faq, setup]",
    )
    build_site(site, output)
    assert tree(output) == clean_build(site, tmp_path)


@pytest.mark.parametrize(
    ("path", "old", "new"),
    [
        ("content/sections/faq.en.md", "\n---\n", "\n---\nA changed answer.\n\n"),
        ("content/landing/offer.en.md", "title: ", "title: Renamed "),
        ("segments.yaml", "label: {en: Returning", "label: {en: Coming back"),
        ("settings.py", "SEGSITE_MENU", "SEGSITE_FOOTER_MENU = ['about']\nSEGSITE_MENU"),
    ],
    ids=["a section", "a title other pages show", "segments.yaml", "a setting"],
)
def test_any_other_change_rebuilds_everything(built, tmp_path, path, old, new):
    site, output = built
    before = inodes(output)
    edit(site / path, old, new)
    build_site(site, output)
    assert rewritten(before, inodes(output)) == set(before)
    assert tree(output) == clean_build(site, tmp_path)


def test_bad_input_leaves_the_output_as_it_was(built):
    site, output = built
    before = tree(output)
    edit(site / "content/landing/offer.en.md", "title:", "banner: no-such-banner\ntitle:")
    with pytest.raises(SiteInvalid):
        build_site(site, output)
    assert tree(output) == before


def test_without_the_record_the_build_is_full(built, tmp_path):
    site, output = built
    (output / MANIFEST).unlink()
    before = inodes(output)
    edit(site / "content/landing/offer.en.md", "\n---\n", "\n---\nAnother line.\n\n")
    build_site(site, output)
    assert rewritten(before, inodes(output)) == set(before)
    assert tree(output) == clean_build(site, tmp_path)


def test_a_render_failure_in_place_changes_nothing(built, monkeypatch):
    site, output = built
    before = tree(output)
    edit(site / "content/landing/offer.en.md", "\n---\n", "\n---\nA line.\n\n")
    from segsite.generator import SegsiteGenerator

    def broken(self, page):
        raise RuntimeError("template blew up")

    monkeypatch.setattr(SegsiteGenerator, "render_page", broken)
    with pytest.raises(RuntimeError, match="template blew up"):
        build_site(site, output)
    assert tree(output) == before  # no half-written page, no leftover temp file


def test_publish_builds_are_never_incremental(tiny_site, tmp_path):
    output = build_site(tiny_site, tmp_path / "output", extra={"SEGSITE_PUBLISH": True})
    assert not (output / MANIFEST).exists()
