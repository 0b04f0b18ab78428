"""The production pass over a finished build (``SEGSITE_PUBLISH``, set in
publishconf.py): fingerprinted assets, minified HTML, CSS and JavaScript, host
configuration (``_headers``, ``_redirects``), the edge runtimes, and ``.gz`` and
``.br`` copies of every text file for hosts that serve precompressed files.

It runs on Pelican's ``finalized`` signal, inside the staging folder of
``segsite build``: a failure here leaves the previous output as it was. Every
step is deterministic (sorted walks, content hashes, gzip without a time
stamp), so the same input still gives byte-identical output.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import re
from pathlib import Path

import brotli
import minify_html
import rcssmin
from calmjs.parse import es5
from calmjs.parse.unparsers.es5 import minify_print

from .card_drawing import DrawnCards
from .cards import CARDS_FOLDER
from .edge import write_edge_runtimes
from .site import Site

logger = logging.getLogger(__name__)

# Files under these folders get content hashes in their names and a year of
# immutable caching; every page refers to them through the build.
FINGERPRINTED_FOLDERS = ("theme", "images")
TEXT_SUFFIXES = {".html", ".css", ".js", ".xml", ".txt", ".svg", ".json", ".webmanifest"}
# Host configuration and edge code: read by the host, never served as pages.
HOST_FILES = ("_headers", "_redirects", "_worker.js", ".assetsignore")
HASH_LENGTH = 10
# A year: the longest max-age caches honour; the name changes when the bytes do.
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "public, max-age=0, must-revalidate"
HOURLY = "public, max-age=3600"


def publish(
    output: Path,
    site: Site,
    landing_paths: dict[str, dict],
    content_security_policy: str,
    cards: DrawnCards | None = None,
) -> None:
    """Turn the built site in ``output`` into what static hosts serve.
    ``landing_paths``: the pages the edge personalizes (pages.landing_paths);
    ``cards``: the social cards the pages name (card_drawing.py), if any."""
    minified = minify(output)  # first: hashes cover the bytes served
    renamed = fingerprint(output)
    # Cards are named by their hash already: immutable, like fingerprinted files.
    immutable = FINGERPRINTED_FOLDERS + ((CARDS_FOLDER,) if cards else ())
    if cards:
        cards.write(output)
    write_text(output / "_headers", headers_file(site, content_security_policy, immutable))
    write_text(output / "_redirects", redirects_file(site))
    write_edge_runtimes(
        output,
        site,
        landing_paths,
        security_headers(content_security_policy),
        {"folders": immutable, "cache": IMMUTABLE},
    )
    compressed = compress(output)
    logger.info(
        "segsite publish: %d fingerprinted assets, %d minified files, %d compressed",
        *(len(renamed), minified, compressed),
    )


# --- fingerprints ----------------------------------------------------------


def fingerprint(output: Path) -> dict[str, str]:
    """Rename every asset to ``name.<hash>.ext`` and rewrite the references to
    it in pages, stylesheets and scripts; returns {old path: new path}.

    Images and other leaves first, then stylesheets and scripts: a stylesheet
    that names an image is hashed after its reference has been rewritten, so
    each hash covers the bytes served."""
    assets = [
        file
        for folder in FINGERPRINTED_FOLDERS
        for file in sorted((output / folder).rglob("*"))
        if file.is_file()
    ]
    renamed: dict[str, str] = {}
    for group in (
        [a for a in assets if a.suffix not in (".css", ".js")],
        [a for a in assets if a.suffix in (".css", ".js")],
    ):
        step = {}
        for file in group:
            digest = hashlib.sha256(file.read_bytes()).hexdigest()[:HASH_LENGTH]
            target = file.with_name(f"{file.stem}.{digest}{file.suffix}")
            step[file.relative_to(output).as_posix()] = target.relative_to(output).as_posix()
        rewrite_references(output, step)
        for old, new in step.items():
            (output / old).rename(output / new)
        renamed.update(step)
    return renamed


def rewrite_references(output: Path, renamed: dict[str, str]) -> None:
    if not renamed:
        return
    # One pass per file: "/theme/css/site.css" (root-relative or after SITEURL),
    # ended by a quote, a query, a fragment, a bracket or white space.
    pattern = re.compile(
        "/("
        + "|".join(re.escape(old) for old in sorted(renamed, key=len, reverse=True))
        + r")(?=[\"'?#)\s>]|$)"
    )
    for file in text_files(output):
        text = file.read_text(encoding="utf-8")
        changed = pattern.sub(lambda m: "/" + renamed[m[1]], text)
        if changed != text:
            write_text(file, changed)


# --- minification ----------------------------------------------------------


def minify(output: Path) -> int:
    count = 0
    for file in text_files(output):
        text = file.read_text(encoding="utf-8")
        if file.suffix == ".html":
            smaller = minify_page(text)
        elif file.suffix == ".css":
            smaller = rcssmin.cssmin(text)
        elif file.suffix == ".js":
            smaller = minify_print(es5(text), obfuscate=True, obfuscate_globals=False)
        else:
            continue
        if smaller != text:
            write_text(file, smaller)
            count += 1
    return count


def minify_page(html: str) -> str:
    """Smaller HTML that parses to the same document. Inline scripts are left
    byte for byte (the CSP hash covers them; they are minified at build time);
    closing tags and <html>/<head> stay, so every HTML rewriter (the edge
    runtime's included) sees the structure the theme wrote."""
    return minify_html.minify(
        html,
        minify_js=False,
        minify_css=True,
        keep_closing_tags=True,
        keep_html_and_head_opening_tags=True,
        minify_doctype=False,
        allow_noncompliant_unquoted_attribute_values=False,
    )


# --- host configuration ----------------------------------------------------


def security_headers(content_security_policy: str) -> dict[str, str]:
    """Headers every response carries (the CSP is the pages' own, plus what
    only a header can say)."""
    return {
        "Content-Security-Policy": f"{content_security_policy}; frame-ancestors 'none'",
        "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "X-Content-Type-Options": "nosniff",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    }


def headers_file(
    site: Site, content_security_policy: str, immutable: tuple[str, ...] = FINGERPRINTED_FOLDERS
) -> str:
    """``_headers`` (Netlify, Cloudflare Pages): security headers everywhere;
    caching per kind of file (``immutable``: folders of hash-named files).
    Hosts join a header named by two matching rules, so Cache-Control is
    given once per path pattern, never under ``/*``."""
    blocks: list[tuple[str, dict[str, str]]] = [("/*", security_headers(content_security_policy))]
    blocks += [(f"/{folder}/*", {"Cache-Control": IMMUTABLE}) for folder in immutable]
    # Pages live at / and under the language folders: always revalidated, so an
    # edit is live at once (the assets they name are immutable).
    blocks.append(("/", {"Cache-Control": REVALIDATE}))
    blocks += [(f"/{lang}/*", {"Cache-Control": REVALIDATE}) for lang in site.config.languages]
    blocks += [(f"/{name}", {"Cache-Control": HOURLY}) for name in ("sitemap.xml", "robots.txt")]
    lines = []
    for pattern, headers in blocks:
        lines.append(pattern)
        lines += [f"  {name}: {value}" for name, value in headers.items()]
    return "\n".join(lines) + "\n"


def redirects_file(site: Site) -> str:
    """``_redirects``: ``/`` to the visitor's language by Accept-Language
    (Netlify's ``Language=`` condition; forced with ``!`` because ``/`` holds
    the chooser page). A browser asking for none of them gets the chooser."""
    return "".join(f"/  /{lang}/  302!  Language={lang}\n" for lang in site.config.languages)


# --- precompressed copies --------------------------------------------------


def compress(output: Path) -> int:
    """``file.gz`` and ``file.br`` beside each text file, at the highest levels:
    done once per publish, served many times."""
    count = 0
    for file in text_files(output):
        data = file.read_bytes()
        # mtime=0 and no file name: the same bytes give the same .gz.
        file.with_name(file.name + ".gz").write_bytes(gzip.compress(data, 9, mtime=0))
        file.with_name(file.name + ".br").write_bytes(brotli.compress(data, quality=11))
        count += 1
    return count


def text_files(output: Path) -> list[Path]:
    return [
        file
        for file in sorted(output.rglob("*"))
        if file.suffix in TEXT_SUFFIXES
        and file.is_file()
        and not any(part.startswith(("_", ".")) for part in file.relative_to(output).parts)
    ]


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
