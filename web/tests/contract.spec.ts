// The contract between the server and the browser: every answer of a real `kikan serve --demo`
// (a server of this test's own, so it may change state freely) is validated, with ajv, against
// the OpenAPI document src/api/openapi.json — the document the browser's types are generated
// from (scripts/gen-types.mjs). Each request body sent is validated against the document too.
// It covers every route (the test fails when one is left out), for the public and the five demo
// accounts, the main changes (a filing through its review, equipment, a designation and its
// revocation, the lab) and error answers (problem+json). An answer the document does not
// describe — an undocumented status, media type or member, a wrong type — fails the test.
//
// KIKAN_CONTRACT_DUMP=FILE writes every exchange (JSON lines) for whoever edits the document.
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { expect, test } from "@playwright/test";
import { root, startServer, type Server } from "./server";

type Json = unknown;
interface Operation {
  responses: Record<string, { $ref?: string; content?: Record<string, unknown> }>;
  requestBody?: { content: Record<string, unknown> };
}

const DOC_PATH = join(root, "src", "api", "openapi.json");
const doc = JSON.parse(readFileSync(DOC_PATH, "utf8")) as {
  paths: Record<string, Record<string, Operation>>;
  components: { responses: Record<string, { content?: Record<string, unknown> }> };
};
// OpenAPI 3.0's `nullable` as JSON Schema: {type: T, nullable} → {type: [T, "null"]}, and a
// nullable reference {allOf: [$ref], nullable} → {anyOf: [$ref, {type: "null"}]}.
function jsonSchemaOf(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(jsonSchemaOf);
  if (!x || typeof x !== "object") return x;
  const o: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(x)) o[k] = jsonSchemaOf(v);
  if (o.nullable === true) {
    delete o.nullable;
    if (o.allOf) {
      const { allOf, type: _type, ...rest } = o;
      void _type;
      return { ...rest, anyOf: [...(allOf as unknown[]), { type: "null" }] };
    }
    if (typeof o.type === "string") o.type = [o.type, "null"];
    if (Array.isArray(o.enum)) o.enum = [...o.enum, null];
  }
  return o;
}
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(jsonSchemaOf(doc) as object, "kikan");

const esc = (s: string) => s.replace(/~/g, "~0").replace(/\//g, "~1");
const validators = new Map<string, ValidateFunction>();
function validatorAt(pointer: string): ValidateFunction {
  let v = validators.get(pointer);
  if (!v) {
    v = ajv.compile({ $ref: `kikan#${pointer}` });
    validators.set(pointer, v);
  }
  return v;
}

// The documented path template a concrete path matches (a literal segment beats a parameter).
const templates = Object.keys(doc.paths)
  .map((t) => ({ t, re: new RegExp("^" + t.replace(/\{[^}]+\}/g, "[^/]+") + "$"), params: (t.match(/\{/g) ?? []).length }))
  .sort((a, b) => a.params - b.params);
function templateOf(path: string): string | undefined {
  return templates.find((x) => x.re.test(path))?.t;
}

const called = new Set<string>(); // "get /api/v1/regime" with a 2xx answer
const problems = new Set<string>(); // statuses of error answers validated
const DUMP = process.env.KIKAN_CONTRACT_DUMP;
let server: Server;

interface Answer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  headers: Headers;
}

interface CallOptions {
  token?: string;
  body?: Json;
  raw?: string; // a body sent as is (not validated: malformed on purpose)
  invalid?: boolean; // the body breaks the document on purpose (an error answer is expected)
  headers?: Record<string, string>;
}

