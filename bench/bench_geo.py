"""Benchmark search.geo: build time, lookup latency and memory added per process.

    .venv/bin/python bench/bench_geo.py              # fresh build into a temp dir, then measure
    .venv/bin/python bench/bench_geo.py --skip-build  # measure the existing default database

Memory is VmRSS from /proc/self/status, read before the first lookup and after all
of them: what a web worker pays for opening and using the database.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def vm_kb(field: str = "VmRSS") -> int:
    """A memory figure of this process from /proc/self/status, in kB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"{field} not in /proc/self/status")


def random_postcodes(path: Path, count: int, seed: int = 2026) -> list[str]:
    """``count`` postcodes drawn uniformly from the database (via outcode counts)."""
    rng = random.Random(seed)
    with sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True) as db:
        outcodes = db.execute("SELECT outcode, postcodes FROM outcodes").fetchall()
        picks = rng.choices(outcodes, weights=[n for _, n in outcodes], k=count)
        return [db.execute("SELECT pcd FROM postcodes WHERE pcd > ? ORDER BY pcd LIMIT 1 OFFSET ?",
                           (oc + " ", rng.randrange(n))).fetchone()[0] for oc, n in picks]


def percentiles(samples_ns: list[int]) -> str:
    ms = sorted(s / 1e6 for s in samples_ns)
    q = statistics.quantiles(ms, n=100)
    return f"p50 {q[49]:.3f} ms, p95 {q[94]:.3f} ms, max {ms[-1]:.3f} ms (n={len(ms)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-build", action="store_true", help="use the existing database")
    parser.add_argument("--samples", type=int, default=2000)
    args = parser.parse_args()

    rss_start = vm_kb()
    import search.geo as geo

    rss_imported = vm_kb()
    with tempfile.TemporaryDirectory(dir=ROOT / "var" if (ROOT / "var").is_dir() else None) as tmp:
        if args.skip_build:
            path = geo.default_database_path()
            if not geo.is_up_to_date(path):
                sys.exit(f"{path} is missing or stale: run `python -m search.geo build` first")
        else:
            path = Path(tmp) / "postcodes.sqlite3"
            started = time.monotonic()
            subprocess.run([sys.executable, "-m", "search.geo", "build", "--db", str(path)],
                           cwd=ROOT, check=True, stderr=subprocess.DEVNULL)
            print(f"build (fresh, separate process): {time.monotonic() - started:.1f} s, "
                  f"{path.stat().st_size / 2**20:.0f} MB file")
        os.environ["POSTCODE_DB"] = str(path)
        sample = random_postcodes(path, args.samples + 200)
        warm_up, timed = sample[:200], sample[200:]
        gc.collect()
        rss_before = vm_kb()

        for postcode in warm_up:
            assert geo.lookup(postcode), postcode
        timings = []
        for postcode in timed:
            t0 = time.perf_counter_ns()
            place = geo.lookup(postcode)
            timings.append(time.perf_counter_ns() - t0)
            assert place, postcode
        print(f"postcode lookup after warm-up: {percentiles(timings)}")
        others = {"outcode": sorted({p.split()[0] for p in timed})[:500],
                  "town": ["Cardiff", "Worcester", "London", "Newport", "Swansea", "Leeds"] * 50,
                  "not found": ["ZZ1 1ZZ", "EH1 1YZ", "Edinburgh", "Xyzzy", "!!!"] * 60}
        for kind, queries in others.items():
            times = []
            for query in queries:
                t0 = time.perf_counter_ns()
                geo.lookup(query)
                times.append(time.perf_counter_ns() - t0)
            print(f"{kind} lookup: {percentiles(times)}")

        rss_after = vm_kb()
        print(f"memory: import search.geo +{(rss_imported - rss_start) / 1024:.1f} MB; "
              f"opening and using the database +{(rss_after - rss_before) / 1024:.1f} MB "
              f"(VmRSS {rss_before / 1024:.1f} -> {rss_after / 1024:.1f} MB, "
              f"peak VmHWM {vm_kb('VmHWM') / 1024:.1f} MB)")
        geo.close_connection()


if __name__ == "__main__":
    main()
