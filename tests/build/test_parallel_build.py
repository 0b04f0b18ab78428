"""Parallel builds and shared parts: a build over several processes, and a
build that renders every shared part on every page (no fragment re-used),
write the same bytes as a one-process build. How fast each is, and the cost
per page against plain Pelican, are figures in `make bench`, never
assertions here."""

from __future__ import annotations

import pytest

from segsite.cli import build
from segsite.fragments import Fragments
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


def build_synthetic(synthetic, name: str, **extra):
    root, content, segments = synthetic
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", PINNED_EPOCH)
        patch.chdir(root)
        return tree(
            build(
                root / "settings.py",
                content=content,
                segments=segments,
                output=root / name,
                extra=extra,
            )
        )


@pytest.fixture(scope="module")
def one_process(synthetic):
    return build_synthetic(synthetic, "out-1", SEGSITE_JOBS=1)


def test_parallel_and_one_process_builds_are_identical(synthetic, one_process):
    parallel = build_synthetic(synthetic, "out-2", SEGSITE_JOBS=2)
    assert len(one_process) > 200
    assert parallel == one_process


def test_shared_parts_rendered_once_are_what_each_page_would_render(
    synthetic, one_process, monkeypatch
):
    """fragments.py: the navigation, footer, sections, body and call to
    action are rendered once for the pages that show them alike; rendered
    afresh on every page instead, every byte is the same."""
    monkeypatch.setattr(Fragments, "enabled", False)
    assert build_synthetic(synthetic, "out-unshared", SEGSITE_JOBS=1) == one_process


def test_a_shared_part_is_rendered_once_for_the_pages_that_show_it(synthetic, monkeypatch):
    """Most uses of a fragment on the synthetic site are re-used, not rendered:
    each section, the footer and the navigation repeat on many pages."""
    uses, renders = [], []
    call, render = Fragments.__call__, Fragments._render
    monkeypatch.setattr(
        Fragments, "__call__", lambda self, *a, **k: uses.append(1) or call(self, *a, **k)
    )
    monkeypatch.setattr(
        Fragments, "_render", lambda self, *a, **k: renders.append(1) or render(self, *a, **k)
    )
    build_synthetic(synthetic, "out-counted", SEGSITE_JOBS=1)
    assert len(uses) > 1000
    assert len(renders) < len(uses) / 2
