import os
from pathlib import Path

import pytest

from tests.conftest import ROOT


@pytest.fixture
def in_root(monkeypatch):
    """Run with the repository as the working folder (paths in messages are
    shown relative to it)."""
    monkeypatch.chdir(ROOT)
    return Path(os.getcwd())
