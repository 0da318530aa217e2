"""Monthly meeting dates ("the first Tuesday of each month"): plain functions, no Django.

Times are wall-clock times in Europe/London; `zoneinfo` turns them into the right UTC instant on
either side of the BST/GMT changes.
"""

import calendar
import datetime
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")

WEEKDAYS = {name: i for i, name in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))}
ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}


def nth_weekday(year: int, month: int, weekday: int, n: int) -> datetime.date:
    """The n-th (1–4) or last (-1) given weekday (Monday=0) of a month."""
    if not 0 <= weekday <= 6:
        raise ValueError("weekday must be 0 (Monday) to 6 (Sunday)")
    if n not in ORDINALS:
        raise ValueError("n must be 1, 2, 3, 4 or -1 (last)")
    days_in_month = calendar.monthrange(year, month)[1]
    if n == -1:
        last = datetime.date(year, month, days_in_month)
        return last - datetime.timedelta(days=(last.weekday() - weekday) % 7)
    first = datetime.date(year, month, 1)
    offset = (weekday - first.weekday()) % 7
    return first + datetime.timedelta(days=offset + 7 * (n - 1))


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def monthly_dates(after: datetime.date, count: int, weekday: int, n: int) -> list[datetime.date]:
    """The next `count` dates on or after `after` that fall on the n-th weekday of their month."""
    dates: list[datetime.date] = []
    year, month = after.year, after.month
    while len(dates) < count:
        day = nth_weekday(year, month, weekday, n)
        if day >= after:
            dates.append(day)
        year, month = _add_months(year, month, 1)
    return dates


def london_datetime(day: datetime.date, at: datetime.time) -> datetime.datetime:
    """An aware datetime for a wall-clock time in London on `day`."""
    return datetime.datetime.combine(day, at).replace(tzinfo=LONDON)


def describe_rule(weekday: int, n: int) -> str:
    return f"the {ORDINALS[n]} {calendar.day_name[weekday]} of each month"
