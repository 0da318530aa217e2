"""Faults in the parts the site depends on: Redis stopped, the database gone, the media disk full."""

import errno
import os
import shutil
import socket
import subprocess
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connections
from django.test import Client, override_settings

from portal.cache_backends import _ResilientClient
from tests.users import staff_user

pytestmark = pytest.mark.django_db


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def redis_server():
    """A private Redis server this test may stop (never the machine's own)."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed")
    port = _free_port()
    process = subprocess.Popen([binary, "--port", str(port), "--save", "", "--appendonly", "no"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(50):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    yield process, port
    process.kill()
    process.wait()
    _ResilientClient._down_until = 0.0


def test_the_site_keeps_serving_when_redis_stops(redis_server, home):
    process, port = redis_server
    caches = {"default": {"BACKEND": "portal.cache_backends.ResilientRedisCache",
                          "LOCATION": f"redis://127.0.0.1:{port}/0",
                          "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}}}
    with override_settings(CACHES=caches):
        client = Client()
        assert client.get("/").headers["X-Page-Cache"] == "miss"
        assert client.get("/").headers["X-Page-Cache"] == "hit"  # the page came from Redis

        process.terminate()
        process.wait()
        for path in ("/", "/news/", "/about/partnership/"):
            response = client.get(path)
            assert response.status_code == 200, path
            assert response.headers.get("X-Page-Cache") == "miss"  # a cache miss, not an error
        # Sign-in (rate limits live in the cache) answers normally too.
        response = client.post("/accounts/login/", {"login": "nobody@example.org", "password": "wrong-password"})
        assert response.status_code == 200
        assert "not correct" in response.content.decode()


@pytest.fixture
def database_down(monkeypatch):
    """Every new query fails as it does while PostgreSQL restarts."""
    def refuse(self):
        raise OperationalError("connection to server at 127.0.0.1 port 5432 failed: Connection refused")

    def take_down():
        monkeypatch.setattr(type(connections["default"]), "ensure_connection", refuse)

    return take_down


def test_a_database_outage_shows_the_unavailable_page_and_recovers(home, database_down, monkeypatch):
    client = Client(raise_request_exception=False)
    assert client.get("/").status_code == 200  # now in the page cache

    database_down()
    response = client.get("/news/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    body = response.content.decode()
    assert "Sorry, the service is unavailable" in body and "Exit this page" in body
    assert "Traceback" not in body and "OperationalError" not in body
    assert client.get("/").status_code == 200  # cached pages still reach visitors

    monkeypatch.undo()  # the database is back
    assert client.get("/news/").status_code == 200


def test_a_full_media_disk_gives_the_editor_a_clear_message_and_saves_nothing(client, home, tmp_path, monkeypatch):
    import django.core.files.storage.filesystem as filesystem
    from wagtail.documents import get_document_model

    media = tmp_path / "media"
    real_fdopen = os.fdopen

    class FullDisk:
        """Accepts the first few bytes, then fails as a full disk does."""

        def __init__(self, handle):
            self.handle = handle

        def write(self, chunk):
            self.handle.write(chunk[:16])
            self.handle.flush()
            raise OSError(errno.ENOSPC, "No space left on device")

        def __getattr__(self, name):
            return getattr(self.handle, name)

    def fdopen(fd, *args, **kwargs):
        handle = real_fdopen(fd, *args, **kwargs)
        return FullDisk(handle) if os.readlink(f"/proc/self/fd/{fd}").startswith(str(media)) else handle

    monkeypatch.setattr(filesystem.os, "fdopen", fdopen)
    client.force_login(staff_user("editor-admin", superuser=True))
    with override_settings(MEDIA_ROOT=str(media)):
        from wagtail.models import Collection

        response = client.post("/admin/documents/add/", {
            "title": "Evaluation summary",
            "file": SimpleUploadedFile("summary.pdf", b"%PDF-1.4 " + b"x" * 5000, "application/pdf"),
            "collection": Collection.get_first_root_node().pk,
        })
        assert response.status_code == 302 and response.url == "/admin/documents/add/"
        page = client.get(response.url).content.decode()
    assert "storage is full" in page and "Nothing was saved" in page
    assert get_document_model().objects.count() == 0
    leftovers = [p for p in media.rglob("*") if p.is_file()]
    assert leftovers == []
