"""Joins bench/server's figures, writes OUT_DIR/server.json and prints them (bench/server drives it).

    /usr/bin/python3 bench/server_report.py WORK_DIR OUT_DIR --build-dir D --build-type T
        --threads N --connections N --clients N --duration S --warmup S --rounds R
        --content-type CT --body-bytes N --loadavg TEXT

Reads, from WORK_DIR, for each round i in 1..R: reads-{kikan,nginx}-i.json
(bench/server_reads.lua), writes-{sequential,concurrent}-i.json (bench/server_writes.lua),
plain-{sequential,concurrent}-i.json (bench/server_sqlite.py) and cpu-*-i.txt (the server's CPU
clock ticks during the measurement); and verify.txt (kikan audit verify) and submitted.txt
(submitted filings in the server's database). Each figure is the best of the R rounds (the
others are kept as rounds_per_s). Writes OUT_DIR/server.json:
  {"date", "machine", "build", "reads": {"kikan": {...}, "nginx": {...}, "kikan_over_nginx", ...},
   "writes": {"sequential": {...}, "concurrent": {...}}, "audit_verify", ...}
(rates per second; latencies in microseconds, per HTTP request). Exits 1, after writing, when a
measurement had errors: a read that was not 2xx, a failed create or submit, or no sequences.
"""

import argparse
import datetime
import json
import os
import platform


