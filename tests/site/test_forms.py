"""The demo's lead form in Chromium: the error summary and focus by keyboard
alone, right-to-left pages with left-to-right e-mail and phone fields and
Persian digits, and the attribution the spring campaign's CTA carries to it.
(Submissions through the Worker and D1: tests/edge/test_forms_demo.py.)"""

from __future__ import annotations

import pytest

from tests.site.helpers import new_tab

FORM = "/{lang}/forms/launch-slot/"
# A landing page with an experiment every segment takes part in (cta-wording).
SPRING = (
    "/en/email-marketing/?utm_campaign=spring-launch-2027&utm_source=newsletter&utm_medium=email"
)


def test_an_empty_submit_by_keyboard_shows_the_summary_and_leads_to_each_field(browser, demo_url):
    page = new_tab(browser)
    try:
        page.goto(demo_url + FORM.format(lang="en"))
        # Keyboard only: into the first field, Enter submits the form.
        page.locator("#launch-slot-name").focus()
        page.keyboard.press("Enter")
        summary = page.locator("[data-error-summary]")
        assert summary.is_visible()
        assert page.evaluate("document.activeElement.id") == "launch-slot-errors"
        links = summary.locator("a")
        assert links.all_inner_texts() == [
            "Your name: fill this in",
            "E-mail address: fill this in",
            "Which launch?: fill this in",
            "Tick the consent box so we may answer you",
        ]
        for name in ("name", "email", "launch", "consent"):
            field = page.locator(f"#launch-slot-{name}")
            assert field.get_attribute("aria-invalid") == "true"
            error = page.locator(f"#launch-slot-{name}-error")
            assert error.is_visible() and error.inner_text()
            assert f"launch-slot-{name}-error" in field.get_attribute("aria-describedby")
        # Optional fields left empty are not problems.
        assert page.locator("#launch-slot-phone").get_attribute("aria-invalid") is None
        # Tab to the second link, Enter: the keyboard lands in that field.
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "launch-slot-email"
        # Fixing a field and submitting again takes its problem away.
        page.keyboard.type("not-an-address")
        page.keyboard.press("Enter")
        assert links.all_inner_texts()[1] == (
            "E-mail address: enter an e-mail address like name@example.com"
        )
        assert page.url.endswith(FORM.format(lang="en"))  # nothing was sent
        assert page.problems == []
    finally:
        page.context.close()


def test_the_submit_button_is_a_44_pixel_target(browser, demo_url):
    page = new_tab(browser)
    try:
        page.goto(demo_url + FORM.format(lang="fa"))
        box = page.locator("form button.cta").bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44
    finally:
        page.context.close()


@pytest.mark.parametrize("lang", ["fa", "ar"])
def test_right_to_left_pages_keep_addresses_left_to_right_and_take_eastern_digits(
    browser, demo_url, lang
):
    page = new_tab(browser)
    try:
        page.goto(demo_url + FORM.format(lang=lang))
        direction = "getComputedStyle(document.querySelector('{}')).direction"
        assert page.evaluate(direction.format("form")) == "rtl"
        for name in ("email", "phone"):
            assert page.evaluate(direction.format(f"#launch-slot-{name}")) == "ltr"
        digits = "۰۹۱۲ ۳۴۵ ۶۷۸۹" if lang == "fa" else "٠٥٠ ١٢٣ ٤٥٦٧"
        page.fill("#launch-slot-phone", digits)
        page.locator("form button.cta").click()
        assert page.locator("#launch-slot-phone").get_attribute("aria-invalid") is None
        # A phone number with too few digits is a problem, in the page's language.
        page.fill("#launch-slot-phone", "۱۲۳")
        page.locator("form button.cta").click()
        assert page.locator("#launch-slot-phone").get_attribute("aria-invalid") == "true"
        message = page.locator("#launch-slot-phone-error").inner_text()
        assert message.startswith("شماره تلفن" if lang == "fa" else "رقم الهاتف")
    finally:
        page.context.close()


def test_the_campaign_cta_carries_the_visit_to_the_form(browser, demo_url):
    page = new_tab(browser)
    try:
        page.goto(demo_url + SPRING)
        assert page.evaluate("window.segsite.segment") == "spring-launch"
        conversions = []
        page.expose_function("noteConversion", lambda detail: conversions.append(detail))
        page.evaluate(
            "document.addEventListener('segsite:conversion', e => noteConversion(e.detail))"
        )
        cta = page.locator("a.cta[data-cta=banner]:visible")
        assert cta.get_attribute("data-form") == "launch-slot"
        cta.click()
        page.wait_for_url("**/en/forms/launch-slot/")
        assert conversions == []  # opening the form is not yet a conversion
        hidden = page.evaluate(
            "Object.fromEntries([...document.querySelectorAll('form input[type=hidden]')]"
            ".map(i => [i.name, i.value]))"
        )
        assert hidden["segment"] == "spring-launch" and hidden["rule"] == "request"
        assert hidden["page"] == "/en/email-marketing/" and hidden["lang"] == "en"
        assert hidden["utm_campaign"] == "spring-launch-2027"
        assert (hidden["utm_source"], hidden["utm_medium"]) == ("newsletter", "email")
        assert hidden["experiments"] == "cta-wording=control"
        assert hidden["_key"] and int(hidden["_started"]) > 0
        assert page.problems == []
    finally:
        page.context.close()
