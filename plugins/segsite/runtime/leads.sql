-- segsite lead forms: the D1 table the Worker (_worker.js, forms.js) stores
-- each lead in, one row per submission (binding LEADS). make publish copies
-- this file to output/_migrations/0001_segsite_leads.sql; apply it before
-- the first lead arrives, with migrations_dir = "<output>/_migrations" under
-- the [[d1_databases]] entry of wrangler.toml:
--   wrangler d1 migrations apply <database>            (add --local to try it)
-- It only creates what is missing, so applying it again changes nothing.
--
-- fields: a JSON object of the form's own fields (as checked and normalized:
-- phone numbers in ASCII digits, checkboxes "yes" or "") and consent.
-- idempotency_key: the form page's _key (or a hash of what was sent), unique,
-- so a resubmit of the same page stores nothing twice. received_at: ISO 8601
-- in UTC. The attribution columns hold "" when the page sent nothing usable.
CREATE TABLE IF NOT EXISTS segsite_leads (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  form TEXT NOT NULL,
  idempotency_key TEXT NOT NULL UNIQUE,
  received_at TEXT NOT NULL,
  lang TEXT NOT NULL,
  segment TEXT,
  rule TEXT,
  page TEXT,
  utm_source TEXT,
  utm_medium TEXT,
  utm_campaign TEXT,
  utm_term TEXT,
  utm_content TEXT,
  experiments TEXT,
  fields TEXT NOT NULL
);

-- One form's leads by date (a listing, an export).
CREATE INDEX IF NOT EXISTS segsite_leads_form_received
  ON segsite_leads (form, received_at);
