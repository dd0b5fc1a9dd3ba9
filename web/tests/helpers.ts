// Shared steps of the browser tests.
import { test as base, expect, type Page, type TestInfo } from "@playwright/test";

// Playwright's `test` whose page fails the test on any uncaught script error in the page.
export const test = base.extend({
  page: async ({ page }, use) => {
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.stack ?? e.message));
    await use(page);
    expect(errors, "uncaught errors in the page").toEqual([]);
  },
});
export { expect };

export const PASSWORD = "kikan-demo";

export async function signIn(page: Page, user: string, next = "/filings"): Promise<void> {
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await page.locator('input[name="user"]').fill(user);
  await page.locator('input[name="password"]').fill(PASSWORD);
  await page.locator('form button[type="submit"]').click();
  await page.waitForURL((u) => u.pathname === next.split("?")[0]);
  await expect(page.locator(".tools .user")).toBeVisible();
}

export async function signOut(page: Page): Promise<void> {
  await page.locator(".tools .who button").click();
  await expect(page.locator('.tools a.button[href^="/login"]')).toBeVisible();
}

export async function shot(page: Page, info: TestInfo, name: string): Promise<void> {
  await page.screenshot({ path: info.outputPath(`${name}.png`), fullPage: true });
}

// Today in Japan as YYYY-MM-DD (the server's "today").
export function todayJst(offsetDays = 0): string {
  return new Date(Date.now() + 9 * 3600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

// Requests that would leave the machine: anything not to the server under test.
export function watchExternal(page: Page, base: string): string[] {
  const origin = new URL(base).origin;
  const external: string[] = [];
  page.on("request", (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith("data:") && !u.startsWith("blob:")) external.push(u);
  });
  return external;
}
