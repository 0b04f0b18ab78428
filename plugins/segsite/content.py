"""Reading ``content/``: landing pages, sections, banners and plain pages.

The language of a file comes from its name (``<id>.<lang>.md``) and only from
there. Every file is read and converted once, by the reader of its kind
(content_readers.py); problems go to the build's log.
"""

from __future__ import annotations

import os
from pathlib import Path

# The report judges banners by the same limits; it reads them from here.
from .content_readers import BANNER_LINE_WORDS as BANNER_LINE_WORDS
from .content_readers import HEADLINE_WORDS as HEADLINE_WORDS
from .content_readers import BannerReader, KindReader, LandingReader, PageReader, SectionReader
from .frontmatter import file_key, read_source
from .markup import MarkdownRenderer
from .models import Content
from .problems import ProblemLog
from .reading import report_link_out
from .warm import ReadCache


class ContentReader:
    """Reads one ``content/`` folder for one build."""

    def __init__(
        self,
        root: Path,
        languages: tuple[str, ...],
        log: ProblemLog,
        section_words: int,
        reads: ReadCache | None = None,
    ):
        self.root = root
        self.languages = languages
        self.log = log
        # A long-lived process (segsite serve) keeps each file's read: only
        # changed files are read again (warm.py).
        self.reads = reads
        if reads is not None:
            reads.use_for(root, languages, section_words, log.root)
        markdown = MarkdownRenderer()
        self.readers: dict[str, KindReader] = {
            "landing": LandingReader(root, log, markdown),
            "sections": SectionReader(root, log, markdown, section_words),
            "banners": BannerReader(root, log, markdown),
            "pages": PageReader(root, log, markdown),
        }

    def read(self) -> Content:
        content = Content({}, {}, {}, {})  # drafts: filled as found
        stores = {
            "landing": content.landings,
            "sections": content.sections,
            "banners": content.banners,
            "pages": content.pages,
        }
        files = self._files()
        for kind, reader in self.readers.items():
            for path in files[kind]:
                self._read_file(kind, reader, path, stores[kind], content.drafts)
        self._check_unique_slugs(content)
        return content

    def _files(self) -> dict[str, list[Path]]:
        """The Markdown files of each kind, sorted (folders and links named
        ``*.md`` too: reading them says what is wrong). Any other link under
        ``content/`` that leads out of it is reported here: Pelican copies
        ``images/`` as it finds it."""
        files: dict[str, list[Path]] = {kind: [] for kind in self.readers}
        # Links to folders are not followed, as Path.rglob does not follow them.
        for folder, folders, names in os.walk(self.root):
            for name in sorted(folders + names):
                path = Path(folder, name)
                kind = path.relative_to(self.root).parts[0]
                if kind in files and name.endswith(".md"):
                    files[kind].append(path)
                else:
                    report_link_out(path, self.root, self.log)
        return {kind: sorted(paths) for kind, paths in files.items()}

    def _read_file(self, kind: str, reader: KindReader, path: Path, store: dict, drafts: dict):
        key = file_key(path, self.languages, self.log)
        if key is None:
            return
        if key in store:
            self.log.error(
                path,
                1,
                f"duplicate id '{key[0]}' in {kind}/ for language '{key[1]}'"
                f" (also {self.log.display_path(store[key].path)}): rename one",
            )
            return
        if self.reads is None:
            read = self._read_source(reader, path, key)
        else:
            read = self.reads.read(path, self.log, lambda: self._read_source(reader, path, key))
        if read is None:
            return
        is_draft, model = read
        if is_draft:
            drafts[(kind, *key)] = path
        else:
            store[key] = model

    def _read_source(self, reader: KindReader, path: Path, key: tuple[str, str]):
        """(True, None) for a draft, (False, the kind's model), or None after
        reporting why the file cannot be read."""
        source = read_source(path, key, self.log, self.root)
        if source is None:
            return None
        if reader.is_draft(source):
            return True, None
        return False, reader.read(source)

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
