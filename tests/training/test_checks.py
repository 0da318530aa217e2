import re

import pytest

from training.learning import course_structure
from training.models import Attempt, AttemptAnswer, ModulePage

from .conftest import correct_post, finish_lessons, make_learner, open_check

pytestmark = pytest.mark.django_db


def test_check_needs_sign_in(client, assessed):
    response = client.get(assessed.url + "check/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_correct_answers_and_feedback_are_not_in_the_form(client, learner, assessed):
    client.force_login(learner)
    html = client.get(assessed.url + "check/").content.decode()
    questions = assessed.check_questions()
    for q in questions:
        assert q.text in html
        for answer in q.answers:
            assert answer.text in html
            if answer.feedback:
                assert answer.feedback not in html
    assert "correct" not in html.split("<main", 1)[1].lower().replace("incorrect", "")


def test_module_without_a_check_has_no_check_page(client, learner, csc_course):
    client.force_login(learner)
    module = ModulePage.objects.child_of(csc_course).get(slug="seeing-the-whole-family")
    assert client.get(module.url + "check/").status_code == 404


def test_each_attempt_gets_its_own_shuffled_order(client, learner, assessed):
    client.force_login(learner)
    orders = set()
    for _ in range(6):
        attempt = open_check(client, assessed)
        orders.add(str(attempt.order))
        client.post(assessed.url + "check/", correct_post(assessed, attempt.token, wrong=True))
        Attempt.objects.filter(user=learner, module=assessed, status="submitted").delete()
    assert len(orders) > 1


def test_reloading_the_form_keeps_the_same_attempt(client, learner, assessed):
    client.force_login(learner)
    first = open_check(client, assessed)
    second = open_check(client, assessed)
    assert first.pk == second.pk
    assert Attempt.objects.filter(user=learner).count() == 1


def test_missing_answers_are_listed_and_nothing_is_recorded(client, learner, assessed):
    client.force_login(learner)
    attempt = open_check(client, assessed)
    data = correct_post(assessed, attempt.token)
    first_q = assessed.check_questions()[0]
    del data[f"q-{first_q.id}"]
    response = client.post(assessed.url + "check/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html and f'href="#question-{first_q.id}"' in html
    # The learner's other answers are kept.
    other = assessed.check_questions()[1]
    picked = data[f"q-{other.id}"][0]
    assert f'value="{picked}" checked' in html
    attempt.refresh_from_db()
    assert attempt.status == "open" and not AttemptAnswer.objects.exists()


def test_tampered_question_ids_are_refused(client, learner, assessed):
    client.force_login(learner)
    attempt = open_check(client, assessed)
    data = correct_post(assessed, attempt.token)
    data["q-not-a-question"] = ["x"]
    response = client.post(assessed.url + "check/", data)
    assert response.status_code == 400
    assert "did not match this check" in response.content.decode()
    assert not Attempt.objects.filter(status="submitted").exists()


def test_answers_from_another_check_are_refused(client, learner, assessed, practice):
    client.force_login(learner)
    attempt = open_check(client, assessed)
    data = correct_post(assessed, attempt.token)
    q = assessed.check_questions()[0]
    data[f"q-{q.id}"] = [practice.check_questions()[0].answers[0].id]
    response = client.post(assessed.url + "check/", data)
    assert response.status_code == 400
    assert not Attempt.objects.filter(status="submitted").exists()


def test_a_form_from_another_check_or_a_made_up_token_is_refused(client, learner, assessed, practice):
    client.force_login(learner)
    other = open_check(client, practice)
    for token in (str(other.token), "not-a-uuid", "6f1d2c1e-7a43-4b55-9a53-5d7a1e0c9b21"):
        data = correct_post(assessed, token)
        response = client.post(assessed.url + "check/", data, follow=True)
        assert "did not belong to this knowledge check" in response.content.decode()
    assert not Attempt.objects.filter(status="submitted").exists()


def test_someone_elses_form_is_refused(client, learner, assessed):
    intruder = make_learner("intruder@example.org")
    finish_lessons(intruder, assessed)
    client.force_login(learner)
    attempt = open_check(client, assessed)
    client.force_login(intruder)
    response = client.post(assessed.url + "check/", correct_post(assessed, attempt.token), follow=True)
    assert "did not belong" in response.content.decode()
    attempt.refresh_from_db()
    assert attempt.status == "open"


def test_replayed_form_records_nothing_more(client, learner, assessed):
    client.force_login(learner)
    attempt = open_check(client, assessed)
    data = correct_post(assessed, attempt.token, wrong=True)
    client.post(assessed.url + "check/", data)
    response = client.post(assessed.url + "check/", correct_post(assessed, attempt.token))
    assert response.status_code == 302 and str(attempt.token) in response["Location"]
    attempt.refresh_from_db()
    assert attempt.score == 0 and not attempt.passed
    assert Attempt.objects.filter(user=learner, status="submitted").count() == 1
    assert AttemptAnswer.objects.filter(attempt=attempt).count() == len(assessed.check_questions())


def test_concurrent_submissions_count_once(client, learner, assessed, monkeypatch):
    """A second request that read the attempt while it was still open records nothing."""
    from training import attempts

    client.force_login(learner)
    attempt = open_check(client, assessed)
    stale = Attempt.objects.get(pk=attempt.pk)  # loaded before the first submission lands
    client.post(assessed.url + "check/", correct_post(assessed, attempt.token))
    monkeypatch.setattr(attempts, "find", lambda *args: stale)
    response = client.post(assessed.url + "check/", correct_post(assessed, attempt.token, wrong=True))
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.number == 1 and attempt.score == 100 and attempt.passed
    assert AttemptAnswer.objects.filter(attempt=attempt).count() == len(assessed.check_questions())
    assert Attempt.objects.filter(user=learner, status="submitted").count() == 1


def test_fail_then_pass_with_feedback(client, learner, assessed):
    """Dr Okafor fails the assessed check once, reads the feedback, passes on the second attempt."""
    client.force_login(learner)
    attempt = open_check(client, assessed)
    response = client.post(assessed.url + "check/", correct_post(assessed, attempt.token, wrong=True), follow=True)
    html = response.content.decode()
    assert "not passed" in html and "0%" in html
    assert "Re-read the lessons" in html  # score-band feedback
    assert "Joint appointments or couples work" not in html  # feedback only for chosen answers
    assert "– right answer" not in html  # assessed: answers not revealed
    assert "2 attempts left" in html
    second = open_check(client, assessed)
    assert second.pk != attempt.pk
    response = client.post(assessed.url + "check/", correct_post(assessed, second.token), follow=True)
    html = response.content.decode()
    assert "100%" in html and "<strong>passed</strong>" in html
    second.refresh_from_db()
    assert second.number == 2 and second.passed


def test_assessed_check_opens_only_after_the_module_lessons(client, gp_course):
    """At 0% the assessed check explains what to do first; it opens once the lessons are done."""
    learner = make_learner("new-gp@example.org")
    module = ModulePage.objects.child_of(gp_course).get(slug="responding-in-general-practice")
    client.force_login(learner)
    response = client.get(module.url + "check/")
    html = response.content.decode()
    assert response.status_code == 200 and "opens when you have finished the module" in html
    lessons = [lesson for lesson in course_structure(gp_course).lessons if lesson.module_id == module.id]
    assert all(f'href="{lesson.url}"' in html for lesson in lessons)
    assert not Attempt.objects.filter(user=learner).exists()
    assert "opens when you have finished this module" in client.get(gp_course.url).content.decode()
    for lesson in lessons:
        client.post(lesson.url + "done/")
    assert open_check(client, module) is not None


def test_after_passing_the_old_fail_result_offers_no_retry(client, learner, assessed):
    client.force_login(learner)
    failed = open_check(client, assessed)
    client.post(assessed.url + "check/", correct_post(assessed, failed.token, wrong=True))
    passed = open_check(client, assessed)
    client.post(assessed.url + "check/", correct_post(assessed, passed.token))
    html = client.get(assessed.url + f"check/result/{failed.token}/").content.decode()
    assert "not passed" in html and "Try the check again" not in html and "attempt left" not in html
    assert "You passed this check later" in html and f"check/result/{passed.token}/" in html


def test_practice_check_reveals_answers_and_allows_retries(client, learner, practice):
    client.force_login(learner)
    attempt = open_check(client, practice)
    html = client.post(practice.url + "check/", correct_post(practice, attempt.token, wrong=True), follow=True)
    html = html.content.decode()
    assert "– right answer" in html and "Fewer than 1%" in html
    assert "Try the check again" in html


def test_assessed_attempts_run_out(client, learner, assessed):
    client.force_login(learner)
    for _ in range(assessed.max_attempts):
        attempt = open_check(client, assessed)
        client.post(assessed.url + "check/", correct_post(assessed, attempt.token, wrong=True))
    html = client.get(assessed.url + "check/").content.decode()
    assert "You have used all 3 attempts" in html
    assert not Attempt.objects.filter(user=learner, status="open").exists()


def test_results_are_private(client, learner, other_learner, assessed):
    client.force_login(learner)
    attempt = open_check(client, assessed)
    client.post(assessed.url + "check/", correct_post(assessed, attempt.token))
    url = assessed.url + f"check/result/{attempt.token}/"
    assert client.get(url).status_code == 200
    client.force_login(other_learner)
    assert client.get(url).status_code == 404


def test_passing_completes_the_module(client, learner, gp_course, assessed):
    client.force_login(learner)
    for lesson in course_structure(gp_course).lessons:
        if lesson.module_id == assessed.id:
            client.post(lesson.url + "done/")
    attempt = open_check(client, assessed)
    client.post(assessed.url + "check/", correct_post(assessed, attempt.token))
    html = client.get(gp_course.url).content.decode()
    assert "Passed</span>" in html and "Complete</span>" in html


def test_error_summary_follows_the_question_numbers(client, learner, assessed):
    client.force_login(learner)
    attempt = open_check(client, assessed)
    html = client.post(assessed.url + "check/", {"attempt": str(attempt.token)}).content.decode()
    assert "<title>Error: " in html
    summary = html[html.index('class="error-summary"'):]
    summary = summary[:summary.index("</div>")]
    numbers = [int(n) for n in re.findall(r"Answer question (\d+)\.", summary)]
    assert len(numbers) == len(assessed.check_questions()) >= 2
    assert numbers == sorted(numbers)
