"""Experiments in a real Chromium on the demo (welcome-headline on home and
online-store for everyone and new-visitor; cta-wording on email-marketing for
every segment) and on small sites built for one case each."""

from __future__ import annotations

import json
import math
from collections import Counter

import pytest

from segsite.experiments import Arm, Experiment
from segsite.static_server import serving
from tests.conftest import build_pinned, make_tiny_site
from tests.site.helpers import new_tab, visible_banner, visible_cta

CONTEXTS = 400
KEPT_EVERY = 16  # every 16th device also reloads and opens another page
SUBRESOURCES = ("css", "js", "svg", "webp", "png", "jpg", "woff2")
# In the page: each device's page views, one document at a time in a hidden
# frame (the document loads and its scripts run; nothing is laid out);
# storage cleared after each device. -> [[home arm, [reload, other page] or
# null], ...]
DEVICES = """async ({count, keptEvery}) => {
  const view = (path) => new Promise((resolve) => {
    const frame = document.createElement('iframe');
    frame.style.display = 'none'; // loaded and run, never laid out
    frame.onload = () => {
      resolve(frame.contentDocument.documentElement.dataset.arm || 'control');
      frame.remove();
    };
    frame.src = path;
    document.body.appendChild(frame);
  });
  const visits = [];
  for (let device = 0; device < count; device++) {
    const home = await view('/en/');
    const kept = device % keptEvery ? null : [await view('/en/'), await view('/en/online-store/')];
    visits.push([home, kept]);
    localStorage.clear();
    sessionStorage.clear();
  }
  return visits;
}"""
EVENTS = """
window.__exposures = []; window.__conversions = [];
document.addEventListener('segsite:exposure', e => window.__exposures.push(e.detail));
document.addEventListener('segsite:conversion', e => window.__conversions.push(e.detail));
// A CTA's click is recorded, and the page stays.
window.addEventListener('click', e => { if (e.target.closest('a')) e.preventDefault(); }, true);
"""
WELCOME = Experiment("welcome-headline", 1, (Arm("control", 50, 1), Arm("bold-offer", 50, 1)))
CTA_WORDING = Experiment("cta-wording", 1, (Arm("control", 50, 1), Arm("direct", 50, 1)))


def arm_of(page) -> str:
    return page.evaluate("document.documentElement.dataset.arm || 'control'")


def binomial_bounds(n: int, p: float, alpha: float) -> tuple[int, int]:
    """The counts a fair split of ``n`` lands between except with probability ``alpha``."""
    cdf, low, high = 0.0, 0, n
    cells = [math.comb(n, k) * p**k * (1 - p) ** (n - k) for k in range(n + 1)]
    for k, mass in enumerate(cells):
        cdf += mass
        if cdf > alpha / 2:
            low = k
            break
    cdf = 0.0
    for k in range(n, -1, -1):
        cdf += cells[k]
        if cdf > alpha / 2:
            high = k
            break
    return low, high


def device_in(arm: str, experiment: Experiment = WELCOME) -> str:
    """A device id the function puts in ``arm`` of ``experiment``."""
    return next(
        f"device{n:04d}" for n in range(10_000) if experiment.assign(f"device{n:04d}") == arm
    )


def test_fresh_devices_split_across_arms_and_keep_their_arm(browser, demo_url):
    """400 first visits, each from a device segsite has never seen. segsite
    keeps a device's memory in web storage only (no cookie:
    test_no_cookie_is_set), so with storage cleared the next page view is a
    new device to it, at a fraction of a new browser context's cost (a new
    renderer process each, 0.3 s here; test_a_fresh_browser_context_is_a_new_device
    checks contexts themselves). The pages load as real documents, one after
    another, in a frame of a page of the same site, so the loop runs in the
    browser; only documents load (the arm is decided in <head>). That two
    experiments are independent is a property of the one assignment function,
    shown over 20,000 devices in tests/unit/test_experiments.py; the shared
    table (tests/edge/test_assignment.py) shows this browser runs the same."""
    context = browser.new_context()
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setBlockedURLs", {"urls": [f"*.{kind}" for kind in SUBRESOURCES]})
    page.goto(f"{demo_url}/en/about/")  # no experiment here: a host for the frames
    visits = page.evaluate(DEVICES, {"count": CONTEXTS, "keptEvery": KEPT_EVERY})
    context.close()
    seen = Counter()
    for home, kept in visits:
        # Kept on a reload and on another page of the experiment.
        assert kept is None or kept == [home, home], (home, kept)
        seen[home] += 1
    low, high = binomial_bounds(CONTEXTS, 0.5, 0.001)
    assert low <= seen["welcome-headline.bold-offer"] <= high, seen
    assert seen["control"] + seen["welcome-headline.bold-offer"] == CONTEXTS


