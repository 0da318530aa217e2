"""Serve the site with gunicorn (2 workers, production settings, SQLite) and measure it.

Prints requests/s and p50/p95 latency for the home page, a news page and one static file, and
each page's rate as a ratio of the static file's. Budget: the cached home page reaches at least
30% of the static-file rate. Run with `make bench` (or .venv/bin/python bench/bench_site.py).
"""

import os
import re
import sys
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from loadgen import run_load  # noqa: E402
from stack import Stack  # noqa: E402

SECONDS = float(os.environ.get("BENCH_SECONDS", 10))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", 8))
BUDGET = 0.30


def main() -> int:
    with Stack(postgres=False, redis=False) as stack:
        print("Preparing a production-settings site on SQLite …", flush=True)
        pages = stack.prepare()
        base = stack.start_server(workers=2)
        home_html = urllib.request.urlopen(base + "/", timeout=10).read().decode()
        static_path = re.search(r'href="(/static/portal/css/portal\.[0-9a-f]+\.css)"', home_html).group(1)
        targets = {
            "static file": base + static_path,
            "home page": base + "/",
            "news page": base + pages["news"],
        }
        print(f"gunicorn: 2 workers, production settings, SQLite; {CLIENTS} clients, {SECONDS:.0f} s each\n")
        results = {}
        for label, url in targets.items():
            run_load(url, clients=CLIENTS, seconds=2)  # warm up (fills the page cache)
            results[label] = run_load(url, clients=CLIENTS, seconds=SECONDS)
            print(results[label].line(label), flush=True)
    static_rate = results["static file"].rate
    print()
    for label in ("home page", "news page"):
        print(f"{label}: {results[label].rate / static_rate:.0%} of the static-file rate")
    ratio = results["home page"].rate / static_rate
    ok = ratio >= BUDGET and all(r.errors == 0 for r in results.values())
    print(f"\nBudget (cached home page >= {BUDGET:.0%} of static, no errors): {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
