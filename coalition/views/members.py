"""Member-area views. Every view answers non-members as if it did not exist."""

import datetime

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .. import ical
from ..forms import ActionStatusForm, EndorsementForm, RSVPForm
from ..models import RSVP, ActionItem, Ask, CalendarToken, Endorsement, MemberOrganisation
from ..models.asks import endorse, withdraw
from ..models.meetings import actions_for_user, can_update_action
from ..models.pages import MeetingPage, MemberAreaPage
from ..permissions import can_view_member_area, is_staff_user, member_required, staff_required

FEED_PAST_DAYS = 365


def _member_area():
    return MemberAreaPage.objects.live().first()


def _meeting_or_404(pk) -> MeetingPage:
    return get_object_or_404(MeetingPage.objects.live(), pk=pk)


def _my_organisations(user):
    return MemberOrganisation.objects.filter(contacts__user=user, status=MemberOrganisation.Status.MEMBER)


def _safe_next(request, fallback: str) -> str:

    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


@member_required
def my_actions(request):
    today = timezone.localdate()
    actions = list(
        actions_for_user(request.user).filter(status__in=ActionItem.OPEN_STATUSES)
        .select_related("meeting", "owner_organisation", "owner_user__profile")
        .order_by("due_date", "pk")
    )
    overdue = [a for a in actions if a.is_overdue(today)]
    others = [a for a in actions if not a.is_overdue(today)]
    return render(request, "coalition/my_actions.html", {
        "overdue": overdue, "others": others, "statuses": ActionItem.Status.choices,
        "member_area": _member_area(), "today": today,
    })


@member_required
def action_detail(request, pk):
    action = get_object_or_404(
        ActionItem.objects.published().select_related("meeting", "owner_organisation", "owner_user"), pk=pk)
    history = action.status_changes.select_related("changed_by__profile")
    return render(request, "coalition/action_detail.html", {
        "action": action, "history": history, "can_update": can_update_action(request.user, action),
        "statuses": ActionItem.Status.choices, "member_area": _member_area(),
    })


@require_POST
@member_required
def action_status(request, pk):
    action = get_object_or_404(ActionItem.objects.published(), pk=pk)
    if not can_update_action(request.user, action):
        raise Http404
    form = ActionStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a status from the list.")
    elif action.set_status(form.cleaned_data["status"], request.user):
        messages.success(request, f"Action marked “{action.get_status_display()}”.")
    return redirect(_safe_next(request, reverse("coalition:action_detail", args=[pk])))


@require_POST
@member_required
def rsvp(request, pk):
    meeting = _meeting_or_404(pk)
    form = RSVPForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose whether you are attending or sending apologies.")
        return redirect(meeting.url)
    organisation = _my_organisations(request.user).order_by("-contacts__is_lead", "name").first()
    RSVP.objects.update_or_create(meeting=meeting, user=request.user,
                                  defaults={"response": form.cleaned_data["response"], "organisation": organisation})
    label = "attending" if form.cleaned_data["response"] == RSVP.Response.ATTENDING else "sending apologies"
    messages.success(request, f"Thank you: we have recorded that you are {label}.")
    return redirect(meeting.url + "#rsvp")


def _meeting_url(request):
    return lambda meeting: request.build_absolute_uri(meeting.url) if meeting.url else ""


def _ics_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@member_required
def meeting_ics(request, pk):
    meeting = _meeting_or_404(pk)
    return _ics_response(ical.calendar_for([meeting], _meeting_url(request), name=meeting.title),
                         f"{meeting.slug}.ics")


def calendar_feed(request, token):
    """The personal feed calendar clients poll. The token is the only credential, so it stops working
    when reset and as soon as its owner leaves the coalition."""
    record = CalendarToken.objects.select_related("user").filter(token=token).first()
    if record is None or not record.user.is_active or not can_view_member_area(record.user):
        raise Http404
    since = timezone.now() - datetime.timedelta(days=FEED_PAST_DAYS)
    meetings = MeetingPage.objects.live().filter(start__gte=since).order_by("start")
    return _ics_response(ical.calendar_for(meetings, _meeting_url(request)), "coalition-meetings.ics")


@member_required
def calendar(request):
    record, _ = CalendarToken.objects.get_or_create(user=request.user)
    if request.method == "POST":
        record.reset()
        messages.success(request, "Your calendar address has been reset. Subscribe again with the new address; "
                                  "the old one no longer works.")
        return redirect("coalition:calendar")
    feed_url = request.build_absolute_uri(reverse("coalition:calendar_feed", args=[record.token]))
    webcal_url = "webcal://" + feed_url.split("://", 1)[1]  # the same address, for calendar apps
    return render(request, "coalition/calendar.html",
                  {"feed_url": feed_url, "webcal_url": webcal_url, "member_area": _member_area()})


@member_required
def endorsements(request):
    organisations = list(_my_organisations(request.user))
    if request.method == "POST":
        form = EndorsementForm(request.POST)
        if form.is_valid():
            organisation = next((o for o in organisations if o.pk == form.cleaned_data["organisation"]), None)
            ask = Ask.objects.filter(pk=form.cleaned_data["ask"]).first()
            if organisation is None or ask is None:
                messages.error(request, "You can only endorse asks for an organisation you are a contact for.")
            elif form.cleaned_data["action"] == "endorse":
                endorse(organisation, ask)
                messages.success(request, f"{organisation.name} now endorses “{ask.title}”.")
            else:
                withdraw(organisation, ask)
                messages.success(request, f"{organisation.name} has withdrawn its endorsement of “{ask.title}”.")
        else:
            messages.error(request, "Something was missing from that request. Try again.")
        return redirect("coalition:endorsements")
    asks = list(Ask.objects.order_by("sort_order", "pk"))
    active = set(Endorsement.objects.filter(organisation__in=organisations, withdrawn_at__isnull=True)
                 .values_list("organisation_id", "ask_id"))
    rows = [{"organisation": o, "asks": [(a, (o.pk, a.pk) in active) for a in asks]} for o in organisations]
    return render(request, "coalition/endorsements.html", {"rows": rows, "member_area": _member_area()})


@staff_required
def attendance(request):
    organisations = (
        MemberOrganisation.objects.filter(Q(status=MemberOrganisation.Status.MEMBER) | Q(rsvps__isnull=False))
        .annotate(attending=Count("rsvps", filter=Q(rsvps__response=RSVP.Response.ATTENDING), distinct=True),
                  apologies=Count("rsvps", filter=Q(rsvps__response=RSVP.Response.APOLOGIES), distinct=True),
                  meetings=Count("rsvps__meeting", distinct=True))
        .order_by("name").distinct()
    )
    selected = None
    history = []
    org_id = request.GET.get("organisation", "")
    if org_id.isdigit():
        selected = MemberOrganisation.objects.filter(pk=int(org_id)).first()
        if selected:
            history = (RSVP.objects.filter(organisation=selected)
                       .select_related("meeting", "user__profile").order_by("-meeting__start"))
    return render(request, "coalition/attendance.html", {
        "organisations": organisations, "selected": selected, "history": history,
        "member_area": _member_area(), "is_staff": is_staff_user(request.user),
    })
