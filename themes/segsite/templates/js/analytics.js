// segsite: exposures and conversions handed to SEGSITE_ANALYTICS's provider
// through its own browser API, when that is on the page (README, Events and
// analytics). Deferred, before segsite.js, and only on a site that names a
// provider: a site without one carries none of this.
(function (doc, win) {
  var s = win.segsite;
  if (!s) return;
  var provider = JSON.parse(doc.getElementById("segsite-segments").text).analytics;
  // The providers take flat text properties: experiments as "id:arm,...".
  s.forward = function (name, detail) {
    var props = {},
      arms = [],
      action = name.slice(8), // "segsite:conversion" -> "conversion"
      key;
    for (key in detail.experiments) arms.push(key + ":" + detail.experiments[key]);
    for (key in detail) props[key] = key == "experiments" ? arms.join(",") : String(detail[key]);
    try {
      if (provider == "ga4" && typeof win.gtag == "function") win.gtag("event", "segsite_" + action, props);
      if (provider == "plausible" && typeof win.plausible == "function") win.plausible(name, { props: props });
      if (provider == "umami" && win.umami && typeof win.umami.track == "function") win.umami.track(name, props);
      if (provider == "matomo" && win._paq && win._paq.push) {
        win._paq.push(["trackEvent", "segsite", action, props.experiments || props.segment]);
      }
      // gtm: Tag Manager reads the dataLayer entry segsite.js pushes.
    } catch (e) { /* the provider's failure is not the page's */ }
  };
})(document, window);
