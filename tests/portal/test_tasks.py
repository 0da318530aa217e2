"""Background email (portal/tasks.py): submissions are saved whatever the mail server does, failed
emails are retried later by the database worker, and production runs tasks through that worker."""

import datetime
import logging
import os
import signal
import smtplib
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemEmailBackend
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from portal import tasks
from search.models import ProblemReport
from tests.search import factories as f

ROOT = Path(__file__).resolve().parents[2]
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
FAILING = "tests.portal.test_tasks.FailingEmailBackend"
FLAKY = "tests.portal.test_tasks.FlakyEmailBackend"


class FailingEmailBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPException("451 the mail server is unavailable")


class FlakyEmailBackend(LocmemEmailBackend):
    """Fails the next `failures` sends, then delivers to the test outbox."""

    failures = 0

    def send_messages(self, messages):
        if FlakyEmailBackend.failures > 0:
            FlakyEmailBackend.failures -= 1
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user("mod", "mod@example.org", "a-long-password")
    user.groups.add(Group.objects.get_or_create(name="Moderators")[0])
    return user


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = DATABASE_TASKS


def run_worker():
    """`manage.py db_worker --batch`: runs every task that is due, then stops."""
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    levels = {name: logging.getLogger(name).level for name in ("django_tasks", "django_tasks_db")}
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0",
                     stdout=StringIO(), verbosity=1)
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)


def test_retries_are_bounded_and_back_off():
    delays = [tasks.retry_delay(attempt) for attempt in range(1, tasks.MAX_ATTEMPTS + 1)]
    assert delays[-1] is None and None not in delays[:-1]
    assert delays[:-1] == sorted(delays[:-1]) and len(set(delays[:-1])) == len(delays) - 1
    assert tasks.retry_delay(0) is None


@pytest.mark.django_db
def test_a_problem_report_is_saved_and_thanked_when_the_mail_server_is_down(
        client, settings, moderator, caplog, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = FAILING
    svc = f.service("Cardiff group", postcode="CF10 1AE")
    with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/find-a-service/{svc.slug}/report/",
                               {"kind": "wrong_details", "details": "The phone number is wrong", "email": ""})
    assert response.status_code == 200
    assert "Thank you for telling us" in response.content.decode()
    assert ProblemReport.objects.get().details == "The phone number is wrong"
    assert mail.outbox == []
    failures = [r for r in caplog.records if r.name == "portal.tasks"]
    assert failures and "Directory listing problem: Cardiff group" in failures[0].getMessage()
    assert "giving up" in failures[0].getMessage()  # the immediate backend cannot try again later