// One request: its body checked against the operation's requestBody schema, its answer against
// the schema of the documented response for its status and media type.
async function call(method: string, target: string, opts: CallOptions = {}): Promise<Answer> {
  const path = target.split("?")[0];
  const template = templateOf(path);
  expect(template, `${method} ${path} is not in the document`).toBeTruthy();
  const m = method.toLowerCase();
  const op = doc.paths[template!][m];
  expect(op, `${method} ${template} is not in the document`).toBeTruthy();
  const base = `/paths/${esc(template!)}/${m}`;
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  let sent: string | undefined = opts.raw;
  if (opts.body !== undefined) {
    sent = JSON.stringify(opts.body);
    if (!opts.invalid) {
      expect(op.requestBody?.content?.["application/json"], `${method} ${template} documents no JSON body`).toBeTruthy();
      const v = validatorAt(`${base}/requestBody/content/application~1json/schema`);
      expect.soft(v(opts.body) ? [] : v.errors, `request body of ${method} ${template}`).toEqual([]);
    }
  }
  if (sent !== undefined) headers["Content-Type"] = "application/json";
  const r = await fetch(server.url + target, { method, headers, body: sent });
  const text = await r.text();
  const type = (r.headers.get("content-type") ?? "").split(";")[0].trim();
  const body = text && type.endsWith("json") ? JSON.parse(text) : text;
  if (DUMP) appendFileSync(DUMP, JSON.stringify({ method: m, template, status: r.status, type, body }) + "\n");

  // Soft: one run reports every disagreement, not only the first.
  let response = op.responses[String(r.status)] ?? op.responses.default;
  let pointer = `${base}/responses/${op.responses[String(r.status)] ? r.status : "default"}`;
  expect.soft(response, `${method} ${target} answered ${r.status}, which the document does not list: ${text.slice(0, 300)}`).toBeTruthy();
  if (response?.$ref) {
    const name = response.$ref.split("/").pop()!;
    pointer = `/components/responses/${esc(name)}`;
    response = doc.components.responses[name];
  }
  if (!response) {
    // reported above
  } else if (!text) {
    expect.soft(response.content ?? {}, `${method} ${target} ${r.status}: an empty body where the document has content`).toEqual({});
  } else if (!Object.keys(response.content ?? {}).includes(type)) {
    expect.soft(Object.keys(response.content ?? {}), `${method} ${target} ${r.status}: media type`).toContain(type);
  } else {
    const v = validatorAt(`${pointer}/content/${esc(type)}/schema`);
    const ok = v(body);
    expect.soft(ok ? [] : v.errors?.slice(0, 5), `${method} ${target} ${r.status} against the document: ${text.slice(0, 400)}`).toEqual([]);
  }
  if (r.status < 300) called.add(`${m} ${template}`);
  else problems.add(`${m} ${template} ${r.status}`);
  return { status: r.status, body, headers: r.headers };
}

async function login(user: string): Promise<string> {
  const r = await call("POST", "/api/v1/auth/login", { body: { user, password: "kikan-demo" } });
  expect(r.status).toBe(200);
  return r.body.token as string;
}

function today(offset = 0): string {
  return new Date(Date.now() + 9 * 3600_000 + offset * 86_400_000).toISOString().slice(0, 10);
}


test.beforeAll(async () => {
  if (DUMP) writeFileSync(DUMP, "");
  server = await startServer();
});
test.afterAll(async () => {
  await server?.stop();
});

test("the document the server serves is the one in the repository, and it is valid", async () => {
  const r = await call("GET", "/api/openapi.json");
  expect(r.status).toBe(200);
  expect.soft(r.body, "the served document (rebuild kikan after editing it)").toEqual(JSON.parse(readFileSync(DOC_PATH, "utf8")));
  // Every schema compiles (a broken $ref fails here).
  for (const name of Object.keys((doc as { components: { schemas: object } }).components.schemas)) {
    expect.soft(() => validatorAt(`/components/schemas/${esc(name)}`), name).not.toThrow();
  }
});

