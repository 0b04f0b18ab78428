"""A segment page the check pass reads in its generic page's tab
(segsite/check/views.py) shows there exactly what it shows loaded on its
own: the same facts at each viewport (boxes, text, contrast, the keys of
its parts), the same sideways scroll, requests, console and CSP reports.
On the demo as `make build` makes it (with the preview bar)."""

from __future__ import annotations

import pytest

from segsite.check.site import Site, load_settings
from segsite.check.visit import Visitor
from tests.conftest import ROOT

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def settings():
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SEGSITE_CHECK_SETTINGS", str(ROOT / "pelicanconf.py"))
        return load_settings()


def visitor(browser, demo_url, settings) -> Visitor:
    """A visitor of its own: nothing judged on another page is re-used."""
    return Visitor(browser, demo_url, settings, shots=None)


def compared(visit) -> dict:
    return {
        "facts": visit.facts,
        "overflow": visit.overflow,
        "console": visit.console,
        "failed": visit.failed,
        "other_hosts": visit.other_hosts,
        "csp": visit.csp,
        # Not the shifts: a loaded page's may differ with the machine's load
        # (page_checks.py, check_no_layout_shift); none are expected on either.
    }


def test_a_segment_page_read_in_its_generic_pages_tab_is_what_its_own_load_shows(
    browser, demo_output, demo_url, settings
):
    site = Site(demo_output, settings)
    viewports = [tuple(size) for size in settings["viewports"]]
    # A left-to-right and a right-to-left landing page, each with its views.
    hosts = [page for page in ("/en/", "/fa/email-marketing/") if site.views_of(page)]
    assert len(hosts) == 2, [(page, site.views_of(page)) for page in site.pages]
    swapped = visitor(browser, demo_url, settings)
    for host in hosts:
        views = site.views_of(host)
        found = swapped.visit_all(host, viewports, views)
        for view in views:
            loaded = visitor(browser, demo_url, settings).visit_all(view.path, viewports)
            for size in viewports:
                mine, own = found[(view.path, size)], loaded[(view.path, size)]
                assert compared(mine) == compared(own), (view.path, size)
                assert mine.reused["load"] == host


def test_each_languages_first_segment_page_loads_on_its_own(demo_output, settings):
    """So the scripts' run on a segment page (its fixed segment) is checked
    too, in each language and direction; the language's other segment pages
    are read in their generic page's tab, its own first one's included."""
    site = Site(demo_output, settings)
    segment_pages = sorted(path for path in site.pages if site.generic_of(path))
    for lang in settings["languages"]:
        mine = [path for path in segment_pages if site.language_of(path) == lang]
        assert site.view_host(mine[0]) is None, mine[0]
        generic = site.generic_of(mine[0])
        assert any(site.view_host(path) == generic for path in mine[1:]), (lang, generic)
