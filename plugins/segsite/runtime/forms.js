// Lead forms, the Worker's half (edge.py puts this file between the shared
// resolver and worker.js): POST /_segsite/forms/<id> is checked again here,
// as anything can post to it, stored in D1 (binding LEADS, table
// segsite_leads from leads.sql) and answered with a 303 to the thank-you
// page, or with the form page itself (400) naming each problem. Everything
// works without a script in the browser: the Worker stamps each form page it
// serves with the time it was sent (the time trap) and a fresh key (a
// resubmit of the same page stores nothing twice). A form with
// `turnstile: true` also asks Cloudflare's siteverify about the widget's
// token (secret: the binding TURNSTILE_SECRET).
//
// SEGSITE.forms: {id: {fields, consent, minSeconds, pages, messages,
// turnstile}} (the build writes it from segments.yaml); SEGSITE.formLimits:
// {maxBytes}. Both
// may be absent on a site without forms. Ids, field names and languages are
// looked up among own properties only: they arrive from the visitor.

const FORM_PREFIX = "/_segsite/forms/";
const FORM_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data"];
const FORM_MAX_BYTES = 16384; // when formLimits is missing
const FORM_NO_STORE = "no-store";
// C0 and C1 controls; a textarea may hold tabs and line breaks.
const FORM_CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const FORM_CONTROL_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
// A plain address: one @, a dot in the domain, none of the characters that
// would need quoting.
const FORM_EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:".]+(\.[^\s@<>()[\]\\,;:".]+)+$/;
const FORM_TEL = /^\+?[0-9 ().-]+$/;
const FORM_KEY = /^[A-Za-z0-9_-]{8,64}$/;
const FORM_UTM = ["utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content"];
// The hidden fields naming where a lead came from: {name: check}; a value
// that fails its check is stored empty (it is the page's, not the visitor's
// to fix, so it is never a 400).
const FORM_ATTRIBUTION = {
  segment: function (v) { return v.length <= 64 && /^[a-z0-9@.:-]*$/.test(v); },
  rule: function (v) { return v.length <= 64 && /^[a-z0-9@.:-]*$/.test(v); },
  page: function (v) { return v.length <= 500 && v.charAt(0) === "/" && !FORM_CONTROL.test(v); },
  experiments: function (v) { return v.length <= 500 && !FORM_CONTROL.test(v); },
};
FORM_UTM.forEach(function (name) {
  FORM_ATTRIBUTION[name] = function (v) { return v.length <= 200 && !FORM_CONTROL.test(v); };
});

// The form id of a path under /_segsite/forms/ (known or not), or null.
function formRoute(pathname) {
  return pathname.indexOf(FORM_PREFIX) === 0 ? pathname.slice(FORM_PREFIX.length) : null;
}

function formNamed(id) {
  const forms = SEGSITE.forms || {};
  return Object.hasOwn(forms, id) ? forms[id] : null;
}

// Whether a path is some form's page in some language (the pages the Worker
// stamps).
function isFormPage(pathname) {
  const forms = SEGSITE.forms || {};
  return Object.keys(forms).some(function (id) {
    return Object.values(forms[id].pages).some(function (p) { return p.form === pathname; });
  });
}

// GET or HEAD of a form page: the static page with _started and _key filled,
// never cached (each load is its own submission).
async function stampFormPage(request, env, url) {
  // A plain request: conditional headers could bring back a 304 with no body.
  const asset = await env.ASSETS.fetch(new Request(url.origin + url.pathname, { method: request.method }));
  if (asset.status !== 200) return asset;
  if (request.method === "HEAD") return formNoStore(asset);
  return formNoStore(formStamped(new HTMLRewriter(), Date.now(), crypto.randomUUID()).transform(asset));
}

function formStamped(rewriter, started, key) {
  return rewriter
    .on('form[data-form] input[name="_started"]', { element(input) { input.setAttribute("value", String(started)); } })
    .on('form[data-form] input[name="_key"]', { element(input) { input.setAttribute("value", key); } });
}

function formNoStore(response) {
  const out = new Response(response.body, response);
  out.headers.set("Cache-Control", FORM_NO_STORE);
  // The bytes are this response's own: no validator of the asset's applies.
  out.headers.delete("ETag");
  out.headers.delete("Last-Modified");
  return out;
}

