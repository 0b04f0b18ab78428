"""Cross-checks between segments.yaml, content/ and the settings: every id
named anywhere must exist; missing translations, drafts and ended banners
still referenced are warnings."""

from __future__ import annotations

import datetime
from pathlib import Path

from .config import SiteConfig
from .experiments import Experiment
from .form_references import FormReferences
from .models import Content, Landing
from .problems import ProblemLog, suggest
from .schema import SegmentsConfig
from .setting_options import FOOTER_MENU_DEFAULT
from .valuetypes import is_slug, slug_problem
from .variants import SiteDefaults


class References:
    """The cross-checks of one build; ``check`` runs them all."""

    def __init__(
        self,
        segments: SegmentsConfig,
        content: Content,
        config: SiteConfig,
        today: datetime.date,
        log: ProblemLog,
    ):
        self.segments = segments
        self.content = content
        self.config = config
        self.today = today
        self.log = log
        self.banner_ids = {bid for bid, _ in content.banners}
        self.section_ids = {sid for sid, _ in content.sections}
        self.segment_ids = frozenset(segments.ids)  # a site may define thousands

    def check(self, defaults: SiteDefaults) -> None:
        for segment in self.segments.segments:
            self.banner(segment.banner, self.segments.path, segment.banner_line)
            self.sections(segment.sections, self.segments.path, segment.sections_line)
        for experiment in self.segments.experiments:
            self.experiment(experiment)
        settings_line = self.config.setting_lines.get("SEGSITE_DEFAULT_BANNER", 0)
        self.banner(defaults.banner, self.config.settings_file, settings_line)
        FormReferences(self).check(defaults)
        for landing in self.content.landings.values():
            self.landing(landing)
        self.home_pages()
        self.menus()
        self.drafts()
        for kind, store in (
            ("landing", self.content.landings),
            ("sections", self.content.sections),
            ("banners", self.content.banners),
            ("pages", self.content.pages),
        ):
            self.translations(kind, store)

    def banner(self, banner_id: str | None, path: Path, line: int, lang: str | None = None):
        if banner_id is None:
            return
        if banner_id not in self.banner_ids:
            self.log.error(
                path,
                line,
                f"unknown banner '{banner_id}'{suggest(banner_id, self.banner_ids)}:"
                f" add content/banners/{banner_id}.<lang>.md or fix the id",
            )
            return
        # Without a language (segments.yaml, settings) the banner file's own
        # missing-translation warning already covers each language.
        banners = self.content.banners
        langs = (
            [lang]
            if lang
            else [one for one in self.config.languages if (banner_id, one) in banners]
        )
        for one in langs:
            banner = banners.get((banner_id, one))
            if banner is None:
                self.log.warning(
                    path, line, f"missing translation: banner '{banner_id}' has no '{one}' version"
                )
            elif banner.ends is not None and banner.ends < self.today:
                self.log.warning(
                    path,
                    line,
                    f"banner '{banner_id}' ended on {banner.ends.isoformat()} and is still"
                    " referenced: remove the reference or change its dates",
                )
                break

    def sections(self, ids, path: Path, line: int, lang: str | None = None) -> None:
        for section_id in ids or ():
            if section_id not in self.section_ids:
                self.log.error(
                    path,
                    line,
                    f"unknown section '{section_id}'{suggest(section_id, self.section_ids)}:"
                    f" add content/sections/{section_id}.<lang>.md or fix the id",
                )
            elif lang and (section_id, lang) not in self.content.sections:
                self.log.warning(
                    path,
                    line,
                    f"missing translation: section '{section_id}' has no '{lang}'"
                    " version; it is left out of that page",
                )

    def segment(self, segment_id: str, path: Path, line: int) -> bool:
        if segment_id in self.segment_ids:
            return True
        self.log.error(
            path,
            line,
            f"unknown segment '{segment_id}'{suggest(segment_id, self.segments.ids)}:"
            f" define it in {self.log.display_path(self.segments.path)} or fix the id",
        )
        return False

    def experiment(self, experiment: Experiment) -> None:
        path = self.segments.path
        for segment_id in experiment.segments or ():
            self.segment(segment_id, path, experiment.segments_line)
        slugs = {slug for slug, _ in self.content.landings}
        for slug in experiment.pages or ():
            if slug not in slugs:
                self.log.error(
                    path,
                    experiment.pages_line,
                    f"experiment '{experiment.id}': unknown landing page '{slug}'"
                    f"{suggest(slug, slugs)}: add content/landing/{slug}.<lang>.md or fix the slug",
                )
        for arm in experiment.arms:
            self.banner(arm.banner, path, arm.banner_line)
            self.sections(arm.sections, path, arm.sections_line)

    def landing(self, landing: Landing) -> None:
        path, lang = landing.path, landing.lang
        self.banner(landing.banner, path, landing.banner_line, lang)
        self.sections(landing.sections, path, landing.sections_line, lang)
        for segment_id in landing.segments or ():
            self.segment(segment_id, path, landing.segments_line)
        for override in landing.variants:
            if self.segment(override.segment, path, override.line):
                self.banner(override.banner, path, override.banner_line, lang)
                self.sections(override.sections, path, override.sections_line, lang)
        for part in landing.body:
            if part.segment is not None and not is_slug(part.segment):
                self.log.error(path, part.line - 1, slug_problem(part.segment, "segment id"))
            elif part.segment is not None:
                self.segment(part.segment, path, part.line - 1)

    def home_pages(self) -> None:
        home = self.config.home_slug
        for lang in self.config.languages:
            if (home, lang) not in self.content.landings:
                self.log.warning(
                    self.config.content_path / "landing",
                    0,
                    f"no home page in '{lang}': /{lang}/ lists the landing pages instead;"
                    f" add landing/{home}.{lang}.md",
                )

    def menus(self) -> None:
        """Every slug a menu names is a landing or plain page in some language
        (a missing translation is left out of that language's menu)."""
        content = self.content
        known = {slug for slug, _ in content.landings} | {slug for slug, _ in content.pages}
        known |= {item_id for kind, item_id, _ in content.drafts if kind in ("landing", "pages")}
        for name, slugs in (
            ("SEGSITE_MENU", self.config.menu or ()),
            ("SEGSITE_FOOTER_MENU", self.config.footer_menu),
        ):
            # The kit's default footer lists the pages most sites have; it
            # leaves out those this site lacks without a word.
            if name == "SEGSITE_FOOTER_MENU" and slugs == FOOTER_MENU_DEFAULT:
                continue
            line = self.config.setting_lines.get(name, 0)
            for slug in slugs:
                # A warning: a site may build other content with the demo's
                # settings (make build CONTENT=...); --strict stops it.
                if slug not in known:
                    self.log.warning(
                        self.config.settings_file,
                        self.config.menu_lines.get(name, {}).get(slug) or line,
                        f"{name}: unknown page '{slug}'{suggest(slug, known)} is left out of"
                        f" the menu: add content/pages/{slug}.<lang>.md or a landing page,"
                        " or fix the slug",
                    )

    def drafts(self) -> None:
        for (kind, item_id, lang), path in sorted(self.content.drafts.items()):
            self.log.warning(
                path,
                1,
                f"missing translation: {kind}/{item_id}.{lang}.md is a draft and is not published;"
                " remove 'status: draft' when it is written",
            )

    def translations(self, kind: str, store: dict) -> None:
        languages = self.config.languages
        for item_id in sorted({item_id for item_id, _ in store}):
            present = [lang for lang in languages if (item_id, lang) in store]
            source = store[(item_id, present[0])]
            for lang in languages:
                # A draft already says it is missing (see drafts).
                if lang not in present and (kind, item_id, lang) not in self.content.drafts:
                    self.log.warning(
                        source.path,
                        1,
                        f"missing translation: no '{lang}' version"
                        f" (expected {kind}/{item_id}.{lang}.md)",
                    )
