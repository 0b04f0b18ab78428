"""Lead forms: the ``forms:`` map of segments.yaml and its checks.

Forms live in segments.yaml, beside the CTAs that open them, because a form
is texts per language (labels, help, consent, thank-you) and a few facts
(types, required, limits): the same shape as a CTA, read with the same line
marks, checked in the same pass. A CTA with ``channel: form`` names a form
by id; the form has a page of its own per language (``SEGSITE_FORM_URL``),
and a thank-you page (``SEGSITE_THANKS_URL``), optionally per segment.

Every text a visitor reads on the form is needed in every language (a label
missing in Persian would leave a Persian visitor a field with no name), so a
missing translation of one is an error, not the usual warning.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .fields import LocalText, parse_text
from .options import FORM, FORM_FIELD, GLOB_CONDITIONS, THANKS
from .optiontypes import Field, key_line, read_options
from .valuetypes import is_slug, slug_problem

# What the visit adds to every submission (hidden inputs, filled in the
# browser from window.segsite and the landing page's query).
ATTRIBUTION = ("segment", "rule", "page", "lang", "experiments", *GLOB_CONDITIONS)
# The time trap's page-load stamp and the resubmit guard (idempotency key).
STAMPS = ("_started", "_key")
HONEYPOT = "website"
CONSENT = "consent"
# Names the form itself uses: a field may not take one.
# (form-name: Netlify's; turnstile, cf-turnstile-response: Turnstile's.)
RESERVED = frozenset(
    {*ATTRIBUTION, *STAMPS, HONEYPOT, CONSENT, "form-name", "form", "turnstile"}
    | {"cf-turnstile-response"}
)
DEFAULT_MAX = {"text": 200, "email": 254, "tel": 32, "textarea": 2000, "select": 200}
CHECKBOX_MAX = 3  # "yes" or "on"
# The autocomplete token by type, then by a field name browsers know.
AUTOCOMPLETE_BY_TYPE = {"email": "email", "tel": "tel"}
AUTOCOMPLETE_BY_NAME = {
    "name": "name",
    "full-name": "name",
    "first-name": "given-name",
    "last-name": "family-name",
    "company": "organization",
    "organization": "organization",
    "job-title": "organization-title",
    "website": "url",
    "country": "country-name",
    "city": "address-level2",
}


@dataclass(frozen=True)
class FormField:
    name: str
    type: str
    label: LocalText
    line: int
    help: LocalText | None = None
    required: bool = False
    options: tuple[tuple[str, LocalText], ...] = ()
    max: int = 200
    autocomplete: str | None = None


@dataclass(frozen=True)
class Thanks:
    title: LocalText
    text: LocalText


@dataclass(frozen=True)
class Form:
    id: str
    line: int
    title: LocalText
    submit: LocalText
    fields: tuple[FormField, ...]
    consent: LocalText
    thanks: Thanks
    intro: LocalText | None = None
    privacy: str = "privacy"
    privacy_line: int = 0
    # segment id -> its own thank-you texts
    thanks_by_segment: tuple[tuple[str, Thanks], ...] = ()
    thanks_segments_line: int = 0


def parse_forms(raw: Any, line: int, file: Field) -> tuple[Form, ...]:
    """The ``forms:`` map; every problem goes to ``file``'s log."""
    if raw is None:
        return ()
    if not isinstance(raw, dict) or not raw:
        file.error("'forms' must map form ids to forms", line)
        return ()
    forms = []
    for form_id, value in raw.items():
        at = raw.line_of(form_id)
        if not is_slug(form_id):
            file.error(slug_problem(form_id, "form id"), at)
            continue
        form = _form(form_id, value, at, file)
        if form is not None:
            forms.append(form)
    return tuple(forms)


def _texts(values: dict, raw: Any, names: tuple[str, ...], at: Field) -> dict[str, LocalText]:
    """The named texts of a mapping, each needed in every language."""
    texts = {}
    for name in names:
        if values[name] is None:
            continue
        text = parse_text(
            values[name],
            where=f"{at.subject}: {name}",
            path=at.path,
            line=key_line(raw, name, at.line),
            log=at.log,
            languages=at.languages,
            complete=True,
        )
        if text is not None:
            texts[name] = text
    return texts


def _form(form_id: str, raw: Any, line: int, file: Field) -> Form | None:
    where = f"form '{form_id}'"
    if not isinstance(raw, dict):
        file.error(
            f"{where} must be a mapping with title, submit, fields, consent and thanks", line
        )
        return None
    at = file.entry(where, raw.line)
    errors_before = len(file.log.errors)
    values = read_options(raw, FORM, at)
    texts = _texts(values, raw, ("title", "intro", "submit", "consent"), at)
    fields = _fields(values["fields"], key_line(raw, "fields", raw.line), at)
    thanks = _thanks(values["thanks"], key_line(raw, "thanks", raw.line), at)
    if len(file.log.errors) > errors_before or thanks is None:
        return None
    default_thanks, by_segment, segments_line = thanks
    return Form(
        id=form_id,
        line=line,
        title=texts["title"],
        submit=texts["submit"],
        fields=fields,
        consent=texts["consent"],
        thanks=default_thanks,
        intro=texts.get("intro"),
        privacy=values["privacy"],
        privacy_line=key_line(raw, "privacy", raw.line),
        thanks_by_segment=by_segment,
        thanks_segments_line=segments_line,
    )


