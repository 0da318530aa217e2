"""Operators can ask whether the site is alive and whether its parts are reachable."""

import pytest

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_touching_anything(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.json() == {"status": "ok"}


DETAILS = {"HTTP_AUTHORIZATION": "Bearer test-readyz-token"}


def test_readyz_reports_each_component_with_latency(client):
    data = client.get("/readyz", **DETAILS).json()
    assert data["status"] == "ok"
    assert set(data["components"]) == {"database", "cache", "search", "places"}
    assert all(c["ok"] and c["latency_ms"] >= 0 for c in data["components"].values())
    assert data["components"]["search"]["detail"] == "database"


def test_readyz_reports_unreachable_search_as_degraded_without_secrets(client, settings):
    settings.ELASTICSEARCH_URL = "http://elastic:s3cret-password@127.0.0.1:9"
    settings.ELASTICSEARCH_TIMEOUT = 0.5
    response = client.get("/readyz", **DETAILS)
    assert response.status_code == 200  # the site still answers from the database
    assert response.json()["status"] == "degraded"
    assert response.json()["components"]["search"]["ok"] is False
    assert "s3cret" not in response.content.decode() and "127.0.0.1" not in response.content.decode()


def test_readyz_fails_when_the_database_is_down(client, monkeypatch):
    from portal import health

    def broken():
        raise ConnectionError("could not connect to server at 10.0.0.5")

    monkeypatch.setattr(health, "_database", broken)
    response = client.get("/readyz", **DETAILS)
    assert response.status_code == 503
    assert response.json()["components"]["database"] == {
        "ok": False, "error": "ConnectionError", "latency_ms": response.json()["components"]["database"]["latency_ms"]
    }
    assert "10.0.0.5" not in response.content.decode()


def test_readyz_tells_others_only_the_status(client, monkeypatch):
    from portal import health

    for headers in ({}, {"HTTP_AUTHORIZATION": "Bearer wrong-token"}, {"HTTP_AUTHORIZATION": "test-readyz-token"}):
        response = client.get("/readyz", **headers)
        assert response.status_code == 200 and response.json() == {"status": "ok"}, headers
        assert b"Cache" not in response.content and b"database" not in response.content

    monkeypatch.setattr(health, "_database", lambda: (_ for _ in ()).throw(ConnectionError("down")))
    response = client.get("/readyz")
    assert response.status_code == 503 and response.json() == {"status": "unavailable"}


def test_readyz_gives_details_to_staff_who_use_the_admin(client, django_user_model):
    from portal.accounts.roles import EDITORS
    from tests.users import staff_user

    learner = django_user_model.objects.create_user("reader", "reader@example.org", "a-long-password-1")
    client.force_login(learner)
    assert "components" not in client.get("/readyz").json()
    client.force_login(staff_user("eddie", EDITORS))
    assert set(client.get("/readyz").json()["components"]) == {"database", "cache", "search", "places"}


def test_readyz_fails_when_the_place_file_is_missing_and_the_directory_says_so(client, tmp_path, monkeypatch):
    from search.geo import close_connection

    missing = tmp_path / "postcodes.sqlite3"
    monkeypatch.setenv("POSTCODE_DB", str(missing))
    close_connection()
    try:
        response = client.get("/readyz", **DETAILS)
        assert response.status_code == 503 and response.json()["status"] == "unavailable"
        places = response.json()["components"]["places"]
        assert places == {"ok": False, "error": "PlaceDataMissing", "latency_ms": places["latency_ms"]}
        search = client.get("/find-a-service/", {"location": "CF10 1EP"})
        assert search.status_code == 503
        assert "Location search is not available right now" in search.content.decode()
        assert not missing.exists()  # a request never builds it (`make places` does)
    finally:
        close_connection()
