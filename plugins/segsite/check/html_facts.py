"""What a page's HTML alone tells, read from the bytes the site serves, never
through the browser: its language and direction, landmarks, headings, images,
the links of its header, navigation and footer, what it references (links,
images, stylesheets, scripts, #fragments, other hosts) and the ids it holds.

One parse per page, with html5lib: it builds the tree a browser builds from
the same bytes (HTML5 error recovery: implied end tags, misnested elements).
Where a check's answer depends on that tree (landmarks and headings counted
only where a visitor sees them, links "inside" the footer, hidden ancestors)
a tokenizer such as html.parser can answer wrongly on sloppy HTML; where it
only depends on the tags and their attributes (references, image sizes,
weights), any parser answers alike, and a second, faster parse would cost
more than reading the tree html5lib built anyway. The facts are plain data:
the tree is dropped once they are read, so a large site is not held in
memory."""

from __future__ import annotations

from dataclasses import dataclass, field

from bs4 import BeautifulSoup, Tag

# The landmarks a page must have: their elements, and the roles that stand for them.
LANDMARKS = {"header": "banner", "nav": "navigation", "main": "main", "footer": "contentinfo"}
ROLES = {role: tag for tag, role in LANDMARKS.items()}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# Links the broken-links check follows: the pages, images, stylesheets and
# scripts a visitor is sent to or the browser loads.
LINKED = {"a": "href", "img": "src", "link": "href", "script": "src"}
# Attributes that make the browser fetch something as the page loads (a
# link's href is a visitor's choice, not a request of the page).
FETCHED = {
    "img": ("src", "srcset"),
    "script": ("src",),
    "iframe": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "source": ("src", "srcset"),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
}
FETCHED_LINK_RELS = {
    "stylesheet",
    "icon",
    "apple-touch-icon",
    "preload",
    "modulepreload",
    "manifest",
}
DIRECTIONS = ("ltr", "rtl", "auto")
# Inputs with no label of their own: not shown, or named by their value.
UNLABELLED_INPUTS = ("hidden", "submit", "reset", "button", "image")


@dataclass
class PageFacts:
    lang: str = ""
    dir: str = ""
    landmarks: dict[str, bool] = field(default_factory=dict)
    headings: list[tuple[int, str]] = field(default_factory=list)  # (level, element)
    images: list[dict] = field(default_factory=list)  # {"el", "alt", "sized"}
    nav: list[tuple[str, str]] = field(default_factory=list)  # (text, href)
    footer: list[tuple[str, str]] = field(default_factory=list)
    switcher: list[str] = field(default_factory=list)
    links: list[tuple[str, str, str, bool]] = field(
        default_factory=list
    )  # tag, attr, url, alternate
    fetched: list[str] = field(default_factory=list)  # URLs the browser loads
    ids: set[str] = field(default_factory=set)
    scripts: list[dict] = field(default_factory=list)  # {"src", "dev", "type", "bytes"}
    stylesheets: list[str] = field(default_factory=list)
    # Form controls a visitor fills in: (element, id, named by aria-label(ledby)
    # or a <label> around it); and the ids <label for> names.
    controls: list[tuple[str, str, bool]] = field(default_factory=list)
    label_targets: set[str] = field(default_factory=set)

    @property
    def unlabelled(self) -> list[str]:
        return [
            element
            for element, control_id, named in self.controls
            if not named and control_id not in self.label_targets
        ]


def text_of(element: Tag) -> str:
    return " ".join(element.get_text().split())


def name(element: Tag) -> str:
    """An element as the findings name it (as facts.js names the elements it
    reports): tag#id.class "its first 40 characters of text"."""
    text = element.name
    if element.get("id"):
        text += "#" + element["id"]
    classes = element.get("class") or []
    if classes:
        text += "." + ".".join(classes)
    label = text_of(element)[:40]
    return f'{text} "{label}"' if label else text


