import csv
import datetime
import io

import pytest
from django.utils import timezone

from training.models import Attempt, Enrolment, ModulePage
from training.reports import build_report

from .conftest import complete_course, correct_post, finish_lessons, make_learner, make_staff, open_check

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity(client, gp_course):
    """Two GPs at one practice complete the course (one after failing); a social worker fails once."""
    gp1 = make_learner("gp1@example.org", "A", "gp", "Riverside Surgery")
    gp2 = make_learner("gp2@example.org", "B", "gp", "riverside  surgery")
    sw = make_learner("sw@example.org", "C", "childrens_social_care", "=HYPERLINK(\"x\")")
    assessed = ModulePage.objects.child_of(gp_course).get(slug="responding-in-general-practice")
    finish_lessons(gp1, assessed)  # the assessed check opens after its module's lessons
    finish_lessons(sw, assessed)
    client.force_login(gp1)
    attempt = open_check(client, assessed)
    client.post(assessed.url + "check/", correct_post(assessed, attempt.token, wrong=True))
    complete_course(client, gp_course)
    client.force_login(gp2)
    complete_course(client, gp_course)
    client.force_login(sw)
    client.get(gp_course.url)
    attempt = open_check(client, assessed)
    client.post(assessed.url + "check/", correct_post(assessed, attempt.token, wrong=True))
    return {"assessed": assessed}


@pytest.fixture
def editor(db):
    return make_staff("editor@example.org", "Editors")


def test_report_counts_per_course_audience_and_organisation(activity, gp_course):
    report = build_report()
    course = next(r for r in report.courses if r.label == gp_course.title)
    assert (course.enrolled, course.completed, course.completion_rate) == (3, 2, 67)
    # gp1: practice pass + assessed fail + assessed pass; gp2: 2 passes; sw: 1 fail
    assert (course.attempts, course.passed, course.pass_rate) == (6, 4, 67)
    gp = next(r for r in report.audiences if r.label == "GP")
    assert (gp.enrolled, gp.completed) == (2, 2)
    riverside = [r for r in report.organisations if r.label.lower() == "riverside surgery"]
    assert len(riverside) == 1 and riverside[0].enrolled == 2


def test_average_score_per_question_lowest_first(activity):
    report = build_report()
    assert report.questions[0].average <= report.questions[-1].average
    assessed_rows = [q for q in report.questions if q.check == "Responding in general practice"]
    assert len(assessed_rows) == 4
    assert all(q.answers == 4 and q.average == 50 for q in assessed_rows)


def test_date_range_filters_records(activity, gp_course):
    Enrolment.objects.update(enrolled_at=timezone.now() - datetime.timedelta(days=60), completed_at=None)
    Attempt.objects.update(submitted_at=timezone.now() - datetime.timedelta(days=60))
    today = timezone.localdate()
    report = build_report(today - datetime.timedelta(days=7), today)
    assert report.courses == [] and report.questions == []
    report = build_report(today - datetime.timedelta(days=90), today)
    assert report.courses[0].enrolled == 3


def test_admin_report_page_and_csv(client, activity, editor, gp_course):
    client.force_login(editor)
    html = client.get("/admin/training/reports/").content.decode()
    assert gp_course.title in html and "Average score per question" in html
    response = client.get("/admin/training/reports/", {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["breakdown", "group", "enrolled"]
    assert ["course", gp_course.title, "3", "2", "67", "6", "4", "67"] in rows
    organisations = [r[1] for r in rows if r and r[0] == "organisation"]
    assert "'=HYPERLINK(\"x\")" in organisations  # formulas are neutralised


def test_bad_dates_get_a_message(client, editor):
    client.force_login(editor)
    response = client.get("/admin/training/reports/", {"date_from": "2026-05-01", "date_to": "2026-01-01"})
    assert response.status_code == 400
    assert "on or before" in response.content.decode()
    response = client.get("/admin/training/reports/", {"date_from": "yesterday"})
    assert response.status_code == 400


def test_learners_cannot_see_reports(client, learner):
    client.force_login(learner)
    response = client.get("/admin/training/reports/")
    assert response.status_code in (302, 403)
    response = client.get("/admin/training/reports/", {"format": "csv"})
    assert not response.get("Content-Type", "").startswith("text/csv")
