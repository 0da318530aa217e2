import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from coalition.agenda import running_agenda, total_minutes


@dataclass
class Item:
    title: str
    duration_minutes: int = 10
    is_sub_item: bool = False


START = datetime.datetime(2026, 3, 3, 10, 0, tzinfo=ZoneInfo("Europe/London"))


def test_items_are_numbered_with_sub_items_and_running_times():
    entries = running_agenda([
        Item("Welcome", 5),
        Item("Progress", 5),
        Item("Funding", 15, True),
        Item("Panels", 15, True),
        Item("AOB", 10),
    ], START)
    assert [e.number for e in entries] == ["1", "2", "2.1", "2.2", "3"]
    assert [e.starts.strftime("%H:%M") for e in entries] == ["10:00", "10:05", "10:10", "10:25", "10:40"]
    assert entries[1].total_duration == 35  # its own 5 minutes and the sub-items' 30
    assert entries[1].ends.strftime("%H:%M") == "10:40"
    assert total_minutes(entries) == 50


def test_a_sub_item_with_no_parent_becomes_a_top_level_item():
    entries = running_agenda([Item("Orphan", 5, True), Item("Next", 5)], START)
    assert [e.number for e in entries] == ["1", "2"]
    assert not entries[0].is_sub_item


def test_missing_or_negative_durations_take_no_time():
    entries = running_agenda([Item("A", None), Item("B", -5), Item("C", 10)], START)
    assert [e.starts.strftime("%H:%M") for e in entries] == ["10:00", "10:00", "10:00"]


def test_running_times_stay_in_london_time_across_the_clock_change():
    # Clocks go forward at 01:00 GMT on 29 March 2026.
    late = datetime.datetime(2026, 3, 29, 0, 30, tzinfo=ZoneInfo("Europe/London"))
    entries = running_agenda([Item("A", 60), Item("B", 10)], late)
    assert entries[1].starts.astimezone(datetime.UTC).strftime("%H:%M") == "01:30"
