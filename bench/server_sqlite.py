"""The floor of bench/server's write phase: plain SQLite doing the server's writes, nothing else.

    /usr/bin/python3 bench/server_sqlite.py SERVER_DB WARMUP_FROM WARMUP_THROUGH AFTER_SEQ \
        THROUGH_SEQ WORK_DIR OUT_JSON

Reads, from the database a `kikan serve` run wrote (read-only; the server may still be running),
the filings whose create and submit audit events have seq in (AFTER_SEQ, THROUGH_SEQ] (the
measured ones) and in (WARMUP_FROM, WARMUP_THROUGH] (the server's warm-up): their
filing row, their act row (filing_event) and both audit_event rows. Then writes the same rows,
in the same order, with the same statements the server runs (INSERT the draft filing row + its
audit event; UPDATE every column of the filing row + INSERT the act row + its audit event), into
a fresh database in WORK_DIR that has the server's schema (indexes, triggers, foreign keys) and
its operator rows, in the server's durability mode: WAL, synchronous=FULL, foreign_keys=ON,
BEGIN IMMEDIATE ... COMMIT. The warm-up's rows are written first, untimed, as the server's
warm-up wrote them before its measurement (the WAL file has grown to its checkpoint size, the
pages are cached). Two variants, each on its own fresh database:
  tx_per_request:  one transaction per HTTP request (create; submit) — the server's commits;
  tx_per_sequence: one transaction per create+submit sequence.
No hashing, JSON, HTTP or audit-head read: only the inserts and updates are timed. Writes
OUT_JSON as {"sequences": n, "tx_per_request": {"seconds": s, "per_s": r, "cpu_us_per_sequence":
c}, "tx_per_sequence": {...}, "sqlite_version": v} (cpu: this process's user + system time, the
Python interpreter's included). Exits 1 when the source holds no complete sequence in the range or
the fresh database refuses WAL or synchronous=FULL.
"""

import json
import os
import sqlite3
import sys
import time

FILING_COLUMNS = (
    "id, kind, business, operator_id, ministry_id, created_by, created_at, updated_at, state, "
    "contents, content_hash, filers, submitted_hash, submitted_at, channel, received_on, "
    "period_end_override, period_changed_by, recommendation_issued_on, "
    "recommendation_received_on, answered_on, decided_on")
EVENT_COLUMNS = ("filing_id, seq, act, who, role, at, from_state, to_state, date, received_on, "
                 "reason, text, content_hash, pack_version, channel")
AUDIT_COLUMNS = "seq, at, actor, action, object_type, object_id, state_hash, detail, prev_hash, hash"


def placeholders(columns):
    return ", ".join("?" for _ in columns.split(","))


def load(server_db, after, through):
    src = sqlite3.connect(f"file:{server_db}?mode=ro", uri=True)
    schema = [r[0] for r in src.execute(
        "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' "
        "ORDER BY rowid")]
    operators = src.execute("SELECT * FROM operator").fetchall()
    audit = src.execute(
        f"SELECT {AUDIT_COLUMNS} FROM audit_event WHERE seq > ? AND seq <= ? "
        "AND object_type = 'filing' ORDER BY seq", (after, through)).fetchall()
    creates, submits = {}, {}
    for row in audit:
        action, object_id = row[3], row[5]
        if action == "filing.create":
            creates[object_id] = row
        elif action == "filing.submit":
            submits[object_id] = row
        else:
            raise SystemExit(f"server_sqlite: unexpected audit action {action} at seq {row[0]}")
    ids = [i for i in creates if i in submits]  # complete sequences, in creation order
    filings, events = {}, {}
    for i in ids:
        filings[i] = src.execute(f"SELECT {FILING_COLUMNS} FROM filing WHERE id = ?", (i,)).fetchone()
        rows = src.execute(f"SELECT {EVENT_COLUMNS} FROM filing_event WHERE filing_id = ?",
                           (i,)).fetchall()
        if len(rows) != 1 or rows[0][2] != "submit":
            raise SystemExit(f"server_sqlite: filing {i} has acts {rows}, expected one submit")
        events[i] = rows[0]
    src.close()
    return schema, operators, ids, creates, submits, filings, events