def load(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return json.load(f)


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("work")
    p.add_argument("out")
    for name in ("build-dir", "build-type", "content-type", "loadavg"):
        p.add_argument(f"--{name}", required=True)
    for name in ("threads", "connections", "clients", "duration", "warmup", "rounds", "body-bytes"):
        p.add_argument(f"--{name}", type=int, required=True)
    a = p.parse_args()
    w = a.work
    tick_us = 1e6 / os.sysconf("SC_CLK_TCK")

    def cpu_us(name):
        with open(f"{w}/cpu-{name}.txt") as f:
            return int(f.read()) * tick_us
    problems = []

    rounds = range(1, a.rounds + 1)
    reads = {}
    for server in ("kikan", "nginx"):
        measured = []
        for i in rounds:
            r = load(f"{w}/reads-{server}-{i}.json")
            seconds = r["duration_us"] / 1e6
            if sum(r["errors"].values()):
                problems.append(f"reads from {server}, round {i}: {r['errors']}")
            measured.append({
                "requests": r["requests"],
                "seconds": seconds,
                "per_s": r["requests"] / seconds,
                "latency_us": r["latency_us"],
                "server_cpu_us_per_request": cpu_us(f"reads-{server}-{i}") / max(r["requests"], 1),
                "errors": r["errors"],
            })
        best = dict(max(measured, key=lambda m: m["per_s"]))
        best["rounds_per_s"] = [m["per_s"] for m in measured]
        reads[server] = best
    ratio = reads["kikan"]["per_s"] / reads["nginx"]["per_s"]
    reads_out = {
        "request": "GET /api/v1/designations",
        "body_bytes": a.body_bytes,
        "content_type": a.content_type,
        "wrk": f"-t2 -c{a.connections} -d{a.duration}s, keep-alive, after a {a.warmup} s warm-up; "
               f"best of {a.rounds} rounds, kikan and nginx in turn",
        "kikan": reads["kikan"],
        "nginx": reads["nginx"],
        "kikan_over_nginx": ratio,
        "target": 0.5,
        "met": ratio >= 0.5,
    }

    writes = {}
    for phase, clients in (("sequential", 1), ("concurrent", a.clients)):
        kikan, plain = [], {"tx_per_request": [], "tx_per_sequence": []}
        for i in rounds:
            k = load(f"{w}/writes-{phase}-{i}.json")
            seconds = k["duration_us"] / 1e6
            if k["failures"] or k["socket_errors"]:
                problems.append(f"{phase} writes, round {i}: {k['failures']} failed request(s), "
                                f"{k['socket_errors']} socket error(s); first: {k['first_failure']}")
            if k["sequences"] == 0:
                problems.append(f"{phase} writes, round {i}: no create+submit sequence completed")
            kikan.append({
                "sequences": k["sequences"],
                "seconds": seconds,
                "per_s": k["sequences"] / seconds if seconds > 0 else 0.0,
                "request_latency_us": k["latency_us"],
                "server_cpu_us_per_sequence": cpu_us(f"writes-{phase}-{i}") / max(k["sequences"], 1),
                "failures": k["failures"],
            })
            pl = load(f"{w}/plain-{phase}-{i}.json")
            for key in plain:
                plain[key].append(dict(pl[key], sequences=pl["sequences"]))
        best = dict(max(kikan, key=lambda m: m["per_s"]))
        best["rounds_per_s"] = [m["per_s"] for m in kikan]
        phase_out = {"clients": clients, "kikan": best}
        for key, measured in plain.items():
            b = dict(max(measured, key=lambda m: m["per_s"]))
            b["rounds_per_s"] = [m["per_s"] for m in measured]
            phase_out[f"sqlite_{key}"] = b
            phase_out[f"kikan_over_sqlite_{key}"] = best["per_s"] / b["per_s"]
        writes[phase] = phase_out

    with open(f"{w}/verify.txt", encoding="utf-8", errors="replace") as f:
        verify = f.read().strip().splitlines()
    with open(f"{w}/submitted.txt") as f:
        submitted = int(f.read())

    result = {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "machine": {
            "cores": os.cpu_count(),
            "cpu": cpu_model(),
            "note": "wrk runs on the same cores as the server it measures",
            "loadavg": a.loadavg,
        },
        "build": {"build_dir": a.build_dir, "build_type": a.build_type},
        "server_threads": a.threads,
        "nginx_worker_processes": a.threads,
        "reads": reads_out,
        "writes": writes,
        "submitted_filings_in_db": submitted,
        "audit_verify": verify[-1] if verify else "",
        "writes_note": ("a sequence: POST /api/v1/filings (INSERT filing + audit event) then "
                        "POST /api/v1/filings/{id}/submit (UPDATE filing + INSERT act + audit "
                        "event); each request one transaction, WAL, synchronous=FULL. "
                        "sqlite_*: the same rows by bench/server_sqlite.py, one writer"),
    }
    os.makedirs(a.out, exist_ok=True)
    with open(f"{a.out}/server.json", "w") as f:
        json.dump(result, f, indent=2, ensure_ascii=False)
        f.write("\n")

    print(f"\nkikan serve ({a.build_type}, {a.threads} worker threads) on {os.cpu_count()} cores "
          f"({cpu_model()}), wrk on the same cores; load average {a.loadavg} (start / end)")
    print(f"\nReads: GET /api/v1/designations ({a.body_bytes:,} bytes), wrk -t2 -c{a.connections} "
          f"-d{a.duration}s, keep-alive, best of {a.rounds} (読み取り)")
    print(f"{'server':<34}{'requests/s':>12}{'p50 ms':>10}{'p99 ms':>10}{'CPU us/req':>12}")
    for server, label in (("kikan", "kikan"), ("nginx", f"nginx, {a.threads} workers, static file")):
        r = reads[server]
        print(f"{label:<34}{r['per_s']:>12,.0f}{r['latency_us']['p50'] / 1000:>10.2f}"
              f"{r['latency_us']['p99'] / 1000:>10.2f}{r['server_cpu_us_per_request']:>12,.0f}")
    print("rounds, requests/s: " + "; ".join(
        f"{server} " + ", ".join(f"{x:,.0f}" for x in reads[server]["rounds_per_s"])
        for server in ("kikan", "nginx")))
    print(f"kikan / nginx: {ratio:.2f} (target >= 0.5: {'met' if ratio >= 0.5 else 'NOT met'})")

    print(f"\nWrites: create+submit sequences, WAL + synchronous=FULL, {a.duration} s, best of "
          f"{a.rounds} (書き込み: 作成＋提出)")
    print(f"{'':<34}{'sequential':>14}{f'{a.clients} clients':>14}")
    rows = [
        ("kikan API, sequences/s", lambda x: f"{x['kikan']['per_s']:,.1f}"),
        ("  request p50 / p99 ms", lambda x: f"{x['kikan']['request_latency_us']['p50'] / 1000:.1f}"
                                            f" / {x['kikan']['request_latency_us']['p99'] / 1000:.1f}"),
        ("  server CPU ms per sequence", lambda x: f"{x['kikan']['server_cpu_us_per_sequence'] / 1000:.2f}"),
        ("SQLite, 1 tx per request, seq/s", lambda x: f"{x['sqlite_tx_per_request']['per_s']:,.1f}"),
        ("  CPU ms per sequence (Python)", lambda x: f"{x['sqlite_tx_per_request']['cpu_us_per_sequence'] / 1000:.2f}"),
        ("SQLite, 1 tx per sequence, seq/s", lambda x: f"{x['sqlite_tx_per_sequence']['per_s']:,.1f}"),
        ("kikan / SQLite (tx per request)", lambda x: f"{x['kikan_over_sqlite_tx_per_request']:.2f}"),
        ("kikan / SQLite (tx per sequence)", lambda x: f"{x['kikan_over_sqlite_tx_per_sequence']:.2f}"),
    ]
    for label, f in rows:
        print(f"{label:<34}{f(writes['sequential']):>14}{f(writes['concurrent']):>14}")
    for phase in ("sequential", "concurrent"):
        x = writes[phase]
        print(f"rounds, {phase}, sequences/s: " + "; ".join(
            f"{name} " + ", ".join(f"{v:,.0f}" for v in x[key]["rounds_per_s"])
            for name, key in (("kikan", "kikan"), ("SQLite per request", "sqlite_tx_per_request"),
                              ("per sequence", "sqlite_tx_per_sequence"))))
    print(f"\naudit verify: {result['audit_verify']}; {submitted:,} submitted filings in the database")

    if problems:
        for problem in problems:
            print(f"FAIL: {problem}")
        raise SystemExit(1)
    print(f"\nwrote {a.out}/server.json")


if __name__ == "__main__":
    main()
