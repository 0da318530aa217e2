"""Open Referral UK compatible, read-only JSON API (HSDS 3.0 field names and page envelope).

No key, CORS open. Confidential locations are masked exactly as on the public pages: no street
address, the outcode in place of the postcode, rounded coordinates. Every text value is plain
text with no markup (``portal.sanitise.without_markup``): consumers insert it as they like.
"""

from __future__ import annotations

import datetime
import math
import uuid

from django.db.models import Q
from django.http import JsonResponse
from django.utils.dateparse import parse_date, parse_datetime
from django.views.decorators.http import require_GET

from portal.sanitise import without_markup

from . import vocabulary as v
from .backends.database import keyword_q
from .directory.text import parse_keywords
from .directory.vocab_cache import vocabulary
from .models import Service, ServiceAtLocation, Taxonomy, TaxonomyTerm
from .models.taxonomy import TAXONOMIES

HSDS_VERSION = "3.0"
MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 20


class BadRequest(Exception):
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
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=300"
    return response


def api_view(func):
    @require_GET
    def wrapper(request, *args, **kwargs):
        try:
            return _json(func(request, *args, **kwargs))
        except BadRequest as exc:
            return _json({"detail": str(exc)}, status=400)
    wrapper.__name__ = func.__name__
    wrapper.__doc__ = func.__doc__
    return wrapper


def _int_param(request, name, default, low, high):
    raw = request.GET.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadRequest(f"{name} must be a whole number.") from None
    if not low <= value <= high:
        raise BadRequest(f"{name} must be between {low} and {high}.")
    return value


def paginate(request, items, serialise) -> dict:
    """The HSDS page envelope. ``items`` is a queryset or list."""
    page = _int_param(request, "page", 1, 1, 100_000)
    size = _int_param(request, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)
    total = items.count() if hasattr(items, "count") and not isinstance(items, list) else len(items)
    pages = max(1, math.ceil(total / size))
    chunk = list(items[(page - 1) * size: page * size])
    return {
        "total_items": total, "total_pages": pages, "page_number": page, "size": size,
        "first_page": page == 1, "last_page": page >= pages, "empty": not chunk,
        "contents": [serialise(item) for item in chunk],
    }


# --- serialisers ------------------------------------------------------------------------------
def _terms_by_code():
    return {(t.taxonomy.name, t.code): t for t in TaxonomyTerm.objects.select_related("taxonomy")}


def term_json(term) -> dict:
    return {"id": str(term.id), "code": term.code, "name": term.name, "description": term.description,
            "parent_id": str(term.parent_id) if term.parent_id else None,
            "taxonomy": term.taxonomy.name, "taxonomy_id": str(term.taxonomy_id), "language": "en",
            "term_uri": None}


def organisation_json(org) -> dict:
    return {"id": str(org.id), "name": org.name, "alternate_name": org.alternate_name or None,
            "description": org.description, "email": org.email or None, "website": org.website or None,
            "legal_status": org.legal_status or None, "uri": None}


def location_json(loc) -> dict:
    lat, lon = loc.public_coordinates()
    if loc.is_confidential:
        address = {"address_1": None, "city": loc.city, "postal_code": loc.outcode}
    else:
        address = {"address_1": loc.address_1, "city": loc.city, "postal_code": loc.postal_code}
    return {
        "id": str(loc.id), "location_type": "physical", "organization_id": str(loc.organization_id),
        "name": loc.name, "alternate_name": None, "description": loc.description or None,
        "latitude": lat, "longitude": lon, "external_identifier": None,
        "addresses": [{"id": f"{loc.id}-address", "location_id": str(loc.id), "address_type": "physical",
                       "address_2": None, "region": None, "state_province": loc.state_province or None,
                       "country": loc.country, **address}],
        "accessibility": [{"id": str(a.id), "location_id": str(loc.id), "description": a.description,
                           "details": a.details or None, "url": a.url or None}
                          for a in loc.accessibility.all()],
    }


def service_json(service, terms=None, full=True) -> dict:
    terms = terms if terms is not None else _terms_by_code()
    attributes = []
    for taxonomy_name, (field, _prefix, _vocab) in TAXONOMIES.items():
        for code in getattr(service, field):
            term = terms.get((taxonomy_name, code))
            if term:
                attributes.append({"id": str(uuid.uuid5(service.id, f"{field}:{code}")),
                                   "link_id": str(service.id), "link_type": "service",
                                   "link_entity": "service", "taxonomy_term_id": str(term.id),
                                   "value": None, "taxonomy_term": term_json(term)})
    data = {
        "id": str(service.id), "organization_id": str(service.organization_id), "name": service.name,
        "alternate_name": service.alternate_name or None, "description": service.description,
        "url": service.url or None, "email": service.email or None, "status": service.status,
        "application_process": service.application_process or None,
        "fees_description": service.fees_description or ("Free" if service.is_free else None),
        "accreditations": service.accreditations or None,
        "eligibility_description": service.eligibility_description or None,
        "minimum_age": service.minimum_age, "maximum_age": service.maximum_age,
        "assured_date": service.assured_date.isoformat() if service.assured_date else None,
        "alert": service.alert or None,
        "last_modified": service.last_modified.isoformat() if service.last_modified else None,
        "attributes": attributes,
        "languages": [{"id": str(uuid.uuid5(service.id, f"lang:{code}")), "service_id": str(service.id),
                       "name": v.label(v.LANGUAGES, code), "code": code}
                      for code in service.languages],
        "attending_type": ",".join(service.attending_type) or None,
    }
    if full:
        data.update({
            "organization": organisation_json(service.organization),
            "phones": [{"id": str(p.id), "service_id": str(service.id), "number": p.number,
                        "extension": p.extension or None, "type": p.type, "description": p.description or None}
                       for p in service.phones.all()],
            "contacts": [{"id": str(c.id), "service_id": str(service.id), "name": c.name,
                          "title": c.title or None, "department": c.department or None,
                          "email": c.email or None} for c in service.contacts.all()],
            "schedules": [{"id": str(s.id), "service_id": str(service.id), "freq": "WEEKLY", "byday": s.byday,
                           "opens_at": s.opens_at.strftime("%H:%M"), "closes_at": s.closes_at.strftime("%H:%M"),
                           "description": s.description or None} for s in service.schedules.all()],
            "service_areas": [{"id": str(a.id), "service_id": str(service.id), "name": a.name,
                               "description": a.description or None, "extent": a.la_code,
                               "extent_type": "ons_local_authority_code", "uri": None}
                              for a in service.service_areas.all()]
            + ([{"id": str(uuid.uuid5(service.id, "national")), "service_id": str(service.id),
                 "name": "England and Wales", "description": "National service", "extent": None,
                 "extent_type": None, "uri": None}] if service.is_national else []),
            "service_at_locations": [{"id": str(sal.id), "service_id": str(service.id),
                                      "location_id": str(sal.location_id), "description": sal.description or None,
                                      "location": location_json(sal.location)}
                                     for sal in service.service_at_locations.all()],
        })
    return data


