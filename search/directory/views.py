"""The public directory: search page, service detail page, and "Report a problem"."""

from __future__ import annotations

import logging

from django.db import transaction
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_http_methods

from portal.cache import cacheable_for_visitors
from portal.emails import send_notice
from portal.site_address import absolute_url
from portal.submissions import Limit, admit, count_bot
from search.directory import DISTANCES, find_services
from search.directory.facets import REGISTRY
from search.directory.forms import (
    ProblemReportForm,
    params_from_query,
    query_from_params,
    search_params_for_listing,
    search_query_from_back,
)
from search.directory.gaps import gap_of, looks_like_a_crawler, record_gap
from search.directory.moderation import can_propose, moderator_emails
from search.directory.opening_hours import opening_hours
from search.models import Schedule, Service

logger = logging.getLogger(__name__)

@cacheable_for_visitors  # purged when listings change (search/signals.py)
def directory_search(request):
    query = query_from_params(request.GET)
    searched = bool(request.GET)
    results = find_services(query)
    facets = [{"param": f.param, "legend": f.legend, "values": results.facets.get(f.name, [])}
              for f in REGISTRY.facets]
    flags = [{"param": f.param, "value": results.facets[f.name][0]} for f in REGISTRY.flags]
    base = params_from_query(query, page=None)
    context = {
        "query": query,
        "results": results,
        "searched": searched,
        "facets": facets,
        "flags": flags,
        "distances": DISTANCES,
        "back_query": search_params_for_listing(query) if searched else "",
        "place_errors": [("id_location", results.place_error)] if results.place_error else [],
        "selected_filters": query.selected_count(),
        "prev_url": "?" + params_from_query(query, page=results.page - 1).urlencode()
        if results.has_previous else "",
        "next_url": "?" + params_from_query(query, page=results.page + 1).urlencode()
        if results.has_next else "",
        "share_url": request.build_absolute_uri("?" + base.urlencode()) if base else "",
        "clear_url": "?" + params_from_query(
            query.__class__(location=query.location, keywords=query.keywords, distance=query.distance)
        ).urlencode(),
    }
    # A search by place cannot be answered without the place file: say so, and tell monitors too.
    response = render(request, "search/directory/search.html", context,
                      status=503 if results.place_unavailable else 200)
    if looks_like_a_crawler(request):
        # Not counted, and not kept in the page cache: a person's same search must still be counted.
        patch_cache_control(response, private=True)
    elif request.method == "GET" and (gap := gap_of(results)):
        record_gap(gap)  # where the directory has nothing, for editors; see search/directory/gaps.py
    return response


def _service_or_404(slug):
    return get_object_or_404(
        Service.objects.listed().select_related("organization").prefetch_related(
            "phones", "contacts", "schedules", "service_areas", "service_at_locations__location__accessibility"),
        slug=slug)


def _detail_context(request, service, form):

    return {
        "can_propose": can_propose(request.user, service),
        "service": service,
        "form": form,
        "hours": opening_hours(service.schedules.all()),
        "locations": [sal.location for sal in service.service_at_locations.all()],
        "areas": [area.name for area in service.service_areas.all()],
        "days": Schedule.DAYS,
    }


def service_detail(request, slug):
    """The listing. It carries no form, so it sets no cookie (the report form has its own page)."""
    service = _service_or_404(slug)
    context = _detail_context(request, service, None)
    back = search_query_from_back(request.GET.get("back"))
    context["back_url"] = reverse("directory:search") + ("?" + back if back else "")
    context["came_from_search"] = bool(back)
    return render(request, "search/directory/service.html", context)


# Moderators hear of a few reports an hour from one address and of 10 a day about one listing; the
# rest are saved for the moderation queue without an email.
REPORT_LIMIT = Limit("directory-report", per_address=5, window=3600, per_target_per_day=10)


@require_http_methods(["GET", "POST"])
def report_problem(request, slug):
    service = _service_or_404(slug)
    if request.method == "GET":
        return render(request, "search/directory/report.html", {"service": service, "form": ProblemReportForm()})
    form = ProblemReportForm(request.POST)
    if form.is_bot:
        count_bot(request, REPORT_LIMIT)
        return render(request, "search/directory/report_thanks.html", {"service": service})
    if not form.is_valid():
        return render(request, "search/directory/report.html", {"service": service, "form": form}, status=400)
    notify = admit(request, REPORT_LIMIT, target=service.pk)
    report = form.save(commit=False)
    report.service = service
    if request.user.is_authenticated:
        report.user = request.user
    report.save()
    if notify:
        transaction.on_commit(lambda: notify_moderators(report))
    return render(request, "search/directory/report_thanks.html", {"service": service, "not_emailed": not notify})


def notify_moderators(report) -> None:
    """Email every moderator about a new problem report (never fails the visitor's request)."""
    recipients = moderator_emails()
    if not recipients:
        logger.warning("no moderators to tell about problem report %s", report.pk)
        return
    admin_url = absolute_url(reverse("wagtailsnippets_search_problemreport:edit", args=[report.pk]))
    send_notice(
        subject=f"Directory listing problem: {report.service.name}",
        body=(f"Someone reported a problem with \"{report.service.name}\".\n\n"
              f"Problem: {report.get_kind_display()}\n\n{report.details}\n\n"
              f"Review it in the admin: {admin_url}\n"),
        to=recipients)


__all__ = ["directory_search", "service_detail", "report_problem"]
