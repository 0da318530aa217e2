"""training/attempts.py: opening, scoring and closing a learner's attempt at a knowledge check."""

import pytest

from training import attempts
from training.models import Attempt, AttemptAnswer, Enrolment, ModulePage

from .conftest import correct_post, finish_lessons, make_learner

pytestmark = pytest.mark.django_db


def answers(module, wrong=False) -> dict:
    """The learner's answers as the service takes them: {question id: [answer ids]}."""
    return {key[2:]: value for key, value in correct_post(module, "", wrong).items() if key.startswith("q-")}


def take(user, module, wrong=False):
    check = attempts.standing(user, module)
    attempt = attempts.open_or_resume(user, module)
    return attempts.submit(attempt, answers(module, wrong), check)


def test_resume_returns_the_open_attempt(learner, assessed):
    first = attempts.open_or_resume(learner, assessed)
    assert attempts.open_or_resume(learner, assessed).pk == first.pk
    assert Attempt.objects.filter(user=learner, module=assessed).count() == 1
    # its order covers every question of the check
    assert sorted(qid for qid, *_ in first.order) == sorted(q.id for q in assessed.check_questions())


def test_after_a_submission_the_next_attempt_is_a_new_one(learner, assessed):
    outcome = take(learner, assessed, wrong=True)
    assert attempts.open_or_resume(learner, assessed).pk != outcome.attempt.pk


def test_a_passed_attempt_is_recorded_with_its_score(learner, assessed):
    outcome = take(learner, assessed)
    assert outcome.recorded and not outcome.errors and outcome.result.passed
    attempt = Attempt.objects.get(pk=outcome.attempt.pk)
    assert attempt.status == "submitted" and attempt.submitted_at is not None
    assert attempt.score == 100 and attempt.passed and attempt.number == 1
    stored = AttemptAnswer.objects.filter(attempt=attempt)
    assert stored.count() == len(assessed.check_questions()) and all(a.score == 1 for a in stored)


def test_taking_a_check_enrols_the_learner_on_the_course(learner, assessed, gp_course):
    assert not Enrolment.objects.filter(user=learner).exists()
    take(learner, assessed, wrong=True)
    assert Enrolment.objects.filter(user=learner, course=gp_course).exists()


def test_a_failed_attempt_counts_and_the_next_is_numbered_after_it(learner, assessed):
    failed = take(learner, assessed, wrong=True)
    assert failed.recorded and not failed.result.passed
    assert Attempt.objects.get(pk=failed.attempt.pk).score == 0
    passed = take(learner, assessed)
    assert Attempt.objects.get(pk=passed.attempt.pk).number == 2


def test_a_second_submit_of_a_closed_attempt_does_not_re_score(learner, assessed):
    check = attempts.standing(learner, assessed)
    attempt = attempts.open_or_resume(learner, assessed)
    attempts.submit(attempt, answers(assessed, wrong=True), check)
    again = attempts.submit(Attempt.objects.get(pk=attempt.pk), answers(assessed), check)
    assert again.replayed and not again.recorded and again.result is None
    attempt.refresh_from_db()
    assert attempt.score == 0 and not attempt.passed
    assert AttemptAnswer.objects.filter(attempt=attempt).count() == len(assessed.check_questions())


def test_a_submission_that_lost_the_race_records_nothing(learner, assessed):
    check = attempts.standing(learner, assessed)
    attempt = attempts.open_or_resume(learner, assessed)
    stale = Attempt.objects.get(pk=attempt.pk)  # read while still open
    attempts.submit(attempt, answers(assessed), check)
    late = attempts.submit(stale, answers(assessed, wrong=True), check)
    assert not late.recorded and not late.replayed
    attempt.refresh_from_db()
    assert attempt.score == 100 and attempt.number == 1
    assert AttemptAnswer.objects.filter(attempt=attempt).count() == len(assessed.check_questions())


def test_missing_answers_are_numbered_as_the_attempt_shows_them_and_nothing_is_recorded(learner, assessed):
    check = attempts.standing(learner, assessed)
    attempt = attempts.open_or_resume(learner, assessed)
    shown_first = attempt.order[0][0]
    given = answers(assessed)
    del given[shown_first]
    outcome = attempts.submit(attempt, given, check)
    assert outcome.errors == [(shown_first, "Answer question 1.")] and not outcome.recorded
    assert outcome.selected == given  # the other answers are kept for the form
    attempt.refresh_from_db()
    assert attempt.status == "open" and not AttemptAnswer.objects.exists()


def test_answers_to_questions_not_in_the_check_are_refused_and_dropped(learner, assessed):
    check = attempts.standing(learner, assessed)
    attempt = attempts.open_or_resume(learner, assessed)
    given = {**answers(assessed), "not-a-question": ["x"]}
    outcome = attempts.submit(attempt, given, check)
    assert [qid for qid, _ in outcome.errors] == [""] and "did not match" in outcome.errors[0][1]
    assert "not-a-question" not in outcome.selected
    assert not Attempt.objects.filter(status="submitted").exists()


def test_an_assessed_check_is_done_once_passed(learner, assessed):
    assert not attempts.standing(learner, assessed).already_passed
    passed = take(learner, assessed)
    check = attempts.standing(learner, assessed)
    assert check.already_passed and check.last_pass.pk == passed.attempt.pk and check.used == 1


def test_assessed_attempts_run_out(learner, assessed):
    for used in range(assessed.max_attempts):
        check = attempts.standing(learner, assessed)
        assert check.remaining == assessed.max_attempts - used and not check.out_of_attempts
        take(learner, assessed, wrong=True)
    check = attempts.standing(learner, assessed)
    assert check.out_of_attempts and check.remaining == 0


def test_a_practice_check_never_runs_out_nor_closes_on_a_pass(learner, practice):
    for _ in range(practice.max_attempts + 1):
        take(learner, practice)
    check = attempts.standing(learner, practice)
    assert not check.already_passed and not check.out_of_attempts and check.remaining is None


def test_an_assessed_check_is_locked_until_the_module_lessons_are_done(gp_course):
    newcomer = make_learner("newcomer@example.org")
    module = ModulePage.objects.child_of(gp_course).get(slug="responding-in-general-practice")
    locked = attempts.locked(newcomer, module, gp_course)
    assert locked is not None and locked.unfinished
    assert all(lesson.module_id == module.id for lesson in locked.unfinished)
    finish_lessons(newcomer, module)
    assert attempts.locked(newcomer, module, gp_course) is None


def test_find_takes_only_the_learners_own_attempt_at_this_module(learner, other_learner, assessed, practice):
    attempt = attempts.open_or_resume(learner, assessed)
    assert attempts.find(str(attempt.token), learner, assessed).pk == attempt.pk
    assert attempts.find(str(attempt.token), other_learner, assessed) is None
    assert attempts.find(str(attempt.token), learner, practice) is None
    for token in ("not-a-uuid", "", None):
        assert attempts.find(token, learner, assessed) is None


def test_a_result_is_found_only_once_submitted(learner, other_learner, assessed):
    attempt = attempts.open_or_resume(learner, assessed)
    assert attempts.find_result(attempt.token, learner, assessed) is None
    attempts.submit(attempt, answers(assessed), attempts.standing(learner, assessed))
    assert attempts.find_result(attempt.token, learner, assessed).pk == attempt.pk
    assert attempts.find_result(attempt.token, other_learner, assessed) is None


def test_first_pass_is_the_earliest_passing_attempt(learner, practice):
    take(learner, practice, wrong=True)
    first = take(learner, practice)
    take(learner, practice)
    assert attempts.first_pass(learner, practice).pk == first.attempt.pk
