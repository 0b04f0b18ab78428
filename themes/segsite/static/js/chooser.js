// The root language chooser: forwards to the stored or the browser's language.
// Without JavaScript the page is a plain list of links.
(function () {
  "use strict";
  // "/?stay" shows the chooser itself: a "change language" link, and the check pass.
  if (/[?&]stay\b/.test(window.location.search)) return;
  var data = JSON.parse(document.getElementById("segsite-languages").textContent);
  // Stored JSON-encoded, as every segsite: value (head.js's put, which
  // segsite.js uses when a visitor picks a language); this page has no head.js.
  var stored = null;
  try { stored = JSON.parse(window.localStorage.getItem("segsite:lang")); } catch (e) { /* blocked or garbage: no memory */ }
  function urlFor(lang) {
    var index = data.languages.indexOf(lang);
    return index >= 0 ? data.urls[index] : null;
  }
  var target = stored && urlFor(stored);
  var wanted = navigator.languages || [navigator.language || ""];
  for (var i = 0; !target && i < wanted.length; i++) {
    target = urlFor(String(wanted[i]).toLowerCase().split("-")[0]);
  }
  window.location.replace(target || data.urls[0]);
})();
