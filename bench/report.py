"""Joins the benchmark's figures and checks them (bench/run drives the whole run).

    /usr/bin/python3 bench/report.py OUT_DIR

Reads OUT_DIR/cpp.json (kikan_bench), OUT_DIR/duckdb.json, OUT_DIR/numpy.json and, when present,
OUT_DIR/memory.json; fails (exit 1) unless every engine found the same designated count for each
criteria version. Writes OUT_DIR/evaluate.json as
{"2023": {"kikan": s, "hand": s, "explain": s, "sqlite": s, "duckdb": s, "numpy": s,
"duckdb_default_threads": s, "explain_rows": s}, "2025-06": {...}} (seconds; duckdb = one thread,
like the others; explain = CompiledRule::Explain's per-row time on a sample, extrapolated to every
row; explain_rows = the same with ExplainRows, which computes the aggregates once per batch;
kikan_verdicts = the three-valued EvaluateVerdicts, and kikan_verdicts_1pct_missing the same with
vehicles missing in every 100th row), OUT_DIR/summary.json with the
loading and memory figures, and prints the ratios against the hand-written loop.
"""

import json
import os
import sys

VERSIONS = ("2023", "2025-06")


def load(path):
    with open(path) as f:
        return json.load(f)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "build/bench"
    cpp = load(f"{out}/cpp.json")
    duck = load(f"{out}/duckdb.json")
    npy = load(f"{out}/numpy.json")
    mem = load(f"{out}/memory.json") if os.path.exists(f"{out}/memory.json") else None
    build = load(f"{out}/build.json") if os.path.exists(f"{out}/build.json") else None

    evaluate, problems = {}, []
    for v in VERSIONS:
        c = cpp["versions"][v]
        counts = {
            "kikan/hand/sqlite (kikan_bench)": c["designated"],
            "duckdb 1 thread": duck["one_thread"][v]["designated"],
            "duckdb default threads": duck["default_threads"][v]["designated"],
            "numpy": npy[v]["designated"],
        }
        if mem is not None:
            counts["kikan (memory run)"] = mem["designated"][v]
        if len(set(counts.values())) != 1:
            problems.append(f"{v}: designated counts differ: {counts}")
        evaluate[v] = {
            "kikan": c["kikan"],
            "hand": c["hand"],
            "explain": c["explain"],
            "sqlite": c["sqlite"],
            "duckdb": duck["one_thread"][v]["seconds"],
            "numpy": npy[v]["seconds"],
            "duckdb_default_threads": duck["default_threads"][v]["seconds"],
        }
        if c["explain_rows"] >= 0:  # -1 when the rules library has no ExplainRows
            evaluate[v]["explain_rows"] = c["explain_rows"]
        if "verdicts" in c:  # the three-valued evaluator (issue 14 §4)
            evaluate[v]["kikan_verdicts"] = c["verdicts"]
            evaluate[v]["kikan_verdicts_1pct_missing"] = c["verdicts_missing"]

    with open(f"{out}/evaluate.json", "w") as f:
        json.dump(evaluate, f, indent=2)
        f.write("\n")

    summary = {
        "rows": cpp["rows"],
        "designated": {v: cpp["versions"][v]["designated"] for v in VERSIONS},
        "explain_sample": {v: cpp["versions"][v]["explain_sample"] for v in VERSIONS},
        "explain_rows_sample": {v: cpp["versions"][v]["explain_rows_sample"] for v in VERSIONS},
        "load_csv": {
            "kikan": cpp["kikan_csv_load"],  # null when registry::Dataset was not built
            "duckdb_1_thread": duck["one_thread"]["load_csv"],
            "duckdb_default_threads": duck["default_threads"]["load_csv"],
            "duckdb_default_thread_count": duck["default_threads"]["threads"],
        },
        "memory": mem,
        "numpy_version": npy["numpy_version"],
        "build": build,
    }
    with open(f"{out}/summary.json", "w") as f:
        json.dump(summary, f, indent=2)
        f.write("\n")

    rows = cpp["rows"]
    print(f"\nTrucking criteria over {rows:,} synthetic operators, 1 thread, best of 5 runs "
          f"(トラック事業者 {rows:,} 者、1 スレッド)")
    if build is not None:
        print(f"kikan_bench: {build['build_type']} build in {build['build_dir']}, "
              f"CXXFLAGS '{build['cxx_flags']}'")
    engines = ["kikan", "kikan_verdicts", "kikan_verdicts_1pct_missing", "hand", "explain",
               "explain_rows", "sqlite", "duckdb", "numpy", "duckdb_default_threads"]
    print(f"{'engine':<30}" + "".join(f"{v + ' s':>14}{'x hand':>12}" for v in VERSIONS))
    for e in engines:
        if e not in evaluate[VERSIONS[0]]:
            continue
        line = f"{e:<30}"
        for v in VERSIONS:
            s, hand = evaluate[v][e], evaluate[v]["hand"]
            line += f"{s:>14.6f}{s / hand:>12.2f}"
        print(line)
    print("explain: Explain's per-row time on a sample of "
          + ", ".join(f"{summary['explain_sample'][v]:,} rows ({v})" for v in VERSIONS)
          + ", extrapolated to every row")
    print("explain_rows: ExplainRows' per-row time on a sample of "
          + ", ".join(f"{summary['explain_rows_sample'][v]:,} rows ({v})" for v in VERSIONS)
          + ", extrapolated to every row")
    print(f"duckdb_default_threads: {duck['default_threads']['threads']} threads")
    if "verdicts" in cpp["versions"][VERSIONS[0]]:
        print("kikan_verdicts: EvaluateVerdicts (three-valued, validity bitmaps) on the same data; "
              "_1pct_missing: with vehicles missing in every 100th row ("
              + ", ".join(f"{v}: {cpp['versions'][v]['missing_designated']:,} designated, "
                          f"{cpp['versions'][v]['missing_undetermined']:,} undetermined"
                          for v in VERSIONS) + ")")

    print("\nTargets (目標):")
    for v in VERSIONS:
        e = evaluate[v]
        checks = [
            ("kikan within 1.5x of the hand loop", e["kikan"] <= 1.5 * e["hand"]),
            ("kikan_verdicts within 1.5x of the hand loop",
             e.get("kikan_verdicts", 0) <= 1.5 * e["hand"]),
            ("kikan faster than DuckDB (1 thread)", e["kikan"] < e["duckdb"]),
            ("kikan faster than NumPy", e["kikan"] < e["numpy"]),
            ("kikan >= 20x faster than SQLite", e["sqlite"] >= 20 * e["kikan"]),
        ]
        for name, ok in checks:
            print(f"  {v}: {name}: {'met' if ok else 'NOT met'}")

    load_k = cpp["kikan_csv_load"]
    print("\nLoading the CSV into columns (CSV 読み込み):")
    if load_k is None:
        print("  kikan: NOT MEASURED (registry::Dataset was not built)")
    else:
        print(f"  kikan Dataset::Load {load_k['load']:.3f} s + Snapshot {load_k['snapshot']:.3f} s"
              f" = {load_k['total']:.3f} s")
    print(f"  duckdb read_csv: {duck['one_thread']['load_csv']:.3f} s (1 thread), "
          f"{duck['default_threads']['load_csv']:.3f} s ({duck['default_threads']['threads']} threads)")
    if mem is not None:
        mib = 1 << 20
        cols = mem["value_columns_bytes"] + mem["ids_and_names_bytes"]
        print("\nMemory (メモリ):")
        print(f"  population columns: {mem['value_columns_bytes'] / mib:.1f} MiB values + "
              f"{mem['ids_and_names_bytes'] / mib:.1f} MiB ids/names = {cols / mib:.1f} MiB")
        print(f"  peak RSS of the kikan run (generate + evaluate both): "
              f"{mem['peak_rss_bytes'] / mib:.1f} MiB "
              f"(+{(mem['peak_rss_bytes'] - cols) / mib:.1f} MiB over the columns)")

    if problems:
        for p in problems:
            print(f"FAIL: {p}", file=sys.stderr)
        sys.exit(1)
    print(f"\nwrote {out}/evaluate.json and {out}/summary.json")


if __name__ == "__main__":
    main()
