"""Lead forms in a build: the form and thank-you pages in every language,
the markup each backend needs, the CSP's form-action, and every bad
definition as `file:line: message` before anything is written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from segsite.problems import SiteInvalid
from tests.conftest import build_pinned, build_site, make_tiny_site, read_html, tree

FORM = """
forms:
  call:
    title: {en: Book a call, ar: احجز مكالمة, fa: تماس رزرو کنید}
    submit: {en: Send, ar: أرسل, fa: ارسال}
    privacy: about
    fields:
      name: {label: {en: Name, ar: الاسم, fa: نام}, required: true}
      email: {type: email, label: {en: E-mail, ar: البريد, fa: ایمیل}, required: true}
      phone: {type: tel, label: {en: Phone, ar: الهاتف, fa: تلفن}, help: {en: Optional, ar: اختياري, fa: اختیاری}}
      size:
        type: select
        label: {en: Size, ar: الحجم, fa: اندازه}
        options: {small: {en: Small, ar: صغير, fa: کوچک}, big: {en: Big, ar: كبير, fa: بزرگ}}
      note: {type: textarea, label: {en: Note, ar: ملاحظة, fa: یادداشت}, max: 500}
      news: {type: checkbox, label: {en: News, ar: أخبار, fa: خبر}}
    consent: {en: I agree, ar: أوافق, fa: موافقم}
    thanks:
      title: {en: Thanks, ar: شكراً, fa: سپاس}
      text: {en: We call you soon., ar: سنتصل بك قريباً., fa: به‌زودی تماس می‌گیریم.}
      segments:
        returning:
          title: {en: Welcome back, ar: أهلاً بعودتك, fa: خوش برگشتید}
          text: {en: We call you today., ar: سنتصل بك اليوم., fa: امروز تماس می‌گیریم.}
