"""Moderation of membership applications in the Wagtail admin (moderators only)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse

from .. import membership
from ..forms import DecisionForm
from ..models import MembershipApplication
from ..permissions import is_moderator


def _require_moderator(request):
    if not is_moderator(request.user):
        raise PermissionDenied


def application_list(request):
    _require_moderator(request)
    status = request.GET.get("status", "open")
    qs = MembershipApplication.objects.select_related("organisation").order_by("-submitted_at")
    if status == "open":
        qs = qs.filter(status__in=[MembershipApplication.Status.PENDING, MembershipApplication.Status.MORE_INFO])
    elif status in MembershipApplication.Status.values:
        qs = qs.filter(status=status)
    else:
        status = "all"
    page_obj = Paginator(qs, 50).get_page(request.GET.get("p"))
    by_status = dict(MembershipApplication.objects.values_list("status").annotate(n=Count("pk")))
    counts = {value: by_status.get(value, 0) for value in MembershipApplication.Status.values}
    counts["open"] = counts[MembershipApplication.Status.PENDING] + counts[MembershipApplication.Status.MORE_INFO]
    counts["all"] = sum(by_status.values())
    statuses = [(value, label, counts[value]) for value, label in
                [("open", "Open"), *MembershipApplication.Status.choices, ("all", "All")]]
    return TemplateResponse(request, "coalition/admin/application_list.html", {
        "page_title": "Membership applications", "header_icon": "group", "page_obj": page_obj,
        "elided_page_range": page_obj.paginator.get_elided_page_range(page_obj.number),
        "status": status, "statuses": statuses,
        "status_label": next(label for value, label, _n in statuses if value == status),
        "status_count": counts[status],
    })


def application_review(request, pk):
    _require_moderator(request)
    application = get_object_or_404(MembershipApplication.objects.prefetch_related("regions", "asks"), pk=pk)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decision, note = form.cleaned_data["decision"], form.cleaned_data["note"]
        try:
            if decision == "approve":
                membership.approve(application, request.user, note)
                messages.success(request, f"Approved. {application.contact_email} has been invited to sign up.")
            elif decision == "reject":
                membership.reject(application, request.user, note)
                messages.success(request, "Rejected. The applicant has been emailed the reason.")
            else:
                membership.request_more_information(application, request.user, note)
                messages.success(request, "The applicant has been asked for more information.")
        except membership.DecisionError as exc:
            messages.error(request, str(exc))
        return redirect("coalition_admin_application", pk=pk)
    return TemplateResponse(request, "coalition/admin/application_review.html", {
        "page_title": f"Application: {application.organisation_name}", "header_icon": "group",
        "application": application, "form": form,
        "decisions": application.decisions.select_related("decided_by"),
    })
