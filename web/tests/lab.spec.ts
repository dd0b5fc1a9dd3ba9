// The criteria lab as an analyst uses it: the trucking revision's entered and left lists against
// the old criteria, a rule error reported where it is while typing, the map and the coverage
// curve, and an operator's explanation.
import { expect, shot, test, watchExternal } from "./helpers";

const TRUCKING = "/lab?business=general_cargo_trucking&as_of=2025-09-01&criteria=2025-06&compare=2023";

test("the trucking revision: who enters and who leaves against the old criteria", async ({ page, baseURL }, info) => {
  const external = watchExternal(page, baseURL!);
  await page.goto(TRUCKING);
  await expect(page.getByTestId("designated-count")).toHaveText("10");
  // The three states are counted apart (issue 14 §4); the bundled data lacks no value it needs.
  await expect(page.getByTestId("not-designated-count")).toHaveText("57,159");
  await expect(page.getByTestId("undetermined-count")).toHaveText("0");
  // The same lists as the engine's diff (`kikan diff --business general_cargo_trucking`): seven
  // (fictional) operators enter under the 2025-06 criteria, none leaves.
  const entered = page.getByTestId("entered");
  await expect(entered.locator("li")).toHaveCount(7);
  for (const name of ["日本架空ライン株式会社（架空）", "北陸架空運送株式会社（架空）", "関東架空急便株式会社（架空）"]) {
    await expect(entered).toContainText(name);
  }
  await expect(page.getByTestId("left").locator("li")).toHaveCount(0);
  // The dataset is synthetic, and the page says so.
  await expect(page.locator(".synthetic").first()).toBeVisible();
  await expect(page.getByTestId("synthetic-banner").first()).toContainText("合成データ / synthetic data");
  // The designees per prefecture on the map, with the source credited under it.
  await expect(page.getByTestId("map-summary")).toBeVisible();
  await expect(page.locator(".credit", { hasText: "出典：国土数値情報（行政区域データ）（国土交通省）を加工して作成" })).toBeVisible();
  await expect(page.locator(".map canvas, .map svg").first()).toBeVisible();

  // An operator's explanation: every sub-expression with its value.
  await entered.getByText("北陸架空運送株式会社（架空）").click();
  const explanation = page.getByTestId("explanation");
  await expect(explanation).toContainText("北陸架空運送株式会社（架空）");
  await expect(explanation).toContainText("✓");
  // Synthetic there too, and the rule's citation links to the provisions on e-Gov.
  await expect(explanation.getByTestId("synthetic-banner")).toBeVisible();
  // The criteria's citation (第2条第3号) and, since issue 18, the rule's annotations (第3号イ・ロ) link there.
  const item3 = explanation.locator('.ref a[href="https://laws.e-gov.go.jp/law/505M60000800062#Mp-At_2-It_3"]');
  await expect(item3.filter({ hasText: /^国土交通省令第2条第3号$/ })).toBeVisible();
  await expect(item3.filter({ hasText: /^国土交通省令第2条第3号イ$/ })).toBeVisible();
  await expect(explanation.getByTestId("figures")).toHaveCount(0);  // the trucking rule reads none the data describes
  await shot(page, info, "lab-trucking");
  expect(external).toEqual([]);
});

test("a rule error is reported at its line and column as the user types", async ({ page }, info) => {
  await page.goto(TRUCKING);
  await expect(page.getByTestId("designated-count")).toHaveText("10");
  const editor = page.locator("#lab-rule-text");
  await editor.fill("vehicles >= 5000 and\nvehicle > 3");
  const errors = page.getByTestId("rule-errors").locator("li");
  await expect(errors).toHaveCount(1);
  await expect(errors.first()).toHaveAttribute("data-line", "2");
  await expect(errors.first()).toHaveAttribute("data-column", "1");
  await expect(errors.first()).toContainText("vehicle");
  await expect(editor).toHaveAttribute("aria-invalid", "true");
  await shot(page, info, "lab-rule-error");

  // Corrected, the rule runs: fewer vehicles, more designees than the criteria in force.
  await editor.fill("vehicles >= 5000 and\nvehicles > 3");
  await expect(errors).toHaveCount(0);
  await expect(page.getByTestId("designated-count")).not.toHaveText("10");
});

test("the coverage curve of a calibrated threshold", async ({ page }, info) => {
  await page.goto("/lab?business=general_port_transport&as_of=2025-05-01");
  await expect(page.getByTestId("designated-count")).toHaveText("32");
  await expect(page.getByTestId("calibration-summary")).toBeVisible();
  // A threshold is chosen and stated in words; the chart is drawn.
  await expect(page.getByTestId("chosen-threshold")).toContainText("選ばれた閾値");
  await expect(page.locator(".chart canvas").first()).toBeVisible();
  // A port operator's explanation says the year and basis of each harbour's throughput.
  await page.locator('[data-operator="kamigumi"] button').first().click();
  const figures = page.getByTestId("explanation").getByTestId("figures");
  await figures.locator("summary").click();
  await expect(figures.locator('[data-row="hakata"]')).toContainText("2017年");
  await expect(figures.locator('[data-row="hakata"]')).toContainText("外貿のみ");
  await shot(page, info, "lab-ports");
});

