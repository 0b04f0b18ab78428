// segsite preview bar (development builds only): says which segment the page
// shows and which rule chose it.
(function (doc, win) {
  var s = win.segsite, out = doc.querySelector("[data-preview-why]");
  if (!s || !out) return;
  function show() {
    var why = s.why ? Object.keys(s.why).map(function (name) {
      var want = s.why[name];
      // param arrives as [name, patterns] pairs: shown as the map editors wrote.
      if (name == "param") want = Object.fromEntries(want);
      // Regular expressions from globs, shown as the globs editors wrote.
      return name + " " + JSON.stringify(want).replace(/\^|\$|\\/g, "").replace(/\.\*/g, "*");
    }).join(", ") : "";
    out.textContent = s.segment + " · " + s.rule + (why ? " (" + why + ")" : "");
  }
  doc.addEventListener("segsite:segment", function (e) { s.rule = e.detail.rule; s.why = null; show(); });
  show();
})(document, window);
