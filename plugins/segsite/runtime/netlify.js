// Netlify edge function: picks the segment on the server and rewrites the
// generic page's URL to the segment's own static page (/…/for/<segment>/),
// which holds that variant only and is canonical to the generic page. The
// address bar keeps the generic URL; no script is needed. Netlify's edge has
// no HTMLRewriter, and the segment page is the same HTML the Worker makes.

export default async (request, context) => {
  const url = new URL(request.url);
  const page = SEGSITE.pages[url.pathname];
  if (!page) return undefined;
  const geo = context && context.geo;
  const choice = resolveSegment(SEGSITE, {
    query: url.searchParams,
    referrer: request.headers.get("Referer"),
    language: page.lang,
    country: geo && geo.country && geo.country.code,
  });
  const target = choice.rule === "default" ? undefined : page.variants[choice.segment];
  // undefined: the generic page as built (the browser script finishes the job).
  return target ? new URL(target, url) : undefined;
};
