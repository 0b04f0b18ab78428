"""Cloudflare Turnstile on a lead form ("guarded" in forms_site.py): the
Worker asks siteverify about the widget's token before it stores a lead.

siteverify here is a stub of Cloudflare's documented API
(POST https://challenges.cloudflare.com/turnstile/v0/siteverify, form
fields secret, response, remoteip, idempotency_key; a JSON answer with
success and error-codes), answered by serve-worker.mjs --turnstile-stub, as
the real one cannot be reached from the tests: it vouches only for the
token "pass-token" sent with the secret "test-secret", and logs each call."""

from __future__ import annotations

import json
import urllib.parse
import uuid
from pathlib import Path

import pytest

from tests.edge.forms_site import DATA, LEADS_SQL
from tests.edge.runtime import running_worker, turnstile_calls
from tests.edge.test_forms_worker import URLENCODED, UUID, lead, request, rows, soup

GUARDED = "/_segsite/forms/guarded"
SECRET = {"TURNSTILE_SECRET": "test-secret"}
VISITOR_IP = "203.0.113.7"  # documentation addresses (RFC 5737)
MESSAGE = DATA["forms"]["guarded"]["messages"]["en"]["turnstile"]


def post(base: str, fields: dict[str, str], form: str = GUARDED, **headers: str):
    body = urllib.parse.urlencode(fields).encode("utf-8")
    return request(base + form, body, **{"Content-Type": URLENCODED, **headers})


def human(**changes: str) -> dict[str, str]:
    """A valid lead with the widget's token that siteverify vouches for."""
    return lead(**{"cf-turnstile-response": "pass-token", **changes})


