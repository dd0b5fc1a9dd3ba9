// A plan's whole path through the UI: the operator prepares an installation plan (every missing
// item marked at its field before submission) and submits it; the reviewer finds it in the queue,
// receives it and sees its statutory deadline, recommends a change; the operator answers. Another
// company's staff cannot reach it, from the list or by typing its URL. Then the audit record.
import type { Page } from "@playwright/test";
import { expect, shot, signIn, signOut, test, todayJst } from "./helpers";

test.describe.configure({ mode: "serial" });

let filingUrl = "";

const field = (page: Page, ptr: string) => page.locator(`[data-pointer="${ptr}"]`);
const state = (page: Page) => page.getByTestId("filing-state").first();

async function addTo(page: Page, listPtr: string): Promise<void> {
  await page.locator(`.list[data-pointer="${listPtr}"] > button`).last().click();
}

test("an operator prepares a plan, sees what is missing at each field, and submits it", async ({ page }, info) => {
  await signIn(page, "kamigumi");
  await page.getByRole("button", { name: "作成" }).click();
  await page.waitForURL(/\/filings\/f-[0-9a-f]+$/);
  filingUrl = new URL(page.url()).pathname;
  await expect(state(page)).toHaveAttribute("data-state", "draft");

  // Before anything is filled in, every required item is listed and marked at its field.
  const missing = page.getByTestId("missing-count");
  await expect(missing).toBeVisible();
  await expect(field(page, "/equipment/name")).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator('[data-pointer-ref="/equipment/name"]')).toBeVisible();
  await shot(page, info, "filing-draft");

  // Clicking a finding takes the keyboard to its field.
  await page.locator('[data-pointer-ref="/equipment/purpose"] a').click();
  await expect(field(page, "/equipment/purpose")).toBeFocused();

  await field(page, "/equipment/name").fill("ターミナルオペレーションシステム（UIテスト・例示）");
  await field(page, "/equipment/purpose").fill("本船荷役計画・ヤード計画・コンテナ位置管理（例示）");
  await field(page, "/equipment/location").fill("神戸港 ポートアイランド（例示）");
  await field(page, "/equipment/definition").selectOption("tos");
  for (const box of await field(page, "/equipment/functions").locator('input[type="checkbox"]').all()) await box.check();
  await field(page, "/installation/description").fill("TOS のサーバ更新（例示）");
  await field(page, "/installation/planned_date").fill("2030-04-01");

  await addTo(page, "/suppliers");
  await field(page, "/suppliers/0/name").fill("架空ターミナルシステムズ株式会社（架空）");
  await field(page, "/suppliers/0/address").fill("東京都千代田区（架空）");
  await field(page, "/suppliers/0/country").fill("JP");
  await field(page, "/suppliers/0/corporate_number").fill("6010001000001");
  await field(page, "/suppliers/0/representative").fill("代表取締役 山田 一郎（架空）");
  await field(page, "/suppliers/0/registered_in_japan").selectOption("yes");
  await addTo(page, "/suppliers/0/officers");
  await field(page, "/suppliers/0/officers/0/name").fill("山田 一郎（架空）");
  await field(page, "/suppliers/0/officers/0/nationality").fill("JP");
  await field(page, "/suppliers/0/foreign_government_dealings/exists").selectOption("no");
  await field(page, "/suppliers/0/past_supply_record").fill("2018年から保守を受託（例示）");
  // 国土交通省令第11条第3号・第5号: the officers' dates of birth and where the equipment is made.
  await field(page, "/suppliers/0/officers/0/date_of_birth").fill("1968-04-12");
  await field(page, "/suppliers/0/factory_location").fill("日本 神奈川県（架空）");
  // The shareholders must be answered: saved without an answer, the item is marked at its place.
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.locator('[data-pointer-ref="/suppliers/0/shareholders"]')).toBeVisible();
  await field(page, "/suppliers/0/shareholders").locator('input[type="checkbox"]').check();

  await addTo(page, "/components");
  await field(page, "/components/0/name").fill("ヤード管理サーバ（架空）");
  await field(page, "/components/0/role").fill("ヤード計画とコンテナ位置の管理");
  await field(page, "/components/0/supplier").selectOption("s1");

  for (const risk of await page.locator("div.risk").all()) {
    await risk.locator('select[data-pointer$="/implemented"]').selectOption("yes");
    await risk.locator("textarea").fill("措置を講じる（例示）");
  }

  // 同第9条第2項第2号・ただし書: the officers' identity documents, valid on the filing date.
  await addTo(page, "/attachments");
  await field(page, "/attachments/0/kind").selectOption("officer_identity_documents");
  await field(page, "/attachments/0/party").fill("s1");
  await field(page, "/attachments/0/file_name").fill("s1-officers-passports.pdf");
  await field(page, "/attachments/0/sha256").fill("a".repeat(64));
  await field(page, "/attachments/0/valid_until").fill("2034-03-31");

  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.locator(".completeness .badge-ok")).toBeVisible();
  await expect(field(page, "/equipment/name")).not.toHaveAttribute("aria-invalid", "true");

  await page.getByRole("button", { name: "提出する" }).click();
  await expect(state(page)).toHaveAttribute("data-state", "submitted");
  await expect(page.locator('.history li[data-act="submit"]')).toBeVisible();
  await shot(page, info, "filing-submitted");
  await signOut(page);
});

