"""NumPy half of the evaluation benchmark (bench/run drives the whole run).

    /usr/bin/python3 bench/numpy_eval.py OUT_DIR

Loads the columns kikan_bench wrote as OUT_DIR/npy/<field>.npy (ints int64, decimals float64,
booleans bool) and times the old ("2023") and the revised ("2025-06") trucking criteria written
in the vectorised style OpenFisca formulas use (whole-array comparisons combined with `&`), best
of 5 runs, only the computation. Writes OUT_DIR/numpy.json. Run with Debian's python3-numpy
(/usr/bin/python3); NumPy's element-wise operations run on one thread.
"""

import json
import sys
import time

import numpy as np

REPS = 5


def old_criteria(c):
    km, ton, veh = c["loaded_vehicle_km"], c["tonnage"], c["vehicles"]
    designated = (
        (km >= 0.05 * km.sum())
        & (ton >= 0.05 * ton.sum())
        & (veh >= 0.05 * veh.sum())
        & c["nationwide_offices"]
    )
    return int(np.count_nonzero(designated))


def new_criteria(c):
    designated = (c["vehicles"] >= 5000) & c["nationwide_capable"]
    return int(np.count_nonzero(designated))


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "build/bench"
    fields = ["vehicles", "loaded_vehicle_km", "tonnage", "nationwide_offices", "nationwide_capable"]
    t0 = time.perf_counter()
    columns = {f: np.load(f"{out}/npy/{f}.npy") for f in fields}
    load = time.perf_counter() - t0
    report = {"numpy_version": np.__version__, "load_npy": load}
    for version, fn in (("2023", old_criteria), ("2025-06", new_criteria)):
        times, counts = [], set()
        for _ in range(REPS):
            t0 = time.perf_counter()
            counts.add(fn(columns))
            times.append(time.perf_counter() - t0)
        if len(counts) != 1:
            sys.exit(f"numpy: counts differ between runs ({version})")
        report[version] = {"seconds": min(times), "designated": counts.pop()}
    with open(f"{out}/numpy.json", "w") as f:
        json.dump(report, f, indent=2)
        f.write("\n")
    print(json.dumps(report))


if __name__ == "__main__":
    main()
