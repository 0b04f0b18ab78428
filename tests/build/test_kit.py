"""segsite as a kit a team installs: `segsite new` writes a site that builds
at once, a site's templates/ replaces one kit partial and nothing else, and
the wheel (built into a temporary folder, not an editable install) works in
a virtual environment outside this checkout: new, build, check, publish,
serve."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import time
import urllib.request
from pathlib import Path

import pytest

from segsite.cli import build, main
from tests.conftest import PINNED_EPOCH, ROOT, read_html
from tests.edge.runtime import free_port


def new_site(folder: Path, *extra: str) -> Path:
    assert main(["new", str(folder), "--name", "Acme: Shop #1", *extra]) == 0
    return folder


def build_new_site(site: Path) -> Path:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", PINNED_EPOCH)
        patch.chdir(site)
        return build(site / "pelicanconf.py", strict=True)


def test_a_new_site_builds_at_once_in_every_language(tmp_path):
    site = new_site(tmp_path / "site")
    output = build_new_site(site)  # strict: not even a warning
    for lang, direction in (("en", "ltr"), ("ar", "rtl"), ("fa", "rtl")):
        doc = read_html(output / lang / "index.html")
        assert doc.html["lang"] == lang and doc.html["dir"] == direction
        assert "Acme: Shop #1" in doc.title.get_text()
        assert (output / lang / "for/newsletter/index.html").is_file()
        assert (output / lang / "about/index.html").is_file()
    for name in ("README.md", "Makefile", "publishconf.py", "segments.yaml"):
        assert (site / name).is_file(), name


def test_new_site_languages_and_name_are_checked(tmp_path, capsys):
    site = new_site(tmp_path / "one", "--languages", "fa")
    assert sorted(p.name for p in (site / "content/landing").iterdir()) == ["home.fa.md"]
    assert build_new_site(site).joinpath("fa/index.html").is_file()
    assert main(["new", str(tmp_path / "two"), "--languages", "en,de"]) == 1
    assert "segsite new writes copy in en, ar, fa" in capsys.readouterr().err
    assert main(["new", str(site)]) == 1  # never over an existing site
    assert "is not an empty folder" in capsys.readouterr().err


def test_a_site_template_replaces_one_kit_partial_and_nothing_else(tmp_path):
    plain = build_new_site(new_site(tmp_path / "plain"))
    site = new_site(tmp_path / "custom")
    partial = site / "templates/partials/banner.html"
    partial.parent.mkdir(parents=True)
    partial.write_text(
        '<section class="banner"><h1 class="our-banner">{{ title }}</h1></section>\n',
        encoding="utf-8",
    )
    custom = build_new_site(site)
    doc, before = read_html(custom / "en/index.html"), read_html(plain / "en/index.html")
    assert doc.select_one(".our-banner").get_text() == "Welcome to Acme: Shop #1"
    assert not doc.select(".banner-headline") and before.select(".banner-headline")
    # The rest of the page is still the kit's.
    for part in ("header", "footer", "main .info-section"):
        assert str(doc.select_one(part)) == str(before.select_one(part)), part


def test_a_site_partial_that_shows_page_data_is_rendered_for_each_page(tmp_path):
    """A kit partial rendered once for many pages (fragments.py) is keyed by
    what it reads: a site's footer that shows the page's title shows each
    page's own."""
    site = new_site(tmp_path / "custom")
    partial = site / "templates/partials/footer.html"
    partial.parent.mkdir(parents=True)
    partial.write_text('<footer><p class="our-title">{{ title }}</p></footer>\n', "utf-8")
    output = build_new_site(site)
    pages = sorted(output.rglob("*.html"))
    titles = {}
    for page in pages:
        doc = read_html(page)
        if doc.select_one(".our-title") is not None:
            titles[page] = (doc.select_one(".our-title").get_text(), doc.h1.get_text())
    assert len(titles) > 3
    for page, (shown, heading) in titles.items():
        assert shown and shown == heading, page
    assert len({shown for shown, _ in titles.values()}) > 2


