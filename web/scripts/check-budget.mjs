#!/usr/bin/env node
// The JavaScript budget (README "Web UI"): the first page a visitor opens loads at most 250 KB of
// gzipped JavaScript. Any page can be the first one (links are shared), so each is checked: reads
// Vite's manifest in dist/.vite, and for each page module computes what opening that page loads
// — the entry chunk, the page's chunk and everything they import statically, each gzipped
// (level 9) — and fails (exit 1) when one exceeds the budget. ECharts is part of the criteria
// lab's page only; the map data is a chunk of its own, loaded when the map is drawn.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const dist = join(dirname(fileURLToPath(import.meta.url)), "..", "dist");
const BUDGET = 250 * 1000; // bytes of gzipped JavaScript, first page

const manifest = JSON.parse(readFileSync(join(dist, ".vite", "manifest.json"), "utf8"));
const gz = new Map();
const size = (file) => {
  if (!gz.has(file)) gz.set(file, gzipSync(readFileSync(join(dist, file)), { level: 9 }).length);
  return gz.get(file);
};
// Every JS file `key` loads before it runs (itself and its static imports, transitively).
const closure = (key, out = new Set()) => {
  const chunk = manifest[key];
  if (!chunk || out.has(chunk.file)) return out;
  out.add(chunk.file);
  for (const imp of chunk.imports ?? []) closure(imp, out);
  return out;
};

const entry = Object.keys(manifest).find((k) => manifest[k].isEntry);
if (!entry) {
  console.error("check-budget: no entry in dist/.vite/manifest.json (run vite build first)");
  process.exit(1);
}
const pages = Object.keys(manifest).filter((k) => /src\/pages\/[a-z]+\.tsx$/.test(k));
if (pages.length === 0) {
  console.error("check-budget: no page chunks found in the manifest");
  process.exit(1);
}
let failed = false;
console.log("JavaScript loaded by each page as the first page (gzip -9):");
for (const page of pages.sort()) {
  const files = closure(page, closure(entry));
  const bytes = [...files].filter((f) => f.endsWith(".js")).reduce((n, f) => n + size(f), 0);
  const limit = BUDGET;
  const ok = bytes <= limit;
  failed ||= !ok;
  console.log(
    `  ${ok ? "ok  " : "OVER"} ${page.replace(/^src\/pages\//, "").padEnd(14)} ${(bytes / 1000).toFixed(1).padStart(7)} KB  (limit ${limit / 1000} KB)`,
  );
}
if (failed) {
  console.error("check-budget: a page exceeds its JavaScript budget");
  process.exit(1);
}
