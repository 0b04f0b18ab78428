"""``sitemap.xml``: generic pages only, each with its hreflang alternates."""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

from .pages import PlannedPage


def render_sitemap(pages: list[PlannedPage]) -> str:
    """Canonical pages only: a page whose canonical URL is its own URL."""
    rows = []
    for page in pages:
        if not page.canonical:
            continue
        context = page.context
        if context.get("kind") == "chooser" or context["canonical"] != context["url"]:
            continue
        links = "".join(
            f'\n    <xhtml:link rel="alternate" hreflang={quoteattr(alt["hreflang"])} href={quoteattr(alt["url"])}/>'
            for alt in context["alternates"]
        )
        rows.append(f"  <url>\n    <loc>{_escape(context['url'])}</loc>{links}\n  </url>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
        ' xmlns:xhtml="http://www.w3.org/1999/xhtml">\n' + "\n".join(rows) + "\n</urlset>\n"
    )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