// Anything sent to /_segsite/forms/<id>.
async function handleFormRequest(request, env, id) {
  const form = formNamed(id);
  if (!form) return formPlain(404, "Not Found");
  if (request.method !== "POST") {
    const refused = formPlain(405, "Method Not Allowed");
    refused.headers.set("Allow", "POST");
    return refused;
  }
  const type = formMediaType(request.headers.get("Content-Type"));
  if (FORM_TYPES.indexOf(type) < 0) return formRefused(415, form, request);
  const limit = (SEGSITE.formLimits && SEGSITE.formLimits.maxBytes) || FORM_MAX_BYTES;
  const length = request.headers.get("Content-Length");
  if (length !== null && !(Number(length) <= limit)) return formRefused(413, form, request);
  const bytes = await formReadCapped(request.body, limit);
  if (bytes === null) return formRefused(413, form, request);
  const submitted = await formParse(bytes, request.headers.get("Content-Type"), type);
  if (submitted === null) return formPlain(400, "Bad Request");
  return handleFormPost(request, env, id, form, submitted);
}

// A decided submission: spam, a lead, or the form again with its problems.
async function handleFormPost(request, env, id, form, submitted) {
  const lang = formLanguage(form, submitted.get("lang"));
  const thanks = formRedirect(form.pages[lang].thanks);
  // Spam gets the thank-you page too: a bot learns nothing from the answer.
  if (formIsSpam(form, submitted)) return thanks;
  // Turnstile before the fields, as a bot's post is no lead whatever it holds.
  const human = form.turnstile === true ? await formTurnstile(request, env, id, submitted) : { problems: [] };
  if (human.refused) return human.refused;
  const checked = formCheck(form, submitted);
  // The widget sits after the fields: its problem is listed last.
  const problems = checked.problems.concat(human.problems);
  if (problems.length) return formProblemsPage(request, env, id, form, lang, submitted, problems);
  if (!env.LEADS) {
    console.error("segsite forms: no D1 binding named LEADS: the lead of form " + id + " was not stored");
    return formPlain(503, "Service Unavailable");
  }
  const key = await formKey(id, submitted.get("_key"), checked.values);
  try {
    await formStore(env.LEADS, id, key, lang, formAttribution(submitted), checked.values);
  } catch (error) {
    console.error("segsite forms: storing a lead of form " + id + " failed:", error);
    return formPlain(503, "Service Unavailable");
  }
  return thanks;
}

function formMediaType(header) {
  return String(header || "").split(";")[0].trim().toLowerCase();
}

