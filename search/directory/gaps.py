"""Where the directory has nothing: searches in a place that found no local service.

``record_gap`` counts one such search in its week by its area (the place's local authority) and
what was asked for (the filter labels and the distance): never the words or the postcode typed,
nothing about the visitor, no time finer than the week. ``gap_weeks`` is the editors' dashboard
summary, per week and most searched first.

What counts: a search the directory answers itself. The same search repeated while its page is in
the anonymous page cache (a refresh, Back, a shared link opened again within minutes) is served
from the cache and not counted again, so a figure is a floor of distinct searches, never inflated
by one person reloading; crawlers (by their user agent, read and not kept) are not counted, and
their pages are not cached, so a person's same search afterwards still counts."""

from __future__ import annotations

import datetime
import logging
import re

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from portal.weeks import last_weeks, newest_first, week_of
from search.directory.facets import REGISTRY
from search.directory.query import DISTANCES, DirectoryQuery, Results
from search.models import DirectoryGap

logger = logging.getLogger(__name__)


CRAWLERS = re.compile(r"bot\b|bot/|crawl|spider|slurp|bingpreview|facebookexternalhit|headless|python-requests"
                      r"|curl/|wget/", re.IGNORECASE)


def looks_like_a_crawler(request) -> bool:
    return bool(CRAWLERS.search(request.META.get("HTTP_USER_AGENT", "")))


def describe(query: DirectoryQuery) -> str:
    """What was asked for, in the filters' own words: "Self-referral, Welsh; within 10 miles"."""
    chosen = []
    for facet in REGISTRY.facets:
        chosen += facet.labels(getattr(query, facet.name))
    chosen += [flag.label for flag in REGISTRY.flags if getattr(query, flag.name)]
    distance = dict(DISTANCES)[query.distance].lower()
    return "; ".join(filter(None, [", ".join(chosen), distance]))


def gap_of(results: Results) -> dict | None:
    """The record a search leaves when it found no local service in a place it found; else None."""
    place = results.place
    if place is None or results.total:
        return None
    return {"la_code": place.la_code or "", "area": (place.la_name or "Unknown area")[:120],
            "filters": describe(results.query)[:500], "with_words": bool(results.query.keywords.strip())}


def record_gap(gap: dict, day: datetime.date | None = None) -> None:
    """Count one search for ``gap`` in this week (``day``'s). Never fails the page that reports it."""

    week = week_of(day or timezone.localdate())
    try:
        with transaction.atomic():
            updated = DirectoryGap.objects.filter(week=week, **gap).update(searches=F("searches") + 1)
            if not updated:
                try:
                    with transaction.atomic():
                        DirectoryGap.objects.create(week=week, searches=1, **gap)
                except IntegrityError:  # another request made this week's row first
                    DirectoryGap.objects.filter(week=week, **gap).update(searches=F("searches") + 1)
    except Exception:
        logger.warning("could not count a directory search that found nothing", exc_info=True)


def gap_weeks(weeks: int = 8, today: datetime.date | None = None, shown: int = 10) -> dict:
    """Searches that found no local service, per week (Monday to Sunday) for the last ``weeks``
    weeks, and the ``shown`` most searched areas and filters of the period."""

    counts = last_weeks(weeks, today)
    recent = DirectoryGap.objects.filter(week__gte=min(counts))
    for week, searches in recent.values_list("week", "searches"):
        counts[week] += searches
    top = (recent.values("area", "filters", "with_words").annotate(total=Sum("searches"))
           .order_by("-total", "area", "filters")[:shown])
    return {
        "weeks": newest_first(counts),
        "gaps": [(row["area"], row["filters"], row["with_words"], row["total"]) for row in top],
        "total": sum(counts.values()),
    }