test("public answers: health, the regime, the register, the lab", async () => {
  expect((await call("GET", "/api/v1/health")).body.demo).toBe(true);
  expect((await call("GET", "/api/v1/me")).body).toEqual({ role: "public", user: null });
  const regime = await call("GET", "/api/v1/regime");
  expect(regime.body.packs.length).toBeGreaterThan(0);
  await call("GET", "/api/v1/regime?as_of=2025-09-01&lang=en");
  expect((await call("GET", "/api/v1/regime?as_of=someday")).status).toBe(400);

  const ports = await call("GET", "/api/v1/designations?business=general_port_transport");
  expect(ports.body.count).toBe(32);
  await call("GET", "/api/v1/designations?include_revoked=true&q=%E6%97%A5%E6%9C%AC");
  expect((await call("GET", "/api/v1/designations?business=general_port_transport&format=csv")).body).toContain("designated_on");
  expect((await call("GET", "/api/v1/designations?color=red")).status).toBe(400);
  const one = await call("GET", `/api/v1/designations/${ports.body.designations[0].id}`);
  expect(one.status).toBe(200);
  expect((await call("GET", "/api/v1/designations/999999")).status).toBe(404);
  expect((await call("GET", "/api/v1/designations/proposals?business=general_cargo_trucking")).status).toBe(401);

  const datasets = await call("GET", "/api/v1/lab/datasets");
  expect(datasets.body.datasets.length).toBeGreaterThan(0);
  const trucking = { business: "general_cargo_trucking", dataset: "trucking", as_of: "2025-09-01" };
  expect((await call("POST", "/api/v1/lab/check", { body: { business: "general_cargo_trucking", rule: "vehicles >= 5000" } })).body.ok).toBe(true);
  const bad = await call("POST", "/api/v1/lab/check", { body: { business: "general_cargo_trucking", criteria: "2023", rule: "vehicles >= 5000 and\nvehicle > 3" } });
  expect(bad.body.ok).toBe(false);
  const ev = await call("POST", "/api/v1/lab/evaluate", { body: { ...trucking, criteria: "2025-06", compare: "2023", metric: "vehicles" } });
  expect(ev.body.designated).toBe(10);
  await call("POST", "/api/v1/lab/evaluate", { body: { business: "general_port_transport", as_of: "2025-05-01", compare: null, limit: 5 } });
  await call("POST", "/api/v1/lab/evaluate", { body: { business: "general_cargo_trucking" } }); // today: warnings
  const edited = await call("POST", "/api/v1/lab/evaluate", { body: { ...trucking, rule: "vehicles >= 5000 and\nvehicle > 3" } });
  expect(edited.status).toBe(422); // diagnostics on the problem
  expect((await call("POST", "/api/v1/lab/evaluate", { body: { ...trucking, metric: "nationwide_capable" } })).status).toBe(422);
  expect((await call("POST", "/api/v1/lab/evaluate", { body: { business: "no_such_business" } })).status).toBe(404);
  expect((await call("POST", "/api/v1/lab/evaluate", { body: { business: 5 }, invalid: true })).status).toBe(422);
  expect((await call("POST", "/api/v1/lab/evaluate", { raw: "{" })).status).toBe(400);
  expect((await call("POST", "/api/v1/lab/evaluate", { body: { business: "general_cargo_trucking", as_of: "2030-01-01" } })).status).toBe(409);
  const cal = await call("POST", "/api/v1/lab/calibrate", { body: { business: "general_port_transport", as_of: "2025-05-01", metric: "harbour.annual_teu", coverage: 0.75 } });
  expect(cal.body.chosen).not.toBeNull();
  await call("POST", "/api/v1/lab/calibrate", { body: { ...trucking, metric: "vehicles", coverage: 0.5 } });
  await call("POST", "/api/v1/lab/calibrate", { body: { business: "medical_claims_processing_placeholder", metric: "x", coverage: 0.5 } });
  expect((await call("POST", "/api/v1/lab/calibrate", { body: { ...trucking, metric: "vehicles", coverage: 2 }, invalid: true })).status).toBe(422);
  const op = ev.body.compare.entered[0].id as string;
  const why = await call("POST", "/api/v1/lab/explain", { body: { ...trucking, criteria: "2025-06", operator: op } });
  expect(why.body.designated).toBe(true);
  await call("POST", "/api/v1/lab/explain", { body: { business: "general_port_transport", as_of: "2025-05-01", operator: "kamigumi" } });
  expect((await call("POST", "/api/v1/lab/explain", { body: { ...trucking, operator: "nobody" } })).status).toBe(404);
  // A three-year average explains as an exact quotient (issue 18): {quotient: [sum, years], decimal}.
  const avg = await call("POST", "/api/v1/lab/explain", { body: { business: "banking", as_of: "2026-11-25", operator: "nm-deposits-at" } });
  expect(avg.body.designated).toBe(true);
  expect(JSON.stringify(avg.body)).toContain('"quotient":[30000000000000,3]');
});

