"""What the directory holds about a person, for their data export."""
from search.models import ChangeProposal, ProblemReport


def export_directory_records(user) -> dict:

    return {
        "organisations": list(user.directory_organisations.values_list("name", flat=True)),
        "problem_reports": [
            {"service": r.service.name, "kind": r.get_kind_display(), "details": r.details,
             "created_at": r.created_at.isoformat()}
            for r in ProblemReport.objects.filter(user=user).select_related("service")
        ],
        "proposed_changes": [
            {"service": p.service.name, "changes": p.changes, "status": p.get_status_display(),
             "created_at": p.created_at.isoformat()}
            for p in ChangeProposal.objects.filter(proposed_by=user).select_related("service")
        ],
    }
