import random

from training import scoring
from training.scoring import Answer, Question

SINGLE = Question("q1", scoring.SINGLE, "Where are high-risk cases discussed?", (
    Answer("a", "Marac", True, "Yes."), Answer("b", "Reception", False, "No."), Answer("c", "Court", False, ""),
))
MULTI = Question("q2", scoring.MULTIPLE, "Which are panels?", (
    Answer("m", "MATAC", True), Answer("d", "DAPP", True), Answer("i", "Idva", False),
))
TF = Question("q3", scoring.TRUE_FALSE, "Drive lasts about 10 months.", (
    Answer("t", "True", True), Answer("f", "False", False),
))
CHECK = [SINGLE, MULTI, TF]


def test_single_choice_is_right_or_wrong():
    assert scoring.score_question(SINGLE, ["a"]).score == 1
    assert scoring.score_question(SINGLE, ["b"]).score == 0
    assert scoring.score_question(SINGLE, ["a", "b"]).score == 0


def test_multiple_choice_gives_partial_credit_and_penalises_wrong_picks():
    assert scoring.score_question(MULTI, ["m", "d"]).score == 1
    assert scoring.score_question(MULTI, ["m"]).score == 0.5
    assert scoring.score_question(MULTI, ["m", "i"]).score == 0
    assert scoring.score_question(MULTI, ["m", "d", "i"]).score == 0.5
    assert not scoring.score_question(MULTI, ["m"]).correct


def test_score_percent_and_pass_mark():
    result = scoring.score(CHECK, {"q1": ["a"], "q2": ["m"], "q3": ["t"]}, pass_mark=80)
    assert result.percent == 83  # 2.5 of 3
    assert result.passed
    assert result.correct_count == 2
    assert not scoring.score(CHECK, {"q1": ["b"], "q2": ["m", "d"], "q3": ["t"]}, pass_mark=70).passed


def test_percent_rounds_half_up():
    assert scoring.percent_of([1, 1, 0.5, 0.5, 0.5, 0.5, 1, 0], 8) == 63  # 62.5
    assert scoring.percent_of([], 0) == 0


def test_an_empty_check_never_passes():
    assert not scoring.score([], {}, pass_mark=0).passed


def test_validate_finds_missing_answers():
    problems = scoring.validate(CHECK, {"q1": ["a"]})
    assert problems.missing == ["q2", "q3"]
    assert not problems.foreign


def test_validate_rejects_unknown_questions_and_answers_from_elsewhere():
    assert scoring.validate(CHECK, {"q1": ["a"], "q2": ["m"], "q3": ["t"], "zz": ["a"]}).foreign
    assert scoring.validate(CHECK, {"q1": ["m"], "q2": ["m"], "q3": ["t"]}).foreign  # an answer of q2 given to q1


def test_validate_rejects_two_answers_to_a_single_choice():
    problems = scoring.validate(CHECK, {"q1": ["a", "b"], "q2": ["m"], "q3": ["t"]})
    assert problems.too_many == ["q1"]
    assert not scoring.validate(CHECK, {"q1": ["a"], "q2": ["m", "d"], "q3": ["f"]})


def test_band_feedback_picks_the_highest_band_reached():
    bands = [(0, "Try again"), (70, "Good"), (90, "Excellent")]
    assert scoring.band_feedback(bands, 65) == "Try again"
    assert scoring.band_feedback(bands, 70) == "Good"
    assert scoring.band_feedback(bands, 100) == "Excellent"
    assert scoring.band_feedback([], 50) == ""


def test_shuffle_changes_order_but_keeps_every_question_and_answer():
    orders = {str(scoring.shuffled_order(CHECK, random.Random(seed))) for seed in range(20)}
    assert len(orders) > 1
    order = scoring.shuffled_order(CHECK, random.Random(1))
    assert sorted(row[0] for row in order) == ["q1", "q2", "q3"]
    tf_row = next(row for row in order if row[0] == "q3")
    assert tf_row[1:] == ["t", "f"]  # True before False


def test_apply_order_survives_edited_checks():
    order = [["q3", "t", "f"], ["gone", "x"], ["q1", "c", "b", "a"]]
    ordered = scoring.apply_order(CHECK, order)
    assert [q.id for q in ordered] == ["q3", "q1", "q2"]
    assert [a.id for a in ordered[1].answers] == ["c", "b", "a"]
