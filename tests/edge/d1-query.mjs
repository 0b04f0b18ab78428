#!/usr/bin/env node
// Reads the lead forms' local D1 database back, for the tests: node
// d1-query.mjs --d1-persist DIR --sql "SELECT ..." prints the rows as a JSON
// array. DIR is the folder serve-worker.mjs --d1-persist kept it in; a fresh
// Miniflare opens the same file, as a deployed database outlives its Worker.
import { parseArgs } from "node:util";
import path from "node:path";
import { Miniflare } from "miniflare";

const { values: args } = parseArgs({
  options: { "d1-persist": { type: "string" }, sql: { type: "string" } },
});
if (!args["d1-persist"] || !args.sql) {
  console.error('usage: d1-query.mjs --d1-persist DIR --sql "SELECT ..."');
  process.exit(2);
}
// serve-worker.mjs's id: it names the database's file under DIR.
const LEADS_DATABASE = "segsite-leads";

const miniflare = new Miniflare({
  modules: true,
  host: "127.0.0.1",
  port: 0,
  script: "export default { fetch() { return new Response(null, { status: 404 }); } };",
  compatibilityDate: "2025-01-01",
  d1Databases: { LEADS: LEADS_DATABASE },
  d1Persist: path.resolve(args["d1-persist"]),
});
try {
  const db = await miniflare.getD1Database("LEADS");
  const { results } = await db.prepare(args.sql).all();
  process.stdout.write(JSON.stringify(results));
} finally {
  await miniflare.dispose();
}
