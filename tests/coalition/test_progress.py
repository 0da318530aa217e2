import pytest

from coalition import progress
from coalition.progress import AskNode, ask_progress, overall_progress, summarise, weighted_average


def test_each_status_has_a_default_and_editors_can_override_it():
    assert ask_progress(AskNode("not_started")) == 0
    assert ask_progress(AskNode("achieved")) == 100
    assert ask_progress(AskNode("in_progress")) == progress.DEFAULT_PROGRESS["in_progress"]
    assert ask_progress(AskNode("in_progress", override=55)) == 55
    assert ask_progress(AskNode("achieved", override=0)) == 0  # an override of zero is still an override


def test_parent_progress_is_the_weighted_average_of_its_sub_asks():
    parent = AskNode("in_progress", override=5, children=[
        AskNode("achieved", weight=1),      # 100
        AskNode("not_started", weight=3),   # 0
    ])
    assert ask_progress(parent) == 25  # (100*1 + 0*3) / 4, the parent's own override ignored


def test_nested_sub_asks_roll_up():
    grandchild = AskNode("achieved")
    child = AskNode("not_started", weight=1, children=[grandchild, AskNode("not_started")])  # 50
    parent = AskNode("stalled", children=[child, AskNode("achieved", weight=1)])
    assert ask_progress(parent) == 75


def test_zero_weights_fall_back_to_a_plain_average():
    assert weighted_average([(100, 0), (0, 0)]) == 50
    assert weighted_average([]) == 0


def test_overrides_are_kept_within_0_and_100():
    assert ask_progress(AskNode("in_progress", override=150)) == 100


def test_unknown_status_is_an_error():
    with pytest.raises(ValueError):
        ask_progress(AskNode("finished"))


def test_summary_counts_statuses_and_overall_progress():
    nodes = [AskNode("achieved"), AskNode("in_progress"), AskNode("partly_achieved"), AskNode("not_started")]
    summary = summarise(nodes)
    assert summary.total == 4
    assert summary.achieved == 1
    assert summary.under_way == 2
    assert summary.overall == overall_progress(nodes) == pytest.approx((100 + 40 + 70 + 0) / 4)
    assert ("Stalled", 0) in summary.rows()
