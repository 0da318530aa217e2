import datetime

import pytest
from django.utils import timezone

from training.learning import course_structure, learner_progress
from training.models import Certificate, Enrolment, LessonPage, LessonProgress

from .conftest import complete_course

pytestmark = pytest.mark.django_db


def lessons_of(course):
    return course_structure(course).lessons


def test_marking_done_records_progress_and_moves_on(client, learner, gp_course):
    client.force_login(learner)
    first, second = lessons_of(gp_course)[:2]
    response = client.post(first.url + "done/")
    assert response.status_code == 302 and response["Location"] == second.url
    client.post(first.url + "done/")  # twice is harmless
    assert LessonProgress.objects.filter(user=learner).count() == 1
    assert "You have marked this lesson as done" in client.get(first.url).content.decode()


def test_mark_done_needs_post_and_sign_in(client, gp_course):
    lesson = lessons_of(gp_course)[0]
    assert client.get(lesson.url + "done/").status_code == 405
    response = client.post(lesson.url + "done/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not LessonProgress.objects.exists()


def test_resume_at_lesson_three_after_leaving_after_lesson_two(client, learner, gp_course):
    """Dr Okafor finishes lessons 1 and 2, leaves, and comes back a week later in another browser:
    Resume goes to lesson 3, not to module 1's optional practice check."""
    from django.test import Client

    client.force_login(learner)
    structure = course_structure(gp_course)
    client.post(gp_course.url + "start/")
    for lesson in structure.lessons[:2]:
        client.post(lesson.url + "done/")
    third = structure.lessons[2]
    assert third.module_id != structure.modules[0].id and structure.modules[0].has_check
    elsewhere = Client()
    elsewhere.force_login(learner)
    course_page = elsewhere.get(gp_course.url).content.decode()
    assert "Resume where you left off" in course_page and f'<a class="button" href="{third.url}"' in course_page
    dashboard = elsewhere.get("/training/my/").content.decode()
    assert f'href="{third.url}"' in dashboard
    assert "33% complete" in dashboard  # 2 of 6 steps: 4 lessons and 2 checks


def test_resume_points_at_an_untried_practice_check_only_when_nothing_else_is_left(client, learner, gp_course):
    from .conftest import correct_post, open_check

    client.force_login(learner)
    structure = course_structure(gp_course)
    for lesson in structure.lessons:
        client.post(lesson.url + "done/")
    assessed = structure.modules[1]
    assert f'<a class="button" href="{assessed.url}check/"' in client.get(gp_course.url).content.decode()
    attempt = open_check(client, assessed)
    client.post(assessed.url + "check/", correct_post(assessed, attempt.token))
    practice = structure.modules[0]
    assert f'<a class="button" href="{practice.url}check/"' in client.get(gp_course.url).content.decode()


def test_deleted_lesson_drops_out_of_progress(client, learner, gp_course):
    client.force_login(learner)
    lessons = lessons_of(gp_course)
    for lesson in lessons[:2]:
        client.post(lesson.url + "done/")
    LessonPage.objects.get(pk=lessons[0].pk).delete()
    progress = learner_progress(learner, gp_course, course_structure(gp_course))
    assert progress.done == 1 and progress.total == 5
    assert client.get(gp_course.url).status_code == 200
    assert client.get("/training/my/").status_code == 200


def test_reordering_lessons_keeps_progress(client, learner, gp_course):
    client.force_login(learner)
    lessons = lessons_of(gp_course)
    client.post(lessons[1].url + "done/")
    LessonPage.objects.get(pk=lessons[1].pk).move(LessonPage.objects.get(pk=lessons[0].pk), pos="left")
    progress = learner_progress(learner, gp_course, course_structure(gp_course))
    assert progress.done_lessons == frozenset({lessons[1].pk})
    assert progress.next_step.lesson_id == lessons[0].pk


def test_finishing_the_course_completes_it_and_issues_one_certificate(client, learner, gp_course):
    client.force_login(learner)
    complete_course(client, gp_course)
    enrolment = Enrolment.objects.get(user=learner, course=gp_course)
    assert enrolment.completed_at is not None
    certificate = Certificate.objects.get(user=learner)
    assert certificate.learner_name == "Dr Ada Okafor" and certificate.cpd_hours == gp_course.cpd_hours
    lesson = lessons_of(gp_course)[0]
    client.post(lesson.url + "done/")
    assert Certificate.objects.filter(user=learner).count() == 1
    dashboard = client.get("/training/my/").content.decode()
    assert certificate.number in dashboard and "Completed on" in dashboard
    assert f'href="/training/verify/{certificate.number}/"' in dashboard  # the public verification page
    assert '<span class="certificate-number">' in dashboard  # kept on one line (training.css)


def test_cpd_hours_count_only_the_last_twelve_months(client, learner, gp_course, csc_course):
    client.force_login(learner)
    complete_course(client, gp_course)
    complete_course(client, csc_course)
    assert "3.5</span> CPD hours" in client.get("/training/my/").content.decode()
    Certificate.objects.filter(course=csc_course).update(issued_at=timezone.now() - datetime.timedelta(days=400))
    assert "1.5</span> CPD hours" in client.get("/training/my/").content.decode()


def test_dashboard_needs_sign_in(client):
    response = client.get("/training/my/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_learner_sees_only_their_own_progress(client, learner, other_learner, gp_course):
    client.force_login(learner)
    client.post(lessons_of(gp_course)[0].url + "done/")
    client.force_login(other_learner)
    client.post(gp_course.url + "start/")
    assert "0% complete" in client.get(gp_course.url).content.decode()
    assert "Done</span>" not in client.get(gp_course.url).content.decode()


def test_privacy_export_includes_training_records(client, learner, gp_course):
    from portal.accounts.privacy import export_user_data

    client.force_login(learner)
    complete_course(client, gp_course)
    data = export_user_data(learner)["training"]
    assert data["enrolments"][0]["course"] == gp_course.title
    assert len(data["lessons_done"]) == 4
    assert data["certificates"][0]["number"]
    assert data["check_attempts"][0]["passed"] is True