def test_a_fresh_browser_context_is_a_new_device(browser, demo_url):
    arms = set()
    for _ in range(3):
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"{demo_url}/en/")
        assert page.evaluate("localStorage.getItem('segsite:device')")
        arms.add(page.evaluate("localStorage.getItem('segsite:device')"))
        context.close()
    assert len(arms) == 3  # each context made its own id


# Measures frames and layout shifts: runs after the background check pass.
@pytest.mark.quiet_cores
def test_the_arm_shows_on_the_first_frame_without_a_shift(browser, demo_url):
    page = new_tab(browser, storage={"segsite:device": json.dumps(device_in("bold-offer"))})
    page.goto(f"{demo_url}/en/")
    page.wait_for_function("window.__frames.length >= 3")
    assert set(page.evaluate("window.__frames")) == {"welcome-bold"}
    assert page.evaluate("window.__shifts") == 0
    assert visible_banner(page) == "welcome-bold"
    assert page.problems == []
    control = new_tab(browser, storage={"segsite:device": json.dumps(device_in("control"))})
    control.goto(f"{demo_url}/en/")
    control.wait_for_function("window.__frames.length >= 3")
    assert set(control.evaluate("window.__frames")) == {"welcome-offer"}


def open_with_events(browser, url: str, **context_args):
    page = new_tab(browser, **context_args)
    page.context.add_init_script(EVENTS)
    page.goto(url)
    page.wait_for_load_state("load")
    return page


def test_exposure_fires_once_per_page_view_with_the_arm(browser, demo_url):
    device = device_in("bold-offer")
    page = open_with_events(
        browser, f"{demo_url}/en/", storage={"segsite:device": json.dumps(device)}
    )
    assert page.evaluate("window.__exposures") == [
        {
            "segment": "everyone",
            "rule": "default",
            "page": "/en/",
            "lang": "en",
            "experiments": {"welcome-headline": "bold-offer"},
            "experiment": "welcome-headline",
            "arm": "bold-offer",
        }
    ]
    page.reload()
    page.wait_for_load_state("load")
    assert len(page.evaluate("window.__exposures")) == 1  # one per page view


def test_forcing_an_arm_shows_it_for_that_view_only_and_counts_nothing(browser, demo_url):
    device = device_in("control")
    page = open_with_events(
        browser,
        f"{demo_url}/en/?experiment=welcome-headline:bold-offer",
        storage={"segsite:device": json.dumps(device)},
    )
    assert visible_banner(page) == "welcome-bold"
    assert page.evaluate("window.__exposures") == []
    page.goto(f"{demo_url}/en/")
    assert visible_banner(page) == "welcome-offer"  # the device's own arm again
    assert arm_of(page) == "control"


@pytest.mark.parametrize(
    "how",
    ["crawler", "blocked storage", "segment outside the experiment"],
)
def test_who_does_not_take_part_sees_control_and_fires_no_exposure(browser, demo_url, how):
    device = json.dumps(device_in("bold-offer"))
    url, context_args = f"{demo_url}/en/", {"storage": {"segsite:device": device}}
    if how == "crawler":
        context_args["user_agent"] = (
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
        )
    elif how == "segment outside the experiment":
        url += "?segment=returning-customer"
    page = new_tab(browser, **context_args)
    if how == "blocked storage":
        page.context.add_init_script(
            "Object.defineProperty(window, 'localStorage', {get() { throw new DOMException('denied'); }});"
        )
    page.context.add_init_script(EVENTS)
    page.goto(url)
    page.wait_for_load_state("load")
    assert arm_of(page) == "control"
    assert page.evaluate("window.__exposures") == []
    assert page.evaluate("window.segsite.experiments") == {}
    assert page.problems == []


