"""A hand-made site with a lead form ("demo", every field type) in English
and Arabic, and the same form behind Cloudflare Turnstile ("guarded", in
English), as the build writes form pages (docs: the lead form contract), and
its _worker.js assembled by segsite.edge from data written here: the
Worker's form handling is tested apart from the build that feeds it."""

from __future__ import annotations

import html
from importlib import resources
from pathlib import Path

from segsite.edge import edge_module

# The migration as the package carries it (the build publishes this file).
LEADS_SQL = Path(str(resources.files("segsite").joinpath("runtime", "leads.sql")))
HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin"}
DIRECTION = {"en": "ltr", "ar": "rtl"}


def _labels(en: str, ar: str) -> dict[str, str]:
    return {"en": en, "ar": ar}


FIELDS = [
    {"name": "name", "type": "text", "required": True, "max": 200},
    {"name": "email", "type": "email", "required": True, "max": 254},
    {"name": "phone", "type": "tel", "required": False, "max": 32},
    {"name": "plan", "type": "select", "required": True, "max": 200},
    {"name": "message", "type": "textarea", "required": False, "max": 2000},
    {"name": "newsletter", "type": "checkbox", "required": False, "max": 3},
]
LABELS = {
    "name": _labels("Your name", "اسمك"),
    "email": _labels("Email", "البريد الإلكتروني"),
    "phone": _labels("Phone", "الهاتف"),
    "plan": _labels("Plan", "الخطة"),
    "message": _labels("Message", "الرسالة"),
    "newsletter": _labels("Send me news", "أرسل لي الأخبار"),
}
MESSAGES = {
    "en": {
        "title": "There is a problem",
        "required": "{label}: this is required",
        "email": "{label}: enter an address like name@example.com",
        "tel": "{label}: enter a phone number",
        "max": "{label}: at most {max} characters",
        "option": "{label}: choose one of the options",
        "consent": "Agree to the privacy notice to send the form",
        "tooLarge": "The form sent too much data",
        "unreadable": "The form could not be read",
        "invalid": "{label}: remove the special characters",
        "turnstile": "Confirm that you are a person, then send the form again",
    },
    "ar": {
        "title": "هناك مشكلة",
        "required": "{label}: هذا الحقل مطلوب",
        "email": "{label}: أدخل عنوانًا مثل name@example.com",
        "tel": "{label}: أدخل رقم هاتف",
        "max": "{label}: {max} حرفًا على الأكثر",
        "option": "{label}: اختر أحد الخيارات",
        "consent": "وافق على إشعار الخصوصية لإرسال النموذج",
        "tooLarge": "أرسل النموذج بيانات كثيرة",
        "unreadable": "تعذرت قراءة النموذج",
        "invalid": "{label}: احذف الرموز الخاصة",
        "turnstile": "أكّد أنك شخص، ثم أرسل النموذج مرة أخرى",
    },
}
FORM = {
    "fields": [
        {**field, "label": LABELS[field["name"]]}
        | ({"options": ["starter", "growth"]} if field["type"] == "select" else {})
        for field in FIELDS
    ],
    "consent": {"label": _labels("I agree to the privacy notice", "أوافق على إشعار الخصوصية")},
    "minSeconds": 3,
    "pages": {
        lang: {"form": f"/{lang}/forms/demo/", "thanks": f"/{lang}/forms/demo/thanks/"}
        for lang in DIRECTION
    },
    "messages": MESSAGES,
}
# The same fields, Turnstile's widget on its (English) page: the Worker asks
# siteverify about each token.
GUARDED = FORM | {
    "pages": {"en": {"form": "/en/forms/guarded/", "thanks": "/en/forms/guarded/thanks/"}},
    "turnstile": True,
}
# Cloudflare's documented test site key (its widget always passes).
SITE_KEY = "1x00000000000000000000AA"
TURNSTILE_SCRIPT = "https://challenges.cloudflare.com/turnstile/v0/api.js"
DATA = {
    "default": "",
    "languages": list(DIRECTION),
    "segments": [],
    "pages": {},
    "headers": HEADERS,
    "immutable": [],
    "immutableCache": "",
    "forms": {"demo": FORM, "guarded": GUARDED},
    # Small, so that an over-limit request fits a socket's buffer whole.
    "formLimits": {"maxBytes": 8192},
}
HIDDEN = ["segment", "rule", "page", "lang", "experiments"]
HIDDEN += [
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "utm_term",
    "utm_content",
    "_key",
    "_started",
]


