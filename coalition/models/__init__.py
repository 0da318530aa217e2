from .applications import ApplicationDecision, MembershipApplication
from .asks import Ask, Endorsement, Milestone
from .meetings import RSVP, ActionItem, ActionStatusChange, CalendarToken, MeetingNotice
from .organisations import Invitation, MemberOrganisation, OrganisationContact, OrganisationType, Region
from .pages import (
    AgendaItem,
    CallToActionPage,
    CoalitionIndexPage,
    MeetingDecision,
    MeetingPage,
    MemberAreaPage,
    MemberDirectoryPage,
)

__all__ = [
    "ActionItem", "ActionStatusChange", "AgendaItem", "ApplicationDecision", "Ask", "CalendarToken",
    "CallToActionPage", "CoalitionIndexPage", "Endorsement", "Invitation", "MeetingDecision", "MeetingNotice",
    "MeetingPage", "MemberAreaPage", "MemberDirectoryPage", "MemberOrganisation", "MembershipApplication",
    "Milestone", "OrganisationContact", "OrganisationType", "RSVP", "Region",
]
