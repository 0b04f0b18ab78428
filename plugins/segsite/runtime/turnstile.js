// Cloudflare Turnstile for lead forms, the Worker's half (edge.py puts this
// file after forms.js, which calls formTurnstile for a form with
// `turnstile: true`): the widget's token is checked with Cloudflare's
// siteverify API, the secret being the Worker's binding TURNSTILE_SECRET.

const TURNSTILE_VERIFY = "https://challenges.cloudflare.com/turnstile/v0/siteverify";
const TURNSTILE_FIELD = "cf-turnstile-response"; // the widget's hidden input
const TURNSTILE_MAX = 2048; // Cloudflare's longest token: a longer one is none
// A visitor waits on the answer: past this, no answer (503, send again).
const TURNSTILE_WAIT_MS = 10000;

// Cloudflare Turnstile: {problems: [the "turnstile" problem]} when the
// widget's token is missing or Cloudflare does not vouch for it, {problems:
// []} when it does, {refused: 503} when it cannot be asked (no secret, no
// answer): a lead is never stored unverified. The token is never stored.
async function formTurnstile(request, env, id, submitted) {
  const unverified = { refused: formPlain(503, "Service Unavailable") };
  if (!env.TURNSTILE_SECRET) {
    console.error("segsite forms: no secret named TURNSTILE_SECRET: form " + id + " takes no lead without it");
    return unverified;
  }
  const failed = { problems: [{ name: "turnstile", code: "turnstile" }] };
  const token = (submitted.get(TURNSTILE_FIELD) || "").trim();
  if (token === "" || token.length > TURNSTILE_MAX) return failed;
  const answer = await formSiteverify(request, env.TURNSTILE_SECRET, token, id);
  if (answer === null) return unverified;
  if (answer.success === true) return { problems: [] };
  const codes = Array.isArray(answer["error-codes"]) ? answer["error-codes"].map(String) : [];
  // A wrong secret fails every visitor: the site's to fix, so said in the log.
  if (codes.some(function (c) { return /-input-secret$/.test(c); })) {
    console.error("segsite forms: Turnstile refused TURNSTILE_SECRET for form " + id + ": " + codes.join(", "));
  }
  return failed;
}

// siteverify's answer (an object) about a token, as Cloudflare documents the
// API, or null when there is none (no network, a status other than 200, no
// JSON object): logged, as the lead is then not stored.
async function formSiteverify(request, secret, token, id) {
  const body = new URLSearchParams({ secret: secret, response: token });
  const ip = request.headers.get("CF-Connecting-IP");
  if (ip) body.set("remoteip", ip);
  // Cloudflare's key for retrying a validation: each submission asks once.
  body.set("idempotency_key", crypto.randomUUID());
  const signal = AbortSignal.timeout(TURNSTILE_WAIT_MS);
  let reason;
  try {
    const response = await fetch(TURNSTILE_VERIFY, { method: "POST", body: body, signal: signal });
    const answer = response.status === 200 ? await response.json() : null;
    if (answer !== null && typeof answer === "object") return answer;
    reason = "status " + response.status + (answer === null ? "" : ", no JSON object");
    if (!response.bodyUsed && response.body) await response.body.cancel();
  } catch (error) {
    reason = error;
  }
  console.error("segsite forms: no answer from Turnstile's siteverify, the lead of form " + id + " was not stored:", reason);
  return null;
}
