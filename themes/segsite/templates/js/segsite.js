// segsite: the parts of personalization that can wait for the page: the
// "I am ..." switcher, personal sections, analytics events. Deferred.
(function (doc, win) {
  var s = win.segsite,
    html = doc.documentElement;
  if (!s) return;
  function each(selector, fn) {
    [].forEach.call(doc.querySelectorAll(selector), fn);
  }
  function announce(rule) {
    each("a[data-cta]", function (a) { a.setAttribute("data-segment", s.segment); });
    each("[data-switch]", function (a) {
      if (a.getAttribute("data-switch") == s.segment) a.setAttribute("aria-current", "true");
      else a.removeAttribute("aria-current");
    });
    doc.dispatchEvent(new CustomEvent("segsite:segment", { detail: { segment: s.segment, rule: rule } }));
    if (win.dataLayer && win.dataLayer.push) {
      win.dataLayer.push({ event: "segsite:segment", segment: s.segment, rule: rule });
    }
  }
  // Replace the personal-section rules with ones for prefs (null: none).
  // head.js's sections() writes them, at the first paint and here.
  function applySections(prefs) {
    var sheet = doc.getElementById("segsite-css").sheet;
    for (var i = sheet.cssRules.length - 1; i >= 0; i--) {
      if ((sheet.cssRules[i].selectorText || "").indexOf("[data-section=") == 0) sheet.deleteRule(i);
    }
    if (prefs) s.sections(prefs);
  }
  function visible(selector) {
    return [].filter.call(doc.querySelectorAll(selector), function (el) { return el.offsetParent; })[0];
  }
  doc.addEventListener("click", function (event) {
    var el = event.target.closest("[data-switch],[data-section-top],[data-section-hide],[data-sections-reset],[hreflang]");
    if (!el) return;
    var id = el.getAttribute("data-switch");
    if (id) {
      s.remember(id);
      if (html.dataset.fixed) return; // a segment page: follow the link
      event.preventDefault();
      s.segment = html.dataset.segment = id;
      var details = el.closest("details");
      details.open = false;
      details.querySelector("summary").focus();
      announce("switcher");
    } else if (el.hasAttribute("hreflang")) {
      s.put("lang", el.getAttribute("hreflang"));
    } else {
      // What head.js takes from storage (section ids only), changed here.
      var prefs = s.get("sections") || {},
        top = s.ids(prefs.top),
        hidden = s.ids(prefs.hidden),
        moved = el.getAttribute("data-section-top"),
        gone = el.getAttribute("data-section-hide");
      top = top.filter(function (x) { return x != moved; });
      if (moved) top.unshift(moved);
      if (gone) hidden.push(gone);
      prefs = el.hasAttribute("data-sections-reset") ? null : { top: top, hidden: hidden };
      s.put("sections", prefs);
      applySections(prefs);
      // Keep the keyboard user where the change happened.
      var target = visible(moved ? '.info-section[data-section="' + moved + '"] h2' : "[data-sections-reset]");
      if (target) {
        if (moved) target.tabIndex = -1;
        target.focus();
      }
    }
  });
  announce(s.rule);
})(document, window);
