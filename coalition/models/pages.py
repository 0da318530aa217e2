import datetime

from django import forms
from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.search import index

from portal.blocks import BodyBlock
from portal.models import BasePage

from .. import agenda, charts
from .organisations import MemberOrganisation

DIRECTORY_PER_PAGE = 25


def signatory_count() -> int:
    return MemberOrganisation.objects.filter(status=MemberOrganisation.Status.MEMBER).count()


class CoalitionIndexPage(BasePage):
    """/coalition/: what the coalition is, with routes to the Call to Action, directory and member area."""

    intro = models.TextField(max_length=800, blank=True)
    body = StreamField(BodyBlock(), blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["coalition.CallToActionPage", "coalition.MemberDirectoryPage", "coalition.MemberAreaPage",
                     "portal.StandardPage"]
    max_count = 1

    class Meta:
        verbose_name = "coalition index page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        children = {type(p): p for p in self.get_children().live().public().specific()}
        context.update(
            signatory_count=signatory_count(),
            call_to_action=children.get(CallToActionPage),
            directory=children.get(MemberDirectoryPage),
            member_area=MemberAreaPage.objects.live().child_of(self).first(),
        )
        return context


class DirectoryFilterForm(forms.Form):
    """GET parameters of the member directory; anything unknown is reported, never a crash."""

    type = forms.ChoiceField(label="Type of organisation", required=False)
    region = forms.ChoiceField(label="Nation or region", required=False)

    def __init__(self, *args, **kwargs):
        from .organisations import OrganisationType, Region

        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", "All types")] + list(OrganisationType.choices)
        self.fields["region"].choices = [("", "All nations and regions")] + list(
            Region.objects.values_list("code", "name")
        )


class MemberDirectoryPage(BasePage):
    intro = models.TextField(max_length=800, blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    parent_page_types = ["coalition.CoalitionIndexPage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "member directory page"

    def organisations(self, org_type: str = "", region: str = ""):
        from wagtail.images import get_image_model

        qs = MemberOrganisation.objects.filter(status=MemberOrganisation.Status.MEMBER)
        if org_type:
            qs = qs.filter(org_type=org_type)
        if region:
            qs = qs.filter(regions__code=region)
        images = get_image_model().objects.prefetch_renditions("max-120x60")
        return qs.order_by("name").prefetch_related("regions", models.Prefetch("logo", queryset=images))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        form = DirectoryFilterForm(request.GET or None)
        org_type = region = ""
        if form.is_bound and form.is_valid():
            org_type, region = form.cleaned_data["type"], form.cleaned_data["region"]
        page_obj = Paginator(self.organisations(org_type, region), DIRECTORY_PER_PAGE).get_page(request.GET.get("page"))
        query = "&".join(f"{k}={v}" for k, v in (("type", org_type), ("region", region)) if v)
        filtered = bool(org_type or region)
        context.update(form=form, page_obj=page_obj, organisations=page_obj.object_list,
                       signatory_count=signatory_count() if filtered else page_obj.paginator.count,
                       filter_query=query, filtered=filtered)
        return context


class CallToActionPage(BasePage):
    """The Call to Action: its asks, their progress and timelines, and the endorsements."""

    intro = models.TextField(max_length=800, blank=True)
    body = StreamField(BodyBlock(), blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["coalition.CoalitionIndexPage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "call to action page"

    def get_context(self, request, *args, **kwargs):
        from .asks import Milestone, ask_tree, summary_for

        context = super().get_context(request, *args, **kwargs)
        asks = ask_tree()
        rows = charts.counts_by_year(Milestone.objects.values_list("date", flat=True))
        context.update(
            asks=asks,
            summary=summary_for(asks),
            chart=charts.bar_chart(rows),
            chart_rows=rows,
            signatory_count=signatory_count(),
        )
        return context


class MembersOnlyPage(BasePage):
    """Pages only members and staff may see. Site search skips them (`search_exclude`), a view
    restriction keeps them out of public listings, and a serve hook answers 'not found' to others."""

    members_only = True
    search_exclude = True

    class Meta:
        abstract = True


class MemberAreaPage(MembersOnlyPage):
    intro = models.TextField(max_length=800, blank=True)
    body = StreamField(BodyBlock(), blank=True, help_text="Member documents and notices.")

    content_panels = BasePage.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["coalition.CoalitionIndexPage"]
    subpage_types = ["coalition.MeetingPage"]
    max_count = 1

    class Meta:
        verbose_name = "member area page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        meetings = MeetingPage.objects.live().child_of(self)
        now = timezone.now()
        context.update(
            upcoming=meetings.filter(start__gte=now - datetime.timedelta(hours=3)).order_by("start"),
            archive=meetings.filter(start__lt=now - datetime.timedelta(hours=3)).order_by("-start"),
        )
        return context


class MeetingPage(MembersOnlyPage):
    start = models.DateTimeField(help_text="UK time (Europe/London).")
    duration_minutes = models.PositiveSmallIntegerField(default=90)
    joining_details = models.TextField(blank=True, help_text="Online meeting link and dial-in: members only.")
    minutes = RichTextField(blank=True, features=["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"])
    minutes_published = models.BooleanField(
        default=False, help_text="Tick after the meeting to show the minutes to members (and email them)."
    )

    content_panels = BasePage.content_panels + [
        MultiFieldPanel([FieldPanel("start"), FieldPanel("duration_minutes"), FieldPanel("joining_details")],
                        heading="When and how to join"),
        InlinePanel("agenda_items", heading="Agenda", label="Agenda item"),
        MultiFieldPanel([FieldPanel("minutes"), FieldPanel("minutes_published")], heading="Minutes"),
        InlinePanel("decisions", heading="Decisions", label="Decision"),
    ]
    parent_page_types = ["coalition.MemberAreaPage"]
    subpage_types = []

    class Meta:
        verbose_name = "meeting"
        indexes = [models.Index(fields=["start"])]

    @property
    def end(self):
        return self.start + datetime.timedelta(minutes=self.duration_minutes)

    @property
    def is_past(self) -> bool:
        return self.end < timezone.now()

    def running_agenda(self):
        items = self.agenda_items.select_related("lead_organisation", "paper").order_by("sort_order", "pk")
        return agenda.running_agenda(items, timezone.localtime(self.start))

    def get_context(self, request, *args, **kwargs):
        from .meetings import RSVP, ActionItem

        context = super().get_context(request, *args, **kwargs)
        from django.urls import reverse

        actions = list(ActionItem.objects.filter(meeting=self)
                       .select_related("owner_organisation", "owner_user__profile").order_by("due_date", "pk"))
        url_pattern = reverse("coalition:action_detail", args=[0])  # reversed once, not once per action
        today = timezone.localdate()
        for action in actions:
            action.detail_url = url_pattern.replace("/0/", f"/{action.pk}/")
            action.overdue_today = action.is_overdue(today)
        rsvps = list(RSVP.objects.filter(meeting=self).select_related("user__profile", "organisation")
                     .order_by("organisation__name", "user__email"))
        context.update(
            agenda=self.running_agenda(),
            decisions=list(self.decisions.all()),
            actions=actions,
            attending=[r for r in rsvps if r.response == RSVP.Response.ATTENDING],
            apologies=[r for r in rsvps if r.response == RSVP.Response.APOLOGIES],
            my_rsvp=next((r for r in rsvps if r.user_id == request.user.pk), None),
        )
        return context


class AgendaItem(Orderable):
    page = ParentalKey(MeetingPage, on_delete=models.CASCADE, related_name="agenda_items")
    title = models.CharField(max_length=200)
    is_sub_item = models.BooleanField("sub-item of the item above", default=False)
    duration_minutes = models.PositiveSmallIntegerField(default=10)
    lead_organisation = models.ForeignKey(MemberOrganisation, null=True, blank=True, on_delete=models.SET_NULL,
                                          related_name="+")
    paper = models.ForeignKey("wagtaildocs.Document", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", help_text="Put papers in the members-only collection.")
    notes = models.CharField(max_length=400, blank=True)

    panels = [FieldPanel("title"), FieldPanel("is_sub_item"), FieldPanel("duration_minutes"),
              FieldPanel("lead_organisation"), FieldPanel("paper"), FieldPanel("notes")]

    def __str__(self):
        return self.title


class MeetingDecision(Orderable):
    page = ParentalKey(MeetingPage, on_delete=models.CASCADE, related_name="decisions")
    text = models.CharField("decision", max_length=500)

    panels = [FieldPanel("text")]

    def __str__(self):
        return self.text
