import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core import context as allauth_context
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.sites.shortcuts import get_current_site
from django.urls import reverse

from portal.accounts.next_url import with_next
from portal.client_address import client_address
from portal.tasks import queue_email

from . import roles
from .names import display_name

ERROR_MESSAGES = {
    "account_inactive": "This account has been switched off. Contact us if you think this is wrong.",
    "cannot_remove_primary_email": "You cannot remove the address we send your emails to. Choose "
                                   "another address for emails first.",
    "duplicate_email": "This email address is already on your account.",
    "email_password_mismatch": "The email address or password is not correct. Check them and try again.",
    "email_taken": "Enter a different email address.",
    "enter_current_password": "Enter your current password.",
    "incorrect_code": "The code is not correct. Enter the code your authenticator app shows now.",
    "incorrect_password": "The password is not correct. Check it and try again.",
    "invalid_or_expired_key": "This link has expired or has already been used.",
    "invalid_login": "Enter your email address and password.",
    "invalid_password_reset": "This password reset link has expired or has already been used.",
    "max_email_addresses": "You cannot add more than %d email addresses.",
    "too_many_login_attempts": "Too many failed attempts to sign in. Wait a few minutes, then try again.",
    "unknown_email": "Enter the email address you used to create your account.",
    "unverified_primary_email": "Confirm your email address first: follow the link in the email we sent you.",
    "select_only_one": "Choose one email address.",
    "same_as_current": "The new address must be different from the current one.",
    "rate_limited": "You have tried this too many times. Wait a few minutes, then try again.",
}


class AccountAdapter(DefaultAccountAdapter):
    """Every new account is a learner; other roles are granted by staff."""

    error_messages = {**DefaultAccountAdapter.error_messages, **ERROR_MESSAGES}

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            group, _ = Group.objects.get_or_create(name=roles.LEARNERS)
            user.groups.add(group)
        return user

    def format_email_subject(self, subject):
        return f"{subject} – {settings.WAGTAIL_SITE_NAME}"

    def get_client_ip(self, request):
        """The address allauth's rate limits count: the client's, also behind a trusted proxy."""
        return client_address(request)

    def send_mail(self, template_prefix, email, context):
        """Account emails (confirmation, password reset, notices) are rendered from the portal's
        templates, with a plain text and an HTML part, and queued as background emails, so a mail
        server failure never fails the sign-up or reset."""
        request = allauth_context.request
        ctx = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            "site_name": settings.WAGTAIL_SITE_NAME,
            "site_url": request.build_absolute_uri("/") if request else settings.WAGTAILADMIN_BASE_URL + "/",
        }
        if request is not None:
            ctx["reset_url"] = request.build_absolute_uri(reverse("account_reset_password"))
        ctx.update(context)
        if ctx.get("user") is not None:
            ctx["name"] = display_name(ctx["user"])
        message = self.render_mail(template_prefix, email, ctx)
        html = next((body for body, kind in getattr(message, "alternatives", []) if kind == "text/html"), "")
        if message.attachments or message.extra_headers:
            message.send()  # the background email task carries text and HTML bodies only
            return
        queue_email(message.subject, message.body, message.to, message.from_email, html_body=html)

    def get_email_confirmation_url(self, request, emailconfirmation):
        """The confirmation link carries the page the person started from (`next`), so confirming
        in another browser still leads back to it (after signing in)."""

        url = super().get_email_confirmation_url(request, emailconfirmation)
        return with_next(url, request)

    def is_reauthentication_required(self, *, app, **kwargs):
        """A person who signed in (or confirmed their password or a code) moments ago is not asked
        for their password again. Someone enrolling their first authenticator gets a longer
        window (`MFA_ENROLMENT_WINDOW_SECONDS`): installing an app takes a few minutes, and until
        it is set up the password is all the account has."""
        if not super().is_reauthentication_required(app=app, **kwargs):
            return False
        request = allauth_context.request
        user = getattr(request, "user", None)
        if request is None or not getattr(user, "is_authenticated", False):
            return True
        records = get_authentication_records(request, user)
        if not records:
            return True
        window = account_settings.REAUTHENTICATION_TIMEOUT
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            window = max(window, settings.MFA_ENROLMENT_WINDOW_SECONDS)
        latest = max(record.get("at", 0) for record in records)
        return time.time() - latest >= window