@pytest.mark.django_db
def test_a_coalition_application_is_saved_when_the_acknowledgement_cannot_be_sent(
        client, settings, django_capture_on_commit_callbacks):
    from wagtail.models import Site

    from coalition.demo import load_demo
    from coalition.models import Ask, MembershipApplication, Region

    load_demo({"home": Site.objects.get(is_default_site=True).root_page}, stdout=None)
    settings.EMAIL_BACKEND = FAILING
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/coalition/join/", {
            "organisation_name": "Harbourtown Women's Aid", "org_type": "specialist_da",
            "regions": [str(Region.objects.get(code="wales").pk)], "website": "https://harbourtown.example.org",
            "description": "A specialist service.", "contact_name": "Amira Example",
            "contact_email": "amira@example.org", "contact_role": "Policy lead",
            "asks": [str(a.pk) for a in Ask.objects.filter(parent__isnull=True)[:2]],
            "statement": "<p>We back the Call to Action.</p>", "confirm": "on", "fax_number": "",
        })
    assert response.status_code == 302 and response["Location"] == "/coalition/join/thank-you/"
    assert MembershipApplication.objects.get().contact_email == "amira@example.org"
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_sign_up_is_kept_when_the_confirmation_email_cannot_be_sent(client, settings, kernel_site):
    from allauth.account.models import EmailAddress

    settings.EMAIL_BACKEND = FAILING
    response = client.post("/accounts/signup/", {
        "email": "dr.okafor@example.org", "password1": "Surgery-hours-2026", "password2": "Surgery-hours-2026",
        "display_name": "Dr A Okafor", "role": "gp", "organisation": "Example Surgery",
    })
    assert response.status_code == 302 and response["Location"] == "/accounts/confirm-email/"
    assert EmailAddress.objects.filter(email="dr.okafor@example.org", verified=False).exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_with_the_database_backend_the_request_only_queues_the_email(
        client, settings, moderator, database_tasks, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = FAILING  # never reached during the request
    svc = f.service("Cardiff group", postcode="CF10 1AE")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(f"/find-a-service/{svc.slug}/report/",
                               {"kind": "wrong_details", "details": "Closed on Fridays now", "email": ""})
    assert len(callbacks) == 1  # queued only once the report is committed
    assert response.status_code == 200 and ProblemReport.objects.count() == 1
    queued = DBTaskResult.objects.get(task_path="portal.tasks.send_email")  # besides search index updates
    assert queued.status == "READY"
    assert queued.args_kwargs["kwargs"]["to"] == ["mod@example.org"]
    assert queued.args_kwargs["kwargs"]["subject"] == "Directory listing problem: Cardiff group"
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_last_attempt_gives_up_without_queueing_another(settings, database_tasks, caplog):
    settings.EMAIL_BACKEND = FAILING
    with caplog.at_level(logging.WARNING), pytest.raises(smtplib.SMTPException):
        tasks.send_email.call(subject="Hello", body="Body", to=["a@example.org"], attempt=tasks.MAX_ATTEMPTS)
    assert not DBTaskResult.objects.exists()
    assert any("giving up" in r.getMessage() and r.levelno == logging.ERROR for r in caplog.records)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_sends_a_queued_email(settings, database_tasks):
    assert tasks.queue_email("Your listing change was approved", "Thank you.", ["provider@example.org"])
    assert mail.outbox == [] and DBTaskResult.objects.get().status == "READY"
    run_worker()
    result = DBTaskResult.objects.get()
    assert result.status == "SUCCESSFUL" and result.return_value == 1
    assert [(m.subject, m.to) for m in mail.outbox] == [("Your listing change was approved",
                                                         ["provider@example.org"])]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_failed_email_is_retried_later_and_then_sent(settings, database_tasks, caplog):
    settings.EMAIL_BACKEND = FLAKY
    FlakyEmailBackend.failures = 1
    tasks.queue_email("Listing change to review: Cardiff group", "Please review it.", ["mod@example.org"])

    before = timezone.now()
    with caplog.at_level(logging.WARNING, logger="portal.tasks"):
        run_worker()
    first = DBTaskResult.objects.get(status="FAILED")
    retry = DBTaskResult.objects.get(status="READY")
    assert first.exception_class_path == "smtplib.SMTPServerDisconnected"
    assert retry.args_kwargs["kwargs"]["attempt"] == 2
    delay = tasks.retry_delay(1)
    assert before + datetime.timedelta(seconds=delay) <= retry.run_after
    assert retry.run_after <= timezone.now() + datetime.timedelta(seconds=delay)
    assert mail.outbox == []  # the worker left it for later: it is not due yet
    assert any("next attempt at" in r.getMessage() for r in caplog.records)

    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())  # the delay has passed
    run_worker()
    retry.refresh_from_db()
    assert retry.status == "SUCCESSFUL"
    assert [m.to for m in mail.outbox] == [["mod@example.org"]]
    assert DBTaskResult.objects.count() == 2  # nothing more queued


def test_production_settings_run_tasks_through_the_database_worker():
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="portal.settings.production", SECRET_KEY="z" * 64,
               ALLOWED_HOSTS="portal.example.org", DATABASE_URL="sqlite:///:memory:")
    code = ("from django.conf import settings as s; from django_tasks import task_backends as t; "
            "print(s.TASKS['default']['BACKEND'], 'django_tasks_db' in s.INSTALLED_APPS, "
            "type(t['default']).__name__, t['default'].supports_defer)")
    result = subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    assert result.stdout.split()[-4:] == ["django_tasks_db.DatabaseBackend", "True", "DatabaseBackend",
                                          "True"], result.stderr


def test_development_and_tests_run_tasks_immediately(settings):
    from django_tasks import task_backends

    assert settings.TASKS["default"]["BACKEND"] == "django_tasks.backends.immediate.ImmediateBackend"
    assert not task_backends["default"].supports_defer