test("signing in and out: bearer tokens and the session cookie", async () => {
  expect((await call("POST", "/api/v1/auth/login", { body: { user: "cao", password: "wrong" } })).status).toBe(401);
  expect((await call("POST", "/api/v1/auth/login", { body: { user: "cao" }, invalid: true })).status).toBe(422);
  const cookie = await call("POST", "/api/v1/auth/login", { body: { user: "cao", password: "kikan-demo", session: "cookie" } });
  expect(cookie.status).toBe(200);
  expect(typeof cookie.body.csrf_token).toBe("string");
  const session = (cookie.headers.get("set-cookie") ?? "").split(";")[0];
  const me = await call("GET", "/api/v1/me", { headers: { Cookie: session } });
  expect(me.body.csrf_token).toBe(cookie.body.csrf_token);
  expect((await call("POST", "/api/v1/auth/logout", { headers: { Cookie: session } })).status).toBe(403); // no CSRF token
  expect((await call("POST", "/api/v1/auth/logout", { headers: { Cookie: session, "X-CSRF-Token": cookie.body.csrf_token } })).status).toBeLessThan(300);
  for (const user of ["cao", "mlit", "mhlw", "kamigumi", "nittsu"]) {
    const token = await login(user);
    expect((await call("GET", "/api/v1/me", { token })).body.user.login).toBe(user);
    await call("GET", "/api/v1/filings", { token });
  }
  const token = await login("nittsu");
  expect((await call("POST", "/api/v1/auth/logout", { token })).status).toBeLessThan(300);
  expect((await call("GET", "/api/v1/me", { token })).status).toBe(401);
});

