// segsite's one rule resolver (docs/contract.md, Personalization): which
// segment a visitor falls into. The browser's inline head script, the
// Cloudflare Worker and the Netlify function all run this file (scripts.py
// bundles it into the head script, edge.py into both edge modules), so there
// is one rule semantics to keep right. It stays ES5 and free of the DOM: the
// build minifies it with calmjs for the page, and workerd and Node run it as is.
//
// data: the rules as rules.py writes them (globs arrive as anchored regular
// expressions, country codes in upper case; no name an editor chose is an
// object key). facts, named as the conditions: {query: URLSearchParams,
// referrer: the Referer URL, language: the page's, country, visits, saved:
// the remembered {id, t}}. The edge knows the country but not the device: it
// leaves out visits and saved, so device rules and remembered choices are
// skipped there (rule "default": no decision, the browser finishes the job).
// The browser has no country.
// -> {segment, rule, why}: rule "param", "request", "remembered", "device" or
// "default"; why: the conditions of the rule that matched (preview bar), or
// undefined.
function resolveSegment(data, facts) {
  var segments = data.segments,
    query = facts.query,
    saved = facts.saved || {},
    host = "",
    segment,
    why; // the conditions of the rule that matched, if a rule did
  // (URL gives http and https hosts in lower case.)
  try { host = "." + new URL(facts.referrer).hostname; } catch (e) { /* none */ }
  function known(id) {
    return segments.some(function (s) { return s.id == id; });
  }
  function globs(patterns, value) {
    return value != null && patterns.some(function (p) { return RegExp(p, "i").test(value); });
  }
  function holds(name, want) {
    var value = facts[name];
    // min arrives always, max only when set (a comparison with undefined is
    // false); unknown visits (the edge) hold no bound.
    if (name == "visits") return value >= want.min && !(value > want.max);
    // Host suffixes on a dot boundary: example.org matches www.example.org.
    if (name == "referrer") return want.some(function (h) { return host.slice(-h.length - 1) == "." + h; });
    // [name, patterns] pairs: a name is the editor's, and as an object key
    // "__proto__" or "constructor" would not read as data everywhere.
    if (name == "param") return want.every(function (p) { return globs(p[1], query.get(p[0])); });
    // utm_*: globs on the query parameter; language, country: plain values.
    return /^utm_/.test(name) ? globs(want, query.get(name)) : want.indexOf(value) >= 0;
  }
  // The highest priority among segments with a matching rule of this kind
  // (device 1: visits rules, 0: request rules); ties go to the segment
  // written first.
  function match(device) {
    var best; // none yet
    segments.forEach(function (s) {
      s.rules.forEach(function (r) {
        if ("visits" in r != device) return;
        for (var name in r) if (!holds(name, r[name])) return;
        if (!best || s.priority > best.priority) {
          best = s;
          why = r;
        }
      });
    });
    return best && best.id;
  }
  var rule = known((segment = query.get("segment"))) ? "param"
    : (segment = match(0)) ? "request"
    : known((segment = saved.id)) && Date.now() - saved.t < data.rememberDays * 864e5 ? "remembered"
    : (segment = match(1)) ? "device"
    : ((segment = data.default), "default");
  return { segment: segment, rule: rule, why: why };
}
