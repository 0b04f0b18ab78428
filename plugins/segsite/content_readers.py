"""One reader per content kind (landing pages, sections, banners, plain
pages): each reads a file's front matter against its declared keys
(options.py), converts its body, and checks what relates one key to another.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from dataclasses import replace
from pathlib import Path
from typing import Any

import imagesize

from .fields import Cta, image_path_problem, parse_cta
from .frontmatter import SourceFile
from .markup import BodyPart, MarkdownRenderer, check_markup, count_words, split_segment_blocks
from .models import Banner, Landing, PlainPage, Section, VariantOverride
from .options import BANNER, LANDING, PAGE, SECTION, STATUS, VARIANT
from .optiontypes import Field, Option, Values, read_options, report_unknown
from .problems import ProblemLog

HEADLINE_WORDS = 12
BANNER_LINE_WORDS = 25
# A '::: segment' line, with or without an id (markup.py splits landing pages' blocks).
_SEGMENT_MARKER_RE = re.compile(r"^:::\s*segment\b")


class KindReader(ABC):
    """Reads the files of one kind; ``options`` are its front matter keys."""

    options: tuple[Option, ...] = ()
    where = "front matter"
    closed = True  # unknown keys are errors

    def __init__(self, root: Path, log: ProblemLog, markdown: MarkdownRenderer):
        self.root = root
        self.log = log
        self.markdown = markdown

    def field(self, source: SourceFile) -> Field:
        return Field(
            self.log,
            source.path,
            source.meta.line,
            self.where,
            (source.lang,),
            child_format="'{key}'",
        )

    def is_draft(self, source: SourceFile) -> bool:
        """``status: draft``: only the keys of a draft are checked."""
        if STATUS not in self.options:
            return False
        at = self.field(source)
        if read_options(source.meta, (STATUS,), at, closed=False)["status"] != "draft":
            return False
        if self.closed:
            report_unknown(source.meta, self.options, at)
        return True

    def front_matter(self, source: SourceFile) -> Values:
        # The status was read already, by is_draft.
        return read_options(
            source.meta, self.options, self.field(source), closed=self.closed, skip=("status",)
        )

    def cta(self, meta: Any, value: Any, where: str, lang: str, path: Path) -> Cta | None:
        if value is None:
            return None
        line = meta.line_of("cta")
        return parse_cta(value, where=where, path=path, line=line, log=self.log, languages=(lang,))

    def body(self, markdown: str, first_line: int, path: Path) -> str:
        html = self.markdown.convert(markdown)
        return check_markup(html, markdown, first_line, path, self.log)

    def no_segment_blocks(self, source: SourceFile, kind: str) -> None:
        """Only landing pages split ``::: segment ID`` blocks: anywhere else the
        markers and the block would show to every visitor."""
        for offset, text in enumerate(source.body.split("\n")):
            if _SEGMENT_MARKER_RE.match(text):
                self.log.error(
                    source.path,
                    source.body_line + offset,
                    f"segment blocks work only in landing pages, not in a {kind}: move the"
                    " block to a landing page, or remove its '::: segment' and ':::' lines",
                )

    @abstractmethod
    def read(self, source: SourceFile) -> Any:
        """The kind's model of ``source`` (problems go to the log)."""


class LandingReader(KindReader):
    options = LANDING
    where = "landing page front matter"

    def read(self, source: SourceFile) -> Landing:
        values = self.front_matter(source)
        meta, path, lang = source.meta, source.path, source.lang
        parts = [
            BodyPart(segment, self.body(text, line, path), line)
            for segment, text, line in split_segment_blocks(
                source.body, source.body_line, path, self.log
            )
        ]
        title = values["title"] or ""
        return Landing(
            slug=source.id,
            lang=lang,
            path=path,
            title=title,
            description=values["description"],
            nav_title=values["nav_title"] or title,
            body=tuple(parts),
            banner=values["banner"],
            banner_line=meta.line_of("banner"),
            sections=values["sections"],
            sections_line=meta.line_of("sections"),
            cta=self.cta(meta, values["cta"], "cta", lang, path),
            segments=values["segments"],
            segments_line=meta.line_of("segments"),
            variants=self.variants(values["variants"], source),
        )

    def variants(self, raw: Any, source: SourceFile) -> tuple[VariantOverride, ...]:
        if not raw:
            return ()
        if not isinstance(raw, dict):
            self.log.error(
                source.path,
                source.meta.line_of("variants"),
                "'variants' must map segment ids to overrides",
            )
            return ()
        variants = []
        for segment_id, override in raw.items():
            line = raw.line_of(segment_id)
            where = f"variants.{segment_id}"
            if not isinstance(override, dict):
                self.log.error(
                    source.path, line, f"{where} must be a mapping of banner, sections, cta"
                )
                continue
            at = replace(
                self.field(source), line=line, subject=where, child_format="{parent}.{key}"
            )
            values = read_options(override, VARIANT, at)
            variants.append(
                VariantOverride(
                    segment=str(segment_id),
                    line=line,
                    banner=values["banner"],
                    banner_line=override.line_of("banner"),
                    sections=values["sections"],
                    sections_line=override.line_of("sections"),
                    cta=self.cta(override, values["cta"], f"{where}.cta", source.lang, source.path),
                )
            )
        return tuple(variants)