test("a filing through its review: created, edited, submitted, received, recommended, accepted", async () => {
  const staff = await login("kamigumi");
  const reviewer = await login("mlit");
  const other = await login("nittsu");
  const cao = await login("cao");
  const golden = JSON.parse(readFileSync(join(root, "tests", "golden", "api", "filing-complete.json"), "utf8"));
  // The server runs on the real clock: a document without a validity must have been made within
  // three months before the filing (国土交通省令第9条第2項ただし書), so the sample's is dated today.
  for (const a of golden.attachments) if (a.issued_on) a.issued_on = today();

  // An incomplete draft: 422 at submit, naming each missing item.
  const draft = await call("POST", "/api/v1/filings", { token: staff, body: { kind: "installation_plan" } });
  expect(draft.status).toBe(201);
  expect((await call("POST", `/api/v1/filings/${draft.body.id}/submit`, { token: staff })).status).toBe(422);
  expect((await call("PUT", `/api/v1/filings/${draft.body.id}`, { token: staff, body: { kind: "installation_plan", equipment: { name: 5 } }, invalid: true })).status).toBe(422);
  expect((await call("POST", "/api/v1/filings", { token: reviewer, body: { kind: "installation_plan" } })).status).toBe(403);
  expect((await call("POST", "/api/v1/filings", { token: staff, body: { kind: "no_such_kind" }, invalid: true })).status).toBe(422);

  const created = await call("POST", "/api/v1/filings", { token: staff, body: golden });
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  expect((await call("PUT", `/api/v1/filings/${id}`, { token: staff, body: { ...golden, note: "更新" } })).status).toBe(200);
  expect((await call("GET", `/api/v1/filings/${id}`, { token: other })).status).toBe(404);
  expect((await call("GET", `/api/v1/filings/${id}`)).status).toBe(401);
  expect((await call("POST", `/api/v1/filings/${id}/submit`, { token: staff })).status).toBe(200);
  expect((await call("PUT", `/api/v1/filings/${id}`, { token: staff, body: golden })).status).toBe(409);
  expect((await call("GET", "/api/v1/queue", { token: reviewer })).body.count).toBeGreaterThan(0);
  await call("GET", "/api/v1/queue", { token: cao });
  expect((await call("GET", "/api/v1/queue", { token: staff })).status).toBe(403);

  expect((await call("POST", `/api/v1/filings/${id}/acts/receive`, { token: staff, body: { date: today(), channel: "e_gov" } })).status).toBe(403);
  const received = await call("POST", `/api/v1/filings/${id}/acts/receive`, { token: reviewer, body: { date: today(), channel: "e_gov" } });
  expect(received.body.state).toBe("received");
  expect((await call("POST", `/api/v1/filings/${id}/acts/extend`, { token: reviewer, body: { date: today(400), reason: "追加調査" } })).status).toBe(409);
  expect((await call("POST", `/api/v1/filings/${id}/acts/no_such_act`, { token: reviewer })).status).toBe(404);
  const recommended = await call("POST", `/api/v1/filings/${id}/acts/recommend`, { token: reviewer, body: { text: "保守の再委託先を国内事業者に変更すること", reason: "リスク評価" } });
  expect(recommended.body.state).toBe("recommended");
  await call("POST", `/api/v1/filings/${id}/acts/record_recommendation_receipt`, { token: reviewer, body: { date: today() } });
  const accepted = await call("POST", `/api/v1/filings/${id}/acts/accept`, { token: staff });
  expect(accepted.body.state).toBe("accepted");
  for (const token of [staff, reviewer, cao]) await call("GET", `/api/v1/filings/${id}`, { token });
  await call("POST", `/api/v1/filings/${draft.body.id}/acts/withdraw`, { token: staff, body: { reason: "取下げ" } });
  await call("GET", `/api/v1/filings/${draft.body.id}`, { token: staff });

  // The audit log of it.
  const events = await call("GET", "/api/v1/audit/events?limit=20", { token: cao });
  expect(events.body.events.length).toBeGreaterThan(0);
  await call("GET", `/api/v1/audit/events?object_type=filing&object_id=${id}`, { token: reviewer });
  await call("GET", "/api/v1/audit/events?after=0&limit=5", { token: cao });
  expect((await call("GET", "/api/v1/audit/events?limit=many", { token: cao })).status).toBe(400);
  expect((await call("GET", "/api/v1/audit/events", { token: staff })).status).toBe(403);
  expect((await call("GET", "/api/v1/audit/verify", { token: cao })).status).toBe(200);
  // The published checkpoint (public, a signed note) and the proofs of the tree it names.
  const checkpoint = await call("GET", "/api/v1/audit/checkpoint");
  expect(checkpoint.status).toBe(200);
  const size = Number(String(checkpoint.body).split("\n")[1]);
  expect(size).toBeGreaterThan(1);
  const inclusion = await call("GET", `/api/v1/audit/proof/inclusion?index=0&size=${size}`, { token: reviewer });
  expect(inclusion.status).toBe(200);
  expect(inclusion.body.root_hash).toBe(String(checkpoint.body).split("\n")[2]);
  expect((await call("GET", `/api/v1/audit/proof/consistency?from=1&to=${size}`, { token: cao })).status).toBe(200);
  expect((await call("GET", `/api/v1/audit/proof/inclusion?index=0&size=${size}`, { token: staff })).status).toBe(403);
});

