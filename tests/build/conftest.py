import os
from pathlib import Path

import pytest

from tests.conftest import ROOT, build_demo
from tests.edge.runtime import build_published

# Where the publish build's links point.
SITEURL = "https://tanin.example"


@pytest.fixture
def in_root(monkeypatch):
    """Run with the repository as the working folder (paths in messages are
    shown relative to it)."""
    monkeypatch.chdir(ROOT)
    return Path(os.getcwd())


@pytest.fixture(scope="session")
def demo(tmp_path_factory) -> Path:
    """The demo as `make build` writes it, at the pinned date: built once
    for every build test that only reads it."""
    return build_demo(tmp_path_factory.mktemp("demo") / "output")


@pytest.fixture(scope="session")
def published(tmp_path_factory) -> Path:
    """The demo as `make publish` writes it for SITEURL, at the pinned date:
    built once for every build test that only reads it."""
    return build_published(tmp_path_factory.mktemp("publish") / "output", SITEURL)
