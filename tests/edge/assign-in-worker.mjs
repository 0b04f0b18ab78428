#!/usr/bin/env node
// Runs a Worker module's assignArm in workerd (miniflare) for the assignment
// table: stdin {script, cases: [{experiment, device}]}, stdout the arms.
// The module is the generated _worker.js with its fetch handler replaced by
// one that answers the cases (the function under test is the module's own).
import { readFileSync } from "node:fs";
import { Miniflare } from "miniflare";

const input = JSON.parse(readFileSync(0, "utf8"));
const handler = `
export default {
  async fetch(request) {
    const cases = await request.json();
    return Response.json(cases.map((c) => assignArm(c.experiment, c.device)));
  },
};`;
const script = input.script.replace("export default {", "const generatedHandler = {") + handler;
const miniflare = new Miniflare({ modules: true, script, compatibilityDate: "2025-01-01" });
try {
  const response = await miniflare.dispatchFetch("http://127.0.0.1/", {
    method: "POST",
    body: JSON.stringify(input.cases),
  });
  process.stdout.write(await response.text());
} finally {
  await miniflare.dispose();
}