test("equipment: registered, classified, changed, listed with its suppliers, deleted", async () => {
  const staff = await login("kamigumi");
  const other = await login("nittsu");
  const reviewer = await login("mlit");
  const tos = {
    name: "TOS",
    purpose: "コンテナターミナルの運営",
    functions: ["vessel_stowage_planning", "yard_planning", "container_location_management"],
    location: "神戸港",
    note: "",
    components: [{ name: "ヤード管理サーバ", role: "位置管理", supplier: "s1" }],
    suppliers: [{ id: "s1", name: "架空システムズ株式会社（架空）", country: "JP", corporate_number: "6010001000001" }],
    maintenance_contractors: [{ id: "m1", name: "架空保守株式会社（架空）", country: "JP", corporate_number: "6010001000001" }],
  };
  const made = await call("POST", "/api/v1/operators/kamigumi/equipment", { token: staff, body: tos });
  expect(made.status).toBe(201);
  const id = made.body.id as string;
  expect(made.body.classification.critical).toBe(true);
  expect((await call("POST", "/api/v1/operators/kamigumi/equipment", { token: staff, body: { name: 5 }, invalid: true })).status).toBe(422);
  expect((await call("POST", "/api/v1/operators/kamigumi/equipment", { token: other, body: tos })).status).toBe(404);
  await call("POST", "/api/v1/operators/nippon-express/equipment", { token: other, body: { business: "general_cargo_trucking", name: "配車管理", functions: ["dispatch_management"] } });
  await call("GET", "/api/v1/operators/kamigumi/equipment", { token: staff });
  await call("GET", "/api/v1/operators/kamigumi/equipment?as_of=2025-01-01", { token: reviewer });
  await call("GET", "/api/v1/operators/nippon-express/equipment", { token: other });
  expect((await call("GET", "/api/v1/operators/kamigumi/equipment")).status).toBe(401);
  await call("GET", "/api/v1/operators/kamigumi/suppliers", { token: staff });
  await call("GET", `/api/v1/equipment/${id}?as_of=2025-06-01`, { token: reviewer });
  expect((await call("GET", `/api/v1/equipment/${id}`, { token: other })).status).toBe(404);
  expect((await call("PUT", `/api/v1/equipment/${id}`, { token: staff, body: { ...tos, functions: ["yard_planning"] } })).body.classification.critical).toBe(false);
  expect((await call("DELETE", `/api/v1/equipment/${id}`, { token: staff })).status).toBeLessThan(300);
  expect((await call("GET", `/api/v1/equipment/${id}`, { token: staff })).status).toBe(404);
});

test("the register: proposals, a designation confirmed and revoked", async () => {
  const reviewer = await login("mlit");
  const cao = await login("cao");
  const staff = await login("kamigumi");
  const proposals = await call("GET", "/api/v1/designations/proposals?business=general_cargo_trucking&as_of=2025-09-01", { token: reviewer });
  expect(proposals.status).toBe(200);
  await call("GET", "/api/v1/designations/proposals?business=general_port_transport", { token: cao });
  expect((await call("GET", "/api/v1/designations/proposals?business=general_port_transport", { token: staff })).status).toBe(403);
  expect((await call("GET", "/api/v1/designations/proposals", { token: reviewer })).status).toBe(400);
  const candidate = proposals.body.propose[0];
  expect(candidate).toBeTruthy();
  const confirmed = await call("POST", "/api/v1/designations", {
    token: reviewer,
    body: { operator: candidate.id, business: "general_cargo_trucking", designated_on: today(), gazette_ref: "国土交通省告示第1号（例示）" },
  });
  expect(confirmed.status).toBe(201);
  expect((await call("POST", "/api/v1/designations", { token: reviewer, body: { business: "general_cargo_trucking" }, invalid: true })).status).toBe(422);
  expect((await call("POST", "/api/v1/designations", { token: staff, body: { operator: candidate.id, business: "general_cargo_trucking", designated_on: today(), gazette_ref: "x" } })).status).toBe(403);
  const revoked = await call("POST", `/api/v1/designations/${confirmed.body.id}/revoke`, { token: reviewer, body: { revoked_on: today(), reason: "例示の取消し" } });
  expect(revoked.status).toBe(200);
  expect((await call("POST", `/api/v1/designations/${confirmed.body.id}/revoke`, { token: reviewer, body: { revoked_on: today(), reason: "二度目" } })).status).toBe(409);
  await call("GET", `/api/v1/designations/${confirmed.body.id}`);
});

