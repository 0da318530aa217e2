import pytest
from wagtail.models import Page

from training.models import CoursePage, Enrolment, LessonPage, ModulePage, TrainingIndexPage

pytestmark = pytest.mark.django_db


def test_page_hierarchy_is_enforced(training_site):
    assert TrainingIndexPage.allowed_subpage_models() == [CoursePage]
    assert CoursePage.allowed_subpage_models() == [ModulePage]
    assert ModulePage.allowed_subpage_models() == [LessonPage]
    assert LessonPage.allowed_subpage_models() == []
    assert training_site["training"].url == "/training/"


def test_demo_courses_have_two_modules_three_lessons_and_a_check(gp_course, csc_course):
    for course in (gp_course, csc_course):
        modules = ModulePage.objects.child_of(course).live()
        assert modules.count() >= 2
        assert LessonPage.objects.descendant_of(course).live().count() >= 3
        assert any(m.has_check and len(m.questions) for m in modules)
    assert gp_course.title == "Recognising and responding to perpetrators: for GPs"


def test_demo_loader_is_idempotent(training_site):
    from training.demo import load_training_demo

    before = Page.objects.count()
    load_training_demo(dict(training_site), None)
    assert Page.objects.count() == before


def test_index_filters_by_audience_and_level(client, gp_course, csc_course):
    page = client.get("/training/?audience=gp").content.decode()
    assert gp_course.title in page and "whole-family safeguarding" not in page
    page = client.get("/training/?audience=childrens_social_care&level=practitioner").content.decode()
    assert "whole-family safeguarding" in page and gp_course.title not in page
    page = client.get("/training/?audience=police").content.decode()
    assert "No courses match" in page


def test_index_reports_bad_filter_values_instead_of_failing(client, gp_course):
    response = client.get("/training/?audience=<script>&level=expert")
    assert response.status_code == 200
    text = response.content.decode()
    assert "There is a problem" in text and "<script>" not in text
    assert gp_course.title in text  # the unfiltered list is still shown


def test_anonymous_visitors_read_the_overview_and_previews_only(client, gp_course):
    response = client.get(gp_course.url)
    assert response.status_code == 200
    assert "Sign in" in response.content.decode()
    assert not Enrolment.objects.exists()
    preview = LessonPage.objects.descendant_of(gp_course).get(slug="why-doesnt-he-stop")
    locked = LessonPage.objects.descendant_of(gp_course).get(slug="the-drive-model")
    assert "Fewer than 1%" in client.get(preview.url).content.decode()
    text = client.get(locked.url).content.decode()
    assert "for signed-in learners" in text and "2,590" not in text


def test_opening_pages_never_enrols_and_starting_is_a_choice(client, learner, gp_course, csc_course):
    """Dr Okafor looks at a course, a lesson and another course's check: still enrolled on nothing."""
    client.force_login(learner)
    first = client.get(gp_course.url).content.decode()
    lesson = LessonPage.objects.descendant_of(gp_course).order_by("path").first()
    client.get(lesson.url)
    other_module = ModulePage.objects.child_of(csc_course).filter(check_mode="assessed").first()
    client.get(other_module.url + "check/")
    assert not Enrolment.objects.filter(user=learner).exists()
    assert "Start this course" in first and f'action="{gp_course.url}start/"' in first
    assert client.get("/training/my/").content.decode().count("Resume ") == 0

    response = client.post(gp_course.url + "start/")
    assert response.status_code == 302 and response["Location"] == lesson.url
    client.post(gp_course.url + "start/")  # twice is harmless
    assert Enrolment.objects.filter(user=learner, course=gp_course).count() == 1
    after = client.get(gp_course.url).content.decode()
    assert "Start this course" not in after and "Go to the first lesson" in after
    assert client.get(gp_course.url + "start/").status_code == 302  # a link never enrols


