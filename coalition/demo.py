"""Demo content for the coalition, from the published facts (see /work/shared/seed-facts.md).

The asks and their milestones are real. The member organisations, people, meetings, minutes and
actions are invented and marked as demonstration data; their addresses use example.org.
"""

import datetime
import io
import textwrap

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.text import slugify
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from portal.accounts import roles
from portal.accounts.models import profile_for
from portal.demo.helpers import add_child, callout, para

from .models import (
    ActionItem,
    AgendaItem,
    Ask,
    CallToActionPage,
    CoalitionIndexPage,
    MeetingDecision,
    MeetingNotice,
    MeetingPage,
    MemberAreaPage,
    MemberDirectoryPage,
    MemberOrganisation,
    Milestone,
    OrganisationContact,
    Region,
)
from .models.asks import endorse
from .permissions import MEMBER_AREA_GROUPS
from .scheduling import london_datetime, nth_weekday

DEMO_MEMBER_EMAIL = "member.demo@example.org"
DEMO_MEMBER_PASSWORD = "coalition-demo-member"
PAPERS_COLLECTION = "Coalition papers (members only)"
DOMESTIC_ABUSE_ACT = "https://www.legislation.gov.uk/ukpga/2021/17/contents"
MEETING_WEEKDAY, MEETING_WEEK = 1, 1  # the first Tuesday of each month, 10:00 UK time
MEETING_TIME = datetime.time(10)
# Papers for agenda items (by agenda position), in the members-only collection.
PAPERS = {
    1: ("Progress on the asks: paper for members (demonstration)",
        "How far each ask of the Call to Action has got since the last meeting, and what members are asked "
        "to do next. Demonstration paper: invented for the demo site."),
    4: ("Perpetrator housing: options paper (demonstration)",
        "Options for the coalition's work on housing for perpetrators, for discussion. Demonstration paper: "
        "invented for the demo site."),
}

ASKS = [
    {
        "title": "Make perpetrator policy a central part of the Domestic Abuse Bill",
        "owner": "Home Office and Parliament",
        "status": "achieved",
        "description": "The Bill should set out how perpetrators at every level of risk will be held to account "
        "and helped to stop, not only how victim-survivors are protected.",
        "milestones": [
            (datetime.date(2021, 4, 29), "The Domestic Abuse Act 2021 receives Royal Assent, with perpetrator policy "
             "one of its central planks after the coalition's Call to Action.", DOMESTIC_ABUSE_ACT, "achieved"),
        ],
    },
    {
        "title": "Dedicated national funding for perpetrator interventions",
        "owner": "Home Office",
        "status": "partly_achieved",
        "description": "Ring-fenced funding so that far more than the current fewer than 1% of perpetrators "
        "receive a specialist intervention.",
        "sub_asks": [
            {
                "title": "Perpetrator funding for 2020-21, with money for research",
                "owner": "Home Office",
                "status": "achieved",
                "weight": 1,
                "milestones": [
                    (datetime.date(2020, 4, 1), "Funding year 2020-21: the Home Office commits £10m for perpetrator "
                     "interventions plus £3m for research, the first pot ever created specifically for "
                     "perpetrators.", "", "achieved"),
                    (datetime.date(2020, 11, 1), "The Home Office perpetrator fund starts paying for Drive in "
                     "Herefordshire (November 2020 to 31 March 2021).", "", ""),
                ],
            },
            {
                "title": "Larger perpetrator funding for 2021-22",
                "owner": "Home Office",
                "status": "achieved",
                "weight": 2,
                "milestones": [
                    (datetime.date(2021, 4, 1), "Funding year 2021-22: the Home Office commits £25m for perpetrator "
                     "interventions.", "", "achieved"),
                ],
            },
            {
                "title": "Long-term funding settled in the spending review",
                "owner": "HM Treasury and Home Office",
                "status": "in_progress",
                "weight": 2,
                "milestones": [
                    (datetime.date(2021, 7, 21), "Responding to the VAWG Strategy, Drive asks for perpetrator "
                     "funding in the spending review.", "", "in_progress"),
                ],
            },
        ],
    },
    {
        "title": "Multi-agency perpetrator panels across the country",
        "owner": "Police and crime commissioners and local commissioners",
        "status": "in_progress",
        "progress_override": 50,
        "description": "Every area should have a panel (such as MATAC or DAPP) where police, probation, children's "
        "services and specialist services coordinate the disruption of high-harm perpetrators.",
        "milestones": [
            (datetime.date(2019, 9, 30), "West Mercia: 24 DAPP meetings between October 2018 and September 2019 "
             "discussed 248 high-harm perpetrators; 125 were referred to Drive.", "", "in_progress"),
            (datetime.date(2020, 11, 1), "Herefordshire's perpetrator panel sits within the fortnightly Marac.",
             "", ""),
        ],
    },
    {
        "title": "A cross-sector perpetrator strategy",
        "owner": "Home Office, with MoJ, DHSC and local commissioners",
        "status": "in_progress",
        "description": "A strategy, in the Domestic Abuse strategy, that joins up criminal justice, health, housing "
        "and children's services, because most abuse is never reported to the police; victim-survivors' views "
        "should guide it.",
        "milestones": [
            (datetime.date(2021, 7, 21), "The Government publishes its Violence Against Women and Girls Strategy; "
             "Drive's response urges a cross-sector perpetrator strategy in the forthcoming Domestic Abuse "
             "strategy.", "", "in_progress"),
        ],
    },
]

