// segsite: the experiment arm, decided before the body is parsed, like the
// segment (the head script runs first and leaves window.segsite). Inlined
// only on pages that carry an experiment; head script and this one together
// stay under 3 KB minified. Data: #segsite-experiments (JSON): the page's
// experiments, [{id, segments (null: every one), arms: [[id, bound], ...],
// from, until: the first ms of its days and the first after them; 0 and
// the last ms a Date holds when open}]. This file is the body of
// (function (doc, win) { assign.js; arms.js })(document, window).
//
// A visitor takes part (counted, exposure fired) only with a device id that
// storage keeps, a browser that is no known crawler (Googlebot, bingbot,
// Yahoo's Slurp, facebookexternalhit and the like), a segment the
// experiment names and a day inside its dates; everyone else sees control.
// ?experiment=ID:ARM shows that arm for this page view, counted nowhere.
var s = win.segsite,
  marks = doc.documentElement.dataset,
  list = JSON.parse(doc.getElementById("segsite-experiments").text),
  force = (new URLSearchParams(win.location.search).get("experiment") || "").split(":"),
  // (|| "": an id never read must not pass the test as "undefined")
  device = s.get("device") || "";
if (!/^[a-z\d]{8,40}$/.test(device)) {
  s.put("device", (device = [].map.call(crypto.getRandomValues(new Uint32Array(3)), function (n) {
    return n.toString(36);
  }).join("")));
}
// Read back: blocked storage or remembering off keeps nothing.
var counted = s.get("device") == device && !/bot|crawl|spider|slurp|externalhit/i.test(navigator.userAgent);
// Sets html[data-arm] for the arm a segment's visitor sees here (none for
// control) and returns {experiment: arm} for the experiments counted.
// segsite.js calls it again when the visitor switches segment.
function view(segment) {
  var now = Date.now(),
    taking = {};
  delete marks.arm;
  list.forEach(function (x) {
    if (x.segments && x.segments.indexOf(segment) < 0) return;
    var arm = force[0] == x.id && x.arms.some(function (a) { return a[0] == force[1]; })
      ? force[1]
      : counted && now >= x.from && now < x.until
        ? (taking[x.id] = assignArm(x, device))
        : "control";
    if (arm != "control") marks.arm = x.id + "." + arm;
  });
  return taking;
}
s.experiments = view(s.segment);
s.view = view;
