// segsite: picks the visitor's segment before the body is parsed (docs/contract.md),
// so CSS shows the right variant at the first paint. Inlined in <head>,
// minified by the build (budget: 2 KB). Data: #segsite-segments (JSON).
// The rule semantics are not here: this file is the body of the function
// scripts.py makes, (function (doc, win) { resolve.js; head.js })(document,
// window), with the kit's one resolver (plugins/segsite/runtime/resolve.js,
// resolveSegment) in front, as both edge runtimes carry it too.
var html = doc.documentElement,
  marks = html.dataset, // <html data-*>
  data = JSON.parse(doc.getElementById("segsite-segments").text), // .text: fewer bytes than textContent
  visits = 1,
  store, // none (get and put fail quietly) unless remembering is on
  prefix = "segsite:", // of every key segsite stores
  fixed = marks.fixed;
// The stored value, or null or undefined (none, garbage, blocked).
function get(key) {
  try { return JSON.parse(store.getItem(prefix + key)); } catch (e) { /* garbage or blocked */ }
}
function put(key, value) {
  try { store.setItem(prefix + key, JSON.stringify(value)); } catch (e) { /* full or blocked */ }
}
function remember(id) {
  put("segment", { id: id, t: Date.now() });
}
// A stored list of section ids, or [] when it is anything else (no list, or
// an item that is no string or breaks the slug rule of section ids): the
// visitor can edit storage and an id goes into a CSS selector, so sections()
// and segsite.js take ids from here only. One test of the list's JSON text,
// ["faq","why-us"], is the check the budget affords (JSON.stringify puts
// the commas).
function ids(list) {
  return /^\[("[a-z\d]+(-[a-z\d]+)*",?)*]$/.test(JSON.stringify(list)) ? list : [];
}
// Personal sections (moved to top, hidden) as rules at the end of the theme's
// own stylesheet, so the first paint already has them. segsite.js removes them
// and calls this again when the visitor changes them.
function sections(prefs) {
  try {
    var sheet = doc.getElementById("segsite-css").sheet, top = ids(prefs.top);
    top.concat(ids(prefs.hidden)).forEach(function (id, i) {
      // Moved ones get orders below 0, before every section's own.
      sheet.insertRule('[data-section="' + id + '"]{' + ((i -= top.length) < 0 ? "order:" + i : "display:none") + "!important}", sheet.cssRules.length);
    });
  } catch (e) { /* no prefs or no stylesheet: the page's order */ }
}
try {
  if (data.remember) store = win.localStorage;
  // A visit is a browser session; the current one counts (true adds 1).
  var session = win.sessionStorage;
  visits = (+get("visits") || 0) + !session.getItem(prefix + "s");
  session.setItem(prefix + "s", 1);
  put("visits", visits);
} catch (e) { /* storage blocked: a first visit, nothing remembered */ }

var choice = fixed
  ? // A segment page, or a page the edge runtime personalized (data-edge:
    // the rule it used, remembered as the same rule would be here).
    { segment: fixed, rule: marks.edge || "page" }
  : resolveSegment(data, {
      query: new URLSearchParams(win.location.search),
      referrer: doc.referrer,
      language: html.lang,
      visits: visits,
      saved: get("segment"),
    });
// ?segment= and request rules are remembered; device rules are not.
/^(param|request)$/.test(choice.rule) && remember(choice.segment);
marks.segment = choice.segment;
marks.js = "";
sections(get("sections"));
// segment, rule, why (the rule that matched: preview bar), and what
// segsite.js needs.
choice.get = get;
choice.put = put;
choice.remember = remember;
choice.sections = sections;
choice.ids = ids;
win.segsite = choice;
