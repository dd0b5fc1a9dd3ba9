#!/usr/bin/env node
// Writes a gzip copy (level 9) beside each text file of dist/ (js, css, html, json, svg), which
// `kikan serve` answers to clients that accept gzip (src/http/static_files.h). Run after vite build.
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const dist = join(dirname(fileURLToPath(import.meta.url)), "..", "dist");
let files = 0;
let before = 0;
let after = 0;
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== ".vite") walk(path);
    } else if (/\.(js|css|html|json|svg)$/.test(name)) {
      const data = readFileSync(path);
      const gz = gzipSync(data, { level: 9 });
      writeFileSync(`${path}.gz`, gz);
      files += 1;
      before += data.length;
      after += gz.length;
    }
  }
};
walk(dist);
console.log(`compress: ${files} files, ${(before / 1000).toFixed(0)} KB → ${(after / 1000).toFixed(0)} KB gzipped`);
