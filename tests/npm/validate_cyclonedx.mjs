// The CycloneDX export against the official schema: seeds a demo database with the kikan binary
// (argv[2]), exports every demo system as CycloneDX 1.6, imports one export into a new system
// and exports that too, and validates each document against bom-1.6 from the npm package
// @cyclonedx/cyclonedx-library (res/schema/, with the SPDX licence and JSF schemas it refers
// to), with Ajv. Registered with ctest (tests/CMakeLists.txt); exits non-zero on any failure.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
let Ajv, addFormats, schemaDir;
try {
  Ajv = require('ajv');
  addFormats = require('ajv-formats');
  schemaDir = join(dirname(require.resolve('@cyclonedx/cyclonedx-library/package.json')), 'res', 'schema');
} catch (e) {
  console.error(`cannot load the npm test helpers (${e.message}): run scripts/install-deps ` +
                '(it runs `npm ci` in tests/npm)');
  process.exit(1);
}
const kikan = process.argv[2];
if (!kikan) {
  console.error('usage: node validate_cyclonedx.mjs PATH_TO_KIKAN');
  process.exit(2);
}

const load = (name) => JSON.parse(readFileSync(join(schemaDir, name), 'utf8'));
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
// Formats ajv-formats lacks (the library uses ajv-formats-draft2019 for them): checked loosely.
ajv.addFormat('iri-reference', /^[^\s]*$/u);
ajv.addFormat('idn-email', /^[^\s@]+@[^\s@]+$/u);
const base = 'http://cyclonedx.org/schema/';
ajv.addSchema(load('spdx.SNAPSHOT.schema.json'), base + 'spdx.SNAPSHOT.schema.json');
ajv.addSchema(load('jsf-0.82.SNAPSHOT.schema.json'), base + 'jsf-0.82.SNAPSHOT.schema.json');
const validate = ajv.compile(load('bom-1.6.SNAPSHOT.schema.json'));

const dir = mkdtempSync(join(tmpdir(), 'kikan-cdx-'));
const db = `sqlite:${join(dir, 'demo.db')}`;
const run = (...args) =>
  execFileSync(kikan, ['--lang', 'en', ...args], { encoding: 'utf8', env: { ...process.env, KIKAN_DATA_ROOT: join(here, '..', '..') } });
let failures = 0;
try {
  run('demo', 'seed', '--db', db, '--insecure-fast-password-hashing');
  const docs = {};
  for (const system of ['nuts', 'sample-tos']) docs[system] = run('supply', 'export', '--db', db, '--system', system);
  const file = join(dir, 'nuts.cdx.json');
  writeFileSync(file, docs.nuts);
  run('supply', 'import', '--db', db, '--operator', 'kamigumi', '--system', 'reimported', file);
  docs.reimported = run('supply', 'export', '--db', db, '--system', 'reimported');
  for (const [system, text] of Object.entries(docs)) {
    const doc = JSON.parse(text);
    if (validate(doc)) {
      console.log(`ok: ${system} (${doc.components.length} top-level components) is valid CycloneDX 1.6`);
    } else {
      failures++;
      console.error(`FAIL: ${system}:\n${JSON.stringify(validate.errors, null, 2)}`);
    }
  }
  // The validator is not vacuous: a component without its type is refused.
  const broken = JSON.parse(docs.nuts);
  delete broken.components[0].type;
  if (validate(broken)) {
    failures++;
    console.error('FAIL: the schema accepted a component without a type');
  }
  // Re-imported unchanged: the same components, services and dependencies.
  const strip = (text) => {
    const doc = JSON.parse(text);
    delete doc.serialNumber;
    delete doc.metadata.timestamp;
    delete doc.metadata.properties;
    return JSON.stringify(doc);
  };
  if (strip(docs.nuts) !== strip(docs.reimported)) {
    failures++;
    console.error('FAIL: the re-imported export differs from the first export');
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(failures === 0 ? 0 : 1);
