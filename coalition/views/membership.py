"""Public membership views: the application form, updating it on request, invitations."""

from allauth.account.models import EmailAddress
from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from portal.submissions import Limit, admit, count_bot

from .. import membership, notifications
from ..forms import ApplicationForm
from ..models import Invitation, MembershipApplication
from ..models.pages import CallToActionPage, MemberAreaPage

# Acknowledgements go to the address the applicant typed: a few an hour from one connection, and a
# cap a day in all (a limited application is saved; only its acknowledgement is not sent).
JOIN_LIMIT = Limit("coalition-join", per_address=5, window=3600, per_target_per_day=30)


def _cta_page():
    return CallToActionPage.objects.live().public().first()


@require_http_methods(["GET", "POST"])
def join(request):
    form = ApplicationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_bot:
            count_bot(request, JOIN_LIMIT)
            return redirect("coalition:join_thanks")
        if form.is_valid():
            acknowledge = admit(request, JOIN_LIMIT)
            with transaction.atomic():
                application = form.save()
                if acknowledge:
                    transaction.on_commit(lambda: notifications.application_received(application))
            return redirect(reverse("coalition:join_thanks") + ("" if acknowledge else "?email=later"))
        status = 400
    return render(request, "coalition/join.html", {"form": form, "call_to_action": _cta_page()}, status=status)


def join_thanks(request):
    return render(request, "coalition/join_thanks.html", {"email_later": request.GET.get("email") == "later"})


@require_http_methods(["GET", "POST"])
def application_update(request, token):
    application = get_object_or_404(MembershipApplication, token=token)
    question = application.decisions.filter(kind="more_info").order_by("-decided_at").first()
    if application.status != MembershipApplication.Status.MORE_INFO:
        return render(request, "coalition/application_closed.html", {"application": application}, status=410)
    form = ApplicationForm(request.POST or None, instance=application,
                           initial={"confirm": False})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            with transaction.atomic():
                form.save()
                membership.record_resubmission(application)
            return redirect("coalition:join_thanks")
        status = 400
    return render(request, "coalition/join.html", {"form": form, "update": True, "question": question,
                                                    "call_to_action": _cta_page()}, status=status)


@require_http_methods(["GET", "POST"])
def invitation(request, token):
    invite = get_object_or_404(Invitation.objects.select_related("organisation"), token=token)
    user = request.user
    email_matches = user.is_authenticated and EmailAddress.objects.filter(
        user=user, email__iexact=invite.email, verified=True).exists()
    if request.method == "POST":
        if not user.is_authenticated:
            return redirect(f"/accounts/login/?next={request.path}")
        if not email_matches:
            messages.error(request, "This invitation was sent to a different email address. Sign in with that "
                                    "address, or ask the coalition team for a new invitation.")
            return redirect(request.path)
        membership.accept_invitation(invite, user)
        messages.success(request, f"Welcome to the coalition. You are now a contact for {invite.organisation.name}.")
        area = MemberAreaPage.objects.live().first()
        return redirect(area.url if area else "/")
    return render(request, "coalition/invitation.html", {
        "invitation": invite, "email_matches": email_matches,
        "member_area": MemberAreaPage.objects.live().first(),
    })
