// segsite lead forms (deferred, on form pages only). Before the form leaves
// the page it makes the checks the server makes again (runtime/forms.js):
// each problem is written beside its field (aria-invalid, aria-describedby)
// and in a summary that links to it, and focus moves to the summary. It
// fills the hidden fields the server stores with the lead: the visit's
// segment, rule, landing page, utm tags and experiment arms (from the CTA
// that opened the form, else this page), the page-load time (the spam time
// trap) and a key that makes a resubmit of this form a no-op. Without it the
// form still posts; the Worker stamps the time and key itself.
(function (doc, win) {
  var form = doc.querySelector("form[data-form]");
  if (!form) return;
  var s = win.segsite || {},
    fields = form.querySelectorAll("[aria-describedby]"),
    summary = form.querySelector("[data-error-summary]"),
    list = summary.querySelector("[data-error-list]"),
    lead = {};
  try {
    lead = JSON.parse(sessionStorage.getItem("segsite:lead")) || {};
  } catch (e) {}
  var query = new URLSearchParams(lead.query || location.search),
    arms = lead.experiments || s.experiments || {},
    pairs = [];
  for (var id in arms) pairs.push(id + "=" + arms[id]);
  function fill(name, value) {
    var input = form.elements[name];
    if (input && !input.value && value) input.value = value;
  }
  fill("segment", lead.segment || s.segment);
  fill("rule", lead.rule || s.rule);
  fill("page", lead.page || location.pathname);
  fill("experiments", pairs.join(","));
  ["utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content"].forEach(function (name) {
    fill(name, query.get(name));
  });
  fill("_started", String(Date.now()));
  fill("_key", crypto.randomUUID ? crypto.randomUUID() : String(Math.random()).slice(2) + Date.now());

  function message(kind, field) {
    return form.getAttribute("data-msg-" + kind)
      .replace("{label}", field.getAttribute("data-label"))
      .replace("{max}", field.getAttribute("data-max-text"));
  }
  // The same rules as the server's: Persian and Arabic digits count as digits.
  function problem(field) {
    var value = field.type == "checkbox" ? (field.checked ? "yes" : "") : field.value.trim();
    if (field.name == "consent") return value ? "" : message("consent", field);
    if (!value) return field.required ? message("required", field) : "";
    if (field.maxLength > 0 && value.length > field.maxLength) return message("max", field);
    if (field.type == "email" && !/^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:"]+$/.test(value)) {
      return message("email", field);
    }
    if (field.type == "tel") {
      var digits = value.replace(/[\u06f0-\u06f9\u0660-\u0669]/g, function (d) {
        return String(d.charCodeAt(0) & 15);
      });
      if (!/^\+?[0-9 ().-]+$/.test(digits) || !/^([^0-9]*[0-9]){6,15}[^0-9]*$/.test(digits)) {
        return message("tel", field);
      }
    }
    return "";
  }
  form.noValidate = true; // these messages, in the page's language, not the browser's
  form.addEventListener("submit", function (event) {
    list.textContent = "";
    [].forEach.call(fields, function (field) {
      var text = problem(field),
        error = form.querySelector('[data-error-for="' + field.name + '"]');
      error.textContent = text;
      error.hidden = !text;
      if (!text) return field.removeAttribute("aria-invalid");
      field.setAttribute("aria-invalid", "true");
      var item = doc.createElement("li"),
        link = doc.createElement("a");
      link.href = "#" + field.id;
      link.textContent = text;
      item.appendChild(link);
      list.appendChild(item);
    });
    summary.hidden = !list.firstChild;
    if (list.firstChild) {
      event.preventDefault();
      summary.focus();
    } else if (s.send) {
      s.send("segsite:conversion", { cta: "form", channel: "form", form: form.getAttribute("data-form") }, true);
    }
  });
  // A summary link puts the keyboard in its field, not only the view.
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a");
    if (!link) return;
    event.preventDefault();
    doc.getElementById(link.getAttribute("href").slice(1)).focus();
  });
})(document, window);
