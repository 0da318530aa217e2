"""Small builders for directory records in tests (real postcodes, drama-range numbers)."""

import datetime
import itertools

from django.utils import timezone

from search.models import Location, Organisation, Phone, Schedule, Service, ServiceArea, ServiceAtLocation

_counter = itertools.count(1)


def organisation(name="Test Organisation", **kwargs):
    return Organisation.objects.create(name=name, email="team@example.org", **kwargs)


def service(name=None, *, org=None, postcode=None, town="Cardiff", confidential=False, areas=(),
            national=False, reviewed_days_ago=10, **fields):
    n = next(_counter)
    org = org or organisation(f"Org {n}")
    defaults = dict(
        description="A behaviour-change programme for people who want to stop abusive behaviour.",
        service_types=["behaviour-change-group"], referral_routes=["self"], risk_levels=["standard"],
        attending_type=["in_person"], languages=["en"], is_free=True,
        last_reviewed=timezone.localdate() - datetime.timedelta(days=reviewed_days_ago),
    )
    defaults.update(fields)
    svc = Service.objects.create(organization=org, name=name or f"Service {n}", is_national=national,
                                 **defaults)
    Phone.objects.create(service=svc, number=f"01632 960{n % 1000:03d}")
    if postcode:
        loc = Location.objects.create(organization=org, name=f"{svc.name} office", city=town,
                                      address_1=f"{n} Example Street", postal_code=postcode,
                                      is_confidential=confidential)
        ServiceAtLocation.objects.create(service=svc, location=loc)
    for code, la_name in areas:
        ServiceArea.objects.create(service=svc, la_code=code, name=la_name)
    return svc


def weekday_hours(svc, opens="09:00", closes="17:00", days=("MO", "TU", "WE", "TH", "FR")):
    for day in days:
        Schedule.objects.create(service=svc, byday=day, opens_at=opens, closes_at=closes)


CARDIFF = ("W06000015", "Cardiff")
SWANSEA = ("W06000011", "Swansea")
WORCESTER = ("E07000237", "Worcester")