class SectionReader(KindReader):
    options = SECTION
    where = "section front matter"

    def __init__(self, root: Path, log: ProblemLog, markdown: MarkdownRenderer, words: int):
        super().__init__(root, log, markdown)
        self.words = words

    def read(self, source: SourceFile) -> Section:
        values = self.front_matter(source)
        self.no_segment_blocks(source, "section")
        html = self.body(source.body, source.body_line, source.path)
        words = count_words(html)
        if words > self.words:
            self.log.warning(
                source.path,
                source.body_line,
                f"section has {words} words, over its budget of {self.words}"
                " (SEGSITE_SECTION_WORDS): shorten it or split it in two",
            )
        return Section(source.id, source.lang, source.path, values["title"] or "", html, words)


class BannerReader(KindReader):
    options = BANNER
    where = "banner front matter"

    def read(self, source: SourceFile) -> Banner:
        values = self.front_matter(source)
        meta, path = source.meta, source.path
        headline = values["headline"] or ""
        if len(headline.split()) > HEADLINE_WORDS:
            self.log.warning(
                path,
                meta.line_of("headline"),
                f"headline has {len(headline.split())} words, over {HEADLINE_WORDS}: shorten it",
            )
        self.no_segment_blocks(source, "banner")
        line_html = self.markdown.convert_inline(source.body)
        line_html = check_markup(line_html, source.body, source.body_line, path, self.log)
        if count_words(line_html) > BANNER_LINE_WORDS:
            self.log.warning(
                path,
                source.body_line,
                f"the banner line has {count_words(line_html)} words, over {BANNER_LINE_WORDS}:"
                " shorten it",
            )
        starts, ends = values["starts"], values["ends"]
        if starts and ends and ends < starts:
            self.log.error(
                path,
                meta.line_of("ends"),
                f"banner ends on {ends.isoformat()}, before it starts on {starts.isoformat()}:"
                " swap the dates",
            )
        image, image_alt, image_size = self.image(values, source)
        return Banner(
            id=source.id,
            lang=source.lang,
            path=path,
            headline=headline,
            line_html=line_html,
            cta=self.cta(meta, values["cta"], "cta", source.lang, path),
            image=image,
            image_alt=image_alt,
            image_size=image_size,
            starts=starts,
            ends=ends,
        )

    def image(
        self, values: Values, source: SourceFile
    ) -> tuple[str | None, str | None, tuple[int, int] | None]:
        image, alt = values["image"], values["image_alt"]
        path, meta = source.path, source.meta
        if image is None:
            if alt is not None:
                self.log.error(
                    path, meta.line_of("image_alt"), "'image_alt' is given without an 'image'"
                )
            return None, None, None
        problem = image_path_problem(image)
        if problem is not None:
            self.log.error(path, meta.line_of("image"), problem)
            return None, None, None
        image = image.lstrip("/")
        # A written alt text of the wrong type is reported already, at its line.
        alt_invalid = meta.get("image_alt") is not None and "image_alt" not in values.given
        if not (alt and alt.strip()) and not alt_invalid:
            # At the alt text's own line when it is written, empty or null.
            alt_line = meta.line_of("image_alt") if "image_alt" in meta else meta.line_of("image")
            self.log.error(
                path, alt_line, "'image' needs 'image_alt': describe the image in a few words"
            )
        file = self.root / image
        if ".." in Path(image).parts or not file.is_file() or not _inside(file, self.root):
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
        return image, alt or "", (int(width), int(height))


class PageReader(KindReader):
    options = PAGE
    where = "page front matter"
    closed = False  # plain pages take Pelican's usual metadata too

    def read(self, source: SourceFile) -> PlainPage:
        values = self.front_matter(source)
        self.no_segment_blocks(source, "plain page")
        title = values["title"] or ""
        description = values["description"]
        if "description" not in values.given:
            description = values["summary"] or ""
        return PlainPage(
            slug=source.id,
            lang=source.lang,
            path=source.path,
            title=title,
            description=description,
            nav_title=values["nav_title"] or title,
            html=self.body(source.body, source.body_line, source.path),
        )


def _inside(file: Path, root: Path) -> bool:
    """True when ``file``, links followed, is under ``root``: the build copies it."""
    return file.resolve().is_relative_to(root.resolve())
