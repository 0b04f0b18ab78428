"""Skeletons for editors: a new segment, a new landing or plain page.

Nothing is invented: a new segment's label and a new page's text are left for
the editor, flagged as missing translations (pages start as drafts, which are
not published) until they are written.
"""

from __future__ import annotations

from pathlib import Path

from .fields import is_slug, slug_problem
from .problems import ProblemLog
from .reading import read_text
from .yamlsource import YamlMap, load_yaml


class ScaffoldError(Exception):
    """The skeleton cannot be written; the message says why and what to do."""


def new_segment(segments_path: Path, segment_id: str) -> str:
    if not is_slug(segment_id):
        raise ScaffoldError(slug_problem(segment_id, "segment id"))
    log = ProblemLog(segments_path.parent)
    # Read as the build reads it (a missing or non-UTF-8 file is a problem).
    text = read_text(segments_path, log)
    if text is None:
        raise ScaffoldError("; ".join(str(problem) for problem in log.errors))
    data = load_yaml(text, segments_path, log)
    if log.errors or not isinstance(data, YamlMap) or not isinstance(data.get("segments"), dict):
        raise ScaffoldError(
            f"{segments_path.name}: fix the file first (make build shows what is wrong)"
        )
    if segment_id in data["segments"]:
        raise ScaffoldError(
            f"segment '{segment_id}' already exists ({segments_path.name}:"
            f"{data['segments'].line_of(segment_id)})"
        )
    last_key = max(data.key_lines, key=data.key_lines.get)
    if last_key != "segments":
        raise ScaffoldError(
            f"'segments' is not the last key of {segments_path.name}:"
            f" move it to the end, or add the segment by hand"
        )
    skeleton = (
        f"  {segment_id}:\n"
        "    # Give the label in every language (a missing translation until then),\n"
        "    # then the rules that recognise this audience and what it should see.\n"
        "    label: {}\n"
        "    stage: acquisition\n"
        "    match: []\n"
    )
    separator = "" if text.endswith("\n") else "\n"
    segments_path.write_text(text + separator + skeleton, encoding="utf-8")
    return f"added segment '{segment_id}' to {segments_path}"


def new_page(
    content_root: Path,
    slug: str,
    languages: list[str],
    configured: list[str],
    kind: str = "landing",
) -> list[Path]:
    if not is_slug(slug):
        raise ScaffoldError(slug_problem(slug, "slug"))
    unknown = [lang for lang in languages if lang not in configured]
    if unknown:
        raise ScaffoldError(
            f"language {', '.join(unknown)} is not configured (SEGSITE_LANGUAGES:"
            f" {', '.join(configured)})"
        )
    folder = content_root / ("landing" if kind == "landing" else "pages")
    files = [folder / f"{slug}.{lang}.md" for lang in languages]
    existing = [str(file) for file in files if file.exists()]
    if existing:
        raise ScaffoldError(f"already there, not overwritten: {', '.join(existing)}")
    folder.mkdir(parents=True, exist_ok=True)
    fields = 'title: ""\ndescription: ""\n' + (
        '# banner: welcome-offer\n# sections: [why-us, faq]\n# cta: {label: "", href: "/{lang}/contact/"}\n'
        if kind == "landing"
        else ""
    )
    for file in files:
        file.write_text(
            "---\n"
            "# A draft is checked but not published, and counts as a missing\n"
            "# translation: write the title and the text, then remove 'status: draft'.\n"
            "status: draft\n" + fields + "---\n",
            encoding="utf-8",
        )
    return files
