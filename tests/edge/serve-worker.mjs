#!/usr/bin/env node
// Runs a Worker module with a static assets binding (ASSETS) on 127.0.0.1,
// for the tests: node serve-worker.mjs --script W.js --assets DIR [--port N]
// [--country IR]. Prints "ready http://127.0.0.1:PORT" once listening; exits
// 0 on SIGTERM (miniflare then stops workerd).
import { parseArgs } from "node:util";
import path from "node:path";
import { Miniflare, Log, LogLevel } from "miniflare";

const { values: args } = parseArgs({
  options: {
    script: { type: "string" },
    assets: { type: "string" },
    port: { type: "string", default: "0" },
    country: { type: "string", default: "AE" },
  },
});
if (!args.script || !args.assets) {
  console.error("usage: serve-worker.mjs --script WORKER.js --assets DIR [--port N] [--country CC]");
  process.exit(2);
}

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
});
for (const signal of ["SIGTERM", "SIGINT"]) process.prependListener(signal, () => process.exit(0));
try {
  const url = await miniflare.ready;
  process.stdout.write(`ready ${url.origin}\n`);
} catch (error) {
  console.error("the Worker did not start:", (error && error.stack) || error);
  process.exit(1);
}