def _services_queryset():
    return (Service.objects.active().select_related("organization")
            .prefetch_related("phones", "contacts", "schedules", "service_areas",
                              "service_at_locations__location__accessibility")
            .order_by("name", "id"))


# --- views ----------------------------------------------------------------------------------
@api_view
def version_info(request):
    return {"version": HSDS_VERSION, "profile": "https://openreferraluk.org/",
            "openapi_url": None, "publisher": "Drive Partnership",
            "endpoints": ["/services", "/services/{id}", "/service_at_locations", "/taxonomies",
                          "/taxonomy_terms"]}


@api_view
def services(request):
    qs = _services_queryset()
    if text := request.GET.get("search", "").strip()[:200]:
        qs = qs.filter(keyword_q(parse_keywords(text, vocabulary())))
    if term_id := request.GET.get("taxonomy_term_id"):
        term = _uuid_or_400(term_id, "taxonomy_term_id", TaxonomyTerm.objects.select_related("taxonomy"))
        field, prefix, _vocab = TAXONOMIES[term.taxonomy.name]
        qs = qs.filter(facet_tokens__contains=f" {prefix}:{term.code} ")
    if org_id := request.GET.get("organization_id"):
        try:
            qs = qs.filter(organization_id=uuid.UUID(org_id))
        except ValueError:
            raise BadRequest("organization_id must be a UUID.") from None
    if after := request.GET.get("modified_after"):
        moment = parse_datetime(after)
        if moment is None and (day := parse_date(after)):
            moment = datetime.datetime.combine(day, datetime.time.min, tzinfo=datetime.UTC)
        if moment is None:
            raise BadRequest("modified_after must be an ISO 8601 date or date-time.")
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=datetime.UTC)
        qs = qs.filter(last_modified__gt=moment)
    terms = _terms_by_code()
    return paginate(request, qs, lambda s: service_json(s, terms))


def _uuid_or_400(value, name, queryset):
    try:
        return queryset.get(pk=uuid.UUID(value))
    except (ValueError, queryset.model.DoesNotExist):
        raise BadRequest(f"{name} is not a known id.") from None


@require_GET
def service_detail(request, service_id):
    service = _services_queryset().filter(pk=service_id).first()
    if service is None:
        return _json({"detail": "No service with that id."}, status=404)
    return _json(service_json(service))


@api_view
def service_at_locations(request):
    from search.geo import bounding_box, distance_miles, lookup

    qs = (ServiceAtLocation.objects.filter(service__status="active")
          .select_related("service", "service__organization", "location")
          .prefetch_related("location__accessibility").order_by("service__name", "id"))
    postcode = request.GET.get("postcode", "").strip()
    proximity = request.GET.get("proximity")
    if proximity and not postcode:
        raise BadRequest("proximity needs a postcode.")
    if postcode:
        place = lookup(postcode)
        if not place:
            raise BadRequest(place.message)
        metres = _int_param(request, "proximity", 16_093, 1, 500_000)
        miles = metres / 1609.344
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
    else:
        items = qs
    terms = _terms_by_code()
    return paginate(request, items, lambda sal: {
        "id": str(sal.id), "service_id": str(sal.service_id), "location_id": str(sal.location_id),
        "description": sal.description or None,
        "service": service_json(sal.service, terms, full=False),
        "location": location_json(sal.location),
    })


@api_view
def taxonomies(request):
    return paginate(request, Taxonomy.objects.order_by("name"), lambda t: {
        "id": str(t.id), "name": t.name, "description": t.description, "uri": t.uri or None,
        "version": t.version or None})


@api_view
def taxonomy_terms(request):
    qs = TaxonomyTerm.objects.select_related("taxonomy").order_by("taxonomy__name", "name")
    if taxonomy_id := request.GET.get("taxonomy_id"):
        try:
            qs = qs.filter(taxonomy_id=uuid.UUID(taxonomy_id))
        except ValueError:
            raise BadRequest("taxonomy_id must be a UUID.") from None
    return paginate(request, qs, term_json)


__all__ = ["services", "service_detail", "service_at_locations", "taxonomies", "taxonomy_terms",
           "version_info", "Q"]
