"""Site shapes beyond the demo pass the kit's own check pass: one small site,
made with `segsite new` and edited, with no home landing page (its language
home is the list of landing pages), one language, a few segments, a title
and a headline at the warning limit (12 words) and no images. One check
pass over its handful of pages (each costs seconds)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from segsite.check.command import check_command
from segsite.cli import build, main
from tests.conftest import PINNED_EPOCH, read_html

# The check pass measures frames and layout shifts: runs after the background pass.
pytestmark = [pytest.mark.browser, pytest.mark.quiet_cores]

TITLE = "Everything you need to open your first online store this spring season"
HEADLINE = "Open a fast, friendly online store that your customers will love using"

# Two more segments beside the skeleton's two: a device rule (visits) with an
# email CTA, and a request rule with a link CTA. Each gets its own page.
MORE_SEGMENTS = """\
  returning:
    label: {en: Returning customer}
    stage: retention
    priority: 20
    match:
      - visits: {min: 2}
    cta:
      label: {en: Write to us about your order}
      channel: email
      to: orders@example.com
      subject: {en: My order}
  partner:
    label: {en: Business partner}
    stage: partnership
    match:
      - utm_medium: [partner]
    cta: {label: {en: Talk to our partner team}, href: "/{lang}/about/"}
"""


def replace(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{file.name}: {old!r} not found"
    file.write_text(text.replace(old, new), encoding="utf-8")


def shaped_site(folder: Path) -> Path:
    assert main(["new", str(folder), "--name", "Shapes", "--languages", "en"]) == 0
    landing = folder / "content/landing/offer.en.md"
    (folder / "content/landing/home.en.md").rename(landing)
    replace(landing, '"Welcome to Shapes"', json.dumps(TITLE))
    replace(landing, '"Home"', '"Offer"')
    # No description: the list link stands alone, a target of its own.
    replace(landing, 'description: "What Shapes offers, in one sentence."\n', "")
    replace(folder / "content/banners/welcome.en.md", "Say what you offer in a few words", HEADLINE)
    replace(folder / "pelicanconf.py", '["home", "about"]', '["offer", "about"]')
    with (folder / "segments.yaml").open("a", encoding="utf-8") as segments:
        segments.write(MORE_SEGMENTS)
    return folder


def test_a_site_without_a_home_page_passes_the_check_pass(tmp_path):
    site = shaped_site(tmp_path / "site")
    assert len(TITLE.split()) == len(HEADLINE.split()) == 12
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", PINNED_EPOCH)
        patch.chdir(site)
        # Not strict: a language without a home page is a warning.
        output = build(site / "pelicanconf.py")
    pages = sorted(p.relative_to(output).as_posix() for p in output.rglob("*.html"))
    assert pages == [
        "en/about/index.html",
        "en/index.html",
        "en/offer/for/newsletter/index.html",
        "en/offer/for/partner/index.html",
        "en/offer/for/returning/index.html",
        "en/offer/index.html",
        "index.html",
    ]
    home = read_html(output / "en/index.html")
    assert [a.get_text() for a in home.select("ul.page-list a")] == [TITLE]
    assert not any(read_html(output / page).find("img") for page in pages)
    assert HEADLINE in (output / "en/offer/index.html").read_text(encoding="utf-8")

    report = tmp_path / "report"
    command, env = check_command(output, site / "pelicanconf.py", report)
    ran = subprocess.run(command, cwd=site, env=env, capture_output=True, text=True, check=False)
    results = report / "results.json"
    assert results.is_file(), ran.stdout[-3000:] + ran.stderr[-3000:]
    found = json.loads(results.read_text(encoding="utf-8"))
    assert found["checks"] > 100
    assert found["failures"] == [], json.dumps(found["failures"], indent=1)
    assert ran.returncode == 0, ran.stdout[-3000:]
