// The public pages as a visitor sees them: the regime, the register (32 port operators by port,
// exports), language switch, keyboard and phone width, the JavaScript budget, no request leaving
// the machine.
import { unzipSync, strFromU8 } from "fflate";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { expect, shot, signIn, signOut, test, watchExternal } from "./helpers";

const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff]/;

test("the regime page lists sectors, criteria versions with status and the timeline", async ({ page, baseURL }, info) => {
  const external = watchExternal(page, baseURL!);
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "ja");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("制度");
  // Every business of the packs, folded, with the trucking revision's two versions and their status.
  await expect(page.getByRole("heading", { name: "一般港湾運送事業" })).toBeVisible();
  await expect(page.getByRole("heading", { name: /一般貨物自動車運送事業/ })).toBeVisible();
  const total = await page.locator("details[data-business]").count();
  // All of 施行令第9条: 15 sectors and 38 businesses in force, the medical proposal apart.
  await expect(page.locator("main")).toContainText("施行中 15分野・38事業、ほかに未施行 1分野・2事業");
  await expect(page.getByTestId("regime-count")).toHaveText(`${total}事業を表示`);
  const trucking = page.locator("details[data-business]", { has: page.getByRole("heading", { name: /一般貨物自動車運送事業/ }) });
  await expect(trucking.locator("pre.rule").first()).toBeHidden();
  // The index's link opens the business it names.
  await page.getByRole("navigation", { name: "分野" }).getByRole("link", { name: /一般貨物自動車運送事業/ }).click();
  await expect(trucking).toHaveAttribute("open", "");
  await expect(trucking.locator("article.criteria")).toHaveCount(2);
  await expect(trucking.locator("article.criteria .badge-in_force")).toHaveCount(1);
  // The rule is highlighted: citations and parameters are their own tokens.
  await expect(trucking.locator("pre.rule .tok-cite").first()).toBeVisible();
  await expect(trucking.locator("pre.rule .tok-param").first()).toBeVisible();
  // The timeline from the data: ports added, designated, duty from.
  const timeline = page.locator("ol.timeline");
  await expect(timeline).toContainText("令和7年4月1日（2025-04-01）");
  await expect(timeline).toContainText("令和7年5月1日（2025-05-01）");
  await expect(timeline).toContainText("令和7年11月2日（2025-11-02）");
  // Citations are links to e-Gov 法令検索 with their status: the old trucking criteria cite an
  // ordinance article whose item is unverified, marked 未確認; the new one's item is confirmed.
  const old = trucking.locator("article.criteria", { hasText: "2023" }).first();
  await expect(old.locator('.ref[data-status="unverified"] a')).toHaveAttribute("href", "https://laws.e-gov.go.jp/law/505M60000800062#Mp-At_2");
  await expect(old.locator('.ref[data-status="unverified"] .badge')).toHaveText("未確認");
  const current = trucking.locator("article.criteria", { has: page.locator(".badge-in_force") });
  await expect(current.locator('.ref[data-status="confirmed"] a', { hasText: /^国土交通省令第2条第3号$/ })).toHaveAttribute(
    "href",
    "https://laws.e-gov.go.jp/law/505M60000800062#Mp-At_2-It_3",
  );
  // Its named assumptions (issue 18) cite the items イ and ロ, confirmed too.
  await expect(current.locator('.ref[data-status="confirmed"] a', { hasText: /^国土交通省令（令和5年国土交通省令第62号）第2条第3号イ$|^国土交通省令第2条第3号イ$/ })).toHaveCount(1);
  // The dates the pack chose are marked as such.
  await expect(current.locator('.date-basis[data-basis="chosen"]')).toBeVisible();
  // Each criteria version shows the pack's named assumptions, cited (issue 18): 発電事業's 50万kW
  // is one facility's output, read from 経済産業省令第2条第4号.
  const generation = page.locator("details[data-business]", { has: page.getByRole("heading", { name: "発電事業", exact: true }) });
  await generation.locator("> summary").click();
  const perFacility = generation.locator('[data-assumption="per_facility"]');
  await expect(perFacility).toContainText("一つの発電等用電気工作物");
  await expect(perFacility.locator(".ref a").first()).toHaveAttribute("href", /laws\.e-gov\.go\.jp\/law\/505M60000400041/);
  await expect(generation.locator('[data-assumption="facility_is_station"]')).toBeVisible();
  // The ordinance's emergency and kinds of change (法第52条第1項ただし書, 第54条), each cited.
  const cases = page.getByTestId("listed-cases-ports");
  await cases.locator("summary").click();
  await expect(cases).toContainText("重要な変更");
  await expect(cases.locator('.ref a[href="https://laws.e-gov.go.jp/law/505M60000800062#Mp-At_10-Pa_1"]').first()).toBeVisible();
  // The payment fund's new name waits for a cabinet order; today's name is marked.
  const names = page.getByTestId("names-medical");
  await expect(names.locator("li", { hasText: "社会保険診療報酬支払基金" }).locator(".badge")).toBeVisible();
  await expect(names.locator("li", { hasText: "医療情報基盤・診療報酬審査支払機構" }).locator(".badge")).toHaveCount(0);
  await shot(page, info, "regime");
  // The filter narrows to what matches a business's name, id, sector or ministry, in the address.
  await page.getByRole("searchbox").fill("発電");
  await expect(page.locator("details[data-business]")).not.toHaveCount(total);
  for (const name of await page.locator("details[data-business] summary h3").allInnerTexts()) expect(name).toMatch(/発電|電気/);
  await expect(page).toHaveURL(/q=%E7%99%BA%E9%9B%BB/);
  await page.getByRole("searchbox").fill("general_cargo_trucking");
  await expect(page.locator("details[data-business]")).toHaveCount(1);
  await page.getByRole("searchbox").fill("");
  await page.getByRole("combobox", { name: "所管" }).selectOption("mlit");
  await expect(page.locator("section[data-pack] h2 .muted").first()).toContainText("国土交通省");
  for (const m of await page.locator("section[data-pack] h2 .muted").allInnerTexts()) expect(m).toMatch(/^国土交通省/);
  await page.getByRole("combobox", { name: "所管" }).selectOption("");
  await page.getByRole("button", { name: "すべて開く" }).click();
  await expect(page.locator("details[data-business]:not([open])")).toHaveCount(0);
  expect(external).toEqual([]);
});

