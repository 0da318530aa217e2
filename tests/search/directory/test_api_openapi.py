"""The OpenAPI 3.1 document matches the API's real routes and parameters, and a property-based run
(schemathesis, in-process through WSGI) finds no server error and no response outside it."""

import collections
import re
from urllib.parse import urlsplit

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from jsonschema import Draft202012Validator
from schemathesis.specs.openapi.checks import positive_data_acceptance

from portal.site_address import absolute_url
from search.directory.api_openapi import document
from search.directory.api_params import ENDPOINT_PARAMS
from search.directory.urls import api_patterns

from .. import factories as f

API = "/api/openreferral"
FUZZ_EXAMPLES = 25  # per operation: ten operations, well under a minute in all
OUTCOMES: collections.Counter = collections.Counter()


def _documented_path(route: str) -> str:
    return "/" + re.sub(r"<(?:\w+:)?\w+>", "{id}", route)


def test_every_route_is_documented_and_every_documented_route_exists():
    routes = {_documented_path(str(p.pattern)) for p in api_patterns}
    assert routes == set(document()["paths"])
    assert {p.name for p in api_patterns} == set(ENDPOINT_PARAMS)


@pytest.mark.django_db
def test_the_root_points_at_the_served_document(client):
    root = client.get(f"{API}/").json()
    assert root["openapi_url"] == absolute_url(f"{API}/openapi.json")
    served = client.get(urlsplit(root["openapi_url"]).path).json()
    assert served["openapi"] == "3.1.0" and served == document()


def test_documented_parameters_are_the_ones_the_views_accept():
    for name, operation in ((op["get"]["operationId"], op["get"]) for op in document()["paths"].values()):
        query = {p["name"] for p in operation["parameters"] if p["in"] == "query"}
        assert query == set(ENDPOINT_PARAMS[name]), name


def test_the_document_is_valid_openapi_3_1():
    doc = document()
    # Every component schema and parameter schema is itself a valid 2020-12 schema.
    for schema in doc["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)
    for path in doc["paths"].values():
        for param in path["get"]["parameters"]:
            Draft202012Validator.check_schema(param["schema"])
    schemathesis.openapi.from_dict(doc).validate()


@pytest.fixture
def wsgi_app():
    """The site's WSGI application, called as a server calls it, but (as Django's test client does)
    without closing the database connection after each request: the test's transaction lives on it."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def small_directory(db):
    svc = f.service("Cardiff group", postcode="CF10 1AE", areas=[f.CARDIFF], minimum_age=18)
    f.weekday_hours(svc)
    f.service("Confidential refuge outreach", postcode="CF24 0AE", confidential=True)
    f.service("National line", national=True)


schema = schemathesis.openapi.from_dict(document())


@pytest.mark.fuzz
@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=FUZZ_EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_fuzzed_requests_get_documented_answers(case, small_directory, wsgi_app):
    app = wsgi_app
    if case.operation.path != "/service_at_locations":
        response = case.call_and_validate(app=app)
    else:
        # Whether a well-formed postcode is known, and proximity's need for a postcode, are beyond
        # what OpenAPI can state: a 400 is right there, and must name one of those two.
        response = case.call_and_validate(app=app, excluded_checks=[positive_data_acceptance])
        if response.status_code == 400:
            assert response.json()["parameter"] in (case.query or {})
    OUTCOMES[f"{case.method} {case.operation.path}", response.status_code] += 1
    assert response.status_code < 500


def test_fuzz_run_reached_every_operation():
    """The fuzz test above is generated from the document, once per operation, so every documented
    GET route is fuzzed wherever it runs. When the fuzz ran in this process (one worker, or
    TEST_WORKERS=0), its counts are printed too, and none may be a server error."""
    fuzzed = {result.ok().path for result in schema.get_all_operations() if result.ok().method.upper() == "GET"}
    assert fuzzed == set(document()["paths"])
    if OUTCOMES:
        print("\nfuzz outcomes:", dict(sorted(OUTCOMES.items())), "total", sum(OUTCOMES.values()))
        assert not any(status >= 500 for _label, status in OUTCOMES)
