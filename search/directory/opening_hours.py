"""Opening hours from HSDS schedule rows, as one line per day of the week."""

from __future__ import annotations

DAY_ORDER = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
DAY_NAMES = dict(zip(DAY_ORDER, ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
                                 "Sunday"]))


def _time(t) -> str:
    """9:00 -> "9am", 18:30 -> "6:30pm", 12:00 -> "midday"."""
    if t.hour == 12 and t.minute == 0:
        return "midday"
    suffix = "am" if t.hour < 12 else "pm"
    hour = t.hour % 12 or 12
    return f"{hour}{suffix}" if t.minute == 0 else f"{hour}:{t.minute:02d}{suffix}"


def opening_hours(schedules) -> list[dict]:
    """[{"day": "Monday", "times": ["9am to 5pm"], "closed": False}, ...] for all seven days,
    or [] when there is no schedule at all."""
    by_day: dict[str, list] = {d: [] for d in DAY_ORDER}
    for s in schedules:
        if s.byday in by_day:
            by_day[s.byday].append(s)
    if not any(by_day.values()):
        return []
    rows = []
    for day in DAY_ORDER:
        slots = sorted(by_day[day], key=lambda s: s.opens_at)
        times = [f"{_time(s.opens_at)} to {_time(s.closes_at)}" + (f" ({s.description})" if s.description else "")
                 for s in slots]
        rows.append({"day": DAY_NAMES[day], "times": times, "closed": not times})
    return rows
