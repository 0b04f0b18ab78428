"""The incremental check pass: each check's result is kept in the report
folder (.results-by-hash.json, so deleting the report forgets it) under a key
made of everything its answer depends on; `segsite check` re-uses a kept
result while its key is unchanged and runs the check again otherwise.

A page's key: the environment (the pass's settings and own code, the browser
library versions, where the site is served, the site's `_headers`), the page's
HTML bytes, and for everything it references: the bytes of a stylesheet,
script, image or icon (and of what a stylesheet loads), that another page
exists (and its bytes when a `#fragment` points into it), or that a target is
missing. A shared stylesheet or script is in every page's key, so changing it
re-checks every page.

A check's key: for the checks of one page (page_checks.py) its page's key; for
a check that compares pages, the keys of both (a page and its language's home
page; a page and the default language's home page; a landing page's
`?segment=` variant and the segment's own page); for a stylesheet's check its
bytes. A check not known here depends on every page (any change re-runs it),
so a new cross-page check is never re-used wrongly."""

from __future__ import annotations

import hashlib
import json
import re
from importlib import metadata
from pathlib import Path
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser

CHECK_FOLDER = Path(__file__).resolve().parent
STORE_NAME = ".results-by-hash.json"
# Bumped when what a key covers changes, so older stores are not trusted.
STORE_VERSION = 1
URL_ATTRIBUTES = ("href", "src", "poster", "data")
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")
# Checks that compare a page with another: which page(s), from the site.
COMPARED_WITH = {
    "same_header_and_footer": lambda site, page: [site.home_of(site.language_of(page))],
    "same_brand_styles": lambda site, _page: [site.home_of(site.settings["languages"][0])],
}


def digest(*parts: str | bytes) -> str:
    chunks = []
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        chunks += (len(data).to_bytes(8, "big"), data)
    # One update: a run keys about 50,000 checks, mostly of short parts.
    return hashlib.sha256(b"".join(chunks)).hexdigest()


def environment(site, scope: str, served_at: str | None) -> str:
    """What every key shares: a change here re-checks the whole site."""
    own = [
        file.name.encode() + file.read_bytes()
        for file in sorted(CHECK_FOLDER.iterdir())
        if file.suffix in (".py", ".js", ".ini")
    ]
    own.append((CHECK_FOLDER.parent / "static_server.py").read_bytes())
    versions = []
    for name in ("playwright", "axe-playwright-python"):
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} none")
    headers = site.root / "_headers"
    return digest(
        f"store {STORE_VERSION}",
        scope,
        served_at or "",
        json.dumps(site.settings, sort_keys=True, default=str),
        *versions,
        *own,
        headers.read_bytes() if headers.is_file() else b"",
    )


def references(html: str | bytes) -> list[str]:
    """Every URL a page's tags carry (srcset candidates included), read with
    the parser html_facts.py uses (the template's content included). Given
    bytes, the parser reads them as UTF-8 itself (undecodable bytes
    replaced), faster than from a str: over the small shape's 3,154 pages
    1.38 s against 1.93 s."""
    urls, root = [], LexborHTMLParser(html).root
    for node in root.traverse(include_text=False) if root is not None else ():
        for name, value in node.attributes.items():
            if not value:
                continue
            if name in URL_ATTRIBUTES:
                urls.append(value.strip())
            elif name in ("srcset", "imagesrcset"):
                urls += [c.split()[0] for c in value.split(",") if c.strip()]
        if node.tag == "template":  # its content is a fragment of its own
            outer = node.html
            urls += references(outer[outer.index(">") + 1 : outer.rindex("</template>")])
    return urls