@pytest.fixture(scope="module")
def stub_log(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("turnstile-log") / "siteverify.jsonl"


@pytest.fixture(scope="module")
def worker(site, d1, stub_log):
    with running_worker(
        site, d1_persist=d1, migrations=LEADS_SQL, turnstile_stub=stub_log, bindings=SECRET
    ) as url:
        yield url


@pytest.fixture(autouse=True)
def calls(stub_log) -> Path:
    """The stub's log, emptied before each test: it lists this test's calls."""
    stub_log.write_text("", encoding="utf-8")
    return stub_log


def assert_turnstile_named(body: bytes, others: dict[str, str] | None = None) -> None:
    """The 400 page lists the Turnstile problem last, linking to the widget;
    no field slot shows it (there is none for it), no control is flagged
    for it, and the widget is still there to be solved again."""
    page = soup(body)
    summary = page.select_one("[data-error-summary]")
    assert not summary.has_attr("hidden")
    links = [(a["href"], a.get_text()) for a in summary.select("[data-error-list] li a")]
    expected = [(f"#guarded-{name}", message) for name, message in (others or {}).items()]
    assert links == expected + [("#guarded-turnstile", MESSAGE)]
    shown = {slot["data-error-for"] for slot in page.select("[data-error-for]:not([hidden])")}
    assert shown == set(others or {})
    assert len(page.select("[aria-invalid]")) == len(others or {})
    widget = page.find(id="guarded-turnstile")
    assert "cf-turnstile" in widget["class"] and not widget.has_attr("aria-invalid")


def test_a_vouched_token_stores_the_lead(worker, d1, calls):
    sent = human()
    status, headers, _ = post(worker, sent, **{"CF-Connecting-IP": VISITOR_IP})
    assert status == 303 and headers["Location"] == "/en/forms/guarded/thanks/"
    [row] = rows(d1, sent["_key"])
    assert row["form"] == "guarded"
    assert "pass-token" not in json.dumps(row)  # the token is not stored
    [call] = turnstile_calls(calls)
    assert call.pop("contentType").startswith(URLENCODED)
    key = call.pop("idempotency_key")
    assert UUID.match(key)
    assert call == {"secret": "test-secret", "response": "pass-token", "remoteip": VISITOR_IP}
    # Each submission asks with a key of its own.
    assert post(worker, human())[0] == 303
    assert turnstile_calls(calls)[1]["idempotency_key"] not in ("", key)


def test_a_token_siteverify_refuses_names_the_problem(worker, d1, calls):
    sent = human(**{"cf-turnstile-response": "forged-token"})
    status, headers, body = post(worker, sent)
    assert status == 400 and headers["Cache-Control"] == "no-store"
    assert_turnstile_named(body)
    assert rows(d1, sent["_key"]) == []
    assert [call["response"] for call in turnstile_calls(calls)] == ["forged-token"]


def test_the_fields_problems_come_with_turnstiles(worker, d1, calls):
    sent = human(email="bad", **{"cf-turnstile-response": "forged-token"})
    status, _, body = post(worker, sent)
    assert status == 400
    email = "Email: enter an address like name@example.com"
    assert_turnstile_named(body, {"email": email})
    assert rows(d1, sent["_key"]) == []


@pytest.mark.parametrize("token", [None, "", "   ", "x" * 2049])
def test_without_a_token_siteverify_is_not_asked(worker, d1, calls, token):
    sent = human(**{"cf-turnstile-response": token})
    status, _, body = post(worker, sent)
    assert status == 400
    assert_turnstile_named(body)
    assert rows(d1, sent["_key"]) == []
    assert turnstile_calls(calls) == []


def test_spam_is_caught_before_siteverify_is_asked(worker, d1, calls):
    sent = human(website="https://spam.example/")
    assert post(worker, sent)[0] == 303
    assert rows(d1, sent["_key"]) == []
    assert turnstile_calls(calls) == []


def test_without_an_answer_from_siteverify_nothing_is_stored(worker, d1, calls):
    sent = human(**{"cf-turnstile-response": "stub-unavailable"})  # the stub answers 503
    status, headers, _ = post(worker, sent)
    assert status == 503 and headers["Cache-Control"] == "no-store"
    assert rows(d1, sent["_key"]) == []
    assert len(turnstile_calls(calls)) == 1


def test_a_form_without_turnstile_never_asks_siteverify(worker, d1, calls):
    sent = human()  # a token sent to the demo form is one more unknown field
    status, headers, _ = post(worker, sent, form="/_segsite/forms/demo")
    assert status == 303 and headers["Location"] == "/en/forms/demo/thanks/"
    [row] = rows(d1, sent["_key"])
    assert "pass-token" not in row["fields"]
    assert post(worker, lead(email="bad"), form="/_segsite/forms/demo")[0] == 400
    assert turnstile_calls(calls) == []


def test_the_guarded_page_keeps_its_widget_and_is_stamped(worker):
    status, _, body = request(worker + "/en/forms/guarded/")
    page = soup(body)
    assert status == 200 and UUID.match(page.find("input", attrs={"name": "_key"})["value"])
    widget = page.find(id="guarded-turnstile")
    assert widget["data-sitekey"] and widget["data-language"] == "en"


def test_without_its_secret_the_worker_takes_no_lead(site, tmp_path):
    log = tmp_path / "siteverify.jsonl"
    with running_worker(
        site, d1_persist=tmp_path, migrations=LEADS_SQL, turnstile_stub=log
    ) as url:  # no TURNSTILE_SECRET binding
        sent = human()
        assert post(url, sent)[0] == 503
        assert rows(tmp_path, sent["_key"]) == []
    assert turnstile_calls(log) == []


def test_a_wrong_secret_lets_no_token_through(site, tmp_path):
    log = tmp_path / "siteverify.jsonl"
    wrong = {"TURNSTILE_SECRET": "not-" + uuid.uuid4().hex}
    with running_worker(
        site, d1_persist=tmp_path, migrations=LEADS_SQL, turnstile_stub=log, bindings=wrong
    ) as url:
        sent = human()
        status, _, body = post(url, sent)
        assert status == 400
        assert_turnstile_named(body)
        assert rows(tmp_path, sent["_key"]) == []
    assert [call["secret"] for call in turnstile_calls(log)] == [wrong["TURNSTILE_SECRET"]]