test("calibrating by port against the national total reproduces the source's five ports and about 3/4", async ({ page }, info) => {
  await page.goto("/lab?business=general_port_transport&as_of=2025-05-01&coverage=0.75");
  const chosen = page.getByTestId("chosen-threshold");
  await expect(chosen).toContainText("選ばれた閾値");
  // 京浜港 as one port (the harbours summed by their port) and MLIT's national total as the whole.
  await page.locator('select[name="calibrate-by"]').selectOption("port");
  await expect(page).toHaveURL(/by=port/);
  await page.locator('input[name="calibrate-national"]').check();
  await expect(page).toHaveURL(/national=1/);
  await expect(page.getByTestId("national-total")).toContainText("21,790,000");
  await expect(page.getByTestId("national-total")).toContainText("2024");
  await expect(chosen).toContainText("5 者");
  await expect(chosen).toContainText("76.6");
  await shot(page, info, "lab-calibrate-national");
  // The link reproduces the view.
  await page.reload();
  await expect(page.getByTestId("national-total")).toContainText("21,790,000");
});

test("without a date the lab judges today on the latest data, and says so", async ({ page }) => {
  await page.goto("/lab?business=general_cargo_trucking");
  await expect(page.getByTestId("designated-count")).toHaveText("10");
  await expect(page.getByRole("list", { name: "注意" })).toBeVisible();
});

test("the map survives its element collapsing to zero size and coming back", async ({ page }) => {
  // A re-layout can leave the map's element without height for a moment; ECharts must not be
  // asked to project into it (a singular transform), and the map is drawn again afterwards.
  await page.goto(TRUCKING);
  await expect(page.getByTestId("designated-count")).toHaveText("10");
  await expect(page.locator(".map canvas").first()).toBeVisible();
  await page.evaluate(() => {
    (document.querySelector(".map") as HTMLElement).style.height = "0px";
    window.dispatchEvent(new Event("resize"));
  });
  await page.getByRole("button", { name: "実行" }).click();
  await expect(page.getByTestId("designated-count")).toHaveText("10");
  await page.evaluate(() => {
    (document.querySelector(".map") as HTMLElement).style.height = "";
    window.dispatchEvent(new Event("resize"));
  });
  await expect(page.locator(".map canvas").first()).toHaveAttribute("height", /^[1-9]\d*$/);
});

test("the version in force at the date and the fields offered for calibration are the server's", async ({ page }) => {
  // Before the revision the 2023 criteria are in force, after it the 2025-06 ones (the server's
  // regime::CriteriaAt, asked for at the page's date).
  const criteria = page.getByLabel("基準の版");
  await page.goto("/lab?business=general_cargo_trucking&as_of=2024-04-01");
  await expect(criteria.locator("option", { hasText: "基準日に施行中" })).toHaveAttribute("value", "2023");
  await expect(criteria).toHaveValue("2023");
  // Another date chosen on the page: the regime is asked again, at that date.
  await page.locator(`.lab-choices input[type="date"]`).fill("2025-09-01");
  await expect(page).toHaveURL(/as_of=2025-09-01/);
  await expect(criteria.locator("option", { hasText: "基準日に施行中" })).toHaveAttribute("value", "2025-06");
  await expect(criteria).toHaveValue("2025-06");
  // The numeric fields the versions' rules read, as the checker reports them.
  const field = page.locator(`section[aria-labelledby="lab-calibrate"] select[name="calibrate-metric"]`);
  await expect(field.locator("option")).toHaveText(["loaded_vehicle_km", "tonnage", "vehicles"]);
  // An edited rule that reads another numeric field offers it once it checks.
  await expect(page.getByTestId("designated-count")).toHaveText("10");
  await page.locator("#lab-rule-text").fill("vehicles >= 5000 and offices >= 1");
  await expect(field.locator("option", { hasText: "offices" })).toHaveCount(1);
  // Ports: a field of another kind, read through a lambda, named kind.field.
  await page.goto("/lab?business=general_port_transport&as_of=2025-05-01");
  await expect(field.locator("option")).toHaveText(["harbour.annual_teu"]);
});

test("a date past the data offers the latest date the data supports, as the server computes it", async ({ page }) => {
  // The 2025-06 criteria judge the previous fiscal year's record: FY2029 is not in the data.
  await page.goto("/lab?business=general_cargo_trucking&dataset=trucking&as_of=2030-06-01&criteria=2025-06");
  const offer = page.getByRole("button", { name: /データのある基準日で試す/ });
  // The data holds FY2022–2024: the last day that judges FY2024 under either period rule.
  await expect(offer).toContainText("2026-03-31");
  await offer.click();
  await expect(page).toHaveURL(/as_of=2026-03-31/);
  await expect(page.getByTestId("designated-count")).toHaveText("10");
});
