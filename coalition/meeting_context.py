"""What a meeting page shows: its agenda, replies and actions, read in four queries.

The rows are plain dictionaries with their display text ready-made. A meeting page lists up to a
hundred rows, and for each cell the template language would otherwise try a dictionary lookup, an
attribute, a method call and a filter; a dictionary key is the one lookup it does first.
"""

from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils import timezone

from . import agenda
from .formatting import format_date
from .models.meetings import RSVP, ActionItem, owner_text, person_label

ACTION_STATUS_LABELS = dict(ActionItem.Status.choices)
RSVP_RESPONSE_LABELS = dict(RSVP.Response.choices)


def agenda_rows(meeting) -> list[dict]:
    items = meeting.agenda_items.order_by("sort_order", "pk")
    if isinstance(items, QuerySet):  # previews hold their unsaved items in memory instead
        items = items.select_related("paper").annotate(lead_organisation_name=F("lead_organisation__name"))
    rows = []
    for entry in agenda.running_agenda(items, timezone.localtime(meeting.start)):
        item, starts = entry.item, timezone.localtime(entry.starts)
        rows.append({
            "number": entry.number, "is_sub_item": entry.is_sub_item, "duration": entry.duration,
            # what the `date` filter prints for "c" and "H:i" (dateformat's own definitions)
            "starts_iso": starts.isoformat(), "starts_label": f"{starts.hour:02d}:{starts.minute:02d}",
            "title": item.title, "notes": item.notes, "lead": item.lead_name,
            "paper": item.paper if item.paper_id else None,
        })
    return rows


def action_rows(meeting, today) -> list[dict]:
    url_pattern = reverse("coalition:action_detail", args=[0])  # reversed once, not once per action
    actions = ActionItem.objects.filter(meeting=meeting).order_by("due_date", "pk").values(
        "pk", "description", "due_date", "status", "owner_user_id", "owner_organisation_id",
        person_name=F("owner_user__profile__display_name"), person_email=F("owner_user__email"),
        organisation_name=F("owner_organisation__name"),
    )
    return [{
        "description": a["description"],
        "detail_url": url_pattern.replace("/0/", f"/{a['pk']}/"),
        "owner": owner_text(person_label(a["person_name"], a["person_email"]) if a["owner_user_id"] else None,
                            a["organisation_name"] if a["owner_organisation_id"] else None),
        "due": format_date(a["due_date"], "j M Y") if a["due_date"] else "No date",
        "status": ACTION_STATUS_LABELS.get(a["status"], a["status"]),
        "overdue": ActionItem.overdue_on(a["status"], a["due_date"], today),
    } for a in actions]


def reply_rows(meeting) -> list[dict]:
    replies = RSVP.objects.filter(meeting=meeting).order_by("organisation__name", "user__email").values(
        "user_id", "response", "organisation_id", person_name=F("user__profile__display_name"),
        person_email=F("user__email"), organisation_name=F("organisation__name"),
    )
    return [{**r, "person": person_label(r["person_name"], r["person_email"]),
             "response_label": RSVP_RESPONSE_LABELS.get(r["response"], r["response"])} for r in replies]


def meeting_context(meeting, user) -> dict:
    replies = reply_rows(meeting)
    return {
        "agenda": agenda_rows(meeting),
        "decisions": list(meeting.decisions.all()),
        "actions": action_rows(meeting, timezone.localdate()),
        "attending": [r for r in replies if r["response"] == RSVP.Response.ATTENDING],
        "apologies": [r for r in replies if r["response"] == RSVP.Response.APOLOGIES],
        "my_rsvp": next((r for r in replies if r["user_id"] == user.pk), None),
    }
