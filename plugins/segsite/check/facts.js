// Gathers, in one pass over a rendered page, what the check pass judges in
// the browser (what the HTML alone tells is read by html_facts.py).
// Returns plain data; the Python side decides what is a failure. part
// "variant": only what the right-variant check compares.
(part) => {
  const shown = el => {
    const style = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    return style.display !== "none" && style.visibility !== "hidden" && (r.width > 0 || r.height > 0);
  };
  const box = el => {
    const r = el.getBoundingClientRect();
    return { x: r.left, y: r.top, w: r.width, h: r.height };
  };
  const name = el => {
    let text = el.tagName.toLowerCase();
    if (el.id) text += "#" + el.id;
    if (typeof el.className === "string" && el.className.trim()) text += "." + el.className.trim().split(/\s+/).join(".");
    const label = (el.textContent || "").trim().replace(/\s+/g, " ").slice(0, 40);
    return label ? `${text} "${label}"` : text;
  };
  const all = sel => [...document.querySelectorAll(sel)];
  // Elements in the order a reader meets them: by row, then in the line's direction.
  const drawnOrder = els => els.map(el => [el, el.getBoundingClientRect()])
    .sort((a, b) => a[1].top - b[1].top || (document.documentElement.dir === "rtl" ? b[1].right - a[1].right : a[1].left - b[1].left))
    .map(pair => pair[0]);
  const html = document.documentElement;

  const primary = all(".banner a.cta").find(shown);
  const variant = {
    segment: html.dataset.segment || null,
    banner: (all(".banner-variant").find(shown) || { dataset: {} }).dataset.banner || null,
    sections: drawnOrder(all(".info-section").filter(shown)).map(s => s.dataset.section),
    ctaText: primary ? primary.textContent.trim() : null,
  };
  if (part === "variant") return variant;

  const headline = all(".banner-headline").find(shown);
  const ctas = all("a.cta, button.cta").filter(shown).map(a => ({ el: name(a), ...box(a) }));
  // WCAG 2.5.8: targets inside a sentence are exempt; list the others.
  const inSentence = el => {
    const block = el.closest("p, li, td, dd, blockquote");
    return block && block.textContent.trim().length > el.textContent.trim().length + 1 && !block.closest("nav");
  };
  const targets = all("a[href], button, summary, select, input").filter(shown)
    .filter(el => !el.classList.contains("skip-link") && !inSentence(el))
    .map(el => ({ el: name(el), ...box(el) }));

  const style = (el, props) => {
    if (!el) return null;
    const s = getComputedStyle(el);
    return Object.fromEntries(props.map(p => [p, s.getPropertyValue(p)]));
  };
  const brand = {
    body: style(document.body, ["font-family", "color", "background-color", "font-size"]),
    cta: style(all("a.cta").find(shown), ["background-color", "color", "border-radius", "font-weight", "font-family"]),
    navLink: style(all(".main-nav a").find(shown), ["color", "font-family", "font-size"]),
  };

  // Right-to-left text: unisolated Latin runs, digit systems, letter-spacing
  // and contrast on Arabic script (axe's color-contrast skips joined letters).
  const arabic = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/;
  const systems = { latn: /[0-9]/, arab: /[\u0660-\u0669]/, arabext: /[\u06F0-\u06F9]/ };
  const rtl = html.dir === "rtl";
  const unisolated = [], digitSystems = {}, spaced = [], lowContrast = [];
  const parse = c => {
    const m = c.match(/[\d.]+/g) || [];
    return { r: +m[0], g: +m[1], b: +m[2], a: m[3] === undefined ? 1 : +m[3] };
  };
  const lum = c => {
    const ch = v => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * ch(c.r) + 0.7152 * ch(c.g) + 0.0722 * ch(c.b);
  };
  const background = el => {
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      const bg = parse(getComputedStyle(node).backgroundColor);
      if (bg.a > 0) return bg;
    }
    return { r: 255, g: 255, b: 255, a: 1 };
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    const text = node.textContent;
    if (!text.trim() || !parent || parent.closest("script, style, noscript") || !shown(parent)) continue;
    const isolated = parent.closest('[dir="ltr"], bdi, bdo, code, pre, kbd, samp');
    if (rtl && !isolated && /[A-Za-z]/.test(text)) unisolated.push(`${name(parent)}: "${text.trim().slice(0, 40)}"`);
    if (!isolated) {
      for (const [system, pattern] of Object.entries(systems)) {
        if (pattern.test(text)) (digitSystems[system] = digitSystems[system] || []).push(text.trim().slice(0, 30));
      }
    }
    if (arabic.test(text)) {
      const s = getComputedStyle(parent);
      if (s.letterSpacing !== "normal" && parseFloat(s.letterSpacing) !== 0) spaced.push(`${name(parent)}: letter-spacing ${s.letterSpacing}`);
      const fg = parse(s.color), bg = background(parent);
      const blend = k => fg[k] * fg.a + bg[k] * (1 - fg.a);
      const mixed = { r: blend("r"), g: blend("g"), b: blend("b") };
      const [hi, lo] = [lum(mixed), lum(bg)].sort((a, b) => b - a);
      const ratio = (hi + 0.05) / (lo + 0.05);
      const size = parseFloat(s.fontSize), bold = +s.fontWeight >= 700;
      const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
      if (ratio < needed) lowContrast.push(`${name(parent)}: ${ratio.toFixed(2)}:1, needs ${needed}:1`);
    }
  }

  // The page's header and footer as drawn follow from their markup, the
  // style rules that select each element in them or the html and body
  // elements (whose values they inherit), the text of those rules, the
  // viewport and the page's language and direction; what axe answers about
  // them, also from whether the ids they point at are there and the ids they
  // hold are unique. Equal keys, equal pixels and equal axe answers, so each
  // is checked once (visit.py, shared.py). Rules are matched against the
  // page as it is, so sibling, :has() and :nth-child() selectors count;
  // a rule that cannot be matched here (another host's sheet, nesting)
  // gives the part a key of its own: checked on every page.
  const hash = (text, seed) => {
    let h1 = 0xdeadbeef ^ seed, h2 = 0x41c6ce57 ^ seed;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return (h2 >>> 0).toString(16) + (h1 >>> 0).toString(16);
  };
  const styleRules = [];
  let unmatchable = false;
  const collect = list => {
    for (const rule of list) {
      if (rule.selectorText !== undefined) {
        if (rule.cssRules && rule.cssRules.length) unmatchable = true;  // nested rules
        styleRules.push(rule);
      } else if (rule.cssRules) collect(rule.cssRules);  // @media, @supports, @layer
    }
  };
  const texts = [...document.styleSheets].map(sheet => {
    try { collect(sheet.cssRules); return [...sheet.cssRules].map(r => r.cssText).join("\n"); }
    catch { unmatchable = true; return ""; }
  });
  // A rule for a pseudo-element styles the element it belongs to: match that.
  const pseudo = "::?(before|after|marker|first-line|first-letter|placeholder|selection|backdrop|file-selector-button)\\b";
  const selectors = styleRules.map(rule => rule.selectorText
    .replace(new RegExp(`(^|[\\s,>+~(])${pseudo}`, "gi"), "$1*").replace(new RegExp(pseudo, "gi"), ""));
  // Each selector asked of the document once (the browser's own matching,
  // in bulk), not of each element in turn: a site with a rule per segment
  // and section has hundreds of selectors and a page hundreds of elements.
  const matchedBy = new Map();
  selectors.forEach((selector, index) => {
    let found;
    try { found = document.querySelectorAll(selector); } catch { unmatchable = true; return; }
    for (const el of found) {
      if (matchedBy.has(el)) matchedBy.get(el).push(index); else matchedBy.set(el, [index]);
    }
  });
  const matched = el => (matchedBy.get(el) || []).join(",");
  // Of the html and body elements' own attributes, those their descendants'
  // styles (beyond the matched rules) and accessibility follow from.
  const own = el => [...el.attributes].filter(a => /^(style|lang|dir|role|hidden|inert|xml:lang|aria-.*)$/.test(a.name))
    .map(a => `${a.name}="${a.value}"`).join(" ");
  const pageText = [innerWidth, innerHeight, own(html), own(document.body),
    matched(html), matched(document.body), ...texts].join("\n");
  // Hashed once: every key below starts with it (the stylesheets' text is long).
  const page = hash(pageText, 1) + hash(pageText, 2);
  const idAttributes = ["aria-controls", "aria-labelledby", "aria-describedby", "aria-owns", "aria-details", "aria-activedescendant", "aria-errormessage", "for", "headers"];
  const ids = node => {
    const refs = idAttributes.flatMap(a => (node.getAttribute(a) || "").split(/\s+/));
    const href = node.tagName === "A" ? node.getAttribute("href") || "" : "";
    if (href.startsWith("#")) {
      try { refs.push(decodeURIComponent(href.slice(1))); } catch { refs.push(href.slice(1)); }
    }
    const there = refs.filter(Boolean).map(ref => `${ref}:${!!document.getElementById(ref)}`);
    if (node.id) there.push(`#${node.id}:${document.querySelectorAll(`[id="${CSS.escape(node.id)}"]`).length}`);
    return there.join(" ");
  };
  // For the pixels, aria-* attributes and the values of href attributes do
  // not count (the page's own link marked aria-current, links to the page's
  // own translations): they change nothing drawn unless a rule selects by
  // them, and then its match is in the key (the browser's own stylesheet
  // selects links by having an href, which stays); or unless a rule shows an
  // attribute's value (attr()): then they count.
  const drawnOnly = el => {
    if (css.includes("attr(")) return el.outerHTML;
    const copy = el.cloneNode(true);
    for (const node of [copy, ...copy.querySelectorAll("*")]) {
      for (const a of [...node.attributes]) {
        if (a.name.startsWith("aria-")) node.removeAttribute(a.name);
        else if (a.name === "href") a.value = "";
      }
    }
    return copy.outerHTML;
  };
  // For axe, where a link leads does not count (no rule of ours reads it),
  // except to an id on the page (the skip link, a table of contents; and
  // that id's being there is in the key, see ids): the same menu or bar
  // with this page's own addresses in it is the same menu. Nor do data-*
  // attributes (no axe rule reads them; a rule that selects by them is in
  // the key as matched, and a rule that shows one, attr(), keeps them): the
  // same banner marked for other segments (data-variant, a CTA's
  // data-segment) is the same banner.
  const axeMarkup = el => {
    const copy = el.cloneNode(true);
    for (const node of [copy, ...copy.querySelectorAll("*")]) {
      for (const a of [...node.attributes]) {
        if (a.name === "href" && !a.value.startsWith("#")) a.value = "";
        else if (a.name.startsWith("data-") && !css.includes("attr(")) node.removeAttribute(a.name);
      }
    }
    return copy.outerHTML;
  };
  // What a block inside <main> looks like also follows from the elements
  // around it (inherited style, backgrounds behind its text, the width it
  // is given): its ancestors' own tags and matched rules count, and its box
  // (not how far down the page it sits: the same section further down is
  // the same; and across, see place).
  const ancestries = new Map();  // parent -> its chain: many blocks share one
  const ancestry = el => {
    const parent = el.parentElement;
    if (!parent || parent === document.body) return "";
    if (!ancestries.has(parent)) {
      ancestries.set(parent, parent.cloneNode(false).outerHTML + " " + matched(parent) + "\n" + ancestry(parent));
    }
    return ancestries.get(parent);
  };
  // Where along its line a block sits (a link of the sections' menu, after
  // this page's own choice of sections) changes what axe answers only when
  // something behind it is not one colour (a background image or gradient)
  // or it is not wholly in view (cut off by the window or a box that clips
  // or scrolls sideways): then its place counts, else only its box does.
  const clips = new Map();  // parent -> [left, right] of what shows, or null: place counts
  const shownBetween = parent => {
    if (!parent) return [0, document.documentElement.clientWidth];
    if (!clips.has(parent)) {
      const outer = shownBetween(parent.parentElement);
      const style = getComputedStyle(parent);
      let clip = outer;
      if (!outer || style.backgroundImage !== "none") clip = null;
      else if (style.overflowX !== "visible") {
        const b = parent.getBoundingClientRect();
        clip = [Math.max(outer[0], b.left), Math.min(outer[1], b.right)];
      }
      clips.set(parent, clip);
    }
    return clips.get(parent);
  };
  const place = (el, r) => {
    const clip = shownBetween(el.parentElement);
    return clip && r.left >= clip[0] && r.right <= clip[1] ? "in view" : r.left;
  };
  const partKeys = (el, selector, drawn) => {
    if (!el) return null;
    if (unmatchable) {
      const alone = `unshared ${location.href} ${innerWidth} ${Math.random()}`;  // never equal to another's
      return { selector, axe: alone, pixels: drawn ? alone : null };
    }
    const nodes = [el, ...el.querySelectorAll("*")];
    const rules = nodes.map(matched).join("\n");
    const r = el.getBoundingClientRect();
    const around = drawn ? "" : [ancestry(el), place(el, r), r.width, r.height].join("\n");
    const axe = [page, around, axeMarkup(el), rules, ...nodes.map(ids)].join("\n");
    const key = { selector, axe: hash(axe, 1) + hash(axe, 2), pixels: null };
    if (drawn) {
      const text = [page, drawnOnly(el), rules].join("\n");
      key.pixels = hash(text, 1) + hash(text, 2);
    }
    return key;
  };
  const css = texts.join("\n");
  // The parts judged once where their key repeats: the header and footer
  // (axe and pixels), and each block of <main> (axe): the banner, the
  // sections (each on its own), the body, the call to action. A segment's
  // page shares most of them with other pages of its language.
  // Any other element of the body (a preview bar, the skip link) is a part
  // of its own too, so that what is left around the parts is the same frame
  // on every page of a kind.
  const found = [["header", document.querySelector("body > header"), "body > header", true],
                 ["footer", document.querySelector("body > footer"), "body > footer", true]];
  const what = el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (typeof el.className === "string" && el.className.trim() ? "." + el.className.trim().split(/\s+/)[0] : "");
  [...document.body.children].forEach((el, i) => {
    if (!/^(HEADER|FOOTER|MAIN|SCRIPT|TEMPLATE)$/.test(el.tagName)) {
      found.push([`${what(el)} (body child ${i + 1})`, el, `body > :nth-child(${i + 1})`, false]);
    }
  });
  const main = document.querySelector("body > main");
  // The list of sections, and the banner (its title, its variant, the
  // segment switcher), are keyed piece by piece: a segment's page shows the
  // title of its generic page, a variant of other pages and the switcher of
  // its segment on every landing page. So are the links of the sections'
  // menu: each segment's page lists its own choice of the same sections.
  // (axe's target-size also weighs a link's neighbours, which its key does
  // not hold; a link under 24 px is the page's own target-size finding on
  // every page, with no exception for spacing.)
  [...(main ? main.children : [])].forEach((child, i) => {
    const at = `body > main > :nth-child(${i + 1})`;
    const banner = child.classList.contains("banner") && child.querySelector(":scope > .container");
    const menu = child.classList.contains("sections-nav") &&
      child.querySelector(":scope > .container > .sections-nav-list");
    const [holder, under] = banner ? [banner, `${at} > .container`]
      : menu ? [menu, `${at} > .container > .sections-nav-list`] : [child, at];
    const inner = banner || menu || child.classList.contains("sections") ? [...holder.children] : [];
    const blocks = inner.length
      ? inner.map((el, j) => [el, `${under} > :nth-child(${j + 1})`, `${i + 1}.${j + 1}`])
      : [[child, at, `${i + 1}`]];
    for (const [el, selector, place] of blocks) found.push([`${what(el)} (main block ${place})`, el, selector, false]);
  });
  // axe's landmark-unique compares only the landmarks it is given: a part
  // whose landmark shares its role and name (as far as a label, labelledby
  // or title tells) with one outside it must stay in axe, so that a
  // duplicate on this page is still found ("clash").
  const roles = { HEADER: "banner", FOOTER: "contentinfo", NAV: "navigation", ASIDE: "complementary",
                  MAIN: "main", FORM: "form", SECTION: "region", SEARCH: "search" };
  const landmarks = all("header, footer, nav, aside, main, form, section, search, [role]").map(el => {
    const role = el.getAttribute("role") || roles[el.tagName];
    const byIds = (el.getAttribute("aria-labelledby") || "").split(/\s+/)
      .map(id => (document.getElementById(id) || {}).textContent || "").join(" ");
    const label = (byIds.trim() || el.getAttribute("aria-label") || el.getAttribute("title") || "")
      .trim().replace(/\s+/g, " ").toLowerCase();
    return [el, `${role} ${label}`];
  });
  const clashes = el => {
    const inside = new Set(landmarks.filter(([l]) => el.contains(l)).map(([, key]) => key));
    return landmarks.some(([l, key]) => !el.contains(l) && inside.has(key));
  };
  const parts = Object.fromEntries(found.map(([name, el, selector, drawn]) => {
    const key = partKeys(el, selector, drawn);
    if (key) key.clash = clashes(el);
    return [name, key];
  }));
  // The rest of the page, around its parts: what axe would judge there
  // follows from the same things as a part's answers (the markup outside
  // the parts, its matched rules and ids), and of the <head>, from what
  // axe reads there (a title, the viewport and refresh meta). Equal on a
  // later page, and every part judged too, axe need not run there at all.
  const partSet = new Set(found.map(([, el]) => el).filter(Boolean));
  const restRules = [], restIds = [];
  const skeleton = node => {
    if (node.nodeType === Node.TEXT_NODE) return node.data;
    if (node.nodeType !== Node.ELEMENT_NODE) return "";
    if (partSet.has(node)) return "<part>";
    restRules.push(matched(node));
    restIds.push(ids(node));
    const shallow = axeMarkup(node.cloneNode(false));
    const close = shallow.lastIndexOf("</");
    const inner = [...node.childNodes].map(skeleton).join("");
    return close < 0 ? shallow : shallow.slice(0, close) + inner + shallow.slice(close);
  };
  const meta = name => (document.querySelector(`meta[name="${name}"], meta[http-equiv="${name}"]`) || { content: "" }).content;
  const restText = [page, !!document.title.trim(), meta("viewport"), meta("refresh"),
    skeleton(document.body), ...restRules, ...restIds].join("\n");
  const rest = unmatchable ? `unshared ${location.href} ${Math.random()}` : hash(restText, 1) + hash(restText, 2);

  return {
    ...variant,
    viewport: { w: innerWidth, h: innerHeight }, scrollWidth: html.scrollWidth,
    isLanding: !!document.querySelector(".banner"),
    headline: headline ? { el: name(headline), ...box(headline) } : null,
    primary: primary ? { el: name(primary), ...box(primary) } : null,
    ctas, targets, brand, unisolated, digitSystems, spaced, lowContrast, parts, rest,
  };
}
