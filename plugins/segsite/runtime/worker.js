// Cloudflare Worker (Pages advanced mode `_worker.js`, or a Worker with a
// static assets binding named ASSETS): picks the segment on the server and
// sends the generic page holding only that segment's variant, so no script
// is needed. Responses are cached per page and segment, never per cookie.

const REVALIDATE = "public, max-age=0, must-revalidate";
// Seconds the edge keeps a personalized page (the browser always revalidates).
const EDGE_SECONDS = 300;

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    // The D1 migration is deploy configuration (Pages serves every file the
    // Worker hands to ASSETS; .assetsignore covers Workers static assets).
    if (url.pathname.indexOf("/_migrations/") === 0) return secured(formPlain(404, "Not Found"));
    // Lead forms (forms.js): their endpoint, and their pages stamped for the
    // time trap and the resubmit key.
    const formId = formRoute(url.pathname);
    if (formId !== null) return secured(await handleFormRequest(request, env, formId), url.pathname);
    if ((request.method === "GET" || request.method === "HEAD") && isFormPage(url.pathname)) {
      return secured(await stampFormPage(request, env, url), url.pathname);
    }
    if (url.pathname === "/" && !url.searchParams.has("stay")) {
      const lang = preferredLanguage(request.headers.get("Accept-Language"), SEGSITE.languages);
      if (lang) {
        return secured(new Response(null, {
          status: 302,
          headers: { Location: "/" + lang + "/", Vary: "Accept-Language", "Cache-Control": "private, max-age=0" },
        }));
      }
    }
    // Own properties only (Object.hasOwn): the path is the visitor's, and
    // every object also answers names like "constructor".
    const personalized = Object.hasOwn(SEGSITE.pages, url.pathname);
    if (!personalized || (request.method !== "GET" && request.method !== "HEAD")) {
      return secured(await env.ASSETS.fetch(request), url.pathname);
    }
    const page = SEGSITE.pages[url.pathname];
    const choice = resolveSegment(SEGSITE, {
      query: url.searchParams,
      referrer: request.headers.get("Referer"),
      language: page.lang,
      country: request.cf && request.cf.country,
    });
    const decided = choice.rule !== "default";
    // The key names the page and the segment only: utm tags, click ids and
    // cookies do not split the cache.
    const key = new Request(url.origin + url.pathname + (decided ? "?segsite-segment=" + choice.segment + "&rule=" + choice.rule : ""));
    const cache = caches.default;
    const hit = await cache.match(key);
    if (hit) return tagged(hit, "HIT");
    // A plain GET: conditional headers could bring back a 304 with no body to rewrite.
    const asset = await env.ASSETS.fetch(new Request(url.origin + url.pathname));
    if (asset.status !== 200) return secured(asset, url.pathname);
    const body = decided ? await onlyVariant(asset, choice).text() : await asset.text();
    const headers = new Headers(asset.headers);
    headers.set("Content-Type", "text/html; charset=utf-8");
    headers.set("Cache-Control", REVALIDATE + ", s-maxage=" + EDGE_SECONDS);
    headers.set("X-Segsite-Segment", decided ? choice.segment : "");
    if (decided) headers.delete("ETag"); // not the asset's bytes any more
    const response = secured(new Response(body, { status: 200, headers: headers }));
    ctx.waitUntil(cache.put(key, response.clone()));
    return tagged(response, "MISS");
  },
};

function tagged(response, cache) {
  const out = new Response(response.body, response);
  out.headers.set("X-Segsite-Cache", cache);
  return out;
}

// The generic page with every other segment's blocks removed and the
// segment fixed on <html> (head.js then keeps it and remembers it). The
// segment's experiment arms ("segment@experiment.arm") stay: the edge has no
// device id, so the browser's head script picks the arm.
function onlyVariant(response, choice) {
  return new HTMLRewriter()
    .on("html", {
      element(html) {
        html.setAttribute("data-segment", choice.segment);
        html.setAttribute("data-fixed", choice.segment);
        html.setAttribute("data-edge", choice.rule);
      },
    })
    .on("[data-variant]", {
      element(block) {
        const mine = block.getAttribute("data-variant").split(" ").some(function (key) {
          return key === choice.segment || key.indexOf(choice.segment + "@") === 0;
        });
        if (!mine) block.remove();
      },
    })
    .transform(response);
}

// The same headers _headers gives (a Worker's responses may bypass it).
function secured(response, path) {
  const out = new Response(response.body, response);
  for (const [name, value] of Object.entries(SEGSITE.headers)) out.headers.set(name, value);
  if (path && SEGSITE.immutable.some(function (prefix) { return path.indexOf(prefix) === 0; })) {
    out.headers.set("Cache-Control", SEGSITE.immutableCache);
  }
  return out;
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
