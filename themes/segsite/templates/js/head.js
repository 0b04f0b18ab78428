// segsite: picks the visitor's segment before the body is parsed (docs/contract.md),
// so CSS shows the right variant at the first paint. Inlined in <head>,
// minified by the build (budget: 2 KB). Data: #segsite-segments (JSON).
(function (doc, win) {
  var html = doc.documentElement,
    data = JSON.parse(doc.getElementById("segsite-segments").textContent),
    segments = data.segments,
    now = Date.now(),
    visits = 1,
    store = null,
    query = new URLSearchParams(win.location.search),
    referrer = "",
    chosen,
    rule,
    why = null;
  function known(id) {
    return segments.some(function (s) { return s.id == id; });
  }
  function get(key) {
    try { return JSON.parse(store.getItem("segsite:" + key)); } catch (e) { return null; }
  }
  function put(key, value) {
    try { store.setItem("segsite:" + key, JSON.stringify(value)); } catch (e) { /* full or blocked */ }
  }
  // Glob conditions arrive as anchored regular expressions (rules.py).
  function glob(pattern, value) {
    return value != null && RegExp(pattern, "i").test(value);
  }
  function holds(name, want) {
    if (name == "visits") return !(visits < want.min || visits > want.max);
    if (name == "referrer") return want.some(function (h) { return ("." + referrer).slice(-h.length - 1) == "." + h; });
    if (name == "language") return want.indexOf(html.lang) >= 0;
    if (name == "country") return false; // known at the edge only
    if (name != "param") return want.some(function (v) { return glob(v, query.get(name)); });
    for (var p in want) if (!want[p].some(function (v) { return glob(v, query.get(p)); })) return false;
    return true;
  }
  // The highest priority among segments with a matching rule; ties: first written.
  function match(device) {
    var best = null;
    segments.forEach(function (s) {
      s.rules.forEach(function (r) {
        if (("visits" in r) != device) return;
        for (var name in r) if (!holds(name, r[name])) return;
        if (!best || s.priority > best.priority) (best = s), (why = r);
      });
    });
    return best && best.id;
  }
  function remember(id) {
    put("segment", { id: id, t: now });
  }
  try {
    if (data.remember) store = win.localStorage;
    // A visit is a browser session; the current one counts.
    visits = (+get("visits") || 0) + (sessionStorage.getItem("segsite:s") ? 0 : 1);
    sessionStorage.setItem("segsite:s", 1);
    put("visits", visits);
  } catch (e) { /* storage blocked: a first visit, nothing remembered */ }
  try { referrer = new URL(doc.referrer).hostname.toLowerCase(); } catch (e) { /* none */ }

  var saved = get("segment") || {}, asked = query.get("segment");
  // A segment page, or a page the edge runtime personalized (data-edge: the
  // rule it used, remembered as the same rule would be here).
  if ((chosen = html.dataset.fixed)) (rule = html.dataset.edge) ? remember(chosen) : (rule = "page");
  else if (known((chosen = asked))) remember(chosen), (rule = "param");
  else if ((chosen = match(false))) remember(chosen), (rule = "request");
  else if (known((chosen = saved.id)) && now - saved.t < data.rememberDays * 864e5) rule = "remembered";
  else if ((chosen = match(true))) rule = "device";
  else (chosen = data.default), (rule = "default");
  html.dataset.segment = chosen;
  html.dataset.js = "";

  // Personal sections (moved to top, hidden) as rules in the theme's own
  // stylesheet, so the first paint already has them. segsite.js edits them.
  var prefs = get("sections") || {}, top = prefs.top || [], sheet = doc.getElementById("segsite-css").sheet;
  try {
    top.concat(prefs.hidden || []).forEach(function (id, i) {
      // never put stored garbage in a selector
      if (/^[a-z0-9-]+$/.test(id)) {
        sheet.insertRule('[data-section="' + id + '"]{' + (i < top.length ? "order:" + (i - top.length) : "display:none") + "!important}", sheet.cssRules.length);
      }
    });
  } catch (e) { /* no stylesheet or bad data: the page's order */ }
  // why: the rule that matched (for the preview bar and analytics).
  win.segsite = { segment: chosen, rule: rule, why: why, get: get, put: put, remember: remember };
})(document, window);
