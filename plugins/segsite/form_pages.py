"""The pages of lead forms: each form's page and thank-you page per language,
what the form posts to for the configured backend, and the facts the
Worker needs to check a submission again on the server.

Backends (``SEGSITE_FORMS['backend']``):

- ``worker``: the form posts to ``/_segsite/forms/<id>``, which the
  generated Cloudflare Worker answers (runtime/forms.js: checks, D1, 303);
- ``netlify``: the static markup Netlify Forms detects at deploy time
  (``data-netlify``, ``netlify-honeypot``, a hidden ``form-name``), posting
  to the thank-you page, which Netlify shows after storing the submission;
- ``endpoint``: posts to a form service's URL (Formspree, Basin, ...); its
  origin joins the CSP's form-action, nothing else changes.
"""

from __future__ import annotations

from typing import Any

from .forms import ATTRIBUTION, CONSENT, HONEYPOT, STAMPS, Form, FormField, Thanks
from .i18n import strings_for
from .page_layout import PageLayout
from .site import Site
from .urls import UrlScheme

WORKER_ACTION = "_segsite/forms/{form}"  # site-relative, as UrlScheme.absolute takes it
# Cloudflare Turnstile (SEGSITE_FORMS['turnstile']): its script, and the one
# host the CSP then names for scripts and frames.
TURNSTILE_HOST = "https://challenges.cloudflare.com"
TURNSTILE_SCRIPT = TURNSTILE_HOST + "/turnstile/v0/api.js"
# The messages a field's problem shows, by kind; {label} and {max} filled in.
MESSAGES = ("required", "email", "tel", "max", "option", "consent")


class FormPages:
    """Plans and fills the form and thank-you pages of one site."""

    def __init__(self, site: Site, urls: UrlScheme, layout: PageLayout):
        self.site = site
        self.config = site.config
        self.urls = urls
        self.layout = layout
        self.backend = site.config.forms

    def form_url(self, form_id: str, lang: str) -> str:
        """A CTA's link to a form's page (site-relative, as CTA hrefs are)."""
        return "/" + self.urls.form(form_id, lang).url

    def action(self, form: Form, lang: str) -> str:
        backend = self.backend["backend"]
        if backend == "endpoint":
            return self.backend["endpoint"]
        if backend == "netlify":
            return self.urls.absolute(self.urls.thanks(form.id, lang).url)
        return self.urls.absolute(WORKER_ACTION.format(form=form.id))

    def form_context(self, form: Form, lang: str) -> dict[str, Any]:
        location = self.urls.form(form.id, lang)
        others = {other: self.urls.form(form.id, other) for other in self.config.languages}
        context = self.layout.page_of_its_own(lang, form.title.get(lang) or "", location, others)
        strings = strings_for(lang, self.config.strings)
        privacy = self.urls.page(form.privacy, lang)
        context.update(
            {
                "kind": "form",
                "form": {
                    "id": form.id,
                    "intro": form.intro.get(lang) if form.intro else None,
                    "action": self.action(form, lang),
                    "netlify": self.backend["backend"] == "netlify",
                    "min_seconds": self.backend["min_seconds"],
                    "turnstile": self.backend["turnstile"],
                    "fields": [self._field(form, field, lang) for field in form.fields],
                    "consent": {
                        "id": f"{form.id}-{CONSENT}",
                        "text": form.consent.get(lang),
                        "privacy_url": self.urls.absolute(privacy.url),
                    },
                    "submit": form.submit.get(lang),
                    "hidden": [*ATTRIBUTION, *STAMPS],
                    "honeypot": HONEYPOT,
                    "messages": {name: strings[f"form_{name}"] for name in MESSAGES},
                },
                "form_script_url": self.urls.absolute("theme/js/forms.js"),
                "turnstile_url": TURNSTILE_SCRIPT if self.backend["turnstile"] else None,
            }
        )
        return context

    def _field(self, form: Form, field: FormField, lang: str) -> dict[str, Any]:
        element_id = f"{form.id}-{field.name}"
        return {
            "name": field.name,
            "type": field.type,
            "id": element_id,
            "label": field.label.get(lang),
            "help": field.help.get(lang) if field.help else None,
            "required": field.required,
            "max": field.max,
            "autocomplete": field.autocomplete,
            # Addresses and numbers read left to right in every language.
            "ltr": field.type in ("email", "tel"),
            "inputmode": {"email": "email", "tel": "tel"}.get(field.type),
            "options": [(value, label.get(lang)) for value, label in field.options],
        }

    def thanks_context(self, form: Form, lang: str) -> dict[str, Any]:
        location = self.urls.thanks(form.id, lang)
        others = {other: self.urls.thanks(form.id, other) for other in self.config.languages}
        context = self.layout.page_of_its_own(
            lang, form.thanks.title.get(lang) or "", location, others
        )
        own = dict(form.thanks_by_segment)
        everyone_else = [s for s in self.site.segments.ids if s not in own]
        blocks = [(" ".join(everyone_else), form.thanks)] if everyone_else else []
        blocks += [(segment, thanks) for segment, thanks in form.thanks_by_segment]
        context.update(
            {
                "kind": "thanks",
                "noindex": True,
                "thanks": [self._thanks(segments, thanks, lang) for segments, thanks in blocks],
                "form_id": form.id,
            }
        )
        return context

    @staticmethod
    def _thanks(segments: str, thanks: Thanks, lang: str) -> dict[str, str]:
        return {
            "segments": segments,
            "title": thanks.title.get(lang),
            "text": thanks.text.get(lang),
        }


def form_edge_data(site: Site, urls: UrlScheme) -> dict[str, Any]:
    """What the Worker checks a submission against (runtime/forms.js)."""
    config = site.config
    languages = config.languages
    strings = {lang: strings_for(lang, config.strings) for lang in languages}
    return {
        form.id: {
            "fields": [
                {
                    "name": field.name,
                    "type": field.type,
                    "required": field.required,
                    "max": field.max,
                    "label": {lang: field.label.get(lang) for lang in languages},
                    **({"options": [v for v, _ in field.options]} if field.options else {}),
                }
                for field in form.fields
            ],
            "consent": {"label": {lang: form.consent.get(lang) for lang in languages}},
            "minSeconds": config.forms["min_seconds"],
            "turnstile": config.forms["turnstile"] is not None,
            "pages": {
                lang: {
                    "form": "/" + urls.form(form.id, lang).url,
                    "thanks": "/" + urls.thanks(form.id, lang).url,
                }
                for lang in languages
            },
            "messages": {
                lang: {
                    "title": strings[lang]["form_errors_title"],
                    "tooLarge": strings[lang]["form_too_large"],
                    "unreadable": strings[lang]["form_unreadable"],
                    "invalid": strings[lang]["form_invalid"],
                    "turnstile": strings[lang]["form_turnstile"],
                    **{name: strings[lang][f"form_{name}"] for name in MESSAGES},
                }
                for lang in languages
            },
        }
        for form in site.segments.forms
    }
