"""The join form refuses text that could break an email header, and approving an application
whose stored text holds a line break still sends the invitation."""

import logging

import pytest
from django.core import mail

from coalition import membership
from coalition.models import MembershipApplication, Region

from .test_application import URL, valid_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("field", ["organisation_name", "contact_name", "contact_role"])
@pytest.mark.parametrize("value", ["Harbourtown\r\nBcc: victim@example.org", "Harbourtown\nAid",
                                   "Harbourtown&#13;&#10;Bcc: victim@example.org", "Harbourtown\x0bAid"])
def test_a_line_break_in_a_single_line_field_is_a_field_error(field, value, client, coalition,
                                                              django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, valid_data(**{field: value}))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert errors[field][0].startswith("Enter this on one line, without ")
    assert f'href="#id_{field}"' in response.content.decode()  # listed in the error summary
    assert not MembershipApplication.objects.exists()
    assert mail.outbox == []


def test_approving_an_application_with_a_line_break_still_sends_a_one_line_invitation(
        coalition, moderator, caplog, django_capture_on_commit_callbacks):
    """Data from before the rule (or written by other means): the subject is made one line and
    logged; the invitation never fails with BadHeaderError."""
    application = MembershipApplication.objects.create(
        organisation_name="Harbourtown\r\nBcc: victim@example.org", org_type="specialist_da",
        contact_name="Amira Example", contact_email="amira@example.org")
    application.regions.set(Region.objects.filter(code="wales"))
    with caplog.at_level(logging.WARNING, logger="portal.tasks"), \
            django_capture_on_commit_callbacks(execute=True):
        membership.approve(application, moderator)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["amira@example.org"] and message.bcc == []
    assert message.subject == ("[Drive Partnership coalition] Harbourtown Bcc: victim@example.org "
                               "has joined the coalition")
    message.message()  # the headers build: no BadHeaderError
    assert any("carriage return, line feed" in record.getMessage() for record in caplog.records)


def test_the_daily_cap_holds_across_addresses_and_keeps_every_application(client, coalition, monkeypatch,
                                                                         django_capture_on_commit_callbacks):
    from coalition.views import membership as views
    from portal.submissions import Limit

    monkeypatch.setattr(views, "JOIN_LIMIT", Limit("coalition-join", per_address=5, per_target_per_day=3))
    with django_capture_on_commit_callbacks(execute=True):
        locations = [client.post(URL, valid_data(contact_email=f"a{i}@example.org"),
                                 REMOTE_ADDR=f"198.51.100.{i + 1}")["Location"] for i in range(5)]
    assert locations == ["/coalition/join/thank-you/"] * 3 + ["/coalition/join/thank-you/?email=later"] * 2
    assert MembershipApplication.objects.count() == 5
    assert len(mail.outbox) == 3
