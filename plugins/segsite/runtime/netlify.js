// Netlify edge function: picks the segment on the server and rewrites the
// generic page's URL to the segment's own static page (/…/for/<segment>/),
// which holds that variant only and is canonical to the generic page. The
// address bar keeps the generic URL; no script is needed. Netlify's edge has
// no HTMLRewriter, and the segment page is the same HTML the Worker makes.

export default async (request, context) => {
  const url = new URL(request.url);
  // Own properties only (Object.hasOwn), here and below: the path is the
  // visitor's, a segment id the editor's, and every object also answers
  // "constructor".
  if (!Object.hasOwn(SEGSITE.pages, url.pathname)) return undefined;
  const page = SEGSITE.pages[url.pathname];
  const geo = context && context.geo;
  const choice = resolveSegment(SEGSITE, {
    query: url.searchParams,
    referrer: request.headers.get("Referer"),
    language: page.lang,
    country: geo && geo.country && geo.country.code,
  });
  // undefined: the generic page as built (the browser script finishes the
  // job), also for a segment that sees what the generic page shows (no page
  // of its own).
  if (choice.rule === "default" || !Object.hasOwn(page.variants, choice.segment)) return undefined;
  return new URL(page.variants[choice.segment], url);
};
