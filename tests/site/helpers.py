"""Small helpers for the browser tests."""

from __future__ import annotations

import json
from pathlib import Path

# Runs before any page script: records every frame's visible banner (to prove
# there is no flash of the default), layout shifts, CSP violations, events.
RECORDER = """
(() => {
  window.__frames = []; window.__shifts = 0; window.__csp = []; window.__events = [];
  window.dataLayer = [];
  document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective));
  document.addEventListener('segsite:segment', e => window.__events.push(e.detail));
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shifts += entry.value;
  }).observe({type: 'layout-shift', buffered: true});
  const frame = () => {
    const shown = [...document.querySelectorAll('.banner-variant')]
      .filter(el => getComputedStyle(el).display !== 'none')
      .map(el => el.dataset.banner || '');
    if (shown.length) window.__frames.push(shown.join(' '));
    if (document.readyState !== 'complete' || window.__frames.length < 3) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
})();
"""


def storage_script(values: dict[str, str], visits: int = 1) -> str:
    """Sets localStorage before the first page script of the test, once per tab."""
    return f"""
(() => {{
  if (sessionStorage.getItem('test:seeded')) return;
  sessionStorage.setItem('test:seeded', '1');
  const values = {json.dumps({"segsite:visits": str(visits - 1), **values})};
  for (const [key, value] of Object.entries(values)) localStorage.setItem(key, value);
}})();
"""


def demo_experiments() -> list:
    """The demo's experiments (segments.yaml), with the arms and weights the
    assignment reads."""
    import yaml

    from segsite.experiments import Arm, Experiment

    root = Path(__file__).resolve().parents[2]
    data = yaml.safe_load((root / "segments.yaml").read_text(encoding="utf-8"))
    return [
        Experiment(name, 1, tuple(Arm(arm, v["weight"], 1) for arm, v in value["arms"].items()))
        for name, value in data.get("experiments", {}).items()
    ]


def control_device() -> str:
    """A device id in the control arm of every demo experiment: a tab that
    tests segments, not experiments, sees the page as it stands whatever
    device id chance would have made."""
    experiments = demo_experiments()
    return next(
        device
        for device in (f"controldevice{n:04d}" for n in range(10_000))
        if all(experiment.assign(device) == "control" for experiment in experiments)
    )


def new_tab(browser, *, storage=None, visits=1, locale="en-US", **context_args):
    """A phone-sized tab that records frames, shifts, CSP and events; its
    storage seeded (``storage``; the device in every demo experiment's
    control unless ``storage`` names one) with ``visits - 1`` visits so far."""
    context = browser.new_context(
        locale=locale, viewport={"width": 360, "height": 800}, **context_args
    )
    context.add_init_script(RECORDER)
    seeded = {"segsite:device": json.dumps(control_device()), **(storage or {})}
    context.add_init_script(storage_script(seeded, visits))
    page = context.new_page()
    page.problems = []
    page.on("console", lambda m: m.type in ("error", "warning") and page.problems.append(m.text))
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    return page


def segment_of(page) -> str:
    return page.evaluate("document.documentElement.dataset.segment")


def visible_banner(page) -> str | None:
    return page.locator(".banner-variant:visible").get_attribute("data-banner")


def visible_sections(page) -> list[str]:
    """The sections a reader sees, in the order they are drawn."""
    return visual_order(page, ".info-section")


def visible_cta(page) -> str:
    return page.locator('.banner a.cta[data-cta="banner"]:visible').inner_text()


def visual_order(page, selector: str) -> list[str]:
    """data-section of the visible matches, in the order they are drawn (top to
    bottom, then left to right)."""
    return page.locator(f"{selector}:visible").evaluate_all(
        """els => els.map(e => [e.getBoundingClientRect(), e.dataset.section])
             .sort((a, b) => a[0].top - b[0].top || a[0].left - b[0].left).map(x => x[1])"""
    )


def readme_screenshot(target, name: str, **options) -> None:
    """Save a screenshot for the README's editor guide (tests/screenshots/),
    only when asked (`make screenshots` sets SEGSITE_README_SCREENSHOTS=1): a
    plain test run never writes into tracked files."""
    import os
    from pathlib import Path

    if os.environ.get("SEGSITE_README_SCREENSHOTS") != "1":
        return
    folder = Path(__file__).resolve().parents[1] / "screenshots"
    folder.mkdir(exist_ok=True)
    target.screenshot(path=str(folder / name), **options)
