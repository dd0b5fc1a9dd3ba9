// Browser tests of the web UI: Debian's Chromium (/usr/bin/chromium, headless) driven by
// Playwright, against a real `kikan serve --demo` on a free port with a fresh SQLite database
// (tests/global-setup.ts). Never downloads a browser. Screenshots of each page go to
// test-results/ (the test output folder).
import { defineConfig } from "@playwright/test";

export default defineConfig({
  testDir: "tests",
  outputDir: "test-results",
  globalSetup: "./tests/global-setup.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    browserName: "chromium",
    launchOptions: {
      executablePath: process.env.KIKAN_CHROMIUM ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-background-networking", "--disable-dev-shm-usage"],
    },
    headless: true,
    viewport: { width: 1280, height: 900 },
    locale: "ja-JP",
    timezoneId: "Asia/Tokyo",
    baseURL: process.env.KIKAN_UI_URL,
    acceptDownloads: true,
  },
});
