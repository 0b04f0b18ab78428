"""The demo published once for the campaign tests (social cards, e-mails),
and the site as publishconf.py reads it, which the cards and e-mails are
made from."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from segsite.cli import read_site_settings
from segsite.site import Site, load_site
from tests.conftest import PINNED_EPOCH, ROOT
from tests.edge.runtime import build_published

SITEURL = "https://tanin.example"
PUBLISHCONF = ROOT / "publishconf.py"


@pytest.fixture(scope="package")
def card_cache() -> Path:
    """The session's card cache (tests/conftest.py): whichever publish comes
    first draws the cards, the others copy them."""
    return Path(os.environ["SEGSITE_CARD_CACHE"])


@pytest.fixture(scope="package")
def published(tmp_path_factory, card_cache) -> Path:
    return build_published(tmp_path_factory.mktemp("publish") / "output", SITEURL)


@pytest.fixture(scope="package")
def publish_site() -> tuple[Site, dict]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", PINNED_EPOCH)
        patch.setenv("SEGSITE_SITEURL", SITEURL)
        patch.chdir(ROOT)
        settings = read_site_settings(PUBLISHCONF, {"SEGSITE_SETTINGS_FILE": str(PUBLISHCONF)})
        return load_site(settings), settings


def site_file(published: Path, url: str) -> Path:
    """The file of the published site that ``url`` (on SITEURL) names."""
    assert url.startswith(SITEURL + "/"), url
    path = url[len(SITEURL) + 1 :].split("?")[0].split("#")[0]
    file = published / path
    return file / "index.html" if path.endswith("/") or not path else file


def serve_from(page, published: Path) -> None:
    """Requests to SITEURL answered from the published files; any other
    request fails (an e-mail may load nothing else)."""

    def answer(route):
        url = route.request.url
        file = site_file(published, url) if url.startswith(SITEURL + "/") else None
        if file is not None and file.is_file():
            route.fulfill(path=str(file))
        else:
            route.abort()

    page.route("**/*", answer)


def head_of(page: Path) -> BeautifulSoup:
    """A page's <head>, parsed with html5lib (the head alone: the metadata
    tests read, at a fraction of the whole page's parse)."""
    text = page.read_text(encoding="utf-8")
    return BeautifulSoup(text.split("</head>", 1)[0] + "</head>", "html5lib")
