"""Serve the site with gunicorn (2 workers, production settings, SQLite) and measure it.

Prints requests/s and p50/p95 latency for the home page, a news page and one static file, and
each page's rate as a ratio of the static file's. Budget: the cached home page reaches at least
30% of the static-file rate. Run with `make bench` (or .venv/bin/python bench/bench_site.py).
"""

import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from loadgen import run_load  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SECONDS = float(os.environ.get("BENCH_SECONDS", 10))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", 8))
BUDGET = 0.30


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=f"sqlite:///{work / 'bench.sqlite3'}",
        STATIC_ROOT=str(work / "static"),
        MEDIA_ROOT=str(work / "media"),
        SECURE_SSL_REDIRECT="False",
        SECURE_HSTS_SECONDS="0",
    )
    env.pop("REDIS_URL", None)
    env.pop("ELASTICSEARCH_URL", None)
    py = sys.executable
    print("Preparing a production-settings site on SQLite …", flush=True)
    for args in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"], ["load_demo_content"]):
        subprocess.run([py, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    port = free_port()
    server = subprocess.Popen(
        [py, "-m", "gunicorn", "-c", "gunicorn.conf.py", "portal.wsgi", "--workers", "2", "--bind",
         f"127.0.0.1:{port}", "--access-logfile", "/dev/null"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                home_html = urllib.request.urlopen(base + "/", timeout=2).read().decode()
                break
            except OSError:
                time.sleep(0.2)
        else:
            print("gunicorn did not start")
            return 1
        static_path = re.search(r'href="(/static/portal/css/portal\.[0-9a-f]+\.css)"', home_html).group(1)
        targets = {
            "static file": base + static_path,
            "home page": base + "/",
            "news page": base + "/news/drive-responds-to-the-vawg-strategy/",
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
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