def hides(element: Tag, segment: str | None) -> bool:
    """Whether ``element`` hides itself and what it holds from a first-time
    visitor: the hidden attribute, an inline display: none, inert markup
    (template; noscript, as scripts run), or a block for other segments than
    the page's (the kit's stylesheet hides [data-variant] blocks that do not
    list the page's segment). Closed <details> hide all but their summary
    (see walk)."""
    if element.name in ("template", "noscript") or element.has_attr("hidden"):
        return True
    if "display:none" in element.get("style", "").replace(" ", "").lower():
        return True
    variant = element.get("data-variant")
    return variant is not None and bool(segment) and segment not in variant.split()


def walk(element: Tag, segment: str | None, hidden: bool = False, within: tuple = ()):
    """(element, hidden, the classes and tags of the parts it is in) for every
    element under ``element``, in document order: one pass, each element's
    visibility and place from its parent's."""
    closed = element.name == "details" and not element.has_attr("open")
    summary = element.find("summary", recursive=False) if closed else None
    for child in element.children:
        if not isinstance(child, Tag):
            continue
        shut = hidden or (closed and child is not summary) or hides(child, segment)
        yield child, shut, within
        inner = within + tuple(child.get("class") or ()) + (child.name,)
        yield from walk(child, segment, shut, inner)


def read_page(html: bytes | str) -> PageFacts:
    doc = BeautifulSoup(html, "html5lib")
    root = doc.find("html")
    segment = root.get("data-segment") if root else None
    direction = (root.get("dir") or "").lower() if root else ""
    facts = PageFacts(
        lang=(root.get("lang") or "") if root else "",
        dir=direction if direction in DIRECTIONS else "",
        landmarks=dict.fromkeys(LANDMARKS, False),
    )
    for element, hidden, within in walk(doc, segment):
        read_element(facts, element, hidden, within)
    return facts


def read_element(facts: PageFacts, element: Tag, hidden: bool, within: tuple) -> None:
    tag = element.name
    if not hidden:
        landmark = ROLES.get(element.get("role")) or (tag if tag in LANDMARKS else None)
        if landmark:
            facts.landmarks[landmark] = True
        if tag in HEADINGS:
            facts.headings.append((int(tag[1]), name(element)))
    if element.get("id"):
        facts.ids.add(element["id"])
    if tag == "img":
        facts.images.append(
            {
                "el": name(element) + f" src={element.get('src')}",
                "alt": element.has_attr("alt"),
                "sized": element.has_attr("width") and element.has_attr("height"),
            }
        )
    if tag == "a":
        link = (text_of(element), element.get("href"))
        if "main-nav" in within:
            facts.nav.append(link)
        if "footer" in within:
            facts.footer.append(link)
        if "language-switcher" in within:
            facts.switcher.append(link[0])
    rel = {value.lower() for value in element.get("rel") or []}
    if tag in LINKED and element.has_attr(LINKED[tag]):
        facts.links.append(
            (tag, LINKED[tag], element[LINKED[tag]], tag == "link" and "alternate" in rel)
        )
    for attribute in FETCHED.get(tag, ()):
        value = element.get(attribute)
        if value and attribute.endswith("srcset"):
            facts.fetched += [c.split()[0] for c in value.split(",") if c.strip()]
        elif value is not None:
            facts.fetched.append(value.strip())
    if tag == "link" and element.has_attr("href"):
        if FETCHED_LINK_RELS & rel:
            facts.fetched.append(element["href"].strip())
        if "stylesheet" in rel:
            facts.stylesheets.append(element["href"])
    if tag in ("input", "select", "textarea") and element.get("type") not in UNLABELLED_INPUTS:
        named = bool(
            element.get("aria-label")
            or element.get("aria-labelledby")
            or element.find_parent("label")
        )
        facts.controls.append((name(element), element.get("id") or "", named))
    if tag == "label" and element.get("for"):
        facts.label_targets.add(element["for"])
    if tag == "script":
        facts.scripts.append(
            {
                "src": element.get("src"),
                "dev": element.has_attr("data-dev-only"),
                "type": element.get("type"),
                "bytes": len((element.string or "").encode("utf-8")),
            }
        )
