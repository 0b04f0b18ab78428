"""The live preview's builds in one process (segsite.live): after a save,
only the changed content files are read again; problems of files read
earlier are reported again, every build."""

from __future__ import annotations

from pathlib import Path

from segsite.live import LiveBuilder, SitePaths


def live_builder(site: Path) -> LiveBuilder:
    paths = SitePaths(
        site / "settings.py", site / "content", site / "segments.yaml", site / "output"
    )
    return LiveBuilder(paths, site)


def test_a_live_build_reads_again_only_the_content_files_that_changed(tiny_site, monkeypatch):
    monkeypatch.chdir(tiny_site)
    builder = live_builder(tiny_site)
    assert builder.build().ok
    files = len(list((tiny_site / "content").rglob("*.md")))
    landing = tiny_site / "content/landing/offer.en.md"
    landing.write_text(landing.read_text(encoding="utf-8") + "\nOne more line.\n", "utf-8")
    reads = builder.warm.reads
    kept_before = reads.hits
    assert builder.build({landing}).ok
    assert reads.hits - kept_before == files - 1
    assert "One more line." in (tiny_site / "output/en/offer/index.html").read_text("utf-8")
    # An image may change what a banner reads (its size): everything is read again.
    image = tiny_site / "content/images/pic.svg"
    image.write_text(image.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    kept_before = reads.hits
    assert builder.build({image}).ok
    assert reads.hits == kept_before


def test_a_file_read_earlier_reports_its_problems_in_every_build(tiny_site, monkeypatch):
    monkeypatch.chdir(tiny_site)
    builder = live_builder(tiny_site)
    broken = tiny_site / "content/sections/setup.en.md"
    broken.write_text("---\ntitle: Fast setup\ncolour: red\n---\nSetup text en.\n", "utf-8")
    first = builder.build()
    segments = tiny_site / "segments.yaml"
    segments.write_text(segments.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    again = builder.build({segments})
    assert not first.ok and not again.ok
    problem = "content/sections/setup.en.md:3: unknown key 'colour' in section front matter"
    assert [line for line in first.problems if line.startswith(problem)] != []
    assert again.problems == first.problems