test("the register shows the 32 port operators by port, as the source document lays them out", async ({ page }, info) => {
  await page.goto("/register?business=general_port_transport");
  await expect(page.getByTestId("register-count")).toHaveText("32");
  const port = (id: string) => page.locator(`section[data-port="${id}"]`);
  const harbourRows = (id: string) => page.locator(`[data-harbour="${id}"] tbody tr`);
  await expect(port("keihin")).toContainText("京浜港");
  await expect(harbourRows("tokyo")).toHaveCount(12);
  await expect(harbourRows("yokohama")).toHaveCount(14);
  await expect(harbourRows("nagoya")).toHaveCount(9);
  await expect(harbourRows("osaka")).toHaveCount(11);
  await expect(harbourRows("kobe")).toHaveCount(10);
  await expect(harbourRows("hakata")).toHaveCount(6);
  // Dates in 和暦 and ISO, and the duty's first day with the rules that give it.
  const kamigumi = page.locator('[data-harbour="kobe"] tr[data-operator="kamigumi"]');
  await expect(kamigumi).toContainText("令和7年5月1日（2025-05-01）");
  await expect(kamigumi).toContainText("令和7年11月2日（2025-11-02）");
  await kamigumi.locator("details.duty summary").click();
  await expect(kamigumi.locator("details.duty ol li")).not.toHaveCount(0);
  await shot(page, info, "register-ports");

  // Search narrows what is on screen; the exports are exactly those rows.
  await page.getByRole("searchbox").fill("上組");
  await expect(page.getByTestId("register-count")).toHaveText("1");
  await page.getByRole("button", { name: "一覧" }).click();
  await expect(page.locator("table tbody tr")).toHaveCount(1);
  const [xlsx] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Excel (.xlsx)" }).click()]);
  expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
  const files = unzipSync(new Uint8Array(readFileSync((await xlsx.path())!)));
  // The package's parts name each other as Office Open XML requires.
  const types = strFromU8(files["[Content_Types].xml"]);
  expect(types).toContain('PartName="/xl/workbook.xml"');
  expect(types).toContain('PartName="/xl/worksheets/sheet1.xml"');
  expect(strFromU8(files["_rels/.rels"])).toContain('Target="xl/workbook.xml"');
  expect(strFromU8(files["xl/_rels/workbook.xml.rels"])).toContain('Target="worksheets/sheet1.xml"');
  expect(strFromU8(files["xl/workbook.xml"])).toMatch(/<sheet name="[^"]+" sheetId="1" r:id="rId1"\/>/);
  const sheet = strFromU8(files["xl/worksheets/sheet1.xml"]);
  expect(sheet.match(/<row /g)).toHaveLength(2);
  expect(sheet).toContain("株式会社上組");
  expect(sheet).toContain("令和7年5月1日");
  const [csv] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "CSV" }).click()]);
  const text = readFileSync((await csv.path())!, "utf8");
  expect(text.charCodeAt(0)).toBe(0xfeff);
  const lines = text.trim().split("\r\n");
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain("6140001006951");
});

