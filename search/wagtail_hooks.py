"""Directory records in the Wagtail admin: snippet viewsets with filters, and the stale flag."""


import django_filters
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from search.directory import facets as v
from search.directory.gaps import gap_weeks
from search.models import (
    ChangeProposal,
    ListingChange,
    Location,
    Organisation,
    ProblemReport,
    Service,
)
from search.site.admin_views import search_queries_report
from search.site.search import zero_result_weeks


class ServiceFilterSet(WagtailFilterSet):
    stale = django_filters.BooleanFilter(label="Not reviewed for 12 months", method="filter_stale")
    service_type = django_filters.ChoiceFilter(label="Service type", choices=v.SERVICE_TYPES,
                                               method="filter_type")

    class Meta:
        model = Service
        fields = ["status", "is_national", "respect_accredited", "is_demo", "organization"]

    def filter_stale(self, queryset, name, value):
        if value is None:
            return queryset
        stale = queryset.stale()
        return stale if value else queryset.exclude(pk__in=stale.values("pk"))

    def filter_type(self, queryset, name, value):
        return queryset.filter(facet_tokens__contains=f" type:{value} ") if value else queryset


class StaleColumn(Column):
    def get_value(self, instance):
        if instance.is_stale:
            return "⚠ Not reviewed for 12 months"
        return instance.last_reviewed.strftime("%d %b %Y") if instance.last_reviewed else ""


class ServiceViewSet(SnippetViewSet):
    model = Service
    icon = "list-ul"
    menu_label = "Services"
    list_display = ["name", "organization", "status", StaleColumn("last_reviewed", label="Last reviewed")]
    filterset_class = ServiceFilterSet
    search_fields = ["name", "description"]
    ordering = ["name"]


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    list_display = ["name", "email", "is_demo"]
    search_fields = ["name"]


class LocationViewSet(SnippetViewSet):
    model = Location
    icon = "site"
    list_display = ["name", "city", "postal_code", "is_confidential"]
    list_filter = ["is_confidential", "organization"]
    search_fields = ["name", "city"]


class ProblemReportViewSet(SnippetViewSet):
    model = ProblemReport
    icon = "warning"
    menu_label = "Problem reports"
    list_display = ["service", "kind", "status", "created_at"]
    list_filter = ["status", "kind"]


class ChangeProposalViewSet(SnippetViewSet):
    model = ChangeProposal
    icon = "edit"
    menu_label = "Proposed changes"
    list_display = ["service", "proposed_by", "status", "created_at"]
    list_filter = ["status"]


class ListingChangeViewSet(SnippetViewSet):
    model = ListingChange
    icon = "history"
    menu_label = "Listing history"
    list_display = ["service", "source", "user", "changed_at"]
    list_filter = ["source"]


class DirectoryGroup(SnippetViewSetGroup):
    menu_label = "Directory"
    menu_icon = "search"
    menu_order = 250
    items = (ServiceViewSet, OrganisationViewSet, LocationViewSet, ProblemReportViewSet,
             ChangeProposalViewSet, ListingChangeViewSet)


register_snippet(DirectoryGroup)


class StaleListingsPanel(Component):
    """Dashboard panel: directory listings not reviewed for a year, oldest first."""

    name = "stale_directory_listings"
    order = 150
    template_name = "search/admin/stale_listings_panel.html"

    def get_context_data(self, parent_context=None):
        stale = Service.objects.active().stale().order_by("last_reviewed", "name")
        return {"count": stale.count(), "listings": list(stale[:10]),
                "list_url": reverse("wagtailsnippets_search_service:list") + "?stale=true"}


@hooks.register("construct_homepage_panels")
def add_stale_listings_panel(request, panels):
    panels.append(StaleListingsPanel())


class ZeroResultSearchesPanel(Component):
    """Dashboard panel: site searches that found nothing, and directory searches that found no local
    service (by area and filters), per week, and the commonest of each."""

    name = "zero_result_searches"
    order = 160
    template_name = "search/admin/zero_result_panel.html"

    def get_context_data(self, parent_context=None):

        return {"report": zero_result_weeks(), "report_url": reverse("search_queries_report"),
                "directory": gap_weeks()}


@hooks.register("construct_homepage_panels")
def add_zero_result_searches_panel(request, panels):
    if request.user.has_perm("wagtailadmin.access_admin"):
        panels.append(ZeroResultSearchesPanel())


class EditorsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("wagtailadmin.access_admin")


@hooks.register("register_admin_urls")
def register_search_report_url():
    return [path("reports/site-search/", search_queries_report, name="search_queries_report")]


@hooks.register("register_reports_menu_item")
def register_search_report_menu_item():
    return EditorsMenuItem("Site searches", reverse("search_queries_report"), icon_name="search", order=900)
