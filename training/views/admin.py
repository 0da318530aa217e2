"""Wagtail admin views: training reports (with CSV export) and certificate revocation."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone

from .. import certificates
from ..forms import ReportFilterForm, RevokeForm
from ..models import Certificate
from ..reports import build_report, report_csv


def _require(request, codename):
    if not request.user.has_perm(f"training.{codename}"):
        raise PermissionDenied


def reports_view(request):
    _require(request, "view_training_reports")
    form = ReportFilterForm(request.GET or None)
    date_from = date_to = None
    if form.is_bound and form.is_valid():
        date_from, date_to = form.cleaned_data["date_from"], form.cleaned_data["date_to"]
    elif form.is_bound:
        return TemplateResponse(request, "training/admin/reports.html", {"form": form, "report": None}, status=400)
    report = build_report(date_from, date_to)
    if request.GET.get("format") == "csv":
        response = HttpResponse(report_csv(report), content_type="text/csv; charset=utf-8")
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="training-report-{stamp}.csv"'
        return response
    query = request.GET.copy()
    query["format"] = "csv"
    return TemplateResponse(
        request, "training/admin/reports.html", {"form": form, "report": report, "csv_query": query.urlencode()}
    )


def certificates_view(request):
    _require(request, "view_training_reports")
    q = (request.GET.get("q") or "").strip()[:100]
    found = Certificate.objects.select_related("user").order_by("-issued_at")
    if q:
        canonical = certificates.normalise(q)
        found = found.filter(
            Q(number=canonical or q) | Q(learner_name__icontains=q) | Q(course_title__icontains=q)
            | Q(user__email__icontains=q)
        )
    return TemplateResponse(request, "training/admin/certificates.html", {
        "certificates": found[:100], "q": q, "can_revoke": request.user.has_perm("training.revoke_certificate"),
    })


def revoke_view(request, pk):
    _require(request, "revoke_certificate")
    certificate = get_object_or_404(Certificate, pk=pk)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if certificates.revoke(certificate, request.user, form.cleaned_data["reason"]):
            messages.success(request, f"Certificate {certificate.number} is revoked.")
        else:
            messages.warning(request, f"Certificate {certificate.number} was already revoked.")
        return redirect("training_admin_certificates")
    return TemplateResponse(request, "training/admin/revoke.html", {"certificate": certificate, "form": form},
                            status=400 if form.is_bound else 200)