def write_site(folder: Path) -> Path:
    """The static pages and _worker.js in ``folder``."""
    for ident, form in DATA["forms"].items():
        for lang in form["pages"]:
            pages = folder / lang / "forms" / ident
            _page(pages / "index.html", lang, _form(ident, lang))
            _page(pages / "thanks" / "index.html", lang, "<p>Thanks</p>")
    (folder / "_worker.js").write_text(edge_module("worker.js", DATA), encoding="utf-8")
    (folder / ".assetsignore").write_text("_worker.js\n", encoding="utf-8")
    return folder


def _page(path: Path, lang: str, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f'<!doctype html>\n<html lang="{lang}" dir="{DIRECTION[lang]}"><head>'
        '<meta charset="utf-8"><title>Demo</title></head>'
        f"<body><main>{body}</main></body></html>\n",
        encoding="utf-8",
    )


def _form(form: str, lang: str) -> str:
    hidden = "".join(
        f'<input type="hidden" name="{name}" value="{lang if name == "lang" else ""}">'
        for name in HIDDEN
    )
    fields = "".join(_field(form, field, lang) for field in FORM["fields"])
    consent = FORM["consent"]["label"][lang]
    return (
        f'<form class="lead-form" id="form-{form}" method="post" action="/_segsite/forms/{form}"'
        f' data-form="{form}" accept-charset="utf-8" novalidate>'
        f'<div class="error-summary" id="{form}-errors" data-error-summary tabindex="-1" hidden>'
        f"<h2>{html.escape(MESSAGES[lang]['title'])}</h2><ul data-error-list></ul></div>"
        f'{hidden}<p class="hp" aria-hidden="true"><label for="{form}-website">Website</label>'
        f'<input id="{form}-website" name="website" type="text" tabindex="-1" autocomplete="off">'
        f'</p>{fields}<div class="field field-check" data-field="consent">'
        f'<p class="field-error" id="{form}-consent-error" data-error-for="consent" hidden></p>'
        f'<input type="checkbox" id="{form}-consent" name="consent" value="yes">'
        f'<label for="{form}-consent"><a href="/{lang}/privacy/">{html.escape(consent)}</a></label>'
        f'</div>{_widget(form, lang)}<button type="submit">Send</button></form>'
    )


def _widget(form: str, lang: str) -> str:
    """Turnstile's widget and Cloudflare's script, on a form that has it."""
    if not DATA["forms"][form].get("turnstile"):
        return ""
    return (
        f'<div class="cf-turnstile" id="{form}-turnstile" data-sitekey="{SITE_KEY}"'
        f' data-language="{lang}"></div><script src="{TURNSTILE_SCRIPT}" async defer></script>'
    )


def _field(form: str, field: dict, lang: str) -> str:
    name = field["name"]
    ident = f"{form}-{name}"
    label = f'<label for="{ident}">{html.escape(field["label"][lang])}</label>'
    error = f'<p class="field-error" id="{ident}-error" data-error-for="{name}" hidden></p>'
    return f'<div class="field" data-field="{name}">{label}{error}{_control(field, ident)}</div>'


def _control(field: dict, ident: str) -> str:
    name, kind = field["name"], field["type"]
    if kind == "textarea":
        return f'<textarea id="{ident}" name="{name}"></textarea>'
    if kind == "select":
        options = "".join(f'<option value="{o}">{o}</option>' for o in field["options"])
        return f'<select id="{ident}" name="{name}"><option value="">-</option>{options}</select>'
    if kind == "checkbox":
        return f'<input type="checkbox" id="{ident}" name="{name}" value="yes">'
    return f'<input id="{ident}" name="{name}" type="{kind}" maxlength="{field["max"]}">'
