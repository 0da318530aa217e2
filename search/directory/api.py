"""Open Referral UK read-only JSON API: HSDS 3.0 records shaped by the UK profile.

No key, CORS open. Optional fields with no value are left out, never sent as null, and the fields
the UK profile removes (phones, alternate names, taxonomy term codes, …) are not sent. A
confidential location's address shows only its town, with rounded coordinates, as on the public
pages. Query parameters come from ``api_params``: anything unknown or malformed is a JSON 400
naming the parameter. Every text value is plain text with no markup
(``portal.sanitise.without_markup``): consumers insert it as they like.
"""

from __future__ import annotations

import math
import uuid
from functools import wraps

from django.db.models import Q
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from wagtail.models import Site

from portal.sanitise import without_markup
from portal.site_address import absolute_url
from search.directory.api_openapi import document
from search.directory.api_params import DEFAULT_PER_PAGE, BadRequest, parse_query
from search.directory.backends.database import keyword_q
from search.directory.facets import REGISTRY
from search.directory.text import parse_keywords
from search.directory.vocab_cache import vocabulary
from search.geo import bounding_box, distance_miles, lookup
from search.models import Schedule, Service, ServiceAtLocation, Taxonomy, TaxonomyTerm

HSDS_VERSION = "3.0"
PROFILE_URL = "https://openreferraluk.org/"
ALLOWED_METHODS = "GET, HEAD, OPTIONS"
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": ALLOWED_METHODS,
    "Access-Control-Allow-Headers": "Accept, Accept-Language, Content-Type",
    "Access-Control-Max-Age": "86400",
    "Cross-Origin-Resource-Policy": "cross-origin",
}


NOTHING = Q(pk__in=[])


class NotFound(Exception):
    pass


# Addresses, not text: served exactly as stored (validated as URLs and emails when saved).
_ADDRESS_KEYS = frozenset({"url", "email", "website", "uri", "term_uri", "openapi_url", "profile"})