class Keys:
    """The key of each page and of each check, from the built files."""

    def __init__(self, site, environment_key: str):
        self.site = site
        self.environment = environment_key
        self._files: dict[Path, str] = {}
        self._pages: dict[str, str] = {}
        # (URL, page) -> what it adds to a key; a URL from the site's root
        # ("/theme/css/site.css") by itself, as every page shares it.
        self._references: dict[tuple[str, str], str] = {}
        self._whole: str | None = None

    def _target(self, url: str, base: str) -> tuple[str, str] | None:
        """(site path, fragment) of an internal URL on page ``base``, or None."""
        parts = self.site.internal(url)
        if parts.scheme in ("data", "mailto", "tel", "javascript") or parts.netloc:
            return None  # not a file of this site (another host keeps its own)
        return urljoin(base, parts.path) if parts.path else base, parts.fragment

    def _file(self, file: Path, base: str = "/", seen: frozenset = frozenset()) -> str:
        """A file's bytes, and for a stylesheet, of what it loads."""
        if file in seen:  # a stylesheet that imports itself, through others or not
            return digest(file.read_bytes())
        if file not in self._files:
            data, loads = file.read_bytes(), []
            if file.suffix == ".css":
                text = data.decode("utf-8", "replace")
                for match in CSS_URL.finditer(text):
                    loads.append(self._reference(match[1] or match[2], base, seen | {file}))
            self._files[file] = digest(data, *loads)
        return self._files[file]

    def _page_reference(self, url: str, page: str) -> str:
        """_reference of a URL on a page, looked up once a URL where the page
        cannot change its meaning."""
        rooted = url.startswith("/") and not url.startswith("//")
        memo = (url, "" if rooted else page)
        if memo not in self._references:
            self._references[memo] = self._reference(url, page)
        return self._references[memo]

    def _reference(self, url: str, base: str, seen: frozenset = frozenset()) -> str:
        target = self._target(url, base)
        if target is None:
            return ""
        path, fragment = target
        file = self.site.file_for(path)
        if file is None:
            return f"missing {path}"
        if file.suffix == ".html":
            # Another page: only that it exists, unless a #fragment points into it.
            return f"page {path}" + (f" {self._file(file)}" if fragment else "")
        return f"file {path} " + self._file(file, self.site_path(file), seen)

    def site_path(self, file: Path) -> str:
        return "/" + file.relative_to(self.site.root).as_posix()

    def page(self, path: str) -> str:
        if path not in self._pages:
            file = self.site.file_for(path)
            data = file.read_bytes()
            urls = references(data)
            targets = sorted({self._page_reference(url, path) for url in urls})
            # A segment page may be checked in its generic page's tab
            # (views.py): what that page is counts too.
            generic = self.site.generic_of(path)
            targets += [self.page(generic)] if generic else []
            self._pages[path] = digest(self.environment, data, *targets)
        return self._pages[path]

    def stylesheet(self, file: Path) -> str:
        return digest(self.environment, self._file(file, self.site_path(file)))

    def whole_site(self) -> str:
        """The environment and every file of the site, by path and bytes: a
        change anywhere changes it. (No page is parsed for it: each shard
        computes it, over every page of the site, not only its own.)"""
        if self._whole is None:
            root = self.site.root
            files = [rel for rel in self.site.files if not rel.startswith(".")]
            self._whole = digest(
                self.environment, *(digest(rel, (root / rel).read_bytes()) for rel in files)
            )
        return self._whole

    def check(self, check: str, params: dict, one_page: bool) -> str:
        """The key of one check: ``params`` as the check pass parametrizes it;
        ``one_page``: a check of page_checks.py (it judges its page alone)."""
        if "landing_segment" in params:
            generic, segment = params["landing_segment"]
            return digest(self.page(generic), self.page(f"{generic}for/{segment}/"))
        if "stylesheet" in params:
            return self.stylesheet(params["stylesheet"])
        page = params.get("page_path")
        if page and check in COMPARED_WITH:
            others = COMPARED_WITH[check](self.site, page)
            return digest(self.page(page), *(self.page(other) for other in others))
        if page and one_page:
            return self.page(page)
        return self.whole_site()


def label(entry: dict) -> tuple[str, str, str]:
    return entry["page"], entry["viewport"], entry["check"]


def entry_key(triple: tuple[str, str, str], key: str) -> str:
    return digest(*triple, key)


class ResultStore:
    """Kept results by key, in the report folder."""

    def __init__(self, folder: Path):
        self.file = folder / STORE_NAME
        try:
            data = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        fresh = isinstance(data, dict) and data.get("version") == STORE_VERSION
        self.kept: dict[str, dict] = data.get("results", {}) if fresh else {}

    def get(self, key: str) -> dict | None:
        return self.kept.get(key)

    def save(self, ran: dict[str, dict], alive: set[str]) -> None:
        """Keep ``ran`` (key: entry) and the kept results of checks that did
        not run, as long as their page or stylesheet is still in the site."""
        if ran == self.kept:
            # Every kept result re-used and nothing else kept (or each run
            # again, found the same): the file holds exactly these already.
            return
        replaced = {label(entry) for entry in ran.values()}
        kept = {
            key: entry
            for key, entry in self.kept.items()
            if label(entry) not in replaced and (entry["page"] or "").split("?")[0] in alive
        }
        self.file.parent.mkdir(parents=True, exist_ok=True)
        partial = self.file.with_name(self.file.name + ".partial")
        partial.write_text(
            json.dumps({"version": STORE_VERSION, "results": kept | ran}), encoding="utf-8"
        )
        partial.replace(self.file)
