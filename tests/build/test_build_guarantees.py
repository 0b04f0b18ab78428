"""Build guarantees: Markdown converted once per file whatever the number of
segments, another site built through the Makefile's variables."""

from __future__ import annotations

import subprocess
import sys

from segsite.markup import MarkdownRenderer
from tests.conftest import ROOT, build_site, read_html


def count_conversions(site, monkeypatch) -> int:
    calls = []
    original = MarkdownRenderer.convert

    def counting(self, text):
        calls.append(text)
        return original(self, text)

    monkeypatch.setattr(MarkdownRenderer, "convert", counting)
    build_site(site)
    monkeypatch.setattr(MarkdownRenderer, "convert", original)
    return len(calls)


def test_markdown_is_converted_once_per_file_however_many_segments(tiny_site, monkeypatch):
    monkeypatch.chdir(tiny_site)
    with_four = count_conversions(tiny_site, monkeypatch)
    with open(tiny_site / "segments.yaml", "a", encoding="utf-8") as segments:
        for number in range(20):
            segments.write(f"  extra-{number}:\n    label: Extra {number}\n    sections: [setup]\n")
    with_twenty_four = count_conversions(tiny_site, monkeypatch)
    assert (tiny_site.parent / "output/en/for/extra-19/index.html").is_file()
    assert with_twenty_four == with_four
    # landing bodies: 3 parts x 3 languages, 1 part x 3; sections 5; banners 4 x 3; pages 3
    assert with_four == 9 + 3 + 5 + 12 + 3


def test_make_build_takes_content_segments_and_output(tmp_path):
    output = tmp_path / "another"
    result = subprocess.run(
        [
            "make",
            "--no-print-directory",
            "build",
            "CONTENT=tests/fixtures/tiny",
            "SEGMENTS=tests/fixtures/tiny-segments.yaml",
            f"OUTPUT={output}",
            f"PYTHON={sys.executable}",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    doc = read_html(output / "en/for/returning/index.html")
    assert doc.select_one(".banner-headline").get_text() == "Loyal-banner-en"
    # The demo's theme and plugins, the fixture's content.
    assert (output / "theme/css/site.css").is_file()
    assert not (output / "en/online-store").exists()
