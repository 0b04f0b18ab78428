// segsite: the parts of personalization that can wait for the page: the
// "I am ..." switcher, personal sections, analytics events. Deferred.
//
// Events (README, Measuring what converts): a CustomEvent on document and,
// when the page has it, a window.dataLayer entry (GTM, GA4), each with
// segment, rule, page, lang and experiments ({experiment: arm} of those the
// visitor takes part in): segsite:segment when the segment is known or
// switched; segsite:exposure once per page view for each experiment taken
// part in; segsite:conversion when a CTA or contact link is activated (cta,
// channel), or a lead form is submitted (channel form, form: its id; a CTA
// that opens a form is not one). The last two also go to SEGSITE_ANALYTICS's
// provider through its own browser API, when that is on the page (analytics.js).
(function (doc, win) {
  var s = win.segsite,
    html = doc.documentElement;
  if (!s) return;
  function each(selector, fn) {
    [].forEach.call(doc.querySelectorAll(selector), fn);
  }
  function send(name, extra, forwarded) {
    var detail = {
        segment: s.segment,
        rule: s.rule,
        page: win.location.pathname,
        lang: html.lang,
        experiments: s.experiments || {},
      },
      key;
    for (key in extra) detail[key] = extra[key];
    doc.dispatchEvent(new CustomEvent(name, { detail: detail }));
    if (win.dataLayer && win.dataLayer.push) {
      var entry = { event: name };
      for (key in detail) entry[key] = detail[key];
      win.dataLayer.push(entry);
    }
    // analytics.js (only on a site with SEGSITE_ANALYTICS) sets s.forward.
    if (forwarded && s.forward) s.forward(name, detail);
  }
  function announce(rule) {
    each("a[data-cta]", function (a) { a.setAttribute("data-segment", s.segment); });
    each("[data-switch]", function (a) {
      if (a.getAttribute("data-switch") == s.segment) a.setAttribute("aria-current", "true");
      else a.removeAttribute("aria-current");
    });
    send("segsite:segment", { rule: rule });
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
    var cta = event.target.closest("a[data-channel]");
    if (cta && cta.hasAttribute("data-form")) {
      // Opens a lead form: the submit is the conversion. The form page
      // sends this visit's facts with the lead (forms.js); this tab only.
      try {
        sessionStorage.setItem("segsite:lead", JSON.stringify({
          segment: s.segment, rule: s.rule, page: location.pathname,
          query: location.search, experiments: s.experiments || {},
        }));
      } catch (e) {}
    } else if (cta) {
      send("segsite:conversion", { cta: cta.getAttribute("data-cta"), channel: cta.getAttribute("data-channel") }, true);
    }
    var el = event.target.closest("[data-switch],[data-section-top],[data-section-hide],[data-sections-reset],[hreflang]");
    if (!el) return;
    var id = el.getAttribute("data-switch");
    if (id) {
      s.remember(id);
      if (html.dataset.fixed) return; // a segment page: follow the link
      event.preventDefault();
      s.segment = html.dataset.segment = id;
      // The arm this device has for the new segment's experiment, if any.
      if (s.view) s.experiments = s.view(id);
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
  s.send = send; // for forms.js: a submitted form is a conversion
  announce(s.rule);
  for (var id in s.experiments) {
    send("segsite:exposure", { experiment: id, arm: s.experiments[id] }, true);
  }
})(document, window);
