"""Cross-checks of lead forms (forms.py): every CTA that opens a form names
one defined under 'forms'; a form's thank-you segments and privacy page exist."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .problems import suggest
from .variants import SiteDefaults

if TYPE_CHECKING:
    from .references import References


class FormReferences:
    def __init__(self, refs: References):
        self.refs = refs

    def check(self, defaults: SiteDefaults) -> None:
        self.forms()
        self.form_ctas(defaults)

    def forms(self) -> None:
        """A form's thank-you segments exist; its consent's privacy page
        exists in every language."""
        path = self.refs.segments.path
        for form in self.refs.segments.forms:
            for segment_id, _ in form.thanks_by_segment:
                self.refs.segment(segment_id, path, form.thanks_segments_line)
            for lang in self.refs.config.languages:
                if (form.privacy, lang) not in self.refs.content.pages:
                    self.refs.log.error(
                        path,
                        form.privacy_line,
                        f"form '{form.id}': its consent links to the page '{form.privacy}',"
                        f" which has no '{lang}' version: add content/pages/{form.privacy}"
                        f".{lang}.md, or name another page with 'privacy'",
                    )

    def form_ctas(self, defaults: SiteDefaults) -> None:
        """Every CTA that opens a form names one defined under 'forms'."""
        yaml = self.refs.segments.path
        ctas = [(segment.cta, yaml) for segment in self.refs.segments.segments]
        ctas += [(arm.cta, yaml) for e in self.refs.segments.experiments for arm in e.arms]
        ctas.append((defaults.cta, self.refs.config.settings_file))
        for landing in self.refs.content.landings.values():
            ctas.append((landing.cta, landing.path))
            ctas += [(override.cta, landing.path) for override in landing.variants]
        ctas += [(banner.cta, banner.path) for banner in self.refs.content.banners.values()]
        known = sorted(self.refs.segments.form_ids)
        for cta, path in ctas:
            if cta is not None and cta.form is not None and cta.form not in known:
                self.refs.log.error(
                    path,
                    cta.line,
                    f"unknown form '{cta.form}'{suggest(cta.form, known)}: define it under"
                    f" 'forms' in {self.refs.log.display_path(yaml)}, or fix the id",
                )
