"""The OpenAPI 3.1 document of the Open Referral UK API, built from the parameter table the views
parse with (``api_params``) and the record shapes the serialisers in ``api`` write.

The response schemas are closed (``additionalProperties: false``): a client generated from this
document sees every field the API can send, and a test fuzzes the API against it.
"""

from __future__ import annotations

from functools import cache

from search.directory.api_params import ENDPOINT_PARAMS, PARAMS

UUID = {"type": "string", "format": "uuid"}
TEXT = {"type": "string"}


def _object(required: dict, optional: dict | None = None) -> dict:
    return {"type": "object", "additionalProperties": False, "required": list(required),
            "properties": {**required, **(optional or {})}}


def _list(ref: str) -> dict:
    return {"type": "array", "items": {"$ref": f"#/components/schemas/{ref}"}}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


SCHEMAS = {
    "TaxonomyTerm": _object(
        {"id": UUID, "term": TEXT, "name": TEXT, "description": TEXT, "taxonomy": TEXT, "taxonomy_id": UUID},
        {"parent_id": UUID}),
    "Taxonomy": _object({"id": UUID, "name": TEXT, "description": TEXT},
                        {"uri": {"type": "string", "format": "uri"}, "version": TEXT,
                         "taxonomy_terms": _list("TaxonomyTerm")}),
    "Organization": _object({"id": UUID, "name": TEXT, "description": TEXT},
                            {"email": {"type": "string", "format": "email"},
                             "website": {"type": "string", "format": "uri"}}),
    "Address": _object({"id": UUID, "location_id": UUID, "address_type": {"enum": ["physical"]},
                        "address_1": TEXT, "city": TEXT, "state_province": TEXT, "postal_code": TEXT,
                        "country": TEXT}),
    "Accessibility": _object({"id": UUID, "location_id": UUID, "description": TEXT},
                             {"details": TEXT, "url": {"type": "string", "format": "uri"}}),
    "Location": _object({"id": UUID, "location_type": {"enum": ["physical"]}, "name": TEXT},
                        {"description": TEXT, "latitude": {"type": "number"}, "longitude": {"type": "number"},
                         "addresses": _list("Address"), "accessibility": _list("Accessibility")}),
    "Attribute": _object({"id": UUID, "link_id": UUID, "link_type": {"enum": ["service"]},
                          "taxonomy_term_id": UUID, "taxonomy_term": _ref("TaxonomyTerm")}),
    "Contact": _object({"id": UUID, "service_id": UUID, "name": TEXT}, {"title": TEXT}),
    "Schedule": _object({"id": UUID, "service_id": UUID, "freq": {"enum": ["WEEKLY"]},
                         "byday": {"enum": ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]},
                         "opens_at": TEXT, "closes_at": TEXT}, {"description": TEXT}),
    "ServiceArea": _object({"id": UUID, "service_id": UUID, "name": TEXT},
                           {"extent": TEXT, "extent_type": TEXT, "service_area": TEXT}),
    "LinkedLocation": _object({"id": UUID, "service_id": UUID, "location_id": UUID,
                               "location": _ref("Location")}),
    "ServiceMinimal": _object({"id": UUID, "name": TEXT, "status": TEXT},
                              {"last_modified": {"type": "string", "format": "date-time"}}),
}
_SERVICE_FIELDS = {
    "required": {"id": UUID, "organization_id": UUID, "name": TEXT, "description": TEXT,
                 "status": {"enum": ["active", "inactive", "defunct", "temporarily closed"]}},
    "optional": {"url": {"type": "string", "format": "uri"}, "email": {"type": "string", "format": "email"},
                 "fees": TEXT, "accreditations": TEXT,
                 "minimum_age": {"type": "number"}, "maximum_age": {"type": "number"},
                 "assured_date": {"type": "string", "format": "date"}, "alert": TEXT,
                 "last_modified": {"type": "string", "format": "date-time"},
                 "attributes": _list("Attribute"), "organization": _ref("Organization")},
}
SCHEMAS["ServiceBrief"] = _object(_SERVICE_FIELDS["required"], _SERVICE_FIELDS["optional"])
SCHEMAS["Service"] = _object(_SERVICE_FIELDS["required"], {
    **_SERVICE_FIELDS["optional"], "contacts": _list("Contact"), "schedules": _list("Schedule"),
    "service_areas": _list("ServiceArea"), "service_at_locations": _list("LinkedLocation")})
