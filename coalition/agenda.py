"""Numbering and running times of a meeting agenda: plain functions, no Django.

Items come in order. A sub-item belongs to the nearest top-level item before it. Every item may
have its own duration (a parent's own time is its introduction); the clock runs through the items
in order, so each item starts when the one before it ends.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass
class AgendaEntry:
    number: str
    item: object
    is_sub_item: bool
    starts: datetime.datetime
    ends: datetime.datetime
    duration: int
    total_duration: int  # a top-level item's own time plus its sub-items'


def running_agenda(items: Iterable, start: datetime.datetime) -> list[AgendaEntry]:
    """`items` have `is_sub_item` (bool) and `duration_minutes` (int or None)."""
    entries: list[AgendaEntry] = []
    clock = start
    top_number = 0
    sub_number = 0
    current_parent: AgendaEntry | None = None
    for item in items:
        minutes = max(0, int(getattr(item, "duration_minutes", 0) or 0))
        sub = bool(getattr(item, "is_sub_item", False)) and current_parent is not None
        if sub:
            sub_number += 1
            number = f"{top_number}.{sub_number}"
        else:
            top_number += 1
            sub_number = 0
            number = str(top_number)
        ends = clock + datetime.timedelta(minutes=minutes)
        entry = AgendaEntry(number, item, sub, clock, ends, minutes, minutes)
        if sub:
            current_parent.total_duration += minutes
            current_parent.ends = ends
        else:
            current_parent = entry
        entries.append(entry)
        clock = ends
    return entries


def total_minutes(entries: list[AgendaEntry]) -> int:
    return sum(e.duration for e in entries)
