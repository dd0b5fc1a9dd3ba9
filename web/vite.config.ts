// Vite builds web/ into web/dist, which `kikan serve` serves at / (docs/web.md). Preact's JSX
// through Vite's own transform; no plugin. The charts (ECharts) and the map data are imported
// dynamically by the pages that draw them, so they are chunks of their own and the first page
// stays within the JavaScript budget (scripts/check-budget.mjs).
import { defineConfig } from "vite";

export default defineConfig({
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    target: "es2022",
    sourcemap: false,
    manifest: true,
    chunkSizeWarningLimit: 1200,
  },
  server: {
    proxy: { "/api": process.env.KIKAN_API ?? "http://127.0.0.1:8080" },
  },
});
