"""No text reaches an email header with a line break: sign-up names are one line, and the email
task makes any subject one line (and says so in the log) rather than fail with BadHeaderError."""

import logging

import pytest
from django.core import mail

from portal.accounts.models import Profile
from portal.tasks import queue_email, send_email

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("field", ["display_name", "organisation"])
def test_a_line_break_in_a_sign_up_name_is_a_field_error(field, client, kernel_site):
    response = client.post("/accounts/signup/", {
        "email": "dr.okafor@example.org", "password1": "Surgery-hours-2026", "password2": "Surgery-hours-2026",
        "display_name": "Dr A Okafor", "organisation": "Example Surgery",
        field: "Example\r\nBcc: victim@example.org"})
    assert response.status_code == 200
    assert "Enter this on one line, without carriage return, line feed." in response.content.decode()
    assert not Profile.objects.filter(user__email="dr.okafor@example.org").exists()
    assert mail.outbox == []


def test_a_subject_with_a_line_break_is_sent_on_one_line_and_logged(caplog):
    with caplog.at_level(logging.WARNING, logger="portal.tasks"):
        assert queue_email("Report about\r\nBcc: victim@example.org", "Body", ["mod@example.org"])
        send_email.call(subject="Queued before\nthe check", body="Body", to=["mod@example.org"])
    assert [m.subject for m in mail.outbox] == ["Report about Bcc: victim@example.org", "Queued before the check"]
    assert [m.bcc for m in mail.outbox] == [[], []]
    assert len([r for r in caplog.records if "sent as one line" in r.getMessage()]) == 2