test("the reviewer receives it from the queue, sees its deadline, and recommends a change", async ({ page }, info) => {
  await signIn(page, "mlit");
  const id = filingUrl.split("/").pop()!;
  const row = page.locator(`[data-testid="queue"] tr[data-filing="${id}"]`);
  await expect(row).toBeVisible();
  await row.getByRole("link").click();
  await expect(page).toHaveURL(filingUrl);

  await page.locator('button[data-act="receive"]').click();
  const receive = page.locator('form[data-act="receive"]');
  await receive.locator('input[name="date"]').fill(todayJst());
  await receive.locator('button[type="submit"]').click();
  await expect(state(page)).toHaveAttribute("data-state", "received");

  // The statutory clock: 30 days counted from the receipt date inclusive.
  const waiting = page.locator('[data-deadline="waiting_period_end"]');
  await expect(waiting).toContainText(todayJst(29));
  await expect(page.locator('[data-deadline="extension_limit"]')).toBeVisible();
  await expect(page.locator(".clock .clock-mark.today")).toBeVisible();
  // Each rule's basis links to its provisions on e-Gov with their status (Art. 52(3) confirmed).
  await waiting.locator("summary").click();
  await expect(waiting.locator('.ref[data-status="confirmed"] a[href$="#Mp-Ch_3-At_52-Pa_3"]').first()).toBeVisible();
  await shot(page, info, "filing-received");

  // In the queue with its days remaining.
  await page.goto("/filings");
  await expect(page.locator(`[data-testid="queue"] tr[data-filing="${id}"]`)).toContainText("あと29日");
  await shot(page, info, "queue");

  await page.goto(filingUrl);
  await page.locator('button[data-act="recommend"]').click();
  const recommend = page.locator('form[data-act="recommend"]');
  // The act's legal basis, as references (勧告: Art. 52(6)).
  await expect(recommend.locator('.ref a[href$="#Mp-Ch_3-At_52-Pa_6"]')).toBeVisible();
  await recommend.locator('textarea[name="text"]').fill("海外供給者の遠隔保守経路を国内経由に変更すること（UIテスト）");
  await recommend.locator('input[name="received_on"]').fill(todayJst());
  await recommend.locator('button[type="submit"]').click();
  await expect(state(page)).toHaveAttribute("data-state", "recommended");
  await expect(page.locator('[data-deadline="answer_due"]')).toBeVisible();
  await signOut(page);
});

test("another company's staff cannot reach the filing, from the list or by its URL", async ({ page }) => {
  await signIn(page, "nittsu");
  const id = filingUrl.split("/").pop()!;
  // 日本通運 is designated in two businesses: a new filing names which one.
  await expect(page.locator('select[name="business"] option')).toHaveCount(2);
  // Its own list (loaded: it shows its table or says there is none) does not hold 上組's filing.
  await expect(page.locator('section[aria-labelledby="all-filings"]').locator("table, p.muted")).toBeVisible();
  await expect(page.locator("main")).not.toContainText(id);
  await page.goto(filingUrl);
  await expect(page.getByRole("alert")).toBeVisible();
  await expect(page.locator('[data-pointer="/equipment/name"]')).toHaveCount(0);
  await expect(page.locator("main")).not.toContainText("UIテスト");
  await signOut(page);
});

