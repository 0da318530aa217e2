"""What the coalition holds about a person, for their data export."""

from .models import RSVP, ActionItem, ActionStatusChange, CalendarToken, MembershipApplication, OrganisationContact


def export_user(user) -> dict:
    return {
        "organisations": [
            {"organisation": c.organisation.name, "lead_contact": c.is_lead, "since": c.added_at.isoformat()}
            for c in OrganisationContact.objects.filter(user=user).select_related("organisation")
        ],
        "applications": [
            {"organisation": a.organisation_name, "contact_name": a.contact_name, "contact_email": a.contact_email,
             "contact_role": a.contact_role, "statement": a.statement, "status": a.get_status_display(),
             "submitted_at": a.submitted_at.isoformat()}
            for a in MembershipApplication.objects.filter(contact_email__iexact=user.email)
        ] if user.email else [],
        "rsvps": [
            {"meeting": r.meeting.title, "response": r.get_response_display(), "updated_at": r.updated_at.isoformat()}
            for r in RSVP.objects.filter(user=user).select_related("meeting")
        ],
        "actions_owned": [
            {"description": a.description, "status": a.get_status_display(),
             "due_date": a.due_date.isoformat() if a.due_date else None}
            for a in ActionItem.objects.filter(owner_user=user)
        ],
        "action_status_changes": [
            {"action": c.action.description, "from": c.get_from_status_display(), "to": c.get_to_status_display(),
             "at": c.changed_at.isoformat()}
            for c in ActionStatusChange.objects.filter(changed_by=user).select_related("action")
        ],
        "calendar_feed": CalendarToken.objects.filter(user=user).exists(),
    }