test("trucking designees: the three of the first designation, with the synthetic-data note", async ({ page }) => {
  await page.goto("/register?business=general_cargo_trucking");
  await expect(page.getByTestId("register-count")).toHaveText("3");
  await expect(page.locator(".synthetic")).toBeVisible();
  for (const name of ["ヤマト運輸", "日本通運", "佐川急便"]) await expect(page.locator("main")).toContainText(name);
  // Their designation date (2023-11-16) was worked back from the duty date: marked derived.
  await expect(page.locator('tr[data-operator] .date-basis[data-basis="derived"]')).toHaveCount(3);
});

test("English switches the whole page, and back", async ({ page }, info) => {
  await page.goto("/register?business=general_port_transport");
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.locator("header nav")).toContainText("Register");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Designated operators");
  for (const text of await page.locator("nav a, h1, th, label > span, .count, footer").allInnerTexts()) {
    expect(text, `Japanese left in "${text}"`).not.toMatch(JAPANESE);
  }
  // Dates: ISO first, 和暦 beside it.
  await expect(page.locator('[data-harbour="kobe"] tr[data-operator="kamigumi"]')).toContainText("2025-05-01 (令和7年5月1日)");
  await shot(page, info, "register-en");
  // The choice survives a reload and applies to every page.
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("The regime");
  for (const text of await page.locator("nav a, h1, h2 > :not(.small)").allInnerTexts()) {
    expect(text, `Japanese left in "${text}"`).not.toMatch(JAPANESE);
  }
  await page.getByRole("button", { name: "日本語" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "ja");
  await expect(page.locator("header nav")).toContainText("指定事業者");
});

test("English applies to every page's headings, labels and table headers", async ({ page }) => {
  await signIn(page, "cao", "/audit");
  await page.getByRole("button", { name: "English" }).click();
  for (const path of ["/", "/register?view=list", "/lab?business=general_cargo_trucking&as_of=2025-09-01", "/filings", "/audit"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await page.waitForLoadState("networkidle");
    for (const text of await page.locator("nav a, h1, th, label > span, .tools .who button").allInnerTexts()) {
      expect(text, `${path}: Japanese left in "${text}"`).not.toMatch(JAPANESE);
    }
  }
  await page.getByRole("button", { name: "日本語" }).click();
  await signOut(page);
});

test("usable by keyboard: the pages are links in the tab order", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await page.keyboard.press("Tab");
  await expect(page.locator(".skip")).toBeFocused();
  // Tab through the header to the register's link, as a keyboard user would.
  const target = page.getByRole("link", { name: "指定事業者" });
  for (let i = 0; i < 10 && !(await target.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press("Tab");
  }
  await expect(target).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/register$/);
  await expect(page.getByRole("link", { name: "指定事業者" })).toHaveAttribute("aria-current", "page");
});

test("readable on a phone-width screen: nothing wider than the screen but tables, which scroll", async ({ browser }, info) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "ja-JP" });
  const page = await context.newPage();
  for (const path of ["/", "/register?business=general_port_transport", "/login"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${path} is wider than the screen`).toBeLessThanOrEqual(0);
  }
  await page.goto("/register?business=general_port_transport");
  await shot(page, info, "register-phone");
  await page.goto("/login");
  await shot(page, info, "login-phone");
  await context.close();
});

test("the first page loads at most 250 KB of gzipped JavaScript, all from the server", async ({ page, baseURL }) => {
  const external = watchExternal(page, baseURL!);
  const scripts: Promise<{ gzip9: number; sent: number; encoding: string }>[] = [];
  page.on("response", (r) => {
    if (r.request().resourceType() !== "script") return;
    scripts.push(
      Promise.all([r.body(), r.request().sizes()]).then(([b, sizes]) => ({
        gzip9: gzipSync(b, { level: 9 }).length,
        sent: sizes.responseBodySize,
        encoding: r.headers()["content-encoding"] ?? "",
      })),
    );
  });
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await page.waitForLoadState("networkidle");
  const sizes = await Promise.all(scripts);
  const total = sizes.reduce((a, b) => a + b.gzip9, 0);
  const sent = sizes.reduce((a, b) => a + b.sent, 0);
  console.log(`first page: ${sizes.length} scripts, ${(total / 1000).toFixed(1)} KB gzipped, ${(sent / 1000).toFixed(1)} KB sent`);
  expect(sizes.length).toBeGreaterThan(0);
  expect(total).toBeLessThanOrEqual(250_000);
  // The server sends them gzipped (the build's precompressed copies).
  for (const s of sizes) expect(s.encoding).toBe("gzip");
  expect(sent).toBeLessThanOrEqual(250_000);
  expect(external).toEqual([]);
});
