// segsite: picks the visitor's segment before the body is parsed (docs/contract.md),
// so CSS shows the right variant at the first paint. Inlined in <head>,
// minified by the build (budget: 2 KB). Data: #segsite-segments (JSON).
// The rule semantics are not here: this file is the body of the function
// scripts.py makes, (function (doc, win) { resolve.js; head.js })(document,
// window), with the kit's one resolver (plugins/segsite/runtime/resolve.js,
// resolveSegment) in front, as both edge runtimes carry it too.
var html = doc.documentElement,
  data = JSON.parse(doc.getElementById("segsite-segments").textContent),
  visits = 1,
  store, // none (get and put fail quietly) unless remembering is on
  fixed = html.dataset.fixed;
function get(key) {
  try { return JSON.parse(store.getItem("segsite:" + key)); } catch (e) { return null; }
}
function put(key, value) {
  try { store.setItem("segsite:" + key, JSON.stringify(value)); } catch (e) { /* full or blocked */ }
}
function remember(id) {
  put("segment", { id: id, t: Date.now() });
}
// Personal sections (moved to top, hidden) as rules at the end of the theme's
// own stylesheet, so the first paint already has them. segsite.js removes them
// and calls this again when the visitor changes them.
function sections(prefs) {
  try {
    var sheet = doc.getElementById("segsite-css").sheet, top = prefs.top || [];
    top.concat(prefs.hidden || []).forEach(function (id, i) {
      // never put stored garbage in a selector
      if (/^[a-z0-9-]+$/.test(id))
        sheet.insertRule('[data-section="' + id + '"]{' + (i < top.length ? "order:" + (i - top.length) : "display:none") + "!important}", sheet.cssRules.length);
    });
  } catch (e) { /* none, bad data or no stylesheet: the page's order */ }
}
try {
  if (data.remember) store = win.localStorage;
  // A visit is a browser session; the current one counts.
  var session = win.sessionStorage;
  visits = (+get("visits") || 0) + (session.getItem("segsite:s") ? 0 : 1);
  session.setItem("segsite:s", 1);
  put("visits", visits);
} catch (e) { /* storage blocked: a first visit, nothing remembered */ }

var choice = fixed
  ? // A segment page, or a page the edge runtime personalized (data-edge:
    // the rule it used, remembered as the same rule would be here).
    { segment: fixed, rule: html.dataset.edge || "page" }
  : resolveSegment(data, {
      query: new URLSearchParams(win.location.search),
      referrer: doc.referrer,
      language: html.lang,
      visits: visits,
      saved: get("segment"),
    });
// ?segment= and request rules are remembered; device rules are not.
if (/^(param|request)$/.test(choice.rule)) remember(choice.segment);
html.dataset.segment = choice.segment;
html.dataset.js = "";
sections(get("sections"));
// segment, rule, why (the rule that matched: preview bar), and what
// segsite.js needs.
choice.get = get;
choice.put = put;
choice.remember = remember;
choice.sections = sections;
win.segsite = choice;