test("the operator answers the recommendation", async ({ page }, info) => {
  await signIn(page, "kamigumi", filingUrl);
  await expect(state(page)).toHaveAttribute("data-state", "recommended");
  await page.locator('button[data-act="accept"]').click();
  await page.locator('form[data-act="accept"] button[type="submit"]').click();
  await expect(state(page)).toHaveAttribute("data-state", "accepted");
  await shot(page, info, "filing-accepted");
  await signOut(page);
});

test("the audit record shows every act and a verified chain", async ({ page }, info) => {
  await signIn(page, "cao", "/audit");
  await expect(page.getByTestId("audit-status")).toHaveAttribute("data-ok", "true");
  await page.locator("select").first().selectOption("filing");
  const id = filingUrl.split("/").pop()!;
  await expect(page.locator("tbody tr", { hasText: id }).first()).toBeVisible();
  await shot(page, info, "audit");
});

test("a maintenance entrustment asks for the contractor and its subcontractors", async ({ page }, info) => {
  await signIn(page, "kamigumi");
  await page.locator('select[name="kind"]').selectOption("maintenance_entrustment");
  await page.getByRole("button", { name: "作成" }).click();
  await page.waitForURL(/\/filings\/f-[0-9a-f]+$/);
  // No contractor yet: the whole party is missing, marked at its place.
  await expect(page.locator('[data-pointer-ref="/maintenance/contractor"]')).toBeVisible();
  await expect(field(page, "/maintenance/content")).toHaveAttribute("aria-invalid", "true");
  await field(page, "/maintenance/contractor/name").fill("架空保守サービス株式会社（架空）");
  await addTo(page, "/maintenance/subcontractors");
  await expect(field(page, "/maintenance/subcontractors/0/id")).toHaveValue("c2");
  await page.getByRole("button", { name: "保存" }).click();
  // Now each of its missing items is marked at its field.
  await expect(page.locator('[data-pointer-ref="/maintenance/contractor"]')).toHaveCount(0);
  await expect(field(page, "/maintenance/contractor/name")).not.toHaveAttribute("aria-invalid", "true");
  await expect(field(page, "/maintenance/contractor/address")).toHaveAttribute("aria-invalid", "true");
  await expect(field(page, "/maintenance/subcontractors/0/name")).toHaveAttribute("aria-invalid", "true");
  // 国土交通省令第15条第4号〜第6号: the subcontractor's shareholders are asked as the contractor's are…
  await expect(page.locator('[data-pointer-ref="/maintenance/subcontractors/0/shareholders"]')).toBeVisible();
  await shot(page, info, "filing-maintenance");
  // …unless the operator claims the omission of 第17条: then they are not required, and the proof is.
  const omission = page.locator('input[name="omission-subcontracting_measures"]');
  await expect(omission).toBeVisible();
  await omission.check();
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.locator('[data-pointer-ref="/maintenance/subcontractors/0/shareholders"]')).toHaveCount(0);
  await expect(page.locator('[data-pointer-ref="/attachments"]').filter({ hasText: "第17条の措置" }).first()).toBeVisible();
  await signOut(page);
});

test("a change is filed by the kind the ordinance's cases decide, with the day it was made", async ({ page }, info) => {
  await signIn(page, "kamigumi");
  // The kinds after a change (法第54条第3項・第4項) are offered beside the plan's.
  await page.locator('select[name="kind"]').selectOption("change_report");
  await page.getByRole("button", { name: "作成" }).click();
  await page.waitForURL(/\/filings\/f-[0-9a-f]+$/);
  await expect(field(page, "/changed_on")).toBeVisible();
  await expect(field(page, "/changed_on")).toHaveAttribute("aria-invalid", "true");
  // The report's form (様式第九) asks nothing of the equipment: no equipment section.
  await expect(field(page, "/equipment/name")).toHaveCount(0);
  // Beside what changes: the ordinance's important and minor changes, each cited.
  const cases = page.getByTestId("filing-listed-cases");
  await cases.locator("summary").click();
  await expect(cases).toContainText("軽微な変更");
  await expect(cases).toContainText("第24条");
  await expect(cases.locator('a[href*="laws.e-gov.go.jp"]').first()).toBeVisible();
  await shot(page, info, "filing-change-report");
  await signOut(page);
});
