// Gathers, in one pass over a rendered page, what the check pass judges.
// Returns plain data; the Python side decides what is a failure.
() => {
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

  const landmarks = {
    header: all("header, [role=banner]").some(shown),
    nav: all("nav, [role=navigation]").some(shown),
    main: all("main, [role=main]").some(shown),
    footer: all("footer, [role=contentinfo]").some(shown),
  };
  const headings = all("h1, h2, h3, h4, h5, h6").filter(shown).map(h => ({ level: +h.tagName[1], el: name(h) }));

  const headline = all(".banner-headline").find(shown);
  const primary = all(".banner a.cta").find(shown);
  const ctas = all("a.cta").filter(shown).map(a => ({ el: name(a), ...box(a) }));
  // WCAG 2.5.8: targets inside a sentence are exempt; list the others.
  const inSentence = el => {
    const block = el.closest("p, li, td, dd, blockquote");
    return block && block.textContent.trim().length > el.textContent.trim().length + 1 && !block.closest("nav");
  };
  const targets = all("a[href], button, summary, select, input").filter(shown)
    .filter(el => !el.classList.contains("skip-link") && !inSentence(el))
    .map(el => ({ el: name(el), ...box(el) }));

  const linksOf = sel => all(sel + " a").map(a => [a.textContent.trim().replace(/\s+/g, " "), a.getAttribute("href")]);
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

  const images = all("img").map(img => ({
    el: name(img) + ` src=${img.getAttribute("src")}`,
    alt: img.hasAttribute("alt"),
    sized: img.hasAttribute("width") && img.hasAttribute("height"),
  }));

  return {
    lang: html.lang, dir: html.dir, segment: html.dataset.segment || null,
    viewport: { w: innerWidth, h: innerHeight }, scrollWidth: html.scrollWidth,
    landmarks, headings,
    isLanding: !!document.querySelector(".banner"),
    headline: headline ? { el: name(headline), ...box(headline) } : null,
    primary: primary ? { el: name(primary), ...box(primary) } : null,
    ctas, targets,
    nav: linksOf(".main-nav"), footer: linksOf("footer"),
    switcher: all(".language-switcher a").map(a => a.textContent.trim()),
    brand, unisolated, digitSystems, spaced, lowContrast, images,
    banner: (all(".banner-variant").find(shown) || { dataset: {} }).dataset.banner || null,
    sections: drawnOrder(all(".info-section").filter(shown)).map(s => s.dataset.section),
    ctaText: primary ? primary.textContent.trim() : null,
  };
}