def fresh(path, schema, operators):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    db = sqlite3.connect(path, isolation_level=None)
    mode = db.execute("PRAGMA journal_mode=WAL").fetchone()[0]
    db.execute("PRAGMA synchronous=FULL")
    db.execute("PRAGMA foreign_keys=ON")
    sync = db.execute("PRAGMA synchronous").fetchone()[0]
    if mode != "wal" or sync != 2:
        raise SystemExit(f"server_sqlite: {path}: journal_mode {mode}, synchronous {sync}")
    db.execute("BEGIN")
    for sql in schema:
        db.execute(sql)
    if operators:
        db.executemany(f"INSERT INTO operator VALUES ({', '.join(['?'] * len(operators[0]))})",
                       operators)
    db.execute("COMMIT")
    return db


def run(db, ids, creates, submits, filings, events, per_sequence, expect_submitted):
    names = [c.strip() for c in FILING_COLUMNS.split(",")]
    state_i, hash_i, at_i = names.index("state"), names.index("submitted_hash"), names.index("submitted_at")
    insert_filing = f"INSERT INTO filing ({FILING_COLUMNS}) VALUES ({placeholders(FILING_COLUMNS)})"
    update_filing = ("UPDATE filing SET " + ", ".join(f"{n} = ?" for n in names[1:]) +
                     " WHERE id = ?")
    insert_event = f"INSERT INTO filing_event ({EVENT_COLUMNS}) VALUES ({placeholders(EVENT_COLUMNS)})"
    insert_audit = f"INSERT INTO audit_event ({AUDIT_COLUMNS}) VALUES ({placeholders(AUDIT_COLUMNS)})"

    # The server's steps in its audit order: ("create", id) and ("submit", id).
    steps = sorted([(creates[i][0], "create", i) for i in ids] +
                   [(submits[i][0], "submit", i) for i in ids])
    if per_sequence:
        steps = sorted((creates[i][0], "both", i) for i in ids)

    def create(i):
        row = list(filings[i])
        draft = list(row)
        draft[state_i], draft[hash_i], draft[at_i] = "draft", "", None
        draft[names.index("updated_at")] = draft[names.index("created_at")]
        db.execute(insert_filing, draft)
        db.execute(insert_audit, creates[i])

    def submit(i):
        row = list(filings[i])
        db.execute(update_filing, row[1:] + row[:1])
        db.execute(insert_event, events[i])
        db.execute(insert_audit, submits[i])

    start, cpu_start = time.perf_counter(), time.process_time()
    for _, what, i in steps:
        db.execute("BEGIN IMMEDIATE")
        if what in ("create", "both"):
            create(i)
        if what in ("submit", "both"):
            submit(i)
        db.execute("COMMIT")
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    n = db.execute("SELECT count(*) FROM filing WHERE state = 'submitted'").fetchone()[0]
    if n != expect_submitted:
        raise SystemExit(f"server_sqlite: {n} submitted filings after the replay, "
                         f"expected {expect_submitted}")
    return {"seconds": seconds, "per_s": len(ids) / seconds,
            "cpu_us_per_sequence": cpu * 1e6 / max(len(ids), 1)}


def main():
    if len(sys.argv) != 8:
        raise SystemExit(__doc__)
    server_db = sys.argv[1]
    warm_from, warm_through, after, through = (int(a) for a in sys.argv[2:6])
    work_dir, out = sys.argv[6], sys.argv[7]
    schema, operators, ids, creates, submits, filings, events = load(server_db, after, through)
    if not ids:
        raise SystemExit(f"server_sqlite: no complete create+submit sequence in audit seq "
                         f"({after}, {through}] of {server_db}")
    w = load(server_db, warm_from, warm_through)
    result = {"sequences": len(ids), "warmup_sequences": len(w[2]),
              "sqlite_version": sqlite3.sqlite_version}
    for key, per_sequence in (("tx_per_request", False), ("tx_per_sequence", True)):
        path = os.path.join(work_dir, f"plain-{key}.db")
        db = fresh(path, schema, operators)
        if w[2]:
            run(db, *w[2:], per_sequence, len(w[2]))
        result[key] = run(db, ids, creates, submits, filings, events, per_sequence,
                          len(w[2]) + len(ids))
        db.close()
        for suffix in ("", "-wal", "-shm"):  # closing removes the -wal and -shm files
            if os.path.exists(path + suffix):
                os.remove(path + suffix)
    with open(out, "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
