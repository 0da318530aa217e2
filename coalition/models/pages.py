import datetime
from decimal import Decimal

from django.db import models
from django.http import Http404
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail.url_routing import RouteResult

from coalition.models.asks import Milestone, ask_tree, summary_for
from coalition.permissions import can_view_member_area
from portal.blocks import BodyBlock
from portal.charts import Chart, DataPoint, counts_by_year, render_bar_chart
from portal.models import BasePage

from ..page_forms import MembersOnlyPageForm
from .organisations import MemberOrganisation


def signatory_count() -> int:
    return MemberOrganisation.objects.filter(status=MemberOrganisation.Status.MEMBER).count()


class PassThroughRoutingMixin:
    """Route through a child page without loading its own fields.

    Wagtail loads every page on a URL's path in full (one query for the page, one for its specific
    fields). A page that is only passed through needs its class, for its `route()`, not its
    fields: `specific_deferred` gives the class and loads a field only if something reads it.
    """

    def route(self, request, path_components):
        if len(path_components) < 2:
            return super().route(request, path_components)
        try:
            child = self.get_children().get(slug=path_components[0])
        except Page.DoesNotExist:
            raise Http404 from None
        child._cached_parent_obj = self
        return child.specific_deferred.route(request, path_components[1:])


class CoalitionIndexPage(PassThroughRoutingMixin, BasePage):
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


class MemberDirectoryPage(BasePage):
    intro = models.TextField(max_length=800, blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    parent_page_types = ["coalition.CoalitionIndexPage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "member directory page"

    def get_context(self, request, *args, **kwargs):
        # The context builder reads these models: a page model imports none at load time.
        from ..directory import directory_context

        context = super().get_context(request, *args, **kwargs)
        context.update(directory_context(request))
        return context


CHART_ID = "milestones-chart"  # the milestones chart's id on the page (its title and description ids)


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

        context = super().get_context(request, *args, **kwargs)
        asks = ask_tree()
        rows = counts_by_year(Milestone.objects.values_list("date", flat=True))
        chart = Chart(
            title="Milestones on the Call to Action per year", unit="", label_heading="Year",
            value_heading="Milestones",
            points=[DataPoint(str(year), Decimal(count), display=str(count)) for year, count in rows],
        )
        context.update(
            asks=asks,
            summary=summary_for(asks),
            chart=chart,
            chart_id=CHART_ID,
            chart_svg=render_bar_chart(chart, CHART_ID),
            signatory_count=signatory_count(),
        )
        return context


class MembersOnlyPage(BasePage):
    """Pages only members and staff may see. Site search skips them (`search_exclude`), a view
    restriction keeps them out of public listings, and a serve hook answers 'not found' to others."""

    members_only = True
    search_exclude = True
    base_form_class = MembersOnlyPageForm

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

    def route(self, request, path_components):
        """A meeting is found with one query (its page and its fields together).

        Outsiders get the same answer for every address under the member area, whether or not a
        page is there: the area itself, which the serve hook answers with the sign-in page.
        """

        if path_components and not can_view_member_area(request.user):
            return RouteResult(self)
        if len(path_components) == 1:
            meeting = MeetingPage.objects.child_of(self).filter(slug=path_components[0]).first()
            if meeting is not None:
                meeting._cached_parent_obj = self
                return meeting.route(request, [])
        return super().route(request, path_components)

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

    def get_context(self, request, *args, **kwargs):
        from ..meeting_context import meeting_context  # it reads these models (see above)

        context = super().get_context(request, *args, **kwargs)
        context.update(meeting_context(self, request.user))
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

    @property
    def lead_name(self) -> str:
        if "lead_organisation_name" in self.__dict__:  # annotated by meeting_context.agenda_rows
            return self.lead_organisation_name or ""
        return self.lead_organisation.name if self.lead_organisation_id else ""


class MeetingDecision(Orderable):
    page = ParentalKey(MeetingPage, on_delete=models.CASCADE, related_name="decisions")
    text = models.CharField("decision", max_length=500)

    panels = [FieldPanel("text")]

    def __str__(self):
        return self.text
