"""SEGSITE_ANALYTICS: segsite's exposure and conversion events handed to the
configured provider through its own browser API, and a Content-Security-Policy
that names exactly that provider's hosts. The providers' scripts cannot run
here (no third-party host is reachable, and none may be requested): each is
a stub of its documented browser API (gtag(), dataLayer, plausible(),
umami.track(), _paq), recording its calls."""

from __future__ import annotations

import pytest

from segsite.static_server import serving
from tests.conftest import build_pinned, make_tiny_site
from tests.site.helpers import new_tab

EXPERIMENT = """
experiments:
  headline:
    segments: [everyone]
    pages: [home]
    arms:
      control: {weight: 1}
      loyal: {weight: 1, banner: loyal}
"""
STUBS = """
window.__calls = [];
window.gtag = function () { window.__calls.push(['gtag'].concat([].slice.call(arguments))); };
window.plausible = function (name, options) { window.__calls.push(['plausible', name, options]); };
window.umami = {track: function (name, data) { window.__calls.push(['umami', name, data]); }};
window._paq = {push: function (command) { window.__calls.push(['_paq', command]); }};
window.dataLayer = {push: function (entry) { window.__calls.push(['dataLayer', entry]); }};
window.addEventListener('click', e => { if (e.target.closest('a')) e.preventDefault(); }, true);
"""
# provider, its setting, the hosts its CSP adds (directive -> sources).
GOOGLE = {
    "script-src": ["https://www.googletagmanager.com"],
    "connect-src": [
        "https://*.google-analytics.com",
        "https://*.analytics.google.com",
        "https://*.googletagmanager.com",
    ],
    "img-src": ["https://*.google-analytics.com", "https://*.googletagmanager.com"],
}
PROVIDERS = {
    "ga4": ({"provider": "ga4"}, GOOGLE),
    "gtm": ({"provider": "gtm"}, GOOGLE),
    "plausible": (
        {"provider": "plausible"},
        {"script-src": ["https://plausible.io"], "connect-src": ["https://plausible.io"]},
    ),
    "umami": (
        {"provider": "umami", "host": "https://umami.tanin.example"},
        {
            "script-src": ["https://umami.tanin.example"],
            "connect-src": ["https://umami.tanin.example"],
        },
    ),
    "matomo": (
        {"provider": "matomo", "host": "https://tanin.matomo.cloud"},
        {
            "script-src": ["https://tanin.matomo.cloud"],
            "connect-src": ["https://tanin.matomo.cloud"],
            "img-src": ["https://tanin.matomo.cloud"],
        },
    ),
}


@pytest.fixture(scope="module", params=list(PROVIDERS))
def provider_site(request, tmp_path_factory):
    name = request.param
    setting, _hosts = PROVIDERS[name]
    site = make_tiny_site(tmp_path_factory.mktemp(name), f"SEGSITE_ANALYTICS = {setting!r}\n")
    with open(site / "segments.yaml", "a", encoding="utf-8") as segments:
        segments.write(EXPERIMENT)
    with serving(build_pinned(site)) as url:
        yield name, url


def third_party_sources(csp: str) -> dict[str, list[str]]:
    found = {}
    for directive in csp.split(";"):
        name, *sources = directive.split()
        hosts = [s for s in sources if s.startswith("https:")]
        if hosts:
            found[name] = hosts
    return found


def test_events_reach_the_providers_api_and_the_csp_names_only_its_hosts(browser, provider_site):
    name, url = provider_site
    page = new_tab(browser)
    page.context.add_init_script(STUBS)
    page.goto(f"{url}/en/")
    page.wait_for_load_state("load")
    arm = page.evaluate("window.segsite.experiments")["headline"]
    page.locator('.banner a.cta[data-cta="banner"]:visible').click()
    calls = page.evaluate("window.__calls")
    props = {"segment": "everyone", "rule": "default", "page": "/en/", "lang": "en"}
    props["experiments"] = f"headline:{arm}"
    exposure = {**props, "experiment": "headline", "arm": arm}
    conversion = {**props, "cta": "banner", "channel": "link"}
    forwarded = [call for call in calls if call[0] != "dataLayer"]
    expected = {
        "ga4": [
            ["gtag", "event", "segsite_exposure", exposure],
            ["gtag", "event", "segsite_conversion", conversion],
        ],
        "gtm": [],  # Tag Manager reads the dataLayer entries
        "plausible": [
            ["plausible", "segsite:exposure", {"props": exposure}],
            ["plausible", "segsite:conversion", {"props": conversion}],
        ],
        "umami": [
            ["umami", "segsite:exposure", exposure],
            ["umami", "segsite:conversion", conversion],
        ],
        "matomo": [
            ["_paq", ["trackEvent", "segsite", "exposure", f"headline:{arm}"]],
            ["_paq", ["trackEvent", "segsite", "conversion", f"headline:{arm}"]],
        ],
    }[name]
    assert forwarded == expected
    # Every provider's page also pushes each event to the dataLayer, as GTM reads it.
    layer = [call[1]["event"] for call in calls if call[0] == "dataLayer"]
    assert layer == ["segsite:segment", "segsite:exposure", "segsite:conversion"]
    csp = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
    assert third_party_sources(csp) == PROVIDERS[name][1]
    assert page.problems == []
