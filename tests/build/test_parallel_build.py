"""Parallel builds: a build over several processes writes the same bytes as a
one-process build. How fast either is, and the cost per page against plain
Pelican, are figures in `make bench`, never assertions here."""

from __future__ import annotations

import pytest

from segsite.cli import build
from tests.bench.synthetic import SHAPES, write_site
from tests.conftest import PINNED_EPOCH, ROOT, tree


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