# Invented organisations: clearly marked, example.org addresses.
ORGANISATIONS = [
    ("Northshire Domestic Abuse Service (demo)", "specialist_da", ["north-east"]),
    ("Eastvale Perpetrator Programme (demo)", "perpetrator_programme", ["east-of-england"]),
    ("Westmoor Police (demo)", "police", ["west-midlands"]),
    ("Southdown Police and Crime Commissioner (demo)", "pcc", ["south-east"]),
    ("Riverside Borough Council (demo)", "local_authority", ["london"]),
    ("Coastal Health Partnership (demo)", "health", ["south-west"]),
    ("Hillside Housing Association (demo)", "housing", ["yorkshire-humber", "north-west"]),
    ("Safer Futures National Charity (demo)", "national_charity", ["uk-wide"]),
    ("Institute for Abuse Prevention Research (demo)", "research", ["wales", "scotland"]),
    ("Valleys Change Project (demo)", "perpetrator_programme", ["wales"]),
    ("Midshire Children's Services (demo)", "local_authority", ["east-midlands"]),
    ("Lakeside Community Trust (demo)", "other", ["north-west"]),
]

AGENDA = [
    ("Welcome, introductions and apologies", False, 5, None),
    ("Call to Action: progress on the asks", False, 5, 7),
    ("Perpetrator funding after 2021-22", True, 15, 1),
    ("Multi-agency perpetrator panels: what is working", True, 15, 2),
    ("Workforce development: perpetrator training for GPs and children's social care", False, 15, 5),
    ("The four priority systemic gaps", False, 5, 8),
    ("Child victim-survivors", True, 10, 10),
    ("Racialised communities", True, 10, 0),
    ("LGBT communities", True, 10, 6),
    ("Perpetrator housing", True, 10, 6),
    ("Any other business and date of next meeting", False, 5, None),
]


def _slug(name: str) -> str:

    return slugify(name)


def _organisations() -> list[MemberOrganisation]:
    orgs = []
    regions = {r.code: r for r in Region.objects.all()}
    for i, (name, org_type, region_codes) in enumerate(ORGANISATIONS):
        org = MemberOrganisation.objects.filter(slug=_slug(name)).first()
        if org is None:
            org = MemberOrganisation(
                name=name, slug=_slug(name), org_type=org_type, is_demo=True,
                status=MemberOrganisation.Status.MEMBER,
                website=f"https://{_slug(name.replace(' (demo)', ''))}.example.org",
                description="Demonstration organisation: invented for the demo site, not a real member.",
                joined=datetime.date(2020, 1, 6) + datetime.timedelta(days=37 * i),
            )
            org.save()
            org.regions.set([regions[c] for c in region_codes if c in regions])
            org.save()
        orgs.append(org)
    return orgs


def _asks() -> list[Ask]:
    created = []

    def make(spec, order, parent=None):
        ask = Ask.objects.filter(title=spec["title"]).first()
        if ask is None:
            ask = Ask(title=spec["title"], owner=spec["owner"], status=spec["status"],
                      description=spec.get("description", ""), progress_override=spec.get("progress_override"),
                      weight=spec.get("weight", 1), parent=parent, sort_order=order)
            for date, text, url, status in spec.get("milestones", []):
                ask.milestones.add(Milestone(date=date, description=text, evidence_url=url, status_change=status))
            ask.save()
            created.append(ask)
        for i, sub in enumerate(spec.get("sub_asks", [])):
            make(sub, i, ask)
        return ask

    return [make(spec, i) for i, spec in enumerate(ASKS)], created


