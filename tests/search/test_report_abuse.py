"""The directory's public forms keep single-line fields to one line: nothing that could break an
email header is saved or emailed."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail

from search.models import ChangeProposal, ProblemReport

from . import factories as f

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

