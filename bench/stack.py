"""The portal as production runs it, on this machine only: gunicorn with production settings on a
scratch PostgreSQL database (or SQLite) and a private Redis server, for the load and fault scripts.

Nothing here touches the machine's own Redis or existing databases: the script creates its own
database and drops it afterwards, and starts its own `redis-server` on a free port.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG = "postgres://postgres@127.0.0.1:5432"

DISCOVER = """
import json
from portal.models import NewsPage
from research.models import PriorityGapPage, PublicationPage
from training.models import CoursePage, LessonPage
first = lambda model: model.objects.live().order_by("path").first().url
print(json.dumps({"news": first(NewsPage), "gap": first(PriorityGapPage), "publication": first(PublicationPage),
                  "course": first(CoursePage), "lesson": first(LessonPage)}))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return True
        except OSError:
            time.sleep(0.1)
    return False


class Stack:
    """``database_url`` serves an existing database (left as it is); otherwise the stack makes a
    scratch PostgreSQL database (``postgres``, dropped on close) or a SQLite file."""

    def __init__(self, *, postgres: bool = True, redis: bool = True, database_url: str | None = None,
                 redis_port: int | None = None):
        self.work = Path(tempfile.mkdtemp(prefix="portal-stack-"))
        self.database = f"portal_stack_{os.getpid()}" if postgres and not database_url else None
        if database_url is None:
            database_url = f"{PG}/{self.database}" if postgres else f"sqlite:///{self.work / 'site.sqlite3'}"
        self.redis = None
        self.redis_port = redis_port
        self.server = None
        self.base = None
        self.env = dict(os.environ)
        for name in ("REDIS_URL", "ELASTICSEARCH_URL", "PAGE_CACHE_SECONDS"):
            self.env.pop(name, None)
        self.env.update(
            DJANGO_SETTINGS_MODULE="portal.settings.production",
            SECRET_KEY=secrets.token_urlsafe(64),
            ALLOWED_HOSTS="127.0.0.1,localhost",
            DATABASE_URL=database_url,
            STATIC_ROOT=str(self.work / "static"),
            MEDIA_ROOT=str(self.work / "media"),
            SECURE_SSL_REDIRECT="False",
            SECURE_HSTS_SECONDS="0",
        )
        if redis:
            self.start_redis()

    # --- parts --------------------------------------------------------------------------------
    def start_redis(self) -> None:
        self.redis_port = self.redis_port or free_port()
        self.redis = subprocess.Popen(
            [shutil.which("redis-server") or "redis-server", "--port", str(self.redis_port), "--save", "",
             "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_port(self.redis_port)
        self.env["REDIS_URL"] = f"redis://127.0.0.1:{self.redis_port}/0"

    def stop_redis(self) -> None:
        if self.redis:
            self.redis.terminate()
            self.redis.wait(timeout=10)
            self.redis = None

    def manage(self, *args: str, capture: bool = False) -> str:
        with open(self.work / "manage.log", "a") as log:
            done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, check=True,
                                  stdout=subprocess.PIPE if capture else log, stderr=log, text=True)
        return done.stdout or ""

    def prepare(self) -> dict:
        """Create the database, migrate, collect static files, load the demo content; return page URLs."""
        self.migrate()
        self.manage("load_demo_content")
        return json.loads(self.manage("shell", "-c", DISCOVER, capture=True).strip().splitlines()[-1])

    def migrate(self) -> None:
        """Create the database, migrate it (with the database cache's table) and collect static files."""
        if self.database:
            subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c",
                            f"CREATE DATABASE {self.database}"], check=True)
        self.manage("migrate", "--noinput", "-v0")
        self.manage("createcachetable")
        self.collect_static()

    def collect_static(self) -> None:
        self.manage("collectstatic", "--noinput", "-v0")

    def start_server(self, workers: int | None = None, port: int | None = None, access_log: str = "/dev/null",
                     **env: str) -> str:
        """Start gunicorn; `access_log` may name a file, each line then starting with the worker's pid."""
        self.stop_server()
        port = port or free_port()
        args = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "portal.wsgi", "--bind",
                f"127.0.0.1:{port}", "--access-logfile", access_log]
        if access_log != "/dev/null":
            args += ["--access-logformat", "%(p)s %(s)s %(U)s"]
        if workers:
            args += ["--workers", str(workers)]
        self.server = subprocess.Popen(args, cwd=ROOT, env={**self.env, **env},
                                       stdout=subprocess.DEVNULL, stderr=open(self.work / "gunicorn.log", "a"))
        self.base = f"http://127.0.0.1:{port}"
        for _ in range(150):
            try:
                urllib.request.urlopen(self.base + "/healthz", timeout=2).read()
                return self.base
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not start; see {self.work / 'gunicorn.log'}")

    def stop_server(self) -> None:
        if self.server:
            self.server.terminate()
            try:
                self.server.wait(timeout=60)
            except subprocess.TimeoutExpired:  # workers still finishing on a loaded machine
                self.server.kill()
                self.server.wait(timeout=10)
            self.server = None

    def close(self) -> None:
        try:
            self.stop_server()
        finally:
            self.stop_redis()
        if self.database:
            subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c",
                            f"DROP DATABASE IF EXISTS {self.database} WITH (FORCE)"], check=False)
        shutil.rmtree(self.work, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