# segment -> the channel of its CTA on the demo's email-marketing page, where
# cta-wording runs for every segment: control keeps the segment's CTA, the
# direct arm shows its own (a link).
CHANNELS = {
    "returning-customer": "whatsapp",
    "business-partner": "email",
    "spring-launch": "form",
    "after-sales": "phone",
}


@pytest.mark.parametrize("arm", ["control", "direct"])
@pytest.mark.parametrize("segment", list(CHANNELS))
def test_a_conversion_fires_on_each_cta_channel_with_the_arm(browser, demo_url, segment, arm):
    device = json.dumps(device_in(arm, CTA_WORDING))
    page = open_with_events(
        browser,
        f"{demo_url}/en/email-marketing/?segment={segment}",
        storage={"segsite:device": device},
    )
    # The page stays (the links would leave it), so its record can be read.
    page.evaluate("addEventListener('click', e => e.preventDefault(), true)")
    page.locator('.banner a.cta[data-cta="banner"]:visible').click()
    channel = CHANNELS[segment] if arm == "control" else "link"
    if channel == "form":
        # Opening a lead form is not a conversion: its submit is
        # (tests/edge/test_forms_demo.py, with the arm).
        assert page.evaluate("window.__conversions") == []
        return
    (conversion,) = page.evaluate("window.__conversions")
    assert conversion["channel"] == channel
    assert conversion["cta"] == "banner"
    assert conversion["segment"] == segment
    assert conversion["experiments"] == {"cta-wording": arm}


def test_a_link_cta_and_the_contact_strip_convert_too(browser, demo_url):
    page = open_with_events(browser, f"{demo_url}/en/email-marketing/")
    arm = page.evaluate("window.segsite.experiments")["cta-wording"]
    label = visible_cta(page)
    assert (label == "Start my first campaign") == (arm == "direct")
    page.locator('.banner a.cta[data-cta="banner"]:visible').click()
    for channel in ("whatsapp", "email", "phone"):
        page.locator(f'.contact-strip a[data-channel="{channel}"]').click()
    conversions = page.evaluate("window.__conversions")
    assert [(c["cta"], c["channel"]) for c in conversions] == [
        ("banner", "link"),
        ("contact", "whatsapp"),
        ("contact", "email"),
        ("contact", "phone"),
    ]
    assert all(c["experiments"] == {"cta-wording": arm} for c in conversions)


LATER = """
experiments:
  later:
    segments: [everyone]
    pages: [home]
    starts: 2099-01-01
    arms:
      control: {weight: 1}
      loyal: {weight: 1000, banner: loyal}
"""


@pytest.fixture(scope="module")
def later_site_url(tmp_path_factory):
    """The tiny site with an experiment that has not started, and one with
    remembering off; both served."""
    urls = []
    for name, settings in (("later", ""), ("forgetful", "SEGSITE_REMEMBER = False\n")):
        site = make_tiny_site(tmp_path_factory.mktemp(name), settings)
        with open(site / "segments.yaml", "a", encoding="utf-8") as segments:
            segments.write(LATER.replace("2099-01-01", "2026-01-01") if settings else LATER)
        urls.append(build_pinned(site))
    with serving(urls[0]) as later, serving(urls[1]) as forgetful:
        yield later, forgetful


def test_outside_its_dates_and_with_remembering_off_control_shows(browser, later_site_url):
    later, forgetful = later_site_url
    for url in (later, forgetful):
        page = new_tab(browser)
        page.context.add_init_script(EVENTS)
        page.goto(f"{url}/en/")
        page.wait_for_load_state("load")
        assert arm_of(page) == "control", url
        assert visible_banner(page) == "main"
        assert page.evaluate("window.__exposures") == []
    # The same experiment on its dates, for a device that keeps its id: the
    # loyal arm (a weight of 1000 to 1) shows.
    page = new_tab(browser)
    page.goto(f"{later}/en/?experiment=later:loyal")
    assert visible_banner(page) == "loyal"
