// Lead forms, what the Worker answers a submission it does not store: the
// form page again with each problem named (400), and the short pages of a
// body it does not read (413, 415). edge.py puts this file after forms.js.

// 413 (too large) or 415 (not a form's body): a short page in the language of the page the visitor came
// from (the body, with its lang field, is not read).
function formRefused(status, form, request) {
  const lang = formRefererLanguage(form, request);
  const messages = form.messages[lang] || {};
  const body = "<!doctype html>\n<html lang=\"" + formEscape(lang) + "\" dir=\"auto\"><head><meta charset=\"utf-8\">" +
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" + formEscape(messages.title || "") +
    "</title></head><body><h1>" + formEscape(messages.title || "") + "</h1><p>" +
    formEscape((status === 413 ? messages.tooLarge : messages.unreadable) || "") +
    "</p><p><a href=\"" + formEscape(form.pages[lang].form) + "\">" + formEscape(form.pages[lang].form) + "</a></p></body></html>\n";
  return new Response(body, {
    status: status,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": FORM_NO_STORE },
  });
}

// A problem's message in the page's language; {label} and {max} filled.
function formMessage(form, lang, problem) {
  const messages = form.messages[lang] || {};
  const field = form.fields.find(function (f) { return f.name === problem.name; });
  // Consent has a label of its own; Turnstile's problem has none.
  const labels = field ? field.label : problem.name === "consent" ? form.consent.label : null;
  const label = (labels && (labels[lang] || labels[SEGSITE.languages[0]])) || problem.name;
  // Without a message for the problem (a build older than this file), the
  // label alone names the field.
  const template = messages[problem.code] || "{label}";
  return template.replace(/\{(label|max)\}/g, function (whole, name) {
    return name === "label" ? label : String(field ? field.max : "");
  });
}

// The form page again, status 400: the summary listing each problem (a link
// to its field), each field's message beside it, and what the visitor typed,
// so only what is wrong needs fixing.
async function formProblemsPage(request, env, id, form, lang, submitted, problems) {
  const url = new URL(request.url);
  const asset = await env.ASSETS.fetch(new Request(url.origin + form.pages[lang].form));
  const messages = {};
  for (const problem of problems) messages[problem.name] = formMessage(form, lang, problem);
  const list = problems.map(function (p) {
    return "<li><a href=\"#" + formEscape(id + "-" + p.name) + "\">" + formEscape(messages[p.name]) + "</a></li>";
  }).join("");
  const headers = { "Content-Type": "text/html; charset=utf-8", "Cache-Control": FORM_NO_STORE };
  if (asset.status !== 200) {
    // No page to show the problems in: the list alone.
    return new Response("<!doctype html>\n<meta charset=\"utf-8\"><ul>" + list + "</ul>\n", { status: 400, headers: headers });
  }
  const rewriter = formRefilled(new HTMLRewriter(), id, form, submitted, messages, list);
  // The time the page was first sent stays (it passed the trap; a quick fix
  // must not look like a bot), and so does its key, still unused.
  const key = submitted.get("_key");
  const stamp = FORM_KEY.test(key || "") ? key : crypto.randomUUID();
  const page = formStamped(rewriter, submitted.get("_started").trim(), stamp).transform(asset);
  return new Response(page.body, { status: 400, headers: headers });
}

// The rewriter that shows the problems and puts the submitted values back.
function formRefilled(rewriter, id, form, submitted, messages, list) {
  const own = new Set(form.fields.map(function (f) { return f.name; }).concat(["consent"]));
  const attribution = formAttribution(submitted);
  const value = function (name) { return (submitted.get(name) || "").trim(); };
  const flag = function (control, name) {
    if (!Object.hasOwn(messages, name)) return;
    control.setAttribute("aria-invalid", "true");
    const error = id + "-" + name + "-error"; // the field's [data-error-for]
    const described = (control.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
    if (described.indexOf(error) < 0) control.setAttribute("aria-describedby", described.concat([error]).join(" "));
  };
  let select = null; // the name of the select being read
  return rewriter
    .on("form[data-form] [data-error-summary]", { element(summary) { summary.removeAttribute("hidden"); } })
    .on("form[data-form] [data-error-list]", { element(ul) { ul.setInnerContent(list, { html: true }); } })
    .on("form[data-form] [data-error-for]", {
      element(slot) {
        const name = slot.getAttribute("data-error-for");
        if (!Object.hasOwn(messages, name)) return;
        slot.setInnerContent(messages[name]); // text: escaped by the rewriter
        slot.removeAttribute("hidden");
      },
    })
    .on("form[data-form] input[name]", {
      element(input) {
        const name = input.getAttribute("name");
        const type = (input.getAttribute("type") || "text").toLowerCase();
        if (type === "hidden" && Object.hasOwn(attribution, name)) input.setAttribute("value", attribution[name]);
        if (!own.has(name)) return;
        flag(input, name);
        if (type === "checkbox") {
          if (value(name) === "yes" || value(name) === "on") input.setAttribute("checked", "");
          else input.removeAttribute("checked");
        } else {
          input.setAttribute("value", value(name));
        }
      },
    })
    .on("form[data-form] textarea[name]", {
      element(area) {
        const name = area.getAttribute("name");
        if (!own.has(name)) return;
        flag(area, name);
        area.setInnerContent(value(name));
      },
    })
    .on("form[data-form] select[name]", {
      element(element) {
        const name = element.getAttribute("name");
        select = own.has(name) ? name : null;
        if (select) flag(element, name);
        element.onEndTag(function () { select = null; });
      },
    })
    .on("form[data-form] select[name] option", {
      element(option) {
        if (select === null) return;
        if (option.getAttribute("value") === value(select)) option.setAttribute("selected", "");
        else option.removeAttribute("selected");
      },
    });
}

// Text for HTML the Worker writes itself (the rewriter escapes its own text).
function formEscape(text) {
  return String(text).replace(/[&<>"']/g, function (c) {
    return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
  });
}
