"""Fault scenarios under load, against gunicorn with production settings, PostgreSQL and Redis.

    .venv/bin/python bench/faults.py                 # every scenario
    .venv/bin/python bench/faults.py redis elasticsearch
    .venv/bin/python bench/faults.py postgres        # restarts this machine's PostgreSQL!

Each scenario runs a mix of pages with 10 clients and breaks one part part-way through:

- redis: the site's Redis server (a private one) is stopped. Expect: every response 200.
- elasticsearch: ELASTICSEARCH_URL points at a closed port. Expect: searches answer (200) from
  the database.
- postgres: PostgreSQL is restarted (`pg_ctlcluster … restart`) with the page cache off. Expect:
  requests during the restart get the 503 page (never a 500), and the site recovers by itself.

A full media disk is covered by tests/portal/test_faults.py (the upload is refused with a message
and nothing is half-written). Prints a per-second timeline of response statuses per scenario.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load_mix import mix_paths  # noqa: E402
from loadgen import run_mix  # noqa: E402
from stack import Stack, free_port  # noqa: E402

CLIENTS = 10
SECONDS = 20
BREAK_AT = 5


def timeline(result) -> str:
    lines = []
    for second in sorted(result.timeline):
        counts = result.timeline[second]
        lines.append(f"  t={second:>2}s " + "  ".join(f"{status}: {n}" for status, n in sorted(
            counts.items(), key=lambda item: str(item[0]))))
    return "\n".join(lines)


def under_load(stack: Stack, paths: list[str], fault, *, seconds: float = SECONDS):
    urls = [stack.base + path for path in paths]
    timer = threading.Timer(BREAK_AT, fault)
    timer.start()
    result = run_mix(urls, clients=CLIENTS, seconds=seconds)
    timer.join()
    return result


def scenario_redis(stack: Stack, paths: list[str]) -> bool:
    stack.start_server()
    result = under_load(stack, paths, stack.stop_redis)
    print(f"Redis stopped at t={BREAK_AT}s:\n{timeline(result)}\n{result.line('redis')}")
    stack.start_redis()
    return set(result.statuses) == {200}


def scenario_elasticsearch(stack: Stack, paths: list[str]) -> bool:
    stack.start_server(ELASTICSEARCH_URL=f"http://127.0.0.1:{free_port()}")
    searches = [p for p in paths if p.startswith(("/find-a-service/", "/search/"))] + ["/search/?q=drive"]
    result = under_load(stack, searches, lambda: None, seconds=10)
    print(f"Elasticsearch unreachable throughout:\n{timeline(result)}\n{result.line('search')}")
    return set(result.statuses) == {200}


def scenario_postgres(stack: Stack, paths: list[str]) -> bool:
    stack.start_server(PAGE_CACHE_SECONDS="0")
    cluster = subprocess.run(["ls", "/etc/postgresql"], capture_output=True, text=True).stdout.split()[0]
    restarted = {}

    def restart():
        started = time.monotonic()
        subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", cluster, "main", "restart"], check=True)
        restarted["seconds"] = time.monotonic() - started

    result = under_load(stack, paths, restart, seconds=25)
    print(f"PostgreSQL restarted at t={BREAK_AT}s (took {restarted.get('seconds', float('nan')):.1f} s):\n"
          f"{timeline(result)}\n{result.line('postgres')}")
    bad = [s for s in result.statuses if s not in (200, 503)]
    last = result.timeline[max(result.timeline)]
    recovered = set(last) == {200}
    failing = [sec for sec, counts in result.timeline.items() if set(counts) - {200}]
    if failing:
        print(f"  non-200 responses from t={min(failing)}s to t={max(failing)}s; recovered: {recovered}")
    return not bad and recovered


SCENARIOS = {"redis": scenario_redis, "elasticsearch": scenario_elasticsearch, "postgres": scenario_postgres}


def main() -> int:
    chosen = sys.argv[1:] or list(SCENARIOS)
    unknown = set(chosen) - set(SCENARIOS)
    if unknown:
        print(f"unknown scenario(s): {', '.join(sorted(unknown))}; choose from {', '.join(SCENARIOS)}")
        return 2
    outcomes = {}
    with Stack(postgres=True) as stack:
        print("Preparing a production-settings site on PostgreSQL and Redis …", flush=True)
        paths = mix_paths(stack.prepare())
        for name in chosen:
            outcomes[name] = SCENARIOS[name](stack, paths)
            print(f"=> {name}: {'PASS' if outcomes[name] else 'FAIL'}\n", flush=True)
    return 0 if all(outcomes.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
