"""Load test: 50 clients for 60 s against gunicorn with production settings, PostgreSQL and Redis.

    .venv/bin/python bench/load_mix.py                  # 50 clients, 60 s, cache on then off
    .venv/bin/python bench/load_mix.py --seconds 20      # a shorter run

The mix cycles through the home page, news, directory searches (postcode, town + keyword, filters),
research (index, a priority gap, a publication, a site search) and training (index, a course, a
lesson), as anonymous visitors. It reports requests/s, p50/p95/p99 and errors, first with the
anonymous page cache on (as production runs) and then with it off (PAGE_CACHE_SECONDS=0).
Goal on this machine: 0 errors, p95 < 300 ms. The load generator runs on the same two cores as
the server, so the figures are for the whole machine.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from loadgen import run_load, run_mix  # noqa: E402
from stack import Stack  # noqa: E402

GOAL_P95_MS = 300


def mix_paths(pages: dict) -> list[str]:
    return [
        "/", pages["news"], "/news/",
        "/find-a-service/?location=BS1+4DJ", "/find-a-service/?location=Cardiff&q=anger",
        "/find-a-service/?location=WR1&distance=25&refer=self",
        "/research/", pages["gap"], pages["publication"], "/search/?q=housing",
        "/training/", pages["course"], pages["lesson"],
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--sqlite", action="store_true", help="SQLite instead of PostgreSQL")
    args = parser.parse_args()

    ok = True
    with Stack(postgres=not args.sqlite) as stack:
        print("Preparing a production-settings site (database, static files, demo content) …", flush=True)
        pages = stack.prepare()
        paths = mix_paths(pages)
        print(f"Mix of {len(paths)} pages: " + ", ".join(paths))
        for label, env in (("cache on", {}), ("cache off", {"PAGE_CACHE_SECONDS": "0"})):
            base = stack.start_server(**env)
            urls = [base + path for path in paths]
            run_mix(urls, clients=4, seconds=3)  # warm up workers (and the cache, when on)
            result = run_mix(urls, clients=args.clients, seconds=args.seconds)
            print(result.line(label), flush=True)
            if result.errors:
                print(f"  responses: {dict(result.statuses)}")
            ok = ok and result.errors == 0 and (label != "cache on" or result.percentile(95) < GOAL_P95_MS)
        health = run_load(stack.base + "/readyz", clients=1, seconds=1)
        print(f"/readyz during the run answered {dict(health.statuses)}")
    print(f"\nGoal (0 errors, p95 < {GOAL_P95_MS} ms with the page cache): {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
