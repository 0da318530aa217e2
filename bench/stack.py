"""The portal as production runs it, on this machine only: gunicorn with production settings on a
scratch PostgreSQL database (or SQLite) and a private Redis server, for the load and fault scripts,
and Varnish in front when asked (`start_varnish`).

Nothing here touches the machine's own Redis, Varnish or existing databases: the script creates its
own database and drops it afterwards, and starts its own `redis-server` and `varnishd` on free ports.
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
VCL = ROOT / "portal" / "deploy" / "varnish" / "default.vcl"
VARNISHD = shutil.which("varnishd") or ("/usr/sbin/varnishd" if Path("/usr/sbin/varnishd").exists() else None)

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
        self.varnish = None
        self.varnish_base = None
        self.server = None
        self.base = None
        self.env = dict(os.environ)
        for name in ("REDIS_URL", "ELASTICSEARCH_URL", "PAGE_CACHE_SECONDS", "FRONTEND_CACHE_URL", "CLOUDFLARE_ZONE_ID",
                     "CLOUDFRONT_DISTRIBUTION_ID"):
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

    def use_varnish(self, port: int | None = None) -> int:
        """Choose Varnish's port before gunicorn starts: the site then purges it (FRONTEND_CACHE_URL)."""
        port = port or free_port()
        self.env["FRONTEND_CACHE_URL"] = f"http://127.0.0.1:{port}"
        self.varnish_base = f"http://127.0.0.1:{port}"
        return port

    def start_varnish(self, memory: str = "256m") -> str:
        """Start Debian's varnishd with the repository's VCL in front of the running gunicorn, on the
        port `use_varnish` chose (or a free one). Returns its address."""
        if not VARNISHD:
            raise RuntimeError("varnishd is not installed (make services installs Debian's varnish)")
        if not self.base:
            raise RuntimeError("start gunicorn first: Varnish's backend is its port")
        self.stop_varnish()
        port = int(self.varnish_base.rsplit(":", 1)[1]) if self.varnish_base else self.use_varnish()
        backend_port = self.base.rsplit(":", 1)[1]
        text = VCL.read_text()
        vcl = text.replace('.port = "8000";', f'.port = "{backend_port}";')
        assert vcl != text, f"no backend port to replace in {VCL}"
        (self.work / "varnish").mkdir(exist_ok=True)
        (self.work / "varnish.vcl").write_text(vcl)
        self.varnish = subprocess.Popen(
            [VARNISHD, "-F", "-j", "none", "-n", str(self.work / "varnish"), "-a", f"127.0.0.1:{port}",
             "-T", f"127.0.0.1:{free_port()}", "-f", str(self.work / "varnish.vcl"), "-s", f"malloc,{memory}",
             "-p", "default_ttl=0"],
            stdout=subprocess.DEVNULL, stderr=open(self.work / "varnish.log", "a"))
        for _ in range(150):
            if self.varnish.poll() is not None:
                raise RuntimeError(f"varnishd stopped; see {self.work / 'varnish.log'}")
            try:
                urllib.request.urlopen(self.varnish_base + "/healthz", timeout=2).read()
                return self.varnish_base
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"varnishd did not start; see {self.work / 'varnish.log'}")

    def stop_varnish(self) -> None:
        if self.varnish:
            self.varnish.terminate()
            try:
                self.varnish.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.varnish.kill()
                self.varnish.wait(timeout=10)
            self.varnish = None

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
            self.stop_varnish()
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
