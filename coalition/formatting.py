"""Display text for dates in long listings, identical to what the `date` template filter prints."""

import datetime
import functools

from django.utils import dateformat, translation


@functools.lru_cache(maxsize=2048)
def _format_date(day: datetime.date, format_string: str, language: str) -> str:
    return dateformat.format(day, format_string)


def format_date(day: datetime.date, format_string: str) -> str:
    """`{{ day|date:format_string }}` for a date (not a datetime, whose text depends on the time zone).

    Remembered per language: month names are looked up in the translation catalogue on every call,
    and a listing shows the same few dates on every request.
    """
    if isinstance(day, datetime.datetime):
        raise TypeError("format_date() takes a date; format datetimes in the template")
    return _format_date(day, format_string, translation.get_language())
