// The segment for one request at the edge: docs/contract.md, Personalization in the browser, steps 1 and 2
// (?segment=ID, then request rules by priority), plus `country`, which only
// the edge knows. Same data as the browser script (rules.py: globs arrive as
// anchored regular expressions), same semantics as head.js. Device rules
// (visits) and remembered choices live in the browser: with no decision here
// the page goes out whole and the browser's script finishes the job.

// facts: {query: URLSearchParams, referrer: host name or "", lang, country}
// -> {segment, rule}, rule one of "param", "request", "default" (no decision).
function resolveSegment(data, facts) {
  var asked = facts.query.get("segment");
  if (data.segments.some(function (s) { return s.id === asked; })) {
    return { segment: asked, rule: "param" };
  }
  var best = null;
  data.segments.forEach(function (segment) {
    segment.rules.forEach(function (rule) {
      if ("visits" in rule) return; // a device rule: the browser's
      var names = Object.keys(rule);
      var matched = names.every(function (name) { return ruleHolds(name, rule[name], facts); });
      // Highest priority wins; ties go to the segment written first.
      if (matched && (!best || segment.priority > best.priority)) best = segment;
    });
  });
  return best ? { segment: best.id, rule: "request" } : { segment: data.default, rule: "default" };
}

function ruleHolds(name, want, facts) {
  if (name === "referrer") {
    // Host suffixes on a dot boundary: example.org matches www.example.org.
    return want.some(function (host) {
      return facts.referrer === host || facts.referrer.endsWith("." + host);
    });
  }
  if (name === "language") return want.indexOf(facts.lang) >= 0;
  if (name === "country") {
    var country = String(facts.country || "").toUpperCase();
    return country !== "" && want.indexOf(country) >= 0;
  }
  if (name === "param") {
    return Object.keys(want).every(function (param) {
      return anyPattern(want[param], facts.query.get(param));
    });
  }
  return anyPattern(want, facts.query.get(name)); // utm_*
}

function anyPattern(patterns, value) {
  return value !== null && patterns.some(function (p) { return new RegExp(p, "i").test(value); });
}

function refererHost(header) {
  try {
    return new URL(header).hostname.toLowerCase();
  } catch (e) {
    return "";
  }
}

// The configured language the visitor prefers most (Accept-Language, q-values
// honoured; "fa-IR" counts as "fa"), or null.
function preferredLanguage(header, languages) {
  var wanted = String(header || "")
    .split(",")
    .map(function (part, index) {
      var pieces = part.trim().split(";");
      var q = pieces.slice(1).map(function (p) { return p.trim(); }).filter(function (p) { return p.indexOf("q=") === 0; })[0];
      return { lang: pieces[0].trim().toLowerCase().split("-")[0], q: q ? parseFloat(q.slice(2)) : 1, index: index };
    })
    .filter(function (w) { return w.q > 0 && languages.indexOf(w.lang) >= 0; })
    .sort(function (a, b) { return b.q - a.q || a.index - b.index; });
  return wanted.length ? wanted[0].lang : null;
}
