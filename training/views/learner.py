"""My training, certificate downloads and the public verification page."""

import datetime
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.db.models import Sum
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from wagtail.models import Site

from portal.site_address import absolute_url

from .. import certificates
from ..forms import VerifyForm
from ..learning import course_structure, learner_progress, next_url
from ..models import Certificate, Enrolment
from ..pdf import certificate_pdf


def cpd_hours_last_year(user, now=None) -> Decimal:
    since = (now or timezone.now()) - datetime.timedelta(days=365)
    total = Certificate.objects.filter(user=user, revoked_at__isnull=True, issued_at__gte=since).aggregate(
        hours=Sum("cpd_hours")
    )["hours"]
    return total or Decimal("0")


@login_required
@never_cache
def dashboard(request):
    user = request.user
    in_progress, completed = [], []
    enrolments = Enrolment.objects.filter(user=user).select_related("course").order_by("-enrolled_at")
    for enrolment in enrolments:
        course = enrolment.course
        if enrolment.completed_at:
            completed.append(enrolment)
            continue
        if not course.live:
            continue
        structure = course_structure(course)
        enrolment.progress = learner_progress(user, course, structure)
        enrolment.resume_url = next_url(structure, enrolment.progress) or course.url
        in_progress.append(enrolment)
    context = {
        "in_progress": in_progress,
        "completed": completed,
        "certificates": Certificate.objects.filter(user=user).order_by("-issued_at"),
        "cpd_hours": cpd_hours_last_year(user),
    }
    return TemplateResponse(request, "training/dashboard.html", context)


def verify_url(request, number: str) -> str:
    return absolute_url(reverse("training_verify_number", args=[number]), Site.find_for_request(request))


@login_required
@never_cache
def certificate_pdf_view(request, number):
    certificate = Certificate.objects.filter(number=number, user=request.user).first()
    if certificate is None:  # another learner's number behaves like a wrong one
        raise Http404("No such certificate.")
    response = HttpResponse(certificate_pdf(certificate, verify_url(request, certificate.number)),
                            content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.number}.pdf"'
    return response


def verify(request, number=None):
    """Anyone may check a number. A wrong number says only that no certificate matched."""
    if number is None and "number" in request.GET:
        form = VerifyForm(request.GET)
        if form.is_valid():
            canonical = certificates.normalise(form.cleaned_data["number"])
            if canonical:
                return redirect("training_verify_number", number=canonical)
            form.add_error("number", "That is not a certificate number. Numbers look like DP-7K2M-9QXA-4F8B-T3WZ.")
        return TemplateResponse(request, "training/verify.html", {"form": form}, status=400)
    context = {"form": VerifyForm(initial={"number": number} if number else None)}
    if number is not None:
        certificate = certificates.find(number)
        context.update(checked=True, certificate=certificate, number=number)
        if certificate is None:
            return TemplateResponse(request, "training/verify.html", context, status=404)
    response = TemplateResponse(request, "training/verify.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response
