"""The directory's public forms keep single-line fields to one line: nothing that could break an
email header is saved or emailed."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail

from search.models import ChangeProposal, ProblemReport

from .. import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user("mod", "mod@example.org", "a-long-password")
    user.groups.add(Group.objects.get_or_create(name="Moderators")[0])
    return user


@pytest.fixture
def listing(db):
    return f.service("Cardiff group", postcode="CF10 1AE")


def test_a_line_break_in_the_reporters_email_is_a_field_error(client, listing, moderator,
                                                              django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/find-a-service/{listing.slug}/report/", {
            "kind": ProblemReport.Kind.choices[0][0], "details": "The phone number is wrong.",
            "email": "me@example.org\r\nBcc: victim@example.org"})
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["email"]
    assert not ProblemReport.objects.exists() and mail.outbox == []


@pytest.mark.parametrize("field", ["alert", "fees_description"])
def test_a_line_break_in_a_proposed_one_line_field_is_a_field_error(field, client, listing, moderator,
                                                                   django_user_model,
                                                                   django_capture_on_commit_callbacks):
    provider = django_user_model.objects.create_user("prov", "provider@example.org", "a-long-password")
    listing.organization.providers.add(provider)
    client.force_login(provider)
    data = {"description": listing.description, "referral_routes": ["self"], "risk_levels": ["standard"],
            "attending_type": ["in_person"], "languages": ["en"], "is_free": "on",
            field: "Closed in August\r\nBcc: victim@example.org"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/find-a-service/{listing.slug}/propose/", data)
    assert response.status_code == 200  # the form again
    errors = response.context["form"].errors
    assert list(errors) == [field] and errors[field][0].startswith("Enter this on one line, without ")
    assert not ChangeProposal.objects.exists() and mail.outbox == []


# --- Honeypot, per-address limit and daily cap (portal.submissions) ---------------------------

def _report(client, listing, address="198.51.100.7", **extra):
    data = {"kind": ProblemReport.Kind.choices[0][0], "details": "The phone number is wrong.", **extra}
    return client.post(f"/find-a-service/{listing.slug}/report/", data, REMOTE_ADDR=address)


def test_a_report_is_saved_and_emailed_to_the_moderators(client, listing, moderator,
                                                        django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = _report(client, listing)
    assert response.status_code == 200 and "Thank you for telling us" in response.content.decode()
    assert "we have not emailed" not in response.content.decode()
    assert ProblemReport.objects.count() == 1 and [m.to for m in mail.outbox] == [["mod@example.org"]]
    assert not response.cookies  # no session, no counter cookie


def test_the_sixth_report_from_one_address_is_kept_but_not_emailed(client, listing, moderator,
                                                                   django_capture_on_commit_callbacks):
    from search.directory.views import REPORT_LIMIT

    others = [f.service(f"Listing {i}", postcode="CF10 1AE") for i in range(REPORT_LIMIT.per_address)]
    with django_capture_on_commit_callbacks(execute=True):
        for other in others:
            _report(client, other)
        response = _report(client, listing, details="Sixth report: the address is wrong.")
    assert response.status_code == 200
    assert "we have not emailed the moderators about this one" in response.content.decode()
    assert ProblemReport.objects.filter(service=listing, details__startswith="Sixth").exists()
    assert len(mail.outbox) == REPORT_LIMIT.per_address
    assert not any("Cardiff group" in m.subject for m in mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        _report(client, listing, address="203.0.113.9")  # another address is not limited
    assert "Cardiff group" in mail.outbox[-1].subject


def test_the_daily_cap_per_listing_holds_across_addresses(client, listing, moderator,
                                                          django_capture_on_commit_callbacks):
    from search.directory.views import REPORT_LIMIT

    cap = REPORT_LIMIT.per_target_per_day
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(cap + 2):
            _report(client, listing, address=f"198.51.100.{i + 1}")
        other = f.service("Swansea group", postcode="SA1 1AE")
        _report(client, other, address="198.51.100.200")
    assert ProblemReport.objects.filter(service=listing).count() == cap + 2  # all kept
    assert len([m for m in mail.outbox if "Cardiff group" in m.subject]) == cap
    assert "Swansea group" in mail.outbox[-1].subject  # the cap is per listing


def test_a_honeypot_report_is_neither_saved_nor_emailed(client, listing, moderator,
                                                        django_capture_on_commit_callbacks):
    page = client.get(f"/find-a-service/{listing.slug}/report/").content.decode()
    assert '<div class="hp-field" aria-hidden="true">' in page
    assert 'name="fax_number"' in page and 'tabindex="-1"' in page and "Leave this field empty" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = _report(client, listing, fax_number="020 7946 0999")
    assert response.status_code == 200 and "Thank you for telling us" in response.content.decode()
    assert not ProblemReport.objects.exists() and mail.outbox == []