@pytest.mark.browser
def test_the_wheel_installs_into_a_new_environment_and_builds_checks_and_serves_a_new_site(
    tmp_path,
):
    # The wheel, built from a copy (a build in place leaves build/ behind).
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for name in ("plugins", "themes"):
        shutil.copytree(
            ROOT / name, source / name, symlinks=True, ignore=shutil.ignore_patterns("*.egg-info")
        )
    wheels = tmp_path / "wheels"
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(wheels), str(source)], cwd=tmp_path)  # fmt: skip
    (wheel,) = wheels.glob("segsite-*.whl")

    # A new environment: the wheel without its dependencies, which it takes
    # from this test's environment through a .pth line (a plain path line, so
    # the editable install of this checkout stays out of it).
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", str(venv)], cwd=tmp_path)
    python = venv / "bin" / "python"
    own = Path(run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                   cwd=tmp_path).strip())  # fmt: skip
    (own / "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q",
         str(wheel)], cwd=tmp_path)  # fmt: skip
    segsite = str(venv / "bin" / "segsite")
    where = run([str(python), "-c", "import segsite; print(segsite.__file__)"], cwd=tmp_path)
    assert Path(where.strip()).is_relative_to(venv), where

    site = tmp_path / "site"
    assert "usage" in run([segsite, "--help"], cwd=tmp_path)
    # One language keeps the check pass short (four pages); the three
    # languages are built above and checked over the demo.
    run([segsite, "new", str(site), "--name", "Wheel Shop", "--languages", "en"], cwd=tmp_path)
    run([segsite, "build"], cwd=site)
    assert "Wheel Shop" in (site / "output/en/index.html").read_text(encoding="utf-8")
    checked = run([segsite, "check"], cwd=site)
    assert re.search(r"check pass: \d+ checks, 0 failed", checked), checked[-3000:]
    assert (site / "output-check/index.html").is_file()
    run([segsite, "publish", "--output", str(tmp_path / "published")], cwd=site)
    assert (tmp_path / "published/_headers").is_file()
    assert_serves(segsite, site)


def assert_serves(segsite: str, site: Path) -> None:
    port = free_port()
    server = subprocess.Popen(
        [segsite, "serve", "--port", str(port)],
        cwd=site,
        env={**os.environ, "SOURCE_DATE_EPOCH": PINNED_EPOCH},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60  # only catches a hang
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/en/", timeout=2) as page:
                    assert "Wheel Shop" in page.read().decode("utf-8")
                    return
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
    finally:
        server.terminate()
        server.wait(timeout=30)


def run(command: list[str], cwd: Path) -> str:
    # Outside the checkout, with nothing of it on the path.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    env["SOURCE_DATE_EPOCH"] = PINNED_EPOCH
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"{command}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result.stdout


def test_the_build_summary_counts_what_segsite_wrote(tmp_path):
    """Pelican's own closing line counts only its articles and pages ("0
    pages"); segsite build gives segsite's count instead."""
    site = new_site(tmp_path / "site")
    result = subprocess.run(
        [sys.executable, "-m", "segsite.cli", "build"],
        cwd=site,
        env={**os.environ, "SOURCE_DATE_EPOCH": PINNED_EPOCH},
        capture_output=True,
        text=True,
        check=True,
    )
    said = result.stdout + result.stderr
    assert "Processed 0" not in said
    assert "segsite: wrote 10 of 10 pages" in said


def test_every_command_says_what_it_does(capsys):
    for command in (
        "build",
        "publish",
        "serve",
        "check",
        "report",
        "new-segment",
        "new-page",
        "new",
    ):
        with pytest.raises(SystemExit) as stopped:
            main([command, "--help"])
        assert stopped.value.code == 0
        usage, description, *_ = capsys.readouterr().out.split("\n\n")
        assert usage.startswith(f"usage: segsite {command}")
        assert description.strip().endswith("."), command
