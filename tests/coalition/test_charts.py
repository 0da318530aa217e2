import datetime

from coalition.charts import HEIGHT, MARGIN_BOTTOM, bar_chart, counts_by_year, nice_ceiling


def test_counts_by_year_include_empty_years_between():
    dates = [datetime.date(2019, 9, 30), datetime.date(2021, 4, 1), datetime.date(2021, 7, 21)]
    assert counts_by_year(dates) == [(2019, 1), (2020, 0), (2021, 2)]
    assert counts_by_year([]) == []


def test_axis_maximum_is_round():
    assert [nice_ceiling(v) for v in (0, 1, 3, 7, 12, 51)] == [1, 1, 5, 10, 20, 100]


def test_bar_heights_are_proportional_and_sit_on_the_baseline():
    chart = bar_chart([(2019, 1), (2020, 0), (2021, 2)])
    tall, empty, short = chart.bars[2], chart.bars[1], chart.bars[0]
    assert empty.height == 0
    assert tall.height == 2 * short.height
    for bar in chart.bars:
        assert bar.y + bar.height == HEIGHT - MARGIN_BOTTOM
    assert [t.value for t in chart.ticks] == [0, 1, 2]
