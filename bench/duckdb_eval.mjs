// DuckDB half of the evaluation benchmark (bench/run drives the whole run).
//
//   node bench/duckdb_eval.mjs OUT_DIR
//
// Reads OUT_DIR/trucking/operator.csv (written by kikan_bench) into an in-memory DuckDB table with
// read_csv — timed: that is the CSV-load comparison — then times the old ("2023") and the revised
// ("2025-06") trucking criteria as SQL, only the query, best of 5 runs. Once with threads=1 (the
// same single core as every other engine) and once with DuckDB's default thread count. Writes
// OUT_DIR/duckdb.json. Uses @duckdb/node-api (bench/package.json; the native library comes in the
// @duckdb/node-bindings-linux-x64 package).
import { DuckDBInstance } from '@duckdb/node-api';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const out = resolve(process.argv[2] ?? 'build/bench');
const csv = `${out}/trucking/operator.csv`;
const reps = 5;

// The same predicates as kikan_bench's SQLite queries (bench/evaluate_bench.cc).
const queries = {
  '2023':
    'SELECT count(*) FROM operator, (SELECT sum(loaded_vehicle_km) AS k, sum(tonnage) AS t, ' +
    'sum(vehicles) AS v FROM operator) AS s WHERE operator.loaded_vehicle_km >= 0.05 * s.k AND ' +
    'operator.tonnage >= 0.05 * s.t AND operator.vehicles >= 0.05 * s.v AND ' +
    'operator.nationwide_offices',
  '2025-06': 'SELECT count(*) FROM operator WHERE vehicles >= 5000 AND nationwide_capable',
};

const seconds = (t0) => Number(process.hrtime.bigint() - t0) / 1e9;
const best = (xs) => Math.min(...xs);

async function run(threads) {
  const options = threads === 'default' ? {} : { threads: String(threads) };
  const instance = await DuckDBInstance.create(':memory:', options);
  const con = await instance.connect();
  const actual = (await con.runAndReadAll("SELECT current_setting('threads')")).getRows()[0][0];
  let t0 = process.hrtime.bigint();
  await con.run(
    `CREATE TABLE operator AS SELECT * FROM read_csv('${csv}', header = true, columns = {` +
      "'id': 'VARCHAR', 'name': 'VARCHAR', 'vehicles': 'BIGINT', 'loaded_vehicle_km': 'DOUBLE', " +
      "'tonnage': 'DOUBLE', 'nationwide_offices': 'BOOLEAN', 'nationwide_capable': 'BOOLEAN', " +
      "'prefectures_served': 'BIGINT'})",
  );
  const load = seconds(t0);
  const result = { threads: Number(actual), load_csv: load };
  for (const [version, sql] of Object.entries(queries)) {
    const times = [];
    let count = null;
    for (let i = 0; i < reps; ++i) {
      t0 = process.hrtime.bigint();
      const rows = (await con.runAndReadAll(sql)).getRows();
      times.push(seconds(t0));
      const c = Number(rows[0][0]);
      if (count !== null && c !== count) throw new Error(`DuckDB: counts differ between runs (${version})`);
      count = c;
    }
    result[version] = { seconds: best(times), designated: count };
  }
  con.closeSync?.();
  return result;
}

const report = { one_thread: await run(1), default_threads: await run('default') };
writeFileSync(`${out}/duckdb.json`, JSON.stringify(report, null, 2) + '\n');
console.log(JSON.stringify(report));
