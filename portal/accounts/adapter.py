from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.auth.models import Group
from django.contrib.sites.shortcuts import get_current_site

from portal.client_address import client_address
from portal.tasks import queue_email

from . import roles


class AccountAdapter(DefaultAccountAdapter):
    """Every new account is a learner; other roles are granted by staff."""

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            group, _ = Group.objects.get_or_create(name=roles.LEARNERS)
            user.groups.add(group)
        return user

    def get_client_ip(self, request):
        """The address allauth's rate limits count: the client's, also behind a trusted proxy."""
        return client_address(request)

    def send_mail(self, template_prefix, email, context):
        """Account emails (confirmation, password reset, notices) are rendered as allauth does and
        queued as background emails, so a mail server failure never fails the sign-up or reset."""
        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
        ctx.update(context)
        message = self.render_mail(template_prefix, email, ctx)
        if message.content_subtype != "plain" or getattr(message, "alternatives", None) \
                or message.attachments or message.extra_headers:
            message.send()  # only plain text fits the background email task
            return
        queue_email(message.subject, message.body, message.to, message.from_email)
