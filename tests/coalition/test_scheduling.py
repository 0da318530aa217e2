import datetime

import pytest

from coalition.scheduling import describe_rule, london_datetime, monthly_dates, nth_weekday

TUESDAY = 1


def test_first_tuesday_of_each_month():
    assert nth_weekday(2026, 12, TUESDAY, 1) == datetime.date(2026, 12, 1)
    assert nth_weekday(2027, 1, TUESDAY, 1) == datetime.date(2027, 1, 5)
    assert nth_weekday(2027, 2, TUESDAY, 1) == datetime.date(2027, 2, 2)


def test_last_weekday_and_other_ordinals():
    assert nth_weekday(2026, 11, TUESDAY, -1) == datetime.date(2026, 11, 24)
    assert nth_weekday(2026, 11, 3, 3) == datetime.date(2026, 11, 19)  # third Thursday


def test_monthly_dates_start_on_or_after_the_given_day_and_cross_the_year():
    assert monthly_dates(datetime.date(2026, 11, 4), 3, TUESDAY, 1) == [
        datetime.date(2026, 12, 1), datetime.date(2027, 1, 5), datetime.date(2027, 2, 2)]
    assert monthly_dates(datetime.date(2026, 12, 1), 1, TUESDAY, 1) == [datetime.date(2026, 12, 1)]


def test_bad_rules_are_refused():
    with pytest.raises(ValueError):
        nth_weekday(2026, 1, 7, 1)
    with pytest.raises(ValueError):
        nth_weekday(2026, 1, 1, 5)


def test_ten_o_clock_is_ten_o_clock_in_london_in_winter_and_summer():
    winter = london_datetime(datetime.date(2027, 3, 2), datetime.time(10))   # GMT
    summer = london_datetime(datetime.date(2027, 4, 6), datetime.time(10))   # BST
    assert winter.astimezone(datetime.UTC).hour == 10
    assert summer.astimezone(datetime.UTC).hour == 9
    assert winter.tzname() == "GMT" and summer.tzname() == "BST"


def test_rules_read_as_words():
    assert describe_rule(TUESDAY, 1) == "the first Tuesday of each month"