// The body, or null once it passes max bytes: read chunk by chunk, so a body
// without a length cannot make the Worker buffer more than max.
async function formReadCapped(stream, max) {
  if (!stream) return new Uint8Array(0);
  const reader = stream.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

// name -> the first text value (files and repeated names are ignored), or
// null for a body that is not what its type says.
async function formParse(bytes, contentType, type) {
  let entries;
  if (type === "multipart/form-data") {
    try {
      // The runtime's own multipart parser, on the bytes already read.
      const headers = { "Content-Type": contentType };
      entries = await new Request("http://form.invalid/", { method: "POST", headers: headers, body: bytes }).formData();
    } catch (error) {
      return null;
    }
  } else {
    entries = new URLSearchParams(new TextDecoder().decode(bytes));
  }
  const values = new Map();
  for (const [name, value] of entries) {
    if (typeof value === "string" && !values.has(name)) values.set(name, value);
  }
  return values;
}

// The submission's language when the form has a page in it, else the site's
// first (else the form's first).
function formLanguage(form, wanted) {
  if (typeof wanted === "string" && Object.hasOwn(form.pages, wanted)) return wanted;
  const first = SEGSITE.languages[0];
  return Object.hasOwn(form.pages, first) ? first : Object.keys(form.pages)[0];
}

// Before the body is read, the page the visitor came from names the language.
function formRefererLanguage(form, request) {
  let lang = null;
  try {
    lang = new URL(request.headers.get("Referer")).pathname.split("/")[1];
  } catch (error) { /* no Referer */ }
  return formLanguage(form, SEGSITE.languages.indexOf(lang) >= 0 ? lang : null);
}

// The honeypot (a field people do not see) filled, or the page submitted
// sooner than minSeconds after the Worker sent it, or never sent by it.
function formIsSpam(form, submitted) {
  if ((submitted.get("website") || "").trim() !== "") return true;
  const started = (submitted.get("_started") || "").trim();
  if (!/^[0-9]{1,16}$/.test(started)) return true;
  return Date.now() - Number(started) < (form.minSeconds || 0) * 1000;
}

// {values: {name: stored value} of the form's own fields and consent,
// problems: [{name, code}] in the page's order}. Fields the form does not
// define are never read.
function formCheck(form, submitted) {
  const values = {};
  const problems = [];
  for (const field of form.fields) {
    const raw = submitted.has(field.name) ? submitted.get(field.name) : "";
    const result = formCheckField(field, raw.trim());
    if (result.code) problems.push({ name: field.name, code: result.code });
    else values[field.name] = result.value;
  }
  if ((submitted.get("consent") || "").trim() === "yes") values.consent = "yes";
  else problems.push({ name: "consent", code: "consent" });
  return { values: values, problems: problems };
}

// {value} to store, or {code} naming the message of the problem.
function formCheckField(field, value) {
  const control = field.type === "textarea" ? FORM_CONTROL_TEXT : FORM_CONTROL;
  if (control.test(value)) return { code: field.type === "email" || field.type === "tel" ? field.type : "invalid" };
  if (value === "") return field.required ? { code: "required" } : { value: "" };
  // A choice is right or not, whatever its length; a ticked box is "yes"
  // ("on" from a box without a value).
  if (field.type === "select") return (field.options || []).indexOf(value) >= 0 ? { value: value } : { code: "option" };
  if (field.type === "checkbox") return value === "yes" || value === "on" ? { value: "yes" } : { code: "option" };
  // Characters, not UTF-16 units: a browser's maxlength lets no more through.
  if (Array.from(value).length > field.max) return { code: "max" };
  if (field.type === "email") return value.length <= 254 && FORM_EMAIL.test(value) ? { value: value } : { code: "email" };
  if (field.type === "tel") return formTel(value);
  return { value: value };
}

// A phone number as people type it, with Persian or Arabic-Indic digits too;
// stored as ASCII digits, keeping a leading +.
function formTel(value) {
  const ascii = value.replace(/[\u06f0-\u06f9]/g, function (d) { return String(d.charCodeAt(0) - 0x06f0); })
    .replace(/[\u0660-\u0669]/g, function (d) { return String(d.charCodeAt(0) - 0x0660); });
  const digits = ascii.replace(/[^0-9]/g, "");
  if (!FORM_TEL.test(ascii) || digits.length < 6 || digits.length > 15) return { code: "tel" };
  return { value: (ascii.charAt(0) === "+" ? "+" : "") + digits };
}

// The hidden attribution fields, each checked, "" when it fails.
function formAttribution(submitted) {
  const out = {};
  for (const name of Object.keys(FORM_ATTRIBUTION)) {
    const value = (submitted.get(name) || "").trim();
    out[name] = FORM_ATTRIBUTION[name](value) ? value : "";
  }
  return out;
}

// The page's key when it looks like one (the Worker stamps a UUID), else a
// hash of what was sent: a resubmit of the same lead still stores once.
async function formKey(id, given, values) {
  if (typeof given === "string" && FORM_KEY.test(given)) return given;
  const text = new TextEncoder().encode(id + "\n" + JSON.stringify(values));
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", text));
  return Array.from(digest, function (b) { return b.toString(16).padStart(2, "0"); }).join("");
}

// One row per key: a second insert with the same key does nothing.
function formStore(db, id, key, lang, attribution, values) {
  const columns = ["form", "idempotency_key", "received_at", "lang", "segment", "rule", "page"]
    .concat(FORM_UTM, ["experiments", "fields"]);
  const row = [id, key, new Date().toISOString(), lang, attribution.segment, attribution.rule, attribution.page]
    .concat(FORM_UTM.map(function (name) { return attribution[name]; }), [attribution.experiments, JSON.stringify(values)]);
  const sql = "INSERT INTO segsite_leads (" + columns.join(", ") + ") VALUES (" +
    columns.map(function () { return "?"; }).join(", ") + ") ON CONFLICT(idempotency_key) DO NOTHING";
  return db.prepare(sql).bind(...row).run();
}

function formRedirect(location) {
  return new Response(null, { status: 303, headers: { Location: location, "Cache-Control": FORM_NO_STORE } });
}

function formPlain(status, text) {
  return new Response(text + "\n", {
    status: status,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": FORM_NO_STORE },
  });
}
