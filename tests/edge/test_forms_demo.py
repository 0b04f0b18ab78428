"""The demo's spring campaign form end to end, through the published site's
Worker and its local D1 (miniflare): in Chromium with and without
JavaScript, the lead lands once, with the visit's segment, utm tags and
experiment arm, and the browser ends on the thank-you page in its language."""

from __future__ import annotations

import json
import time

import pytest

from tests.edge.runtime import query_d1
from tests.edge.test_worker import get
from tests.site.helpers import new_tab

# The campaign's link, on a landing page with an experiment (cta-wording)
# that every segment takes part in.
CAMPAIGN = (
    "/{lang}/email-marketing/?utm_campaign=spring-launch-2027&utm_source=newsletter"
    "&utm_medium=email"
)
# The demo's time trap (SEGSITE_FORMS min_seconds): a person takes longer.
MIN_SECONDS = 3


def leads(database, key: str) -> list[dict]:
    return query_d1(database, f"SELECT * FROM segsite_leads WHERE idempotency_key = '{key}'")


def fill_in(page, name: str) -> str:
    page.fill("#launch-slot-name", name)
    page.fill("#launch-slot-email", "sara@example.org")
    page.fill("#launch-slot-phone", "۰۹۱۲ ۳۴۵ ۶۷۸۹")
    page.select_option("#launch-slot-launch", "campaign")
    page.check("#launch-slot-consent")
    return page.input_value("input[name=_key]")


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_the_campaign_lead_lands_once_with_its_attribution(
    browser, worker_url, leads_database, lang
):
    page = new_tab(browser)
    try:
        page.goto(worker_url + CAMPAIGN.format(lang=lang))
        assert page.evaluate("window.segsite.segment") == "spring-launch"
        page.locator("a.cta[data-form=launch-slot]:visible").first.click()
        page.wait_for_url(f"**/{lang}/forms/launch-slot/")
        page.evaluate(
            "document.addEventListener('segsite:conversion', e =>"
            " sessionStorage.setItem('conversion', JSON.stringify(e.detail)))"
        )
        key = fill_in(page, f"Sara {lang}")
        time.sleep(MIN_SECONDS)  # the time trap: a person does not submit at once
        page.locator("form button.cta").click()
        page.wait_for_url(f"**/{lang}/forms/launch-slot/thanks/")
        # The thank-you text for the spring campaign, in the page's language.
        heading = page.locator("h1").inner_text()
        assert (
            heading
            == {"en": "Your Nowruz launch slot is reserved", "ar": "حجزنا موعد إطلاقك للنوروز"}[
                lang
            ]
        )
        conversion = json.loads(page.evaluate("sessionStorage.getItem('conversion')"))
        assert (conversion["channel"], conversion["form"]) == ("form", "launch-slot")
        [row] = leads(leads_database, key)
        assert (row["form"], row["lang"], row["segment"], row["rule"]) == (
            "launch-slot",
            lang,
            "spring-launch",
            "request",
        )
        assert (row["utm_campaign"], row["utm_source"], row["utm_medium"]) == (
            "spring-launch-2027",
            "newsletter",
            "email",
        )
        assert row["page"] == f"/{lang}/email-marketing/"
        assert row["experiments"] == "cta-wording=control"
        fields = json.loads(row["fields"])
        assert fields["phone"] == "09123456789" and fields["consent"] == "yes"
        assert fields["launch"] == "campaign" and fields["name"] == f"Sara {lang}"
        assert page.problems == []
    finally:
        page.context.close()


def test_without_javascript_the_form_posts_and_thanks_in_the_visitors_language(
    browser, worker_url, leads_database
):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 800})
    try:
        page = context.new_page()
        page.goto(worker_url + "/fa/forms/launch-slot/")
        # The Worker stamped the page: the time trap and the resubmit key work without a script.
        key = page.input_value("input[name=_key]")
        assert key and page.input_value("input[name=_started]")
        fill_in(page, "سارا")
        time.sleep(MIN_SECONDS)
        page.locator("form button.cta").click()
        page.wait_for_url("**/fa/forms/launch-slot/thanks/")
        assert page.locator("h1").inner_text() == "درخواست شما رسید"
        [row] = leads(leads_database, key)
        assert (row["lang"], json.loads(row["fields"])["name"]) == ("fa", "سارا")
        # Sent again from the same page (Back, then submit): nothing new is stored.
        page.go_back()
        page.locator("form button.cta").click()
        page.wait_for_url("**/fa/forms/launch-slot/thanks/")
        assert len(leads(leads_database, key)) == 1
    finally:
        context.close()


def test_without_javascript_a_bad_field_comes_back_named_in_persian(browser, worker_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(worker_url + "/fa/forms/launch-slot/")
        fill_in(page, "سارا")
        # The browser's own check would stop an empty field; a wrong address
        # typed in a way it accepts reaches the server: "x@y" has no dot.
        page.fill("#launch-slot-email", "sara@example")
        time.sleep(MIN_SECONDS)
        with page.expect_response(lambda r: "/_segsite/forms/" in r.url) as answer:
            page.locator("form button.cta").click()
        assert answer.value.status == 400
        summary = page.locator("[data-error-summary]")
        assert summary.is_visible()
        assert summary.locator("a").all_inner_texts() == [
            "نشانی ایمیل: یک نشانی ایمیل مانند name@example.com بنویسید"
        ]
        assert page.locator("#launch-slot-name").input_value() == "سارا"
        assert page.locator("#launch-slot-email").get_attribute("aria-invalid") == "true"
    finally:
        context.close()


def test_the_migration_is_written_and_never_served(published, worker_url):
    migration = published / "_migrations" / "0001_segsite_leads.sql"
    assert "CREATE TABLE IF NOT EXISTS segsite_leads" in migration.read_text(encoding="utf-8")
    assert "_migrations" in (published / ".assetsignore").read_text(encoding="utf-8").split()
    status = get(worker_url + "/_migrations/0001_segsite_leads.sql")[0]
    assert status == 404
