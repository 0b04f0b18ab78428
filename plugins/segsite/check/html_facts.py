"""What a page's HTML alone tells, read from the bytes the site serves, never
through the browser: its language and direction, landmarks, headings, images,
the links of its header, navigation and footer, what it references (links,
images, stylesheets, scripts, #fragments, other hosts) and the ids it holds.

One parse per page, with selectolax's Lexbor engine: an HTML5 parser in C
that builds the tree a browser builds from the same bytes (HTML5 error
recovery: implied end tags, misnested elements), in well under a
millisecond a page, where html5lib, in Python, took about 30 ms (a site of
3,000 pages: seconds, not minutes). Where a check's answer depends on that
tree (landmarks and headings counted only where a visitor sees them, links
"inside" the footer, hidden ancestors) a tokenizer such as html.parser can
answer wrongly on sloppy HTML. The facts are plain data: the tree is
dropped once they are read, so a large site is not held in memory."""

from __future__ import annotations

from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser, LexborNode

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


def text_of(element: LexborNode) -> str:
    return " ".join(element.text(deep=True).split())


def classes(element: LexborNode) -> list[str]:
    return (element.attributes.get("class") or "").split()


def name(element: LexborNode) -> str:
    """An element as the findings name it (as facts.js names the elements it
    reports): tag#id.class "its first 40 characters of text"."""
    text = element.tag
    if element.attributes.get("id"):
        text += "#" + element.attributes["id"]
    if classes(element):
        text += "." + ".".join(classes(element))
    label = text_of(element)[:40]
    return f'{text} "{label}"' if label else text


def hides(element: LexborNode, segment: str | None) -> bool:
    """Whether ``element`` hides itself and what it holds from a first-time
    visitor: the hidden attribute, an inline display: none, inert markup
    (template; noscript, as scripts run), or a block for other segments than
    the page's (the kit's stylesheet hides [data-variant] blocks that do not
    list the page's segment). Closed <details> hide all but their summary
    (see walk)."""
    attributes = element.attributes
    if element.tag in ("template", "noscript") or "hidden" in attributes:
        return True
    if "display:none" in (attributes.get("style") or "").replace(" ", "").lower():
        return True
    variant = attributes.get("data-variant")
    return variant is not None and bool(segment) and segment not in variant.split()


def elements(parent: LexborNode):
    """The element children of ``parent`` (no text, no comments)."""
    return (child for child in parent.iter(include_text=False) if not child.tag.startswith("-"))


def walk(element: LexborNode, segment: str | None, hidden: bool = False, within: tuple = ()):
    """(element, hidden, the classes and tags of the parts it is in) for every
    element under ``element``, in document order: one pass, each element's
    visibility and place from its parent's."""
    closed = element.tag == "details" and "open" not in element.attributes
    children = list(elements(element))
    summary = next((c for c in children if c.tag == "summary"), None) if closed else None
    for child in children:
        shut = hidden or (closed and child is not summary) or hides(child, segment)
        yield child, shut, within
        inner = within + tuple(classes(child)) + (child.tag,)
        yield from walk(child, segment, shut, inner)


def read_page(html: bytes | str) -> PageFacts:
    text = html.decode("utf-8", "replace") if isinstance(html, bytes) else html
    root = LexborHTMLParser(text).root
    attributes = root.attributes if root is not None else {}
    segment = attributes.get("data-segment")
    direction = (attributes.get("dir") or "").lower()
    facts = PageFacts(
        lang=attributes.get("lang") or "",
        dir=direction if direction in DIRECTIONS else "",
        landmarks=dict.fromkeys(LANDMARKS, False),
    )
    if root is not None:
        top = hides(root, segment)
        read_element(facts, root, top, ())
        outer = (*classes(root), "html")
        for element, hidden, within in walk(root, segment, top, outer):
            read_element(facts, element, hidden, within)
    return facts


def inside(element: LexborNode, tag: str) -> bool:
    parent = element.parent
    while parent is not None:
        if parent.tag == tag:
            return True
        parent = parent.parent
    return False


def read_element(facts: PageFacts, element: LexborNode, hidden: bool, within: tuple) -> None:
    tag = element.tag
    # A valueless attribute (<input required>) reads as "", as in the DOM.
    attributes = {key: value or "" for key, value in element.attributes.items()}
    if not hidden:
        landmark = ROLES.get(attributes.get("role")) or (tag if tag in LANDMARKS else None)
        if landmark:
            facts.landmarks[landmark] = True
        if tag in HEADINGS:
            facts.headings.append((int(tag[1]), name(element)))
    if attributes.get("id"):
        facts.ids.add(attributes["id"])
    if tag == "img":
        facts.images.append(
            {
                "el": name(element) + f" src={attributes.get('src')}",
                "alt": "alt" in attributes,
                "sized": "width" in attributes and "height" in attributes,
            }
        )
    if tag == "a":
        link = (text_of(element), attributes.get("href"))
        if "main-nav" in within:
            facts.nav.append(link)
        if "footer" in within:
            facts.footer.append(link)
        if "language-switcher" in within:
            facts.switcher.append(link[0])
    rel = {value.lower() for value in attributes.get("rel", "").split()}
    if tag in LINKED and LINKED[tag] in attributes:
        facts.links.append(
            (tag, LINKED[tag], attributes[LINKED[tag]], tag == "link" and "alternate" in rel)
        )
    for attribute in FETCHED.get(tag, ()):
        value = attributes.get(attribute)
        if value and attribute.endswith("srcset"):
            facts.fetched += [c.split()[0] for c in value.split(",") if c.strip()]
        elif value is not None:
            facts.fetched.append(value.strip())
    if tag == "link" and "href" in attributes:
        if FETCHED_LINK_RELS & rel:
            facts.fetched.append(attributes["href"].strip())
        if "stylesheet" in rel:
            facts.stylesheets.append(attributes["href"])
    if tag in ("input", "select", "textarea") and attributes.get("type") not in UNLABELLED_INPUTS:
        named = bool(
            attributes.get("aria-label")
            or attributes.get("aria-labelledby")
            or inside(element, "label")
        )
        facts.controls.append((name(element), attributes.get("id") or "", named))
    if tag == "label" and attributes.get("for"):
        facts.label_targets.add(attributes["for"])
    if tag == "script":
        facts.scripts.append(
            {
                "src": attributes.get("src"),
                "dev": "data-dev-only" in attributes,
                "type": attributes.get("type"),
                "bytes": len(element.text(deep=True).encode("utf-8")),
            }
        )