def _demo_member(org: MemberOrganisation):
    User = get_user_model()
    user = User.objects.filter(email=DEMO_MEMBER_EMAIL).first()
    if user is None:
        user = User.objects.create_user(username="demo-coalition-member", email=DEMO_MEMBER_EMAIL,
                                        password=DEMO_MEMBER_PASSWORD)
        EmailAddress.objects.create(user=user, email=DEMO_MEMBER_EMAIL, verified=True, primary=True)
        profile = profile_for(user)
        profile.display_name = "Demo Member (demonstration account)"
        profile.organisation = org.name
        profile.save()
    user.groups.add(Group.objects.get_or_create(name=roles.COALITION_MEMBERS)[0])
    OrganisationContact.objects.get_or_create(organisation=org, user=user, defaults={"is_lead": True})
    return user


def _papers_collection() -> Collection:
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=PAPERS_COLLECTION).first()
    if collection is None:
        collection = root.add_child(name=PAPERS_COLLECTION)
    restriction = CollectionViewRestriction.objects.filter(collection=collection).first()
    if restriction is None:
        restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.GROUPS)
        restriction.groups.set(Group.objects.filter(name__in=MEMBER_AREA_GROUPS))
    return collection


def restrict_member_area(area: MemberAreaPage) -> None:
    if not PageViewRestriction.objects.filter(page=area).exists():
        restriction = PageViewRestriction.objects.create(page=area, restriction_type=PageViewRestriction.GROUPS)
        restriction.groups.set(Group.objects.filter(name__in=MEMBER_AREA_GROUPS))


def _paper_pdf(title: str, text: str) -> bytes:
    """A one-page A4 PDF with the paper's title and text."""


    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(title)
    width, height = A4
    pdf.setFont("Helvetica-Bold", 14)
    pdf.drawString(56, height - 72, title)
    pdf.setFont("Helvetica", 11)
    y = height - 104
    for line in textwrap.wrap(text, 90):
        pdf.drawString(56, y, line)
        y -= 16
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _paper(collection: Collection, title: str, text: str):
    """A members-only paper (a small PDF), found by title so loading again adds nothing."""

    Document = get_document_model()
    document = Document.objects.filter(title=title, collection=collection).first()
    if document is None:
        document = Document(title=title, collection=collection)
        document.file.save(f"{_slug(title)}.pdf", ContentFile(_paper_pdf(title, text)), save=False)
        document.save()
    return document


def _meeting(area, start, orgs, member, past: bool, papers=None, today=None, with_actions=True) -> MeetingPage:
    slug = f"meeting-{start:%Y-%m-%d}"
    existing = area.get_children().filter(slug=slug).first()
    if existing:
        return existing.specific
    meeting = MeetingPage(
        title=f"Coalition meeting, {start:%B %Y}", slug=slug, start=start, duration_minutes=120,
        summary="Demonstration meeting: the monthly online meeting of coalition members.",
        joining_details="Demonstration joining details: https://meet.example.org/coalition (passcode 000000). "
        "Dial in on 020 7946 0000.",
    )
    for order, (title, sub, minutes, lead) in enumerate(AGENDA):
        meeting.agenda_items.add(AgendaItem(title=title, is_sub_item=sub, duration_minutes=minutes,
                                            lead_organisation=orgs[lead] if lead is not None else None,
                                            paper=(papers or {}).get(order), sort_order=order))
    if past:
        meeting.minutes = (
            "<p><b>Demonstration minutes.</b> Members reviewed progress on the four asks of the Call to Action. "
            "The Domestic Abuse Act 2021 is in force with perpetrator policy at its heart; the Home Office's "
            "£10m (2020-21, plus £3m for research) and £25m (2021-22) were the first funding pots created "
            "specifically for perpetrators.</p><p>Members shared how multi-agency perpetrator panels work in "
            "their areas and agreed to collect examples for the next meeting.</p>"
        )
        meeting.minutes_published = True
        meeting.decisions.add(MeetingDecision(text="Ask members for examples of perpetrator panels (demonstration)."))
        meeting.decisions.add(MeetingDecision(text="Set up a working group on perpetrator housing (demonstration)."))
    add_child(area, meeting)
    for kind in MeetingNotice.Kind.values:  # demo content sends no emails
        MeetingNotice.objects.get_or_create(meeting=meeting, kind=kind)
    if past and with_actions:
        due = today or timezone.localdate()  # dated from the day the demo is loaded, so never overdue at once
        ActionItem.objects.create(meeting=meeting, description="Collect examples of perpetrator panels from members "
                                  "(demonstration)", owner_organisation=orgs[2], owner_user=member,
                                  due_date=due + datetime.timedelta(days=14))
        ActionItem.objects.create(meeting=meeting, description="Draft terms of reference for the housing working "
                                  "group (demonstration)", owner_organisation=orgs[6],
                                  due_date=due + datetime.timedelta(days=60))
        ActionItem.objects.create(meeting=meeting, description="Circulate the training materials for GPs "
                                  "(demonstration)", owner_organisation=orgs[5],
                                  due_date=due + datetime.timedelta(days=7), status=ActionItem.Status.DONE)
    return meeting


