"""What the store's safety costs: the read-only check before opening, a backup, and the
sweep cache's eviction scan, on a store of realistic size.

    .venv/bin/python bench/bench_store.py [--runs 300] [--rows 2000] [--files 20000]

Builds everything in a temporary folder (nothing in var/).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sim.analysis.sweep import ResultCache
from sim.inputs.scenario import PROJECT_ROOT, load_scenario
from store import open_store
from store.backup import backup
from store.core import check_sqlite


def timed(what: str, action) -> float:
    start = time.perf_counter()
    action()
    seconds = time.perf_counter() - start
    print(f"{what}: {seconds:.3f} s")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--rows", type=int, default=2000, help="rows of each run's table")
    parser.add_argument("--files", type=int, default=20000, help="sweep cache files")
    args = parser.parse_args()
    baseline = load_scenario(PROJECT_ROOT / "scenarios" / "baseline.yaml")
    rng = np.random.default_rng(0)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "kapacitet.sqlite"
        store = open_store(f"sqlite:///{path}")
        table = pd.DataFrame(
            {
                "area": rng.choice(["Nørrebro", "Amager", "Valby"], args.rows),
                "date": pd.date_range("2026-06-01", periods=args.rows, freq="h"),
                "value": rng.random(args.rows),
                "count": rng.integers(0, 1000, args.rows),
            }
        )
        for _ in range(args.runs):
            run_id = store.start_run(baseline, "0123456789abcdef")
            store.finish_run(run_id, {"kpis": table, "by_month": table})
        store.close()
        print(f"store: {args.runs} runs, {path.stat().st_size / 1e6:.1f} MB")
        timed("check_sqlite (read-only: header, quick_check, revision)", lambda: check_sqlite(path))
        timed("open_store (check + migrate to head)", lambda: open_store(f"sqlite:///{path}"))
        timed(
            "retire_old_runs (none old)", lambda: open_store(f"sqlite:///{path}").retire_old_runs()
        )
        open_store(f"sqlite:///{path}").close()
        timed("backup", lambda: backup(path, Path(folder) / "copy.sqlite"))

        cache = ResultCache(Path(folder) / "cache", max_bytes=10**12)
        values = {f"kpi{i}": float(i) for i in range(30)}
        keys = [f"{i:064x}" for i in range(args.files)]
        timed(
            f"cache: {args.files} puts (limit not reached)",
            lambda: [cache.put(k, values) for k in keys],
        )
        print(f"cache on disk: {cache.disk_bytes() / 1e6:.1f} MB")
        cache.max_bytes = cache.disk_bytes() // 2
        timed("cache: one eviction (scan and remove half)", cache._evict)
        print(f"cache on disk after: {cache.disk_bytes() / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
