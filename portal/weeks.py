"""Counting by week, as the editors' dashboard shows its reports: Monday to Sunday, newest first."""

from __future__ import annotations

import datetime

from django.utils import timezone


def week_of(day: datetime.date) -> datetime.date:
    """The Monday a day's week begins on."""
    return day - datetime.timedelta(days=day.weekday())


def last_weeks(weeks: int, today: datetime.date | None = None) -> dict[datetime.date, int]:
    """The Mondays of the last ``weeks`` weeks, this one included, each with a count of 0."""
    first = week_of(today or timezone.localdate()) - datetime.timedelta(weeks=weeks - 1)
    return {first + datetime.timedelta(weeks=i): 0 for i in range(weeks)}


def newest_first(counts: dict[datetime.date, int]) -> list[tuple[datetime.date, int]]:
    return sorted(counts.items(), reverse=True)
