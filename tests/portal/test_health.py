"""Operators can ask whether the site is alive and whether its parts are reachable."""

import pytest

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_touching_anything(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.json() == {"status": "ok"}


def test_readyz_reports_each_component_with_latency(client):
    data = client.get("/readyz").json()
    assert data["status"] == "ok"
    assert set(data["components"]) == {"database", "cache", "search"}
    assert all(c["ok"] and c["latency_ms"] >= 0 for c in data["components"].values())
    assert data["components"]["search"]["detail"] == "database"


def test_readyz_reports_unreachable_search_as_degraded_without_secrets(client, settings):
    settings.ELASTICSEARCH_URL = "http://elastic:s3cret-password@127.0.0.1:9"
    settings.ELASTICSEARCH_TIMEOUT = 0.5
    response = client.get("/readyz")
    assert response.status_code == 200  # the site still answers from the database
    assert response.json()["status"] == "degraded"
    assert response.json()["components"]["search"]["ok"] is False
    assert "s3cret" not in response.content.decode() and "127.0.0.1" not in response.content.decode()


def test_readyz_fails_when_the_database_is_down(client, monkeypatch):
    from portal import health

    def broken():
        raise ConnectionError("could not connect to server at 10.0.0.5")

    monkeypatch.setattr(health, "_database", broken)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["components"]["database"] == {
        "ok": False, "error": "ConnectionError", "latency_ms": response.json()["components"]["database"]["latency_ms"]
    }
    assert "10.0.0.5" not in response.content.decode()
