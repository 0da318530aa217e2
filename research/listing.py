"""The publication listing: GET filters validated by a form, each filter narrowing one queryset,
and counts per filter value computed with the other filters applied (so every count is what a
click would show). Works without JavaScript; every state is a shareable URL.

The index page hands in the querysets (publications, gaps, topic tags), so this module knows no models.
"""

from urllib.parse import urlencode

from django import forms
from django.core.paginator import Paginator
from django.db.models import Count, prefetch_related_objects
from django.db.models.functions import ExtractYear

from .publication_types import PublicationType

PER_PAGE = 10
FACETS = ("gap", "type", "topic", "year")


class PublicationFilterForm(forms.Form):
    gap = forms.SlugField(required=False, max_length=100)
    type = forms.ChoiceField(required=False, choices=[("", "Any type")] + list(PublicationType.choices))
    topic = forms.SlugField(required=False, max_length=100, allow_unicode=False)
    year = forms.IntegerField(required=False, min_value=1900, max_value=2100)

    LABELS = {"gap": "priority gap", "type": "type", "topic": "topic", "year": "year"}

    def usable_filters(self) -> dict:
        """The filters that passed validation; the rest are ignored (and reported)."""
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}

    def rejected(self) -> list[str]:
        return [self.LABELS[name] for name in self.errors if name in self.LABELS]


def apply_filters(queryset, filters: dict, skip: str | None = None):
    if filters.get("gap") and skip != "gap":
        queryset = queryset.filter(gaps__slug=filters["gap"])
    if filters.get("type") and skip != "type":
        queryset = queryset.filter(publication_type=filters["type"])
    if filters.get("topic") and skip != "topic":
        queryset = queryset.filter(topics__slug=filters["topic"])
    if filters.get("year") and skip != "year":
        queryset = queryset.filter(publication_date__year=filters["year"])
    return queryset


def _ids(queryset):
    return queryset.order_by().values("pk")


def facet_counts(base, filters: dict, *, gaps, topics) -> dict:
    """{facet: [(value, label, count)]} for every value with at least one publication.

    `base` is the publications listed; `gaps` the priority gap pages and `topics` their topic tags."""
    publications = base.model.objects
    counts = {}
    rows = (
        gaps.filter(publications__in=_ids(apply_filters(base, filters, skip="gap")))
        .values("slug", "title", "path")
        .annotate(n=Count("publications", distinct=True))
        .order_by("path")
    )
    counts["gap"] = [(r["slug"], r["title"], r["n"]) for r in rows]
    labels = dict(PublicationType.choices)
    rows = (
        publications.filter(pk__in=_ids(apply_filters(base, filters, skip="type")))
        .values("publication_type")
        .annotate(n=Count("pk"))
        .order_by("publication_type")
    )
    counts["type"] = [(r["publication_type"], labels.get(r["publication_type"], r["publication_type"]), r["n"])
                      for r in rows]
    rows = (
        topics.filter(content_object__in=_ids(apply_filters(base, filters, skip="topic")))
        .values("tag__slug", "tag__name")
        .annotate(n=Count("content_object", distinct=True))
        .order_by("-n", "tag__name")[:30]
    )
    counts["topic"] = [(r["tag__slug"], r["tag__name"], r["n"]) for r in rows]
    rows = (
        publications.filter(pk__in=_ids(apply_filters(base, filters, skip="year")))
        .annotate(y=ExtractYear("publication_date"))
        .values("y")
        .annotate(n=Count("pk"))
        .order_by("-y")
    )
    counts["year"] = [(str(r["y"]), str(r["y"]), r["n"]) for r in rows]
    return counts


def query_string(filters: dict, **changes) -> str:
    merged = {**{k: v for k, v in filters.items() if k in FACETS}, **changes}
    return urlencode({k: v for k, v in merged.items() if v not in (None, "")})


def build_listing(base, params, *, gaps, topics) -> dict:
    form = PublicationFilterForm(params)
    filters = form.usable_filters()
    results = apply_filters(base, filters).order_by("-publication_date", "-pk").distinct()
    page_obj = Paginator(results, PER_PAGE).get_page(params.get("page"))
    publications = list(page_obj.object_list)
    _prefetch(publications)
    counts = facet_counts(base, filters, gaps=gaps, topics=topics)
    facets = []
    for name, title in (("gap", "Priority gap"), ("type", "Type"), ("topic", "Topic"), ("year", "Year")):
        values = [
            {
                "value": value,
                "label": label,
                "count": count,
                "selected": str(filters.get(name, "")) == value,
                "url": "?" + query_string(filters, **{name: value}),
            }
            for value, label, count in counts[name]
        ]
        facets.append(
            {
                "name": name,
                "title": title,
                "values": values,
                "clear_url": "?" + query_string(filters, **{name: ""}),
                "active": name in filters,
            }
        )
    return {
        "form": form,
        "filters": filters,
        "rejected_filters": form.rejected(),
        "facets": facets,
        "page_obj": page_obj,
        "publications": publications,
        "result_count": page_obj.paginator.count,
        "filter_query": query_string(filters),
    }


def _prefetch(publications: list) -> None:
    prefetch_related_objects(publications, "gaps", "topics")