"""
FORM_CTA = "    cta: {label: {en: Call me, ar: اتصلوا بي, fa: با من تماس بگیرید}, channel: form, form: call}\n"
LANGUAGES = ("en", "ar", "fa")


def form_site(root, settings: str = "", form: str = FORM):
    """The tiny site with the form above, opened by the campaign segment's CTA."""
    site = make_tiny_site(root, settings)
    segments = site / "segments.yaml"
    text = segments.read_text(encoding="utf-8")
    text = text.replace("    banner: future\n", "    banner: future\n" + FORM_CTA, 1)
    segments.write_text(text + form, encoding="utf-8")
    return site


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_pinned(form_site(tmp_path_factory.mktemp("forms") / "site"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_field_is_labelled_and_typed_for_its_content(built, lang):
    doc = read_html(built / lang / "forms" / "call" / "index.html")
    form = doc.select_one("form[data-form=call]")
    assert form["method"] == "post" and form["action"] == "/_segsite/forms/call"
    for control in form.select("input:not([type=hidden]), select, textarea"):
        label = doc.select_one(f'label[for="{control["id"]}"]')
        assert label is not None and label.get_text(strip=True), control
    email, phone = form.select_one("[name=email]"), form.select_one("[name=phone]")
    assert (email["type"], email["autocomplete"], email["inputmode"]) == ("email", "email", "email")
    assert (phone["type"], phone["autocomplete"], phone["inputmode"]) == ("tel", "tel", "tel")
    # Addresses and numbers read left to right inside a right-to-left page.
    assert email["dir"] == phone["dir"] == "ltr"
    assert form.select_one("[name=name]")["autocomplete"] == "name"
    assert "required" in email.attrs and "required" not in phone.attrs
    # Each field's help and error are tied to it.
    assert phone["aria-describedby"].split() == ["call-phone-help", "call-phone-error"]
    assert doc.select_one("#call-phone-error")["data-error-for"] == "phone"
    assert [o["value"] for o in form.select("select[name=size] option")] == ["", "small", "big"]
    consent = form.select_one("input[name=consent]")
    assert consent["type"] == "checkbox" and "required" in consent.attrs
    privacy = doc.select_one(f'label[for="{consent["id"]}"] a')["href"]
    assert privacy == f"/{lang}/about/" and (built / lang / "about" / "index.html").exists()
    hidden = {i["name"]: i["value"] for i in form.select("input[type=hidden]")}
    assert set(hidden) == {
        *("segment", "rule", "page", "lang", "experiments", "_started", "_key"),
        *(f"utm_{name}" for name in ("source", "medium", "campaign", "term", "content")),
    }
    assert hidden["lang"] == lang
    honeypot = form.select_one("[name=website]")
    assert honeypot["tabindex"] == "-1" and honeypot.find_parent(class_="hp")["aria-hidden"]
    assert doc.select_one("[data-error-summary]").has_attr("hidden")
    assert doc.select_one('script[src$="/theme/js/forms.js"]') is not None


def test_the_cta_opens_the_form_page_of_its_language(built):
    for lang in LANGUAGES:
        doc = read_html(built / lang / "offer" / "for" / "campaign" / "index.html")
        cta = doc.select_one("a.cta[data-cta=action]")
        assert cta["href"] == f"/{lang}/forms/call/"
        assert (cta["data-channel"], cta["data-form"]) == ("form", "call")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_thank_you_page_speaks_to_the_segment(built, lang):
    doc = read_html(built / lang / "forms" / "call" / "thanks" / "index.html")
    assert doc.select_one("meta[name=robots]")["content"] == "noindex"
    assert len(doc.find_all("h1")) == 1
    blocks = {b["data-variant"]: b.get_text() for b in doc.select("h1 [data-variant]")}
    assert blocks["returning"] in ("Welcome back", "أهلاً بعودتك", "خوش برگشتید")
    default = next(key for key in blocks if key != "returning").split()
    assert "everyone" in default and "returning" not in default
    assert "/forms/call/thanks/" not in (built / "sitemap.xml").read_text(encoding="utf-8")


def test_netlify_markup_needs_no_javascript(tmp_path):
    output = build_pinned(form_site(tmp_path / "site", 'SEGSITE_FORMS = {"backend": "netlify"}\n'))
    form = read_html(output / "en/forms/call/index.html").select_one("form")
    assert form["name"] == "call" and form["data-netlify"] == "true"
    assert form["netlify-honeypot"] == "website"
    assert form.select_one("input[name=form-name]")["value"] == "call"
    assert form["action"] == "/en/forms/call/thanks/"


def test_an_endpoint_is_the_only_other_place_forms_may_post_to(tmp_path):
    url = "https://formspree.io/f/xyzabcd"
    settings = f'SEGSITE_FORMS = {{"backend": "endpoint", "endpoint": "{url}"}}\n'
    output = build_pinned(form_site(tmp_path / "site", settings))
    doc = read_html(output / "en/forms/call/index.html")
    assert doc.select_one("form")["action"] == url
    csp = doc.select_one("meta[http-equiv=Content-Security-Policy]")["content"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["form-action"] == "'self' https://formspree.io"
    # Nowhere else: no other directive, and no page without a form names it.
    assert sum("formspree.io" in value for value in directives.values()) == 1
    home = (output / "en/index.html").read_text(encoding="utf-8")
    assert home.count("formspree.io") == 1  # its CSP only


def test_turnstile_is_named_once_in_the_csp_and_loaded_on_form_pages_only(tmp_path):
    settings = 'SEGSITE_FORMS = {"backend": "worker", "turnstile": "0x4AAAAAAABkMYinukE8nzY"}\n'
    output = build_pinned(form_site(tmp_path / "site", settings))
    doc = read_html(output / "ar/forms/call/index.html")
    widget = doc.select_one("form .cf-turnstile")
    assert widget["data-sitekey"] == "0x4AAAAAAABkMYinukE8nzY" and widget["data-language"] == "ar"
    assert widget["id"] == "call-turnstile"
    script = "https://challenges.cloudflare.com/turnstile/v0/api.js"
    assert doc.select_one(f'script[src="{script}"]') is not None
    csp = doc.select_one("meta[http-equiv=Content-Security-Policy]")["content"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["frame-src"] == "https://challenges.cloudflare.com"
    assert directives["script-src"].endswith(" https://challenges.cloudflare.com")
    assert read_html(output / "ar/index.html").select_one(f'script[src="{script}"]') is None


def test_without_forms_nothing_of_them_is_written(tmp_path):
    output = build_pinned(make_tiny_site(tmp_path / "site"))
    assert not (output / "theme/js/forms.js").exists()
    assert not list(output.glob("*/forms"))


BAD = [
    (
        "      extra: {type: dropdown, label: {en: S, ar: S, fa: S}}\n",
        "segments.yaml:{line}: form 'call': field 'extra': type must be one of text, email, tel,"
        " textarea, select, checkbox, not 'dropdown'",
    ),
    (
        "      extra: {type: select, label: {en: S, ar: S, fa: S}}\n",
        "segments.yaml:{line}: form 'call': field 'extra': a select needs 'options', a mapping of"
        " values to labels, like `options: {starter: {en: Starter, ar: ..., fa: ...}}`",
    ),
    (
        "      extra: {label: {en: Size, ar: الحجم}, required: true}\n",
        "segments.yaml:{line}: missing translation: form 'call': field 'extra': label has no 'fa' text",
    ),
    (
        "      consent: {label: {en: C, ar: C, fa: C}}\n",
        "segments.yaml:{line}: form 'call': the field name 'consent' is the form's own"
        " (_key, _started, cf-turnstile-response, consent, experiments, form, form-name, lang,"
        " page, rule, segment, turnstile, utm_campaign, utm_content, utm_medium, utm_source,"
        " utm_term, website): choose another",
    ),
    (
        "      extra: {type: text, label: {en: S, ar: S, fa: S}, options: {a: A}}\n",
        "segments.yaml:{line}: form 'call': field 'extra': 'options' applies to type 'select' only",
    ),
]


@pytest.fixture(scope="module")
def previous_output(tmp_path_factory):
    """A good build's output, made once: each bad build must leave a copy untouched."""
    scratch = tmp_path_factory.mktemp("previous")
    return build_site(make_tiny_site(scratch / "plain"), scratch / "output")


@pytest.mark.parametrize(
    ("field", "message"), BAD, ids=["type", "options", "translation", "reserved", "options-on-text"]
)
def test_a_bad_field_is_an_error_at_its_line_and_nothing_is_written(
    tmp_path, monkeypatch, previous_output, field, message
):
    form = FORM.replace("      note:", field + "      note:", 1)
    site = form_site(tmp_path / "site", form=form)
    monkeypatch.chdir(site)
    output = Path(shutil.copytree(previous_output, tmp_path / "output"))
    before = tree(output)
    text = (site / "segments.yaml").read_text(encoding="utf-8")
    line = text[: text.index(field)].count("\n") + 1
    with pytest.raises(SiteInvalid) as caught:
        build_site(site, output)
    errors = [str(p) for p in caught.value.problems if p.severity == "error"]
    assert errors == [message.replace("{line}", str(line))]
    assert tree(output) == before


def test_a_cta_naming_an_unknown_form_and_a_missing_privacy_page(tmp_path, monkeypatch):
    form = FORM.replace("privacy: about", "privacy: privacy")
    site = form_site(tmp_path / "site", form=form)
    segments = site / "segments.yaml"
    segments.write_text(segments.read_text("utf-8").replace("form: call}", "form: cal}"), "utf-8")
    monkeypatch.chdir(site)
    with pytest.raises(SiteInvalid) as caught:
        build_site(site, tmp_path / "output")
    errors = [str(p) for p in caught.value.problems if p.severity == "error"]
    text = segments.read_text("utf-8")
    cta_line = text[: text.index("form: cal}")].count("\n") + 1
    privacy_line = text[: text.index("privacy: privacy")].count("\n") + 1
    assert errors == [
        f"segments.yaml:{cta_line}: unknown form 'cal' (did you mean 'call'?): define it under"
        " 'forms' in segments.yaml, or fix the id",
        *(
            f"segments.yaml:{privacy_line}: form 'call': its consent links to the page 'privacy',"
            f" which has no '{lang}' version: add content/pages/privacy.{lang}.md, or name"
            " another page with 'privacy'"
            for lang in sorted(LANGUAGES)  # problems on one line are sorted by message
        ),
    ]
    assert not (tmp_path / "output").exists()


@pytest.mark.parametrize(
    ("forms", "message"),
    [
        (
            '{"backend": "endpoint"}',
            "settings.py:{line}: SEGSITE_FORMS: backend 'endpoint' needs 'endpoint', the URL forms"
            " post to, like 'https://formspree.io/f/abcd'",
        ),
        (
            '{"backend": "endpoint", "endpoint": "http://forms.example/f"}',
            "settings.py:{line}: SEGSITE_FORMS['endpoint'] must be an https URL like"
            " 'https://formspree.io/f/abcd', not 'http://forms.example/f'",
        ),
        (
            '{"backend": "worker", "endpoint": "https://formspree.io/f/x"}',
            "settings.py:{line}: SEGSITE_FORMS: 'endpoint' applies to backend 'endpoint' only"
            " (this site's is 'worker'): remove it, or set backend to 'endpoint'",
        ),
        (
            '{"backend": "netlify", "turnstile": "0x4AAAAAAABkMYinukE8nzY"}',
            "settings.py:{line}: SEGSITE_FORMS: 'turnstile' needs backend 'worker' (the Worker"
            " verifies it; this site's is 'netlify'): remove it, or set backend to 'worker'",
        ),
        (
            '{"backend": "lambda"}',
            "settings.py:{line}: SEGSITE_FORMS['backend'] must be one of worker, netlify,"
            " endpoint, not 'lambda'",
        ),
    ],
    ids=["no-url", "not-https", "url-without-endpoint", "turnstile-not-worker", "unknown-backend"],
)
def test_a_backend_without_what_it_needs_stops_the_build(tmp_path, monkeypatch, forms, message):
    site = form_site(tmp_path / "site", f"SEGSITE_FORMS = {forms}\n")
    monkeypatch.chdir(site)
    line = (site / "settings.py").read_text("utf-8").splitlines().index(f"SEGSITE_FORMS = {forms}")
    with pytest.raises(SiteInvalid) as caught:
        build_site(site, tmp_path / "output")
    errors = [str(p) for p in caught.value.problems if p.severity == "error"]
    assert errors == [message.format(line=line + 1)]
