// 「サプライチェーン上の所見」 beside a filing in the review page: 上組 files the demo's complete
// plan (its systems are the demo's NUTS and sample TOS, sample data), the MLIT reviewer opens it
// and sees the findings with their severity, why, citations and the stale sample feeds; another
// operator can neither open the filing nor fetch its findings. Japanese and English.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { APIRequestContext } from "@playwright/test";
import { expect, PASSWORD, signIn, test } from "./helpers";
import { root } from "./server";

async function token(request: APIRequestContext, user: string): Promise<string> {
  const r = await request.post("/api/v1/auth/login", { data: { user, password: PASSWORD } });
  expect(r.status()).toBe(200);
  return (await r.json()).token as string;
}

test("a reviewer sees the supply chain findings beside the filing; another operator cannot fetch them", async ({ page, request }, info) => {
  const staff = await token(request, "kamigumi");
  const body = JSON.parse(readFileSync(join(root, "tests", "golden", "api", "filing-complete.json"), "utf8"));
  const created = await request.post("/api/v1/filings", { data: body, headers: { Authorization: `Bearer ${staff}` } });
  expect(created.status()).toBe(201);
  const id = (await created.json()).id as string;

  await signIn(page, "mlit", `/filings/${id}`);
  const panel = page.getByTestId("supply-findings");
  await expect(panel.getByRole("heading", { name: "サプライチェーン上の所見" })).toBeVisible();
  const vuln = panel.locator('li[data-kind="vulnerability_without_vex"]').first();
  await expect(vuln).toBeVisible();
  await expect(vuln).toContainText("express");
  await expect(vuln.getByTestId("feed-age")).toContainText("古い情報源");
  // The advisory is a link, reachable by keyboard.
  const advisory = vuln.getByRole("link", { name: /GHSA-rv95-896h-c2vc/ });
  await expect(advisory).toHaveAttribute("href", /^https:\/\//);
  await advisory.focus();
  await expect(advisory).toBeFocused();
  // A citation of the law is linked to e-Gov (the shared system rests on 法第50条).
  await expect(panel.locator('li[data-kind="shared_system"] .ref a').first()).toHaveAttribute("href", /^https:\/\/laws\.e-gov\.go\.jp\/law\//);
  await expect(panel.getByTestId("supply-warnings")).toContainText("osv:sample");
  await expect(panel.getByTestId("sample-banner")).toBeVisible();
  await panel.screenshot({ path: info.outputPath("filing-supply-findings.png") });

  await page.getByRole("button", { name: "English" }).click();
  await expect(panel.getByRole("heading", { name: "Supply chain findings" })).toBeVisible();
  await expect(vuln).toContainText("stale feed");

  // Another operator: the filing and its findings do not exist for it.
  const other = await token(request, "nittsu");
  const hidden = await request.get(`/api/v1/filings/${id}/findings`, { headers: { Authorization: `Bearer ${other}` } });
  expect(hidden.status()).toBe(404);
  expect(await hidden.text()).not.toContain("express");
});

test("the concentration of a business on the サプライチェーン page: counts and HHI, the shared system's other users counted for an operator", async ({ page }) => {
  await signIn(page, "mlit", "/supply?business=general_port_transport");
  const c = page.getByTestId("concentration");
  await expect(c.getByTestId("concentration-components").locator("caption")).toContainText("HHI");
  await expect(c.getByTestId("concentration-components")).toContainText("GX-100");
  await expect(c.getByTestId("shared-systems")).toContainText("nuts");
  await expect(c.getByTestId("shared-systems")).toContainText("kamigumi");
  await c.screenshot({ path: test.info().outputPath("supply-concentration.png") });

  await page.goto("/");
  await page.locator(".tools .who button").click();
  await signIn(page, "kamigumi", "/supply?business=general_port_transport");
  const shared = page.getByTestId("shared-systems");
  await expect(shared).toContainText("kamigumi");
  await expect(shared).toContainText("ほか閲覧範囲外 8 者");
  await expect(shared).not.toContainText("nippon-express");
  await expect(page.getByTestId("concentration")).not.toContainText("名港海運");
});