def demo_meeting_days(today: datetime.date) -> list[datetime.date]:
    """First Tuesdays from last month to the month after next: this month's is always one of them."""
    days = []
    for months in (-1, 0, 1, 2):
        index = today.year * 12 + today.month - 1 + months
        days.append(nth_weekday(index // 12, index % 12 + 1, MEETING_WEEKDAY, MEETING_WEEK))
    return days


def _demo_meetings(area, orgs, member, collection, now=None) -> None:
    """Meetings dated from the day the demo is loaded: those already held have minutes (the latest
    with the demo member's action, due in two weeks), those to come have papers."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    papers = {order: _paper(collection, title, text) for order, (title, text) in PAPERS.items()}
    starts = [london_datetime(day, MEETING_TIME) for day in demo_meeting_days(today)]
    held = [start for start in starts if start < now]
    for start in starts:
        past = start < now
        _meeting(area, start, orgs, member, past=past, today=today,
                 papers=None if past else papers, with_actions=past and start == held[-1])


def load_demo(pages, stdout) -> str:
    home = pages["home"]
    index, _ = add_child(home, CoalitionIndexPage(
        title="The coalition", slug="coalition",
        summary="More than 125 organisations behind a Call to Action on perpetrators of domestic abuse.",
        intro="A coalition of more than 125 organisations formed around a Call to Action that made perpetrator "
        "policy a central plank of the Domestic Abuse Bill. Its members meet online every month.",
        body=[
            para("Members include specialist domestic abuse services, perpetrator programme providers, police, "
                 "police and crime commissioners, local authorities, health and housing bodies, national charities "
                 "and researchers. Together they track what government and commissioners have done on each ask, "
                 "and push for what is still missing."),
            callout("info", "Demonstration data",
                    "The member organisations, meetings and people shown on this demo site are invented. The asks "
                    "and their milestones are real."),
        ],
    ))
    cta, _ = add_child(index, CallToActionPage(
        title="Call to Action", slug="call-to-action",
        summary="What the coalition asks of government and commissioners, and how far each ask has got.",
        intro="Perpetrators at every level of risk should be held to account and helped to stop. These are the "
        "coalition's asks, who must act on them, and what has happened so far.",
    ))
    add_child(index, MemberDirectoryPage(
        title="Member directory", slug="members",
        summary="The organisations that have signed the Call to Action.",
        intro="Organisations that have signed the coalition's Call to Action. Filter by type of organisation or "
        "by the nations and regions they work in.",
    ))
    area, _ = add_child(index, MemberAreaPage(
        title="Member area", slug="member-area",
        summary="Meetings, papers, minutes and actions for coalition members.",
        intro="Monthly meetings, their agendas and papers, minutes, and the actions members have agreed.",
    ))
    restrict_member_area(area)
    orgs = _organisations()
    top, created_asks = _asks()
    for i, org in enumerate(orgs):
        for ask in top[: 1 + i % len(top)]:
            if created_asks or not org.endorsements.exists():
                endorse(org, ask)
    member = _demo_member(orgs[0])
    _demo_meetings(area, orgs, member, _papers_collection())
    return (f"{len(orgs)} demo organisations, {Ask.objects.count()} asks, "
            f"{MeetingPage.objects.count()} meetings; demo member {DEMO_MEMBER_EMAIL} / {DEMO_MEMBER_PASSWORD}")