test("the supply chain: import, list, graph, CycloneDX, what-if, who-uses, suggestions", async () => {
  const staff = await login("kamigumi");
  const reviewer = await login("mlit");
  const sbom = {
    bomFormat: "CycloneDX",
    specVersion: "1.6",
    metadata: { component: { type: "application", name: "契約試験 TOS", "bom-ref": "root" } },
    components: [{ type: "library", "bom-ref": "lib", name: "contract-lib", version: "1.0.0", purl: "pkg:npm/contract-lib@1.0.0", supplier: { name: "契約試験ソフト株式会社" } }],
  };
  expect((await call("POST", "/api/v1/supply/systems/contract-tos/documents?operator=kamigumi", { token: staff, body: sbom })).status).toBe(201);
  expect((await call("POST", "/api/v1/supply/systems/contract-tos/documents?operator=kamigumi", { token: staff, body: { bomFormat: "CycloneDX", specVersion: "1.6", components: [{ type: "device" }] } })).status).toBe(422);
  expect((await call("POST", "/api/v1/supply/systems/contract-tos/documents?operator=kamigumi", { token: reviewer, body: sbom })).status).toBe(403);
  expect((await call("GET", "/api/v1/supply/systems")).status).toBe(401);
  const list = await call("GET", "/api/v1/supply/systems", { token: staff });
  expect(list.body.systems.map((s: { id: string }) => s.id)).toContain("contract-tos");
  await call("GET", "/api/v1/supply/systems/nuts", { token: staff });
  await call("GET", "/api/v1/supply/systems/nuts", { token: reviewer });
  expect((await call("GET", "/api/v1/supply/systems/nowhere", { token: staff })).status).toBe(404);
  const cdx = await call("GET", "/api/v1/supply/systems/contract-tos/cyclonedx", { token: staff });
  expect(cdx.headers.get("content-type")).toContain("application/vnd.cyclonedx+json");
  const whatif = await call("GET", "/api/v1/supply/systems/nuts/whatif?from=2023-07-04T06:30%2B09:00&days=3", { token: reviewer });
  expect(whatif.body.terminals).toHaveLength(5);
  await call("GET", "/api/v1/supply/systems/nuts/whatif?from=2023-07-04T06:30%2B09:00&days=3", { token: staff });
  expect((await call("GET", "/api/v1/supply/systems/nuts/whatif?from=x", { token: staff })).status).toBe(422);
  await call("GET", "/api/v1/supply/who-uses?purl=pkg:npm/express", { token: reviewer });
  await call("GET", "/api/v1/supply/who-uses?supplier=%E5%A5%91%E7%B4%84%E8%A9%A6%E9%A8%93%E3%82%BD%E3%83%95%E3%83%88", { token: staff });
  expect((await call("GET", "/api/v1/supply/who-uses", { token: staff })).status).toBe(422);
  const s = await call("GET", "/api/v1/supply/suggest?q=contract", { token: staff });
  expect(s.body.suggestions.length).toBeGreaterThan(0);
  const concentration = await call("GET", "/api/v1/supply/concentration?business=general_port_transport", { token: reviewer });
  expect(concentration.body.shared_systems.map((x: { id: string }) => x.id)).toContain("nuts");
  await call("GET", "/api/v1/supply/concentration?business=general_port_transport", { token: staff });
  await call("GET", "/api/v1/supply/concentration?business=general_cargo_trucking", { token: staff });
  expect((await call("GET", "/api/v1/supply/concentration?business=nowhere", { token: staff })).status).toBe(422);
  expect((await call("GET", "/api/v1/supply/concentration?business=general_port_transport")).status).toBe(401);
  // A party match: listed for a reviewer (not for operator staff), confirmed by the reviewer.
  const tos = await call("GET", "/api/v1/supply/systems/sample-tos", { token: reviewer });
  type Party = { id: string; matches: { id: string; reason: string }[] };
  const node = (tos.body.parties as Party[]).find((p) => p.matches.some((m) => m.reason === "normalised_name"))!;
  const match = node.matches.find((m) => m.reason === "normalised_name")!;
  const matches = await call("GET", `/api/v1/supply/parties/${node.id}/matches`, { token: reviewer });
  expect(matches.body.matches.length).toBeGreaterThan(0);
  expect((await call("GET", `/api/v1/supply/parties/${node.id}/matches`, { token: staff })).status).toBe(404);
  const target = `/api/v1/supply/parties/${node.id}/matches/${match.id}`;
  expect((await call("POST", target, { token: staff, body: { decision: "confirm" } })).status).toBe(403);
  // The mentions that made the node are no match: 409.
  const origin = (matches.body.matches as { id: string; reason: string }[]).find((m) => m.reason === "none")!;
  expect((await call("POST", `/api/v1/supply/parties/${node.id}/matches/${origin.id}`, { token: reviewer, body: { decision: "confirm" } })).status).toBe(409);
  const decided = await call("POST", target, { token: reviewer, body: { decision: "confirm", note: "contract" } });
  expect(decided.status).toBe(201);
  expect(decided.body.decision).toBe("confirmed");
});

