"""Validation of API responses against the vendored HSDS 3.0 and Open Referral UK schemas.

``errors(kind, instance)`` returns every error message, from jsonschema (with format checking) and
from a walk that reports any field the UK profile removed (the profile's schemas list the fields it
keeps; ours may send only those).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SCHEMAS = Path(__file__).parent / "schemas"
PROFILES = ("hsds-3.0", "uk-profile")
# What each kind of response is validated against, by file name (without .json).
KINDS = {
    "service": "compiled_service",
    "service_list_item": "compiled_service_list",
    "service_at_location": "compiled_service_at_location",
    "service_at_location_list_item": "compiled_service_at_location_list",
    "taxonomy": "taxonomy",
    "taxonomy_term": "taxonomy_term",
}
# The UK profile's full records, whose fields bound what any nested record may carry.
UK_FIELDS_OF = {"service": "compiled_service", "service_list_item": "compiled_service",
                "service_at_location": "compiled_service_at_location",
                "service_at_location_list_item": "compiled_service_at_location",
                "taxonomy": "taxonomy", "taxonomy_term": "taxonomy_term"}


@cache
def _load(profile: str, name: str) -> dict:
    return json.loads((SCHEMAS / profile / f"{name}.json").read_text())


@cache
def _validator(profile: str, name: str) -> Draft202012Validator:
    resources = [(f"{n}.json", Resource.from_contents(_load(profile, n), default_specification=DRAFT202012))
                 for n in ("taxonomy", "taxonomy_term", "metadata")
                 if (SCHEMAS / profile / f"{n}.json").exists()]
    return Draft202012Validator(_load(profile, name), registry=Registry().with_resources(resources),
                                format_checker=FormatChecker())


def page_errors(page: dict) -> list[str]:
    found = []
    for profile in PROFILES:
        schema = _load(profile, "openapi")["components"]["schemas"]["Page"]
        found += [f"{profile} page: {e.message}" for e in Draft202012Validator(schema).iter_errors(page)]
    return found


def _removed_fields(instance, schema, path="") -> list[str]:
    """Fields in ``instance`` that ``schema`` (the UK profile's) does not list."""
    found = []
    if isinstance(instance, dict) and "properties" in schema:
        for key, value in instance.items():
            if key not in schema["properties"]:
                found.append(f"uk-profile removes {path}{key}")
            else:
                found += _removed_fields(value, schema["properties"][key], f"{path}{key}.")
    elif isinstance(instance, list) and isinstance(schema.get("items"), dict):
        for item in instance:
            found += _removed_fields(item, _resolve(schema["items"]), f"{path}[].")
    return found


def _resolve(schema: dict) -> dict:
    if ref := schema.get("$ref"):
        return _load("uk-profile", ref.removesuffix(".json"))
    return schema


def errors(kind: str, instance) -> list[str]:
    found = []
    for profile in PROFILES:
        validator = _validator(profile, KINDS[kind])
        found += [f"{profile} {kind} /{'/'.join(map(str, e.absolute_path))}: {e.message}"
                  for e in validator.iter_errors(instance)]
    found += _removed_fields(instance, _load("uk-profile", UK_FIELDS_OF[kind]))
    return found
