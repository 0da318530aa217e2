"""Open data: the asks, their milestones and the endorsing organisations as CSV and JSON."""

import csv

from django.http import HttpResponse, JsonResponse
from django.utils import timezone

from portal.spreadsheet import safe_row

from ..models import Endorsement, MemberOrganisation
from ..models.asks import all_asks_flat, ask_tree, summary_for

LICENCE = "Open Government Licence v3.0"


def _csv_response(filename: str, header: list[str], rows) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows:
        writer.writerow(safe_row(row))
    return response


def _public_endorsements():
    return (Endorsement.objects.filter(withdrawn_at__isnull=True, organisation__status=MemberOrganisation.Status.MEMBER)
            .select_related("organisation", "ask").order_by("ask__sort_order", "ask_id", "organisation__name"))


def asks_csv(request):
    asks = list(all_asks_flat(ask_tree()))
    return _csv_response("call-to-action-asks.csv",
                         ["id", "parent_id", "title", "owner", "status", "progress_percent", "endorsements",
                          "description"],
                         ([a.pk, a.parent_id or "", a.title, a.owner, a.status_label, a.progress,
                           a.endorsement_count, a.description] for a in asks))


def milestones_csv(request):
    asks = list(all_asks_flat(ask_tree()))
    rows = ([a.pk, a.title, m.date.isoformat(), m.description, m.status_change_label, m.evidence_url]
            for a in asks for m in a.timeline)
    return _csv_response("call-to-action-milestones.csv",
                         ["ask_id", "ask", "date", "what_happened", "status_change", "evidence_url"], rows)


def endorsements_csv(request):
    rows = ([e.ask_id, e.ask.title, e.organisation.name, e.organisation.get_org_type_display(),
             e.organisation.website, e.endorsed_at.date().isoformat()] for e in _public_endorsements())
    return _csv_response("call-to-action-endorsements.csv",
                         ["ask_id", "ask", "organisation", "organisation_type", "website", "endorsed_on"], rows)


def call_to_action_json(request):
    top = ask_tree()
    endorsers: dict[int, list] = {}
    for e in _public_endorsements():
        endorsers.setdefault(e.ask_id, []).append(
            {"organisation": e.organisation.name, "website": e.organisation.website,
             "endorsed_on": e.endorsed_at.date().isoformat()})

    def ask_json(a):
        return {
            "id": a.pk,
            "title": a.title,
            "description": a.description,
            "owner": a.owner,
            "status": a.status,
            "status_label": a.status_label,
            "progress_percent": a.progress,
            "endorsement_count": a.endorsement_count,
            "endorsed_by": endorsers.get(a.pk, []),
            "milestones": [{"date": m.date.isoformat(), "what_happened": m.description,
                            "status_change": m.status_change or None, "evidence_url": m.evidence_url or None}
                           for m in a.timeline],
            "sub_asks": [ask_json(c) for c in a.children],
        }

    summary = summary_for(top)
    data = {
        "generated_at": timezone.now().isoformat(),
        "licence": LICENCE,
        "signatories": MemberOrganisation.objects.filter(status=MemberOrganisation.Status.MEMBER).count(),
        "summary": {"asks": summary.total, "achieved": summary.achieved, "under_way": summary.under_way,
                    "overall_progress_percent": round(summary.overall)},
        "asks": [ask_json(a) for a in top],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = 'inline; filename="call-to-action.json"'
    return response
