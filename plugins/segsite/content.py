"""Reading ``content/``: landing pages, sections, banners and plain pages.

The language of a file comes from its name (``<id>.<lang>.md``) and only from
there. Every file is read and converted once; problems go to the build's log.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import imagesize

from .fields import Cta, check_keys, is_slug, parse_cta, slug_problem
from .markup import BodyPart, MarkdownRenderer, check_markup, count_words, split_segment_blocks
from .models import Banner, Content, Landing, PlainPage, Section, VariantOverride
from .problems import ProblemLog, suggest
from .schema import parse_id_list
from .yamlsource import YamlMap, load_yaml

LANDING_KEYS = {
    "title": "the page title and its h1 (required)",
    "description": "one sentence for search engines and social cards",
    "nav_title": "a short label for menus (default: the title)",
    "banner": "id of the banner (Attention)",
    "sections": "ids of the information sections, in order (Information)",
    "cta": "the primary call to action (Action)",
    "segments": "'all' or a list of the segments that get their own variant page",
    "variants": "per segment: banner, sections and cta for that segment only",
    "status": "'draft' keeps the file out of the site (a missing translation until it is done)",
}
VARIANT_KEYS = {"banner": "banner id", "sections": "section ids", "cta": "call to action"}
SECTION_KEYS = {"title": "the section heading, also used in the sections navigation (required)"}
BANNER_KEYS = {
    "headline": "the banner headline, at most 12 words (required)",
    "cta": "the banner's own call to action, used where the banner stands alone",
    "image": "an image under content/, like images/spring.webp",
    "image_alt": "the image's text alternative (required with image)",
    "starts": "first day the banner shows (inclusive, YYYY-MM-DD)",
    "ends": "last day the banner shows (inclusive, YYYY-MM-DD)",
}
_NAME_RE = re.compile(r"^(?P<id>.+)\.(?P<lang>[^.]+)\.md$")
HEADLINE_WORDS = 12
BANNER_LINE_WORDS = 25


class ContentReader:
    """Reads one ``content/`` folder for one build."""

    def __init__(self, root: Path, languages: tuple[str, ...], log: ProblemLog, section_words: int):
        self.root = root
        self.languages = languages
        self.log = log
        self.section_words = section_words
        self.markdown = MarkdownRenderer()

    def read(self) -> Content:
        content = Content({}, {}, {}, {})  # drafts: filled as found
        readers = {
            "landing": (content.landings, self._read_landing),
            "sections": (content.sections, self._read_section),
            "banners": (content.banners, self._read_banner),
            "pages": (content.pages, self._read_page),
        }
        for kind, (store, read_one) in readers.items():
            folder = self.root / kind
            if not folder.is_dir():
                continue
            for path in sorted(folder.rglob("*.md")):
                named = self._name(path)
                if named is None:
                    continue
                key = named
                if key in store:
                    self.log.error(
                        path,
                        1,
                        f"duplicate id '{key[0]}' in {kind}/ for language '{key[1]}'"
                        f" (also {self.log.display_path(store[key].path)}): rename one",
                    )
                    continue
                parsed = self._front_matter(path)
                if parsed is None:
                    continue
                if kind in ("landing", "pages") and self._is_draft(parsed[0], path):
                    if kind == "landing":
                        check_keys(
                            parsed[0],
                            LANDING_KEYS,
                            where="landing page front matter",
                            path=path,
                            log=self.log,
                        )
                    content.drafts[(kind, *key)] = path
                    continue
                item = read_one(key[0], key[1], path, *parsed)
                if item is not None:
                    store[key] = item
        self._check_unique_slugs(content)
        return content

    def _name(self, path: Path) -> tuple[str, str] | None:
        match = _NAME_RE.match(path.name)
        langs = ", ".join(self.languages)
        if not match:
            self.log.error(
                path,
                1,
                f"the file name needs a language suffix: name it <id>.<lang>.md with one of {langs}",
            )
            return None
        item_id, lang = match["id"], match["lang"]
        ok = True
        if lang not in self.languages:
            self.log.error(
                path,
                1,
                f"language '{lang}' in the file name is not configured (SEGSITE_LANGUAGES: {langs})"
                f"{suggest(lang, self.languages)}",
            )
            ok = False
        if not is_slug(item_id):
            self.log.error(path, 1, slug_problem(item_id, "file name id"))
            ok = False
        return (item_id, lang) if ok else None

    def _front_matter(self, path: Path) -> tuple[YamlMap, str, int] | None:
        """(front matter, body, first body line) or None after reporting the problem."""
        text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
        lines = text.split("\n")
        if not lines or lines[0].strip() != "---":
            self.log.error(
                path,
                1,
                "front matter missing: start the file with a '---' line, the YAML, and '---'",
            )
            return None
        end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
        if end is None:
            self.log.error(path, 1, "front matter is never closed: add a '---' line after the YAML")
            return None
        errors_before = len(self.log.errors)
        meta = load_yaml("\n".join(lines[1:end]), path, self.log, first_line=2)
        if len(self.log.errors) > errors_before and meta is None:
            return None  # the syntax error says it all; no follow-up noise
        if meta is None:
            meta = YamlMap()
            meta.line, meta.key_lines = 2, {}
        elif not isinstance(meta, YamlMap):
            self.log.error(path, 2, "front matter must be a mapping of 'key: value' lines")
            return None
        return meta, "\n".join(lines[end + 1 :]), end + 2

    def _is_draft(self, meta: YamlMap, path: Path) -> bool:
        status = meta.get("status", "published")
        if status not in ("draft", "published"):
            self.log.error(
                path, meta.line_of("status"), f"status '{status}' is not 'draft' or 'published'"
            )
        return status == "draft"

    def _required_text(self, meta: YamlMap, key: str, path: Path) -> str:
        value = meta.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            self.log.error(path, meta.line, f"'{key}' is missing from the front matter")
            return ""
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            self.log.error(path, meta.line_of(key), f"'{key}' must be text")
            return ""
        return str(value)

    def _cta(self, meta: YamlMap, where: str, path: Path, lang: str) -> Cta | None:
        if "cta" not in meta:
            return None
        return parse_cta(
            meta["cta"],
            where=where,
            path=path,
            line=meta.line_of("cta"),
            log=self.log,
            languages=(lang,),
        )

    def _body(self, body: str, first_line: int, path: Path) -> str:
        html = self.markdown.convert(body)
        check_markup(html, body, first_line, path, self.log)
        return html

    def _ref(self, meta: YamlMap, key: str, path: Path, what: str) -> str | None:
        value = meta.get(key)
        if value is not None and not is_slug(value):
            self.log.error(path, meta.line_of(key), slug_problem(value, what))
            return None
        return value

    def _read_landing(self, slug, lang, path, meta, body, body_line) -> Landing:
        check_keys(meta, LANDING_KEYS, where="landing page front matter", path=path, log=self.log)
        segments, segments_line = meta.get("segments", "all"), meta.line_of("segments")
        if segments == "all":
            segments = None
        else:
            segments = parse_id_list(segments, segments_line, "segments", path, self.log)
        variants = []
        raw_variants = meta.get("variants") or {}
        if not isinstance(raw_variants, dict):
            self.log.error(
                path, meta.line_of("variants"), "'variants' must map segment ids to overrides"
            )
            raw_variants = {}
        for segment_id, raw in raw_variants.items():
            line = raw_variants.line_of(segment_id)
            if not isinstance(raw, dict):
                self.log.error(
                    path, line, f"variants.{segment_id} must be a mapping of banner, sections, cta"
                )
                continue
            check_keys(raw, VARIANT_KEYS, where=f"variants.{segment_id}", path=path, log=self.log)
            variants.append(
                VariantOverride(
                    segment=str(segment_id),
                    line=line,
                    banner=self._ref(raw, "banner", path, "banner id"),
                    banner_line=raw.line_of("banner"),
                    sections=parse_id_list(
                        raw.get("sections"),
                        raw.line_of("sections"),
                        f"variants.{segment_id}.sections",
                        path,
                        self.log,
                    ),
                    sections_line=raw.line_of("sections"),
                    cta=self._cta(raw, f"variants.{segment_id}.cta", path, lang),
                )
            )
        parts = []
        for segment, text, line in split_segment_blocks(body, body_line, path, self.log):
            parts.append(BodyPart(segment, self._body(text, line, path), line))
        return Landing(
            slug=slug,
            lang=lang,
            path=path,
            title=self._required_text(meta, "title", path),
            description=str(meta.get("description", "")),
            nav_title=str(meta.get("nav_title") or meta.get("title") or ""),
            body=tuple(parts),
            banner=self._ref(meta, "banner", path, "banner id"),
            banner_line=meta.line_of("banner"),
            sections=parse_id_list(
                meta.get("sections"), meta.line_of("sections"), "sections", path, self.log
            ),
            sections_line=meta.line_of("sections"),
            cta=self._cta(meta, "cta", path, lang),
            segments=segments,
            segments_line=segments_line,
            variants=tuple(variants),
        )

    def _read_section(self, section_id, lang, path, meta, body, body_line) -> Section:
        check_keys(meta, SECTION_KEYS, where="section front matter", path=path, log=self.log)
        html = self._body(body, body_line, path)
        words = count_words(html)
        if words > self.section_words:
            self.log.warning(
                path,
                body_line,
                f"section has {words} words, over its budget of {self.section_words}"
                " (SEGSITE_SECTION_WORDS): shorten it or split it in two",
            )
        return Section(
            section_id, lang, path, self._required_text(meta, "title", path), html, words
        )

    def _read_banner(self, banner_id, lang, path, meta, body, body_line) -> Banner:
        check_keys(meta, BANNER_KEYS, where="banner front matter", path=path, log=self.log)
        headline = self._required_text(meta, "headline", path)
        if len(headline.split()) > HEADLINE_WORDS:
            self.log.warning(
                path,
                meta.line_of("headline"),
                f"headline has {len(headline.split())} words, over {HEADLINE_WORDS}: shorten it",
            )
        line_html = self.markdown.convert_inline(body)
        check_markup(line_html, body, body_line, path, self.log)
        if count_words(line_html) > BANNER_LINE_WORDS:
            self.log.warning(
                path,
                body_line,
                f"the banner line has {count_words(line_html)} words, over {BANNER_LINE_WORDS}: shorten it",
            )
        starts, ends = self._date(meta, "starts", path), self._date(meta, "ends", path)
        if starts and ends and ends < starts:
            self.log.error(
                path,
                meta.line_of("ends"),
                f"banner ends on {ends.isoformat()}, before it starts on {starts.isoformat()}: swap the dates",
            )
        image, image_alt, image_size = self._image(meta, path)
        return Banner(
            id=banner_id,
            lang=lang,
            path=path,
            headline=headline,
            line_html=line_html,
            cta=self._cta(meta, "cta", path, lang),
            image=image,
            image_alt=image_alt,
            image_size=image_size,
            starts=starts,
            ends=ends,
        )

    def _date(self, meta: YamlMap, key: str, path: Path) -> datetime.date | None:
        value = meta.get(key)
        if value is None:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        self.log.error(
            path, meta.line_of(key), f"'{key}' must be a date written YYYY-MM-DD, not '{value}'"
        )
        return None

    def _image(
        self, meta: YamlMap, path: Path
    ) -> tuple[str | None, str | None, tuple[int, int] | None]:
        image, alt = meta.get("image"), meta.get("image_alt")
        if image is None:
            if alt is not None:
                self.log.error(
                    path, meta.line_of("image_alt"), "'image_alt' is given without an 'image'"
                )
            return None, None, None
        image = str(image).lstrip("/")
        if not alt or not str(alt).strip():
            self.log.error(
                path,
                meta.line_of("image"),
                "'image' needs 'image_alt': describe the image in a few words",
            )
        file = self.root / image
        if ".." in Path(image).parts or not file.is_file():
            self.log.error(
                path,
                meta.line_of("image"),
                f"image '{image}' not found under {self.log.display_path(self.root)}/",
            )
            return None, None, None
        width, height = imagesize.get(file)
        if width <= 0 or height <= 0:
            self.log.error(
                path,
                meta.line_of("image"),
                f"cannot read the size of image '{image}': use SVG, PNG, JPEG or WebP",
            )
            return None, None, None
        return image, str(alt or ""), (int(width), int(height))

    def _read_page(self, slug, lang, path, meta: dict[str, Any], body, body_line) -> PlainPage:
        # Plain pages accept Pelican's usual metadata, so no unknown-key check.
        return PlainPage(
            slug=slug,
            lang=lang,
            path=path,
            title=self._required_text(meta, "title", path),
            description=str(meta.get("description", meta.get("summary", ""))),
            nav_title=str(meta.get("nav_title") or meta.get("title") or ""),
            html=self._body(body, body_line, path),
        )

    def _check_unique_slugs(self, content: Content) -> None:
        for (slug, lang), page in content.pages.items():
            landing = content.landings.get((slug, lang))
            if landing is not None:
                self.log.error(
                    page.path,
                    1,
                    f"slug '{slug}' is also a landing page ({self.log.display_path(landing.path)}):"
                    " slugs are unique per language, rename one",
                )