def _plain(data):
    """The payload with every text value through ``without_markup``."""
    if isinstance(data, dict):
        return {key: value if key in _ADDRESS_KEYS else _plain(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_plain(item) for item in data]
    return without_markup(data) if isinstance(data, str) else data


def _json(data, status=200) -> JsonResponse:
    response = JsonResponse(_plain(data), status=status, json_dumps_params={"ensure_ascii": False})
    for header, value in CORS_HEADERS.items():
        response[header] = value
    response["Cache-Control"] = "public, max-age=300" if status == 200 else "no-store"
    return response


def api_view(endpoint: str):
    """A GET/HEAD/OPTIONS JSON view: parses the endpoint's parameters and turns errors into JSON."""
    def decorate(func):
        @csrf_exempt  # read-only: other methods get a JSON 405, not the CSRF page
        @wraps(func)
        def wrapper(request, *args, **kwargs):
            if request.method == "OPTIONS":
                response = HttpResponse(status=204)
                for header, value in CORS_HEADERS.items():
                    response[header] = value
                response["Allow"] = ALLOWED_METHODS
                return response
            if request.method not in ("GET", "HEAD"):
                response = _json({"detail": f"{request.method} is not allowed; this API is read-only."},
                                 status=405)
                response["Allow"] = ALLOWED_METHODS
                return response
            try:
                return _json(func(request, parse_query(endpoint, request.GET), *args, **kwargs))
            except BadRequest as exc:
                return _json({"detail": str(exc), "parameter": exc.parameter}, status=400)
            except NotFound as exc:
                return _json({"detail": str(exc)}, status=404)
        return wrapper
    return decorate


def _compact(data: dict) -> dict:
    """Drop optional fields with no value (None, "", []): the schemas want them absent, not null."""
    return {k: v for k, v in data.items() if v not in (None, "", [])}


def paginate(params, items, serialise) -> dict:
    """The HSDS page envelope. ``items`` is a queryset or a list."""
    page = params.get("page", 1)
    per_page = params.get("per_page", DEFAULT_PER_PAGE)
    total = len(items) if isinstance(items, list) else items.count()
    pages = max(1, math.ceil(total / per_page))
    chunk = list(items[(page - 1) * per_page: page * per_page])
    return {
        "total_items": total, "total_pages": pages, "page_number": page, "size": len(chunk),
        "first_page": page == 1, "last_page": page >= pages, "empty": not chunk,
        "contents": [serialise(item) for item in chunk],
    }


def _get(queryset, raw_id: str, what: str):
    try:
        return queryset.get(pk=uuid.UUID(raw_id))
    except (ValueError, queryset.model.DoesNotExist):
        raise NotFound(f"No {what} with that id.") from None


# --- serialisers ------------------------------------------------------------------------------
def _terms_by_code():
    return {(t.taxonomy.name, t.code): t for t in TaxonomyTerm.objects.select_related("taxonomy")}


def term_json(term) -> dict:
    """A taxonomy term in the UK profile's shape: ``term`` carries the code, no ``code`` field."""
    return _compact({"id": str(term.id), "term": term.code, "name": term.name,
                     "description": term.description,
                     "parent_id": str(term.parent_id) if term.parent_id else None,
                     "taxonomy": term.taxonomy.name, "taxonomy_id": str(term.taxonomy_id)}) | {
        "description": term.description}


def taxonomy_json(taxonomy, terms=None) -> dict:
    data = _compact({"id": str(taxonomy.id), "name": taxonomy.name, "uri": taxonomy.uri,
                     "version": taxonomy.version}) | {"description": taxonomy.description}
    if terms is not None:
        data["taxonomy_terms"] = [term_json(t) for t in terms]
    return data


def organisation_json(org) -> dict:
    return _compact({"id": str(org.id), "name": org.name, "email": org.email,
                     "website": org.website}) | {"description": org.description}


def address_id(location) -> str:
    """A stable UUID for a location's one address."""
    return str(uuid.uuid5(location.id, "address"))


def location_json(loc) -> dict:
    lat, lon = loc.public_coordinates()
    if loc.is_confidential:  # only the town: no street, no postcode, no county
        address = {"address_1": "", "city": loc.city, "state_province": "", "postal_code": ""}
    else:
        address = {"address_1": loc.address_1, "city": loc.city, "state_province": loc.state_province,
                   "postal_code": loc.postal_code}
    return _compact({
        "id": str(loc.id), "location_type": "physical", "name": loc.name, "description": loc.description,
        "latitude": lat, "longitude": lon,
        "addresses": [{"id": address_id(loc), "location_id": str(loc.id), "address_type": "physical",
                       "country": loc.country, **address}],
        "accessibility": [_compact({"id": str(uuid.uuid5(loc.id, f"accessibility:{a.id}")), "location_id": str(loc.id),
                                    "description": a.description, "details": a.details, "url": a.url})
                          for a in loc.accessibility.all()],
    })


def _attributes(service, terms) -> list[dict]:
    attributes = []
    for taxonomy_name, facet in REGISTRY.published.items():
        field = facet.field
        for code in getattr(service, field):
            if term := terms.get((taxonomy_name, code)):
                attributes.append({"id": str(uuid.uuid5(service.id, f"{field}:{code}")),
                                   "link_id": str(service.id), "link_type": "service",
                                   "taxonomy_term_id": str(term.id), "taxonomy_term": term_json(term)})
    return attributes


def _service_areas(service) -> list[dict]:
    areas = [_compact({"id": str(a.id), "service_id": str(service.id), "name": a.name, "extent": a.la_code,
                       "extent_type": "ons_local_authority_code"})
             for a in service.service_areas.all()]
    if service.is_national:
        areas.append({"id": str(uuid.uuid5(service.id, "national")), "service_id": str(service.id),
                      "name": "England and Wales", "service_area": "The whole of England and Wales"})
    return areas


def minimal_service_json(service) -> dict:
    return _compact({"id": str(service.id), "name": service.name, "status": service.status,
                     "last_modified": service.last_modified.isoformat() if service.last_modified else None})


def service_json(service, terms=None, full=True) -> dict:
    terms = terms if terms is not None else _terms_by_code()
    data = _compact({
        "id": str(service.id), "organization_id": str(service.organization_id), "name": service.name,
        "description": service.description, "url": service.url, "email": service.email,
        "status": service.status,
        "fees": service.fees_description or ("Free" if service.is_free else None),
        "accreditations": service.accreditations,
        "minimum_age": service.minimum_age, "maximum_age": service.maximum_age,
        "assured_date": service.assured_date.isoformat() if service.assured_date else None,
        "alert": service.alert,
        "last_modified": service.last_modified.isoformat() if service.last_modified else None,
        "attributes": _attributes(service, terms),
    })
    if full:
        data["organization"] = organisation_json(service.organization)
        data.update(_compact({
            "contacts": [_compact({"id": str(c.id), "service_id": str(service.id), "name": c.name,
                                   "title": c.title}) for c in service.contacts.all()],
            "schedules": [_compact({"id": str(s.id), "service_id": str(service.id), "freq": "WEEKLY",
                                    "byday": s.byday, "opens_at": s.opens_at.strftime("%H:%M"),
                                    "closes_at": s.closes_at.strftime("%H:%M"), "description": s.description})
                          for s in service.schedules.all()],
            "service_areas": _service_areas(service),
            "service_at_locations": [{"id": str(sal.id), "service_id": str(service.id),
                                      "location_id": str(sal.location_id), "location": location_json(sal.location)}
                                     for sal in service.service_at_locations.all()],
        }))
    return data


def service_at_location_json(sal, terms, full=True) -> dict:
    return {"id": str(sal.id), "service_id": str(sal.service_id), "location_id": str(sal.location_id),
            "service": service_json(sal.service, terms, full=False) | (
                {"organization": organisation_json(sal.service.organization)} if full else {}),
            "location": location_json(sal.location)}


# --- filters ----------------------------------------------------------------------------------
def service_filter(params) -> Q:
    """The service filters shared by /services and /service_at_locations, as a Q on Service."""
    q = Q()
    if text := params.get("search"):
        q &= keyword_q(parse_keywords(text, vocabulary()))
    # A well-formed id that names no term or taxonomy matches nothing (an empty page, not an error).
    if "taxonomy_term_id" in params:
        term = TaxonomyTerm.objects.select_related("taxonomy").filter(pk=params["taxonomy_term_id"]).first()
        facet = REGISTRY.published.get(term.taxonomy.name) if term else None
        q &= Q(facet_tokens__contains=f" {facet.token(term.code)} ") if facet else NOTHING
    if "taxonomy_id" in params:
        taxonomy = Taxonomy.objects.filter(pk=params["taxonomy_id"]).first()
        facet = REGISTRY.published.get(taxonomy.name) if taxonomy else None
        q &= Q(facet_tokens__contains=f" {facet.token_prefix}") if facet else NOTHING
    if "organization_id" in params:
        q &= Q(organization_id=params["organization_id"])
    if "modified_after" in params:
        q &= Q(last_modified__gte=params["modified_after"])
    if "minimum_age" in params:
        q &= Q(minimum_age__gte=params["minimum_age"])
    if "maximum_age" in params:
        q &= Q(maximum_age__lte=params["maximum_age"])
    hours = Q()
    if "day" in params:
        hours &= Q(byday=params["day"])
    if "start_time" in params:
        hours &= Q(opens_at__gte=params["start_time"])
    if "end_time" in params:
        hours &= Q(closes_at__lte=params["end_time"])
    if hours:
        q &= Q(pk__in=Schedule.objects.filter(hours).values("service_id"))
    return q


def _services_queryset():
    return (Service.objects.active().select_related("organization")
            .prefetch_related("contacts", "schedules", "service_areas",
                              "service_at_locations__location__accessibility")
            .order_by("name", "id"))


def _places_queryset():
    return (ServiceAtLocation.objects.filter(service__status="active")
            .select_related("service", "service__organization", "location")
            .prefetch_related("location__accessibility").order_by("service__name", "id"))


# --- views ----------------------------------------------------------------------------------
@api_view("api_root")
def version_info(request, params):
    return {"version": HSDS_VERSION, "profile": PROFILE_URL,
            "openapi_url": absolute_url(reverse("directory:api_openapi"), Site.find_for_request(request))}


@api_view("api_openapi")
def openapi_document(request, params):
    return document()


@api_view("api_services")
def services(request, params):
    qs = _services_queryset().filter(service_filter(params))
    if params.get("minimal"):
        return paginate(params, qs, minimal_service_json)
    terms = _terms_by_code()
    full = params.get("full", True)
    return paginate(params, qs, lambda s: service_json(s, terms, full=full))


@api_view("api_service")
def service_detail(request, params, item_id):
    return service_json(_get(_services_queryset(), item_id, "service"))


@api_view("api_service_at_locations")
def service_at_locations(request, params):
    qs = _places_queryset()
    if filters := service_filter(params):
        qs = qs.filter(service__in=Service.objects.filter(filters))
    items = qs
    if postcode := params.get("postcode"):
        place = lookup(postcode)
        if not place:
            raise BadRequest("postcode", f"postcode: {place.message}")
        miles = params.get("proximity", 16_093) / 1609.344
        box = bounding_box(place.latitude, place.longitude, miles)
        rows = []
        for sal in qs.filter(location__search_latitude__range=(box.min_lat, box.max_lat),
                             location__search_longitude__range=(box.min_lon, box.max_lon)):
            d = distance_miles(place.latitude, place.longitude, sal.location.search_latitude,
                               sal.location.search_longitude)
            if d <= miles:
                rows.append((d, sal))
        rows.sort(key=lambda r: (r[0], r[1].service.name))
        items = [sal for _d, sal in rows]
    terms = _terms_by_code()
    full = params.get("full", True)
    return paginate(params, items, lambda sal: service_at_location_json(sal, terms, full))


@api_view("api_service_at_location")
def service_at_location_detail(request, params, item_id):
    return service_at_location_json(_get(_places_queryset(), item_id, "service at location"), _terms_by_code())


def _terms_of(taxonomy_ids) -> dict:
    grouped: dict = {}
    for term in TaxonomyTerm.objects.filter(taxonomy_id__in=taxonomy_ids).select_related("taxonomy") \
            .order_by("name"):
        grouped.setdefault(term.taxonomy_id, []).append(term)
    return grouped


@api_view("api_taxonomies")
def taxonomies(request, params):
    qs = Taxonomy.objects.order_by("name")
    if text := params.get("search"):
        qs = qs.filter(Q(name__icontains=text) | Q(description__icontains=text))
    page = paginate(params, qs, lambda t: t)
    terms = _terms_of([t.id for t in page["contents"]])
    page["contents"] = [taxonomy_json(t, terms.get(t.id, [])) for t in page["contents"]]
    return page


@api_view("api_taxonomy")
def taxonomy_detail(request, params, item_id):
    taxonomy = _get(Taxonomy.objects, item_id, "taxonomy")
    return taxonomy_json(taxonomy, _terms_of([taxonomy.id]).get(taxonomy.id, []))


@api_view("api_taxonomy_terms")
def taxonomy_terms(request, params):
    qs = TaxonomyTerm.objects.select_related("taxonomy").order_by("taxonomy__name", "name", "id")
    if text := params.get("search"):
        qs = qs.filter(Q(name__icontains=text) | Q(code__icontains=text) | Q(description__icontains=text))
    if "taxonomy_id" in params:
        qs = qs.filter(taxonomy_id=params["taxonomy_id"])
    if params.get("top_only"):
        qs = qs.filter(parent__isnull=True)
    if "parent_id" in params:
        qs = qs.filter(parent_id=params["parent_id"])
    return paginate(params, qs, term_json)


@api_view("api_taxonomy_term")
def taxonomy_term_detail(request, params, item_id):
    return term_json(_get(TaxonomyTerm.objects.select_related("taxonomy"), item_id, "taxonomy term"))
