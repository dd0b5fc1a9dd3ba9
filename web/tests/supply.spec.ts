// The サプライチェーン page over the demo: the reverse search with suggestions (keyboard), the NUTS
// what-if of 2023-07-04 (the five terminals and 名古屋港), a system's graph, and that an operator
// signed in sees only its own systems and those it uses (never another operator's), at desktop and
// phone width.
import { expect, shot, signIn, test } from "./helpers";

test("search with suggestions finds who uses a component; the what-if of NUTS lists the five terminals and 名古屋港", async ({ page }, info) => {
  await signIn(page, "mlit", "/supply");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("サプライチェーン");
  await expect(page.getByRole("link", { name: "サプライチェーン" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByTestId("sample-banner").first()).toBeVisible();
  await expect(page.getByTestId("system-list")).toContainText("nuts");

  // Suggestions as one types; the keyboard picks one.
  const box = page.locator("#supply-q");
  await box.fill("expre");
  const option = page.getByRole("option", { name: /pkg:npm\/express/ });
  await expect(option).toBeVisible();
  await box.press("ArrowDown");
  await expect(box).toHaveAttribute("aria-activedescendant", "supply-q-0");
  await box.press("Enter");
  const result = page.getByTestId("who-uses-result");
  await expect(result).toContainText("nuts");

  // The what-if: NUTS from 2023-07-04 06:30 JST for 3 days.
  await page.getByLabel("システム", { exact: true }).selectOption("nuts");
  await page.getByLabel("停止開始（日時）").fill("2023-07-04T06:30+09:00");
  await page.getByLabel("日数").fill("3");
  await page.getByRole("button", { name: "影響を見る" }).click();
  const whatif = page.getByTestId("whatif-result");
  await expect(page.getByTestId("whatif-terminals").locator("li")).toHaveCount(5);
  for (const name of ["飛島北", "飛島南", "NCB", "飛島南側", "鍋田"]) await expect(page.getByTestId("whatif-terminals")).toContainText(name);
  await expect(whatif.getByRole("rowheader", { name: "名古屋港" })).toBeVisible();
  await expect(whatif).toContainText("%");
  await expect(whatif.locator("table").nth(1).locator("tbody tr")).toHaveCount(3);
  await page.getByTestId("whatif-result").screenshot({ path: info.outputPath("supply-whatif.png") });

  // A system's graph: the chart and the nested components.
  await page.getByRole("link", { name: /NUTS/ }).first().click();
  await expect(page.getByTestId("system-view")).toBeVisible();
  await expect(page.locator(".supply-graph canvas")).toBeVisible();
  await expect(page.locator(".supply .tree .tree").first()).toBeVisible();
  await page.locator(".supply").screenshot({ path: info.outputPath("supply-page.png") });
  await shot(page, info, "supply");

  // English on one click.
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Supply chain");
});

test("an operator sees its own systems and the shared one, never another operator's", async ({ page }) => {
  await signIn(page, "nittsu", "/supply");
  const list = page.getByTestId("system-list");
  await expect(list).toContainText("nuts");
  await expect(list).not.toContainText("sample-tos");
  // NUTS's other users are counted, not named.
  await page.getByRole("link", { name: /NUTS/ }).first().click();
  await expect(page.getByTestId("system-view")).toBeVisible();
  await expect(page.getByTestId("other-operators").first()).toBeVisible();
  await expect(page.getByTestId("system-view")).not.toContainText("上組");
  // 上組's system does not exist for it.
  await page.goto("/supply?system=sample-tos");
  await expect(page.getByRole("alert")).toBeVisible();
  await expect(page.locator("body")).not.toContainText("サンプル TOS");
});

test("the page works at phone width with the keyboard", async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 800 });
  await signIn(page, "kamigumi", "/supply");
  const list = page.getByTestId("system-list");
  await expect(list).toContainText("sample-tos");
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(380);
  const box = page.locator("#supply-q");
  await box.focus();
  await page.keyboard.type("log4j");
  await expect(page.locator("#supply-q-list [role=option]").first()).toBeVisible();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("who-uses-result")).toContainText("nuts");
});

// Last in the file (the server is shared by the run): the split changes the sample TOS's graph.
test("a ministry reviewer sees a node's match with its reason and score, confirms it and splits it", async ({ page }) => {
  // An operator sees its parties without match reasons (they would tell that another mention exists).
  await signIn(page, "kamigumi", "/supply?system=sample-tos");
  await expect(page.getByTestId("system-view")).toBeVisible();
  await expect(page.getByTestId("party-match")).toHaveCount(0);

  await signIn(page, "mlit", "/supply?system=sample-tos");
  const match = page.getByTestId("party-match").filter({ hasText: "㈱架空港湾システム（サンプル）" });
  await expect(match).toContainText("正規化した名称が一致");
  await expect(match).toContainText("0.90");
  await expect(match).toContainText("未確認");
  await match.getByRole("button", { name: "同一企業として確認" }).click();
  await expect(match.getByTestId("match-decision")).toHaveText("確認済み");
  await expect(match.getByRole("button", { name: "同一企業として確認" })).toHaveCount(0);

  await match.getByRole("button", { name: "別の企業として分離" }).click();
  // The TOS's mention now has a node of its own: a row named as the TOS wrote it, marked split off.
  const view = page.getByTestId("system-view");
  const row = view.getByRole("row").filter({ hasText: "㈱架空港湾システム（サンプル）" }).first();
  await expect(row.getByRole("cell").first()).toHaveText("㈱架空港湾システム（サンプル）");
  await expect(row.getByTestId("party-match")).toContainText("分離されました");
  await expect(view.getByRole("row").filter({ hasText: "架空港湾システム株式会社（サンプル）" })).toHaveCount(0);
});
