"""Load test: 50 clients for 60 s against gunicorn with production settings, PostgreSQL and Redis,
then through Varnish in front of it.

    .venv/bin/python bench/load_mix.py                  # 50 clients, 60 s: cache on, cache off, Varnish
    .venv/bin/python bench/load_mix.py --seconds 20      # a shorter run
    .venv/bin/python bench/load_mix.py --varnish-only    # only the pass through Varnish

The mix cycles through the home page, news, directory searches (postcode, town + keyword, filters),
research (index, a priority gap, a publication, a site search) and training (index, a course, a
lesson), as anonymous visitors. It reports requests/s, p50/p95/p99 and errors, first with the
anonymous page cache on (as production runs) and then with it off (PAGE_CACHE_SECONDS=0).
Goal on this machine: 0 errors, p95 < 300 ms.

The last pass puts Debian's varnishd (portal/deploy/varnish/default.vcl) in front of the same
gunicorn and sends the mix's anonymous pages through it (all but the site search, which is never
cached), after measuring gunicorn's own rate for one static file (whitenoise) with the same load.
Budget: through Varnish at least 10 times that static-file rate, p99 < 20 ms, 0 errors.
The load comes from `wrk` when it is installed
(`make load` installs Debian's), else from the Python generator in loadgen.py, which costs the
server some of the machine's two cores and so reads slower.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from loadgen import run_load, run_mix  # noqa: E402
from stack import Stack  # noqa: E402

GOAL_P95_MS = 300
VARNISH_TIMES_STATIC = 10
VARNISH_P99_MS = 20

WRK_SCRIPT = """
paths = %s
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('RESULT {"requests": %%d, "seconds": %%f, "p50": %%f, "p95": %%f, "p99": %%f, '
    .. '"errors": %%d}\\n', summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    e.status + e.connect + e.read + e.write + e.timeout))
end
"""


class WrkResult:
    def __init__(self, data: dict):
        self.data = data
        self.errors = data["errors"]
        self.statuses = {"non-2xx/3xx or socket errors": data["errors"]}

    def percentile(self, p: int) -> float:
        return self.data[f"p{p}"]

    def line(self, label: str) -> str:
        d = self.data
        return (f"{label:<12} {d['requests'] / d['seconds']:8.1f} req/s  p50 {d['p50']:7.2f} ms  "
                f"p95 {d['p95']:7.2f} ms  p99 {d['p99']:7.2f} ms  n={d['requests']} errors={d['errors']}")


def run_wrk(base: str, paths: list[str], clients: int, seconds: float) -> WrkResult:
    lua_paths = "{" + ", ".join(json.dumps(p) for p in paths) + "}"
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT % lua_paths)
    out = subprocess.run(["wrk", "-t2", f"-c{clients}", f"-d{int(seconds)}s", "--timeout", "10s", "-s", script.name,
                          base], capture_output=True, text=True, check=True).stdout
    Path(script.name).unlink()
    return WrkResult(json.loads(out.split("RESULT ", 1)[1].splitlines()[0]))


def mix_paths(pages: dict) -> list[str]:
    return [
        "/", pages["news"], "/news/",
        "/find-a-service/?location=BS1+4DJ", "/find-a-service/?location=Cardiff&q=anger",
        "/find-a-service/?location=WR1&distance=25&refer=self",
        "/research/", pages["gap"], pages["publication"], "/search/?q=housing",
        "/training/", pages["course"], pages["lesson"],
    ]


def load(base: str, paths: list[str], args, use_wrk: bool):
    if use_wrk:
        return run_wrk(base, paths, args.clients, args.seconds)
    return run_mix([base + path for path in paths], clients=args.clients, seconds=args.seconds)


def rate(result) -> float:
    return result.data["requests"] / result.data["seconds"] if isinstance(result, WrkResult) else result.rate


def varnish_pass(stack: Stack, paths: list[str], args, use_wrk: bool) -> bool:
    """gunicorn's static-file rate, then the anonymous pages through Varnish; whether the budget holds."""
    stack.use_varnish()
    base = stack.start_server()
    front = stack.start_varnish()
    home = urllib.request.urlopen(base + "/", timeout=10).read().decode()
    static = re.search(r'href="(/static/portal/css/portal\.[0-9a-f]+\.css)"', home).group(1)
    pages = [path for path in paths if not path.startswith("/search/")]  # site search: never cached
    run_mix([base + static], clients=4, seconds=2)
    static_result = load(base, [static], args, use_wrk)
    print(static_result.line("static file"), flush=True)
    run_mix([front + path for path in pages], clients=4, seconds=3)  # fills Varnish
    result = load(front, pages, args, use_wrk)
    print(result.line("varnish"), flush=True)
    times = rate(result) / rate(static_result)
    ok = (times >= VARNISH_TIMES_STATIC and result.percentile(99) < VARNISH_P99_MS and result.errors == 0
          and static_result.errors == 0)
    print(f"Through Varnish: {times:.1f} times gunicorn's static-file rate ({len(pages)} anonymous pages)")
    print(f"Goal (>= {VARNISH_TIMES_STATIC} times the static-file rate, p99 < {VARNISH_P99_MS} ms, 0 errors): "
          f"{'PASS' if ok else 'FAIL'}")
    stack.stop_varnish()
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--sqlite", action="store_true", help="SQLite instead of PostgreSQL")
    parser.add_argument("--python-client", action="store_true", help="use loadgen.py even if wrk is installed")
    parser.add_argument("--varnish-only", action="store_true", help="only the pass through Varnish")
    args = parser.parse_args()
    use_wrk = bool(shutil.which("wrk")) and not args.python_client

    ok = True
    with Stack(postgres=not args.sqlite) as stack:
        print("Preparing a production-settings site (database, static files, demo content) …", flush=True)
        pages = stack.prepare()
        paths = mix_paths(pages)
        print(f"Mix of {len(paths)} pages: " + ", ".join(paths))
        print(f"{args.clients} clients for {args.seconds:.0f} s, load from {'wrk' if use_wrk else 'loadgen.py'}; "
              "gunicorn workers from gunicorn.conf.py")
        passes = () if args.varnish_only else (("cache on", {}), ("cache off", {"PAGE_CACHE_SECONDS": "0"}))
        for label, env in passes:
            base = stack.start_server(**env)
            urls = [base + path for path in paths]
            run_mix(urls, clients=4, seconds=3)  # warm up workers (and the cache, when on)
            if use_wrk:
                result = run_wrk(base, paths, args.clients, args.seconds)
            else:
                result = run_mix(urls, clients=args.clients, seconds=args.seconds)
            print(result.line(label), flush=True)
            if result.errors:
                print(f"  responses: {dict(result.statuses)}")
            ok = ok and result.errors == 0 and (label != "cache on" or result.percentile(95) < GOAL_P95_MS)
        if passes:
            health = run_load(stack.base + "/readyz", clients=1, seconds=1)
            print(f"/readyz during the run answered {dict(health.statuses)}")
            print(f"\nGoal (0 errors, p95 < {GOAL_P95_MS} ms with the page cache): {'PASS' if ok else 'FAIL'}\n")
        ok = varnish_pass(stack, paths, args, use_wrk) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