SCHEMAS["ServiceAtLocation"] = _object({"id": UUID, "service_id": UUID, "location_id": UUID,
                                        "service": _ref("ServiceBrief"), "location": _ref("Location")})
SCHEMAS["Error"] = _object({"detail": TEXT}, {"parameter": TEXT})
SCHEMAS["ApiInfo"] = _object({"version": TEXT, "profile": {"type": "string", "format": "uri"},
                              "openapi_url": {"type": "string", "format": "uri"}})


def _page(*item_refs: str) -> dict:
    items = _ref(item_refs[0]) if len(item_refs) == 1 else {"anyOf": [_ref(r) for r in item_refs]}
    return _object({"total_items": {"type": "integer", "minimum": 0},
                    "total_pages": {"type": "integer", "minimum": 1},
                    "page_number": {"type": "integer", "minimum": 1},
                    "size": {"type": "integer", "minimum": 0}, "first_page": {"type": "boolean"},
                    "last_page": {"type": "boolean"}, "empty": {"type": "boolean"},
                    "contents": {"type": "array", "items": items}})


def _json_response(description: str, schema: dict) -> dict:
    return {"description": description, "headers": {"Access-Control-Allow-Origin": {
        "schema": {"const": "*"}, "description": "Any origin may read the API."}},
        "content": {"application/json": {"schema": schema}}}


# Endpoint name → (path, summary, 200 schema, whether it takes an {id})
ENDPOINTS = {
    "api_root": ("/", "About this API: HSDS version, profile and this document's address", _ref("ApiInfo")),
    "api_openapi": ("/openapi.json", "This OpenAPI document", {"type": "object"}),
    "api_services": ("/services", "Services, fully nested unless full=false",
                     _page("Service", "ServiceBrief", "ServiceMinimal")),
    "api_service": ("/services/{id}", "One service, fully nested", _ref("Service")),
    "api_service_at_locations": ("/service_at_locations", "Each place a service is offered",
                                 _page("ServiceAtLocation")),
    "api_service_at_location": ("/service_at_locations/{id}", "One place a service is offered",
                                _ref("ServiceAtLocation")),
    "api_taxonomies": ("/taxonomies", "Taxonomies with their terms", _page("Taxonomy")),
    "api_taxonomy": ("/taxonomies/{id}", "One taxonomy with its terms", _ref("Taxonomy")),
    "api_taxonomy_terms": ("/taxonomy_terms", "Taxonomy terms", _page("TaxonomyTerm")),
    "api_taxonomy_term": ("/taxonomy_terms/{id}", "One taxonomy term", _ref("TaxonomyTerm")),
}


def _operation(name: str) -> dict:
    path, summary, schema = ENDPOINTS[name]
    parameters = [{"name": p, "in": "query", "required": False, "description": PARAMS[p].description,
                   "schema": PARAMS[p].schema} for p in ENDPOINT_PARAMS[name]]
    responses = {"200": _json_response("OK", schema)}
    if "{id}" in path:
        parameters.insert(0, {"name": "id", "in": "path", "required": True, "description": "The record's id.",
                              "schema": {"type": "string"}})
        responses["404"] = _json_response("No record with that id", _ref("Error"))
    if ENDPOINT_PARAMS[name]:
        responses["400"] = _json_response("A query parameter is unknown or malformed; `parameter` names it",
                                          _ref("Error"))
    return {"operationId": name, "summary": summary, "parameters": parameters, "responses": responses}


@cache
def document() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {"title": "Drive Partnership directory — Open Referral UK API", "version": "3.0",
                 "description": "Read-only HSDS 3.0 records in the Open Referral UK profile's shape. "
                                "No key; any origin may read it (CORS). Fields with no value are left out."},
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "servers": [{"url": "/api/openreferral"}],
        "paths": {ENDPOINTS[name][0]: {"get": _operation(name)} for name in ENDPOINT_PARAMS},
        "components": {"schemas": SCHEMAS},
    }
