#!/usr/bin/env node
// Runs a Worker module with a static assets binding (ASSETS) on 127.0.0.1,
// for the tests: node serve-worker.mjs --script W.js --assets DIR [--port N]
// [--country IR] [--d1-persist DIR [--migrations FILE.sql]] [--binding
// NAME=VALUE]... [--turnstile-stub [--turnstile-log FILE]]. Prints "ready
// http://127.0.0.1:PORT [QUERY-URL]" once listening; exits 0 on SIGTERM (miniflare then
// stops workerd).
//
// --d1-persist: a local D1 database bound as LEADS (the lead forms'), kept in
// DIR across runs, as a deployed one outlives the Worker; d1-query.mjs reads
// it back once it has stopped; while it runs, the address printed after the
// Worker's answers queries (serveQueries). --migrations: a migration file applied to it before the ready line,
// as `wrangler d1 migrations apply` does: once, recorded in d1_migrations.
//
// --binding: a plain text binding (a secret such as TURNSTILE_SECRET reads the
// same in the Worker). --turnstile-stub: the Worker's outbound fetch answered
// here, as nothing may reach the internet: Cloudflare Turnstile's siteverify
// answered as documented (success only for the secret "test-secret" with the
// token "pass-token"; the token "stub-unavailable" gets a 503, as when
// Cloudflare is down), every other request a 502. --turnstile-log: each
// siteverify call's form fields, one JSON line each, appended to FILE.
import { appendFileSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import http from "node:http";
import path from "node:path";
import { Miniflare, Log, LogLevel, Response } from "miniflare";

const { values: args } = parseArgs({
  options: {
    script: { type: "string" },
    assets: { type: "string" },
    port: { type: "string", default: "0" },
    country: { type: "string", default: "AE" },
    "d1-persist": { type: "string" },
    migrations: { type: "string" },
    binding: { type: "string", multiple: true, default: [] },
    "turnstile-stub": { type: "boolean", default: false },
    "turnstile-log": { type: "string" },
  },
});
const bindings = textBindings(args.binding);
if (
  !args.script ||
  !args.assets ||
  (args.migrations && !args["d1-persist"]) ||
  (args["turnstile-log"] && !args["turnstile-stub"]) ||
  bindings === null
) {
  console.error(
    "usage: serve-worker.mjs --script WORKER.js --assets DIR [--port N] [--country CC]" +
      " [--d1-persist DIR [--migrations FILE.sql]] [--binding NAME=VALUE]..." +
      " [--turnstile-stub [--turnstile-log FILE]]",
  );
  process.exit(2);
}
// The database's id names its file under the persist folder: d1-query.mjs
// uses the same one.
const LEADS_DATABASE = "segsite-leads";

// Miniflare logs to stdout; stdout is for the ready line only.
class StderrLog extends Log {
  log(message) {
    process.stderr.write(message + "\n");
  }
}

const miniflare = new Miniflare({
  host: "127.0.0.1",
  port: Number(args.port),
  modules: true,
  scriptPath: path.resolve(args.script),
  // Module names are paths under this root: a script outside the working
  // folder must not be named with "..".
  modulesRoot: path.dirname(path.resolve(args.script)),
  compatibilityDate: "2025-01-01",
  // request.cf for every request; a test overrides it per request with the
  // header MF-CF-Blob: {"country": "IR"}. Given, so nothing is fetched.
  cf: { country: args.country, colo: "DXB", continent: "AS" },
  log: new StderrLog(LogLevel.WARN),
  assets: {
    directory: path.resolve(args.assets),
    binding: "ASSETS",
    assetConfig: { html_handling: "auto-trailing-slash", not_found_handling: "none" },
    // The Worker sees every request first (run_worker_first), as deployed.
    routerConfig: { has_user_worker: true, invoke_user_worker_ahead_of_assets: true },
  },
  ...(args["d1-persist"]
    ? { d1Databases: { LEADS: LEADS_DATABASE }, d1Persist: path.resolve(args["d1-persist"]) }
    : {}),
  bindings: bindings,
  ...(args["turnstile-stub"] ? { outboundService: stubOutbound } : {}),
});
for (const signal of ["SIGTERM", "SIGINT"]) process.prependListener(signal, () => process.exit(0));
try {
  const url = await miniflare.ready;
  if (args.migrations) await applyMigration(await miniflare.getD1Database("LEADS"), args.migrations);
  const query = args["d1-persist"] ? " " + (await serveQueries(await miniflare.getD1Database("LEADS"))) : "";
  process.stdout.write(`ready ${url.origin}${query}\n`);
} catch (error) {
  console.error("the Worker did not start:", (error && error.stack) || error);
  process.exit(1);
}

// {NAME: VALUE} of the --binding arguments, or null when one has no name.
function textBindings(pairs) {
  const out = {};
  for (const pair of pairs) {
    const at = pair.indexOf("=");
    if (at < 1) return null;
    out[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return out;
}

const SITEVERIFY = "https://challenges.cloudflare.com/turnstile/v0/siteverify";

// The Worker's outbound requests under --turnstile-stub.
async function stubOutbound(request) {
  if (request.url !== SITEVERIFY) return new Response("no outbound request but siteverify\n", { status: 502 });
  if (request.method !== "POST") return new Response("Method Not Allowed\n", { status: 405 });
  const type = request.headers.get("Content-Type") || "";
  const fields = Object.fromEntries(new URLSearchParams(await request.text()));
  if (args["turnstile-log"]) appendFileSync(args["turnstile-log"], JSON.stringify({ contentType: type, ...fields }) + "\n");
  if (fields.response === "stub-unavailable") return new Response("Service Unavailable\n", { status: 503 });
  return Response.json(siteverifyAnswer(type, fields));
}

// What siteverify answers (Cloudflare's documented fields and error codes).
function siteverifyAnswer(type, fields) {
  const codes = [];
  if (!type.startsWith("application/x-www-form-urlencoded")) codes.push("bad-request");
  else if (!fields.secret) codes.push("missing-input-secret");
  else if (fields.secret !== "test-secret") codes.push("invalid-input-secret");
  if (!fields.response) codes.push("missing-input-response");
  else if (fields.response !== "pass-token") codes.push("invalid-input-response");
  if (codes.length) return { success: false, "error-codes": codes, messages: [] };
  const passed = { challenge_ts: new Date().toISOString(), hostname: "127.0.0.1", action: "", cdata: "" };
  return { success: true, "error-codes": [], ...passed, metadata: { interactive: false } };
}

// What `wrangler d1 migrations apply` does with one file: skip it when
// d1_migrations names it, else run its statements and record it, in one
// batch (one transaction).
async function applyMigration(db, file) {
  const name = path.basename(file);
  await db.exec(
    "CREATE TABLE IF NOT EXISTS d1_migrations(id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE," +
      " applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL);",
  );
  const done = await db.prepare("SELECT 1 FROM d1_migrations WHERE name = ?").bind(name).first();
  if (done) return;
  const statements = sqlStatements(readFileSync(file, "utf8")).map((sql) => db.prepare(sql));
  statements.push(db.prepare("INSERT INTO d1_migrations (name) VALUES (?)").bind(name));
  await db.batch(statements);
}

// A file's statements, split at the semicolons outside quotes and comments
// (D1 prepares one statement at a time).
function sqlStatements(text) {
  const statements = [];
  let current = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "-" && text[i + 1] === "-") {
      const end = text.indexOf("\n", i);
      i = end < 0 ? text.length : end;
      current += "\n";
    } else if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      i = end < 0 ? text.length : end + 1;
      current += " ";
    } else if (c === "'" || c === '"' || c === "`") {
      const end = text.indexOf(c, i + 1); // a doubled quote reads as two strings: the same text
      const stop = end < 0 ? text.length : end + 1;
      current += text.slice(i, stop);
      i = stop - 1;
    } else if (c === ";") {
      if (current.trim()) statements.push(current.trim());
      current = "";
    } else {
      current += c;
    }
  }
  if (current.trim()) statements.push(current.trim());
  return statements;
}

// Reading the database back while this Worker runs: a second Miniflare on
// the same file (d1-query.mjs) would start a runtime per read and meet
// this one's lock on it. POST one SQL statement to the address this prints
// after the Worker's; the rows come back as a JSON array. 127.0.0.1 only.
async function serveQueries(db) {
  const server = http.createServer(async (request, response) => {
    let sql = "";
    for await (const chunk of request) sql += chunk;
    try {
      const { results } = await db.prepare(sql).all();
      response.writeHead(200, { "Content-Type": "application/json" });
      response.end(JSON.stringify(results));
    } catch (error) {
      response.writeHead(500, { "Content-Type": "text/plain" });
      response.end(String((error && error.stack) || error));
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return "http://127.0.0.1:" + server.address().port;
}
