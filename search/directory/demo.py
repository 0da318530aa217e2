"""Demo loader: registered in ``SearchConfig.ready()``; idempotent on each listing's external id."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from search.directory.areas import codes_for
from search.directory.demo_data import LISTINGS, ORGANISATIONS, WEEKDAYS_9_5
from search.models import (
        Location,
        Organisation,
        Phone,
        Schedule,
        Service,
        ServiceArea,
        ServiceAtLocation,
        ensure_taxonomies,
    )

DEMO_PREFIX = "demo:"


def _phone_for(index: int) -> str:
    return f"01632 960{index * 7 % 1000:03d}"


@transaction.atomic
def load_directory_demo(pages=None, stdout=None) -> str:

    ensure_taxonomies()
    orgs = {}
    for key, (name, description) in ORGANISATIONS.items():
        orgs[key], _ = Organisation.objects.get_or_create(
            external_id=DEMO_PREFIX + key,
            defaults={"name": name, "description": description, "is_demo": True,
                      "email": f"{key}@example.org", "website": f"https://{key}.example.org/"})
    today = timezone.localdate()
    created = 0
    for index, spec in enumerate(LISTINGS):
        external_id = DEMO_PREFIX + spec["key"]
        if Service.objects.filter(external_id=external_id).exists():
            continue
        reviewed = today - datetime.timedelta(days=420 if spec.get("stale") else 30 + index * 5)
        accredited = spec.get("accredited")
        service = Service.objects.create(
            external_id=external_id, organization=orgs[spec["org"]], name=spec["name"],
            slug=spec["key"], description=spec["description"],
            eligibility_description=spec.get("eligibility", ""),
            application_process=spec.get("steps", ""),
            service_types=spec["types"], referral_routes=spec["refer"], risk_levels=spec["risk"],
            attending_type=spec["delivery"], languages=spec["langs"],
            is_national=spec.get("national", False), police_force_areas=spec.get("forces", ""),
            is_free=spec.get("free", True), fees_description=spec.get("fees", ""),
            respect_accredited=bool(accredited),
            assured_date=datetime.date.fromisoformat(accredited) if accredited else None,
            accreditations="Respect accreditation" if accredited else "",
            minimum_age=spec.get("min_age"), maximum_age=spec.get("max_age"),
            status=spec.get("status", "active"), last_reviewed=reviewed, is_demo=True,
            email=f"{spec['key']}@example.org", url=f"https://{spec['key']}.example.org/",
        )
        Phone.objects.create(service=service, number=spec.get("phone") or _phone_for(index),
                             description="Main number")
        for day, opens, closes, note in spec.get("schedule", WEEKDAYS_9_5):
            Schedule.objects.create(service=service, byday=day, opens_at=opens, closes_at=closes,
                                    description=note)
        if spec.get("postcode"):
            location, _ = Location.objects.get_or_create(
                external_id=f"{external_id}:office",
                defaults={"organization": service.organization, "name": spec["name"],
                          "address_1": spec.get("address", ""), "city": spec["town"],
                          "postal_code": spec["postcode"],
                          "is_confidential": spec.get("confidential", False)})
            ServiceAtLocation.objects.create(service=service, location=location)
        for code, name in codes_for(*spec.get("areas", [])):
            ServiceArea.objects.create(service=service, la_code=code, name=name)
        created += 1
    total = Service.objects.filter(is_demo=True).count()
    return f"{total} demonstration directory listings ({created} new)"