test("the supply chain findings on a filing: the operator's and the reviewer's, hidden from others", async () => {
  const staff = await login("kamigumi");
  const reviewer = await login("mlit");
  const other = await login("nittsu");
  const filing = JSON.parse(readFileSync(join(root, "tests", "golden", "api", "filing-complete.json"), "utf8"));
  const created = await call("POST", "/api/v1/filings", { token: staff, body: filing });
  expect(created.status).toBe(201);
  const path = `/api/v1/filings/${created.body.id}/findings`;
  const own = await call("GET", path, { token: staff });
  expect(own.status).toBe(200);
  const kinds = own.body.findings.map((f: { kind: string }) => f.kind);
  expect(kinds).toContain("vulnerability_without_vex");
  const seen = await call("GET", path, { token: reviewer });
  expect(seen.body.findings.length).toBe(own.body.findings.length);
  expect((await call("GET", path, { token: other })).status).toBe(404);
  expect((await call("GET", path)).status).toBe(401);
  expect((await call("GET", "/api/v1/filings/nowhere/findings", { token: reviewer })).status).toBe(404);
});

test("what each demo account may read, and the problems of what it may not", async () => {
  // Every account (and the public) reads every GET route that takes no body; allowed or not, the
  // answer is the document's (200, or a 401/403/404 problem).
  const tokens: Record<string, string | undefined> = { public: undefined };
  for (const user of ["cao", "mlit", "mhlw", "kamigumi", "nittsu"]) tokens[user] = await login(user);
  const seen = new Map<string, number[]>();
  for (const [user, token] of Object.entries(tokens)) {
    for (const path of [
      "/api/v1/me",
      "/api/v1/filings",
      "/api/v1/queue",
      "/api/v1/audit/events?limit=3",
      "/api/v1/audit/verify",
      "/api/v1/operators/kamigumi/equipment",
      "/api/v1/operators/nippon-express/suppliers",
      "/api/v1/designations/proposals?business=general_port_transport&as_of=2025-05-01",
    ]) {
      const r = await call("GET", path, { token });
      seen.set(path, [...(seen.get(path) ?? []), r.status]);
      expect([200, 401, 403, 404], `${user} GET ${path}`).toContain(r.status);
    }
  }
  // The public is refused where a session is needed; the Cabinet Office reads everything.
  expect(seen.get("/api/v1/filings")![0]).toBe(401);
  expect(seen.get("/api/v1/audit/verify")![1]).toBe(200);
  expect(seen.get("/api/v1/queue")![4]).toBe(403); // kamigumi's staff
});

test("every route of the document was answered and checked", async () => {
  const missing: string[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const m of Object.keys(ops)) if (!called.has(`${m} ${path}`)) missing.push(`${m} ${path}`);
  }
  expect(missing).toEqual([]);
  // Error answers of several kinds were checked against the problem schema.
  const statuses = new Set([...problems].map((p) => p.split(" ").pop()));
  for (const s of ["400", "401", "403", "404", "409", "422"]) expect(statuses, s).toContain(s);
});