def test_lesson_has_a_print_stylesheet(client, learner, gp_course):
    client.force_login(learner)
    lesson = LessonPage.objects.descendant_of(gp_course).first()
    text = client.get(lesson.url).content.decode()
    assert "training/training.css" in text
    from django.contrib.staticfiles import finders

    assert "@media print" in open(finders.find("training/training.css")).read()


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_course_page_queries_do_not_grow_with_lessons(client, learner, gp_course, django_assert_max_num_queries):
    client.force_login(learner)
    client.post(gp_course.url + "start/")
    client.get(gp_course.url)
    with django_assert_max_num_queries(26):
        assert client.get(gp_course.url).status_code == 200
    before = _queries(client, gp_course.url)
    module = ModulePage.objects.child_of(gp_course).first()
    for i in range(12):
        lesson = module.add_child(instance=LessonPage(title=f"Extra {i}", slug=f"extra-{i}", body=[]))
        client.post(lesson.url + "done/")
    assert _queries(client, gp_course.url) == before


def test_lesson_page_queries_do_not_grow_with_progress(client, learner, gp_course, django_assert_max_num_queries):
    client.force_login(learner)
    lessons = list(LessonPage.objects.descendant_of(gp_course).order_by("path"))
    for lesson in lessons[:3]:
        client.post(lesson.url + "done/")
    client.get(lessons[1].url)
    with django_assert_max_num_queries(28):
        assert client.get(lessons[1].url).status_code == 200
    before = _queries(client, lessons[1].url)
    module = ModulePage.objects.child_of(gp_course).first()
    for i in range(12):
        lesson = module.add_child(instance=LessonPage(title=f"Extra {i}", slug=f"extra-{i}", body=[]))
        client.post(lesson.url + "done/")
    assert _queries(client, lessons[1].url) == before


def test_first_enrolment_asks_for_role_and_organisation_when_missing(client, gp_course):
    from .conftest import make_learner

    unknown = make_learner("new@example.org", "New", "", "")
    client.force_login(unknown)
    assert "tell us your role and organisation" not in client.get(gp_course.url).content.decode()
    client.post(gp_course.url + "start/")
    assert "tell us your role and organisation" in client.get(gp_course.url).content.decode()


def test_referral_link_searches_near_the_organisation_postcode(client, gp_course):
    from .conftest import make_learner

    client.force_login(make_learner("gp@example.org", "Dr Ada Okafor", "gp", "Riverside Surgery, cf10 1ep"))
    html = client.get(gp_course.url).content.decode()
    assert 'href="/find-a-service/?location=CF10+1EP&amp;refer=professional"' in html
    assert "Find perpetrator services near CF10 1EP" in html
    client.force_login(make_learner("nopostcode@example.org", "Jo", "gp", "Riverside Surgery"))
    html = client.get(gp_course.url).content.decode()
    assert 'href="/find-a-service/?refer=professional"' in html and "near you" in html


def test_question_blocks_validate_right_answers():
    from wagtail.blocks import StructBlockValidationError

    from training.blocks import QuestionBlock

    block = QuestionBlock()

    def value(kind, *answers):
        return block.to_python({"kind": kind, "text": "Q?", "answers": [
            {"text": t, "correct": c, "feedback": ""} for t, c in answers]})

    block.clean(value("single", ("Marac", True), ("Court", False)))
    block.clean(value("multiple", ("MATAC", True), ("DAPP", True), ("Idva", False)))
    for bad in (value("single", ("A", True), ("B", True)), value("single", ("A", False), ("B", False)),
                value("multiple", ("A", False), ("B", False)),
                value("true_false", ("True", True), ("False", False), ("Maybe", False))):
        with pytest.raises(StructBlockValidationError):
            block.clean(bad)


def test_a_module_with_a_check_needs_questions(gp_course):
    from django.core.exceptions import ValidationError

    module = ModulePage(title="Empty", slug="empty", check_mode="assessed")
    with pytest.raises(ValidationError):
        module.clean()


def test_unpublished_lessons_and_unknown_paths_are_not_found(client, learner, gp_course):
    client.force_login(learner)
    lesson = LessonPage.objects.descendant_of(gp_course).first()
    url = lesson.url
    lesson.unpublish()
    assert client.get(url).status_code == 404
    assert client.get(gp_course.url + "no-such-module/no-such-lesson/").status_code == 404