def _fields(raw: Any, line: int, form: Field) -> tuple[FormField, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, dict) or not raw:
        form.error(
            f"{form.subject}: 'fields' must map field names to fields, like"
            " `email: {type: email, label: ..., required: true}`",
            line,
        )
        return ()
    fields = []
    for name, value in raw.items():
        field_line = raw.line_of(name)
        if not is_slug(name):
            form.error(slug_problem(name, "field name"), field_line)
        elif name in RESERVED:
            form.error(
                f"{form.subject}: the field name '{name}' is the form's own"
                f" ({', '.join(sorted(RESERVED))}): choose another",
                field_line,
            )
        elif not isinstance(value, dict):
            form.error(
                f"{form.subject}: field '{name}' must be a mapping with at least 'label'",
                field_line,
            )
        else:
            field = _field(name, value, field_line, form)
            if field is not None:
                fields.append(field)
    return tuple(fields)


def _field(name: str, raw: Any, line: int, form: Field) -> FormField | None:
    at = form.entry(f"{form.subject}: field '{name}'", line)
    errors_before = len(form.log.errors)
    values = read_options(raw, FORM_FIELD, at)
    kind = values["type"]
    texts = _texts(values, raw, ("label",), at)
    hint = (
        parse_text(
            values["help"],
            where=f"{at.subject}: help",
            path=at.path,
            line=key_line(raw, "help", line),
            log=at.log,
            languages=at.languages,
        )
        if values["help"] is not None
        else None
    )
    options = _options(values["options"], kind, key_line(raw, "options", line), at)
    if kind != "checkbox" and values["max"] is None:
        limit = DEFAULT_MAX[kind]
    else:
        limit = CHECKBOX_MAX if kind == "checkbox" else values["max"]
    if len(form.log.errors) > errors_before or options is None:
        return None
    autocomplete = values["autocomplete"]
    if autocomplete is None and kind in ("text", "email", "tel"):
        autocomplete = AUTOCOMPLETE_BY_TYPE.get(kind) or AUTOCOMPLETE_BY_NAME.get(name, "off")
    return FormField(
        name=name,
        type=kind,
        label=texts["label"],
        line=line,
        help=hint,
        required=values["required"],
        options=options,
        max=limit,
        autocomplete=autocomplete,
    )


def _options(raw: Any, kind: str, line: int, at: Field) -> tuple[tuple[str, LocalText], ...] | None:
    """A select's choices; None after a problem."""
    if kind != "select":
        if raw is not None:
            at.error(f"{at.subject}: 'options' applies to type 'select' only", line)
            return None
        return ()
    if not isinstance(raw, dict) or not raw:
        at.error(
            f"{at.subject}: a select needs 'options', a mapping of values to labels, like"
            " `options: {starter: {en: Starter, ar: ..., fa: ...}}`",
            line,
        )
        return None
    options = []
    for value, label in raw.items():
        text = parse_text(
            label,
            where=f"{at.subject}: option '{value}'",
            path=at.path,
            line=raw.line_of(value),
            log=at.log,
            languages=at.languages,
            complete=True,
        )
        if not is_slug(str(value)):
            at.error(slug_problem(str(value), "option value"), raw.line_of(value))
        elif text is not None:
            options.append((str(value), text))
    return tuple(options) if len(options) == len(raw) else None


def _thanks(raw: Any, line: int, form: Field):
    """(default Thanks, ((segment, Thanks), ...), line of 'segments'), or None."""
    if raw is None:
        return None
    if not isinstance(raw, dict):
        form.error(f"{form.subject}: 'thanks' must be a mapping with title and text", line)
        return None
    at = form.entry(f"{form.subject}: thanks", line)
    values = read_options(raw, THANKS, at)
    texts = _texts(values, raw, ("title", "text"), at)
    by_segment = []
    segments = values["segments"]
    segments_line = key_line(raw, "segments", line)
    if segments is not None and not isinstance(segments, dict):
        at.error(f"{at.subject}: 'segments' must map segment ids to {{title, text}}", segments_line)
        return None
    for segment_id, value in (segments or {}).items():
        own = _segment_thanks(segment_id, value, segments.line_of(segment_id), at)
        if own is not None:
            by_segment.append((segment_id, own))
    if "title" not in texts or "text" not in texts:
        return None
    return Thanks(texts["title"], texts["text"]), tuple(by_segment), segments_line


def _segment_thanks(segment_id: str, raw: Any, line: int, thanks: Field) -> Thanks | None:
    at = thanks.entry(f"{thanks.subject} for '{segment_id}'", line)
    if not is_slug(segment_id):
        at.error(slug_problem(segment_id, "segment id"))
        return None
    if not isinstance(raw, dict):
        at.error(f"{at.subject} must be a mapping with title and text")
        return None
    values = read_options(raw, THANKS[:2], at)
    texts = _texts(values, raw, ("title", "text"), at)
    if "title" not in texts or "text" not in texts:
        return None
    return Thanks(texts["title"], texts["text"])
