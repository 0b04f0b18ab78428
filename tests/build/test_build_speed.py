"""Build speed guards: a parallel build writes the same bytes as a one-process
build, and per-page cost does not regress against plain Pelican measured in
the same test (budgets themselves are measured by `make bench`)."""

from __future__ import annotations

import pytest

from segsite.cli import build
from tests.bench.run import count_pages, pelican_build, segsite_build
from tests.bench.synthetic import SHAPES, write_plain_pelican_site, write_site
from tests.conftest import PINNED_EPOCH, ROOT, tree

# segsite's wall time divided by plain Pelican's for the same number of pages,
# one process each, on the "test" shape (454 pages, where interpreter start-up
# still weighs: segsite imports more). Measured 1.23 to 1.36 on the 2-core
# machine (2026-11-22); a regression past this bound fails the build.
RATIO_BOUND = 1.8


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    root = tmp_path_factory.mktemp("synthetic")
    content, segments = write_site(root, SHAPES["test"])
    (root / "settings.py").write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *  # noqa\n"
        "SEGSITE_MENU = ['home', 'landing-1', 'about']\nSEGSITE_FOOTER_MENU = ['about']\n"
        "SEGSITE_CONTACT = {}\nSEGSITE_PREVIEW = False\n",
        encoding="utf-8",
    )
    return root, content, segments


def test_parallel_and_one_process_builds_are_identical(synthetic, monkeypatch):
    root, content, segments = synthetic
    monkeypatch.setenv("SOURCE_DATE_EPOCH", PINNED_EPOCH)
    monkeypatch.chdir(root)
    trees = []
    for jobs in (1, 2):
        output = build(
            root / "settings.py",
            content=content,
            segments=segments,
            output=root / f"out-{jobs}",
            extra={"SEGSITE_JOBS": jobs},
        )
        trees.append(tree(output))
    assert len(trees[0]) > 200
    assert trees[0] == trees[1]


def test_per_page_cost_does_not_regress_against_plain_pelican(synthetic):
    root, content, segments = synthetic
    segsite_wall, _ = segsite_build(root, content, segments, root / "speed-out", jobs=1)
    pages = count_pages(root / "speed-out")
    plain = write_plain_pelican_site(root, pages)
    pelican_wall, _ = pelican_build(root, plain, root / "pelican-out")
    ratio = segsite_wall / pelican_wall
    print(
        f"{pages} pages: segsite {segsite_wall:.2f} s, plain Pelican {pelican_wall:.2f} s, ratio {ratio:.2f}"
    )
    assert ratio <= RATIO_BOUND, (
        f"segsite costs {ratio:.2f}x plain Pelican per page (bound {RATIO_BOUND})"
    )
