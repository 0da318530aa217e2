import pytest

from tests.factories import UserFactory
from tests.module_rows import PagesByKey, rows_kept_for_the_module, shares_rows

GP_COURSE = "recognising-and-responding-to-perpetrators-gps"
CSC_COURSE = "working-with-perpetrators-childrens-social-care"
PASSWORD = "a-long-pass-phrase-9"


def make_learner(email="learner@example.org", name="Dr Ada Okafor", role="gp", organisation="Riverside Surgery"):
    return UserFactory(email=email, raw_password=PASSWORD, profile__name=name, profile__role=role,
                       profile__organisation=organisation)


def make_staff(email, group_name):
    """A member of Editors or Moderators with an authenticator, as the admin requires."""
    return UserFactory(email=email, raw_password=PASSWORD, groups=[group_name], mfa=True,
                       profile__name=email.split("@")[0].title())


@pytest.fixture
def learner(db):
    return make_learner()


@pytest.fixture
def other_learner(db):
    return make_learner("other@example.org", "Jo Smith", "childrens_social_care", "County Council")


@pytest.fixture(scope="module")
def _training_pages(request, django_db_setup, django_db_blocker):
    """The kernel's home page and the training demo only: built once for the test module when
    every database test in it asks for them, else for each test."""
    from wagtail.models import Page

    from portal.demo.content import _ensure_home
    from training.demo import load_training_demo

    def build():
        pages = {"home": _ensure_home(Page.get_first_root_node())}
        load_training_demo(pages, None)
        return {key: page.pk for key, page in pages.items()}

    if not shares_rows(request, "training_site"):
        yield build
        return
    with rows_kept_for_the_module(django_db_blocker):
        with django_db_blocker.unblock():
            ids = build()
        yield lambda: ids


@pytest.fixture
def training_site(db, _training_pages):
    """The training demo's pages by slug ("home", "training", each course's slug…)."""
    return PagesByKey(_training_pages())


@pytest.fixture
def gp_course(training_site):
    return training_site[GP_COURSE]


@pytest.fixture
def assessed(gp_course, learner):
    """The GP course's assessed module, its lessons done by the learner (its check is open)."""
    from training.models import ModulePage

    module = ModulePage.objects.child_of(gp_course).get(slug="responding-in-general-practice")
    finish_lessons(learner, module)
    return module


@pytest.fixture
def practice(gp_course):
    """The GP course's first module, with a practice check."""
    from training.models import ModulePage

    return ModulePage.objects.child_of(gp_course).get(slug="why-perpetrators-matter")


@pytest.fixture
def csc_course(training_site):
    return training_site[CSC_COURSE]


def _module_page(module):
    from training.models import ModulePage

    return module if isinstance(module, ModulePage) else ModulePage.objects.get(pk=module.id)


def correct_post(module, attempt_token, wrong=False) -> dict:
    """Form data answering every question right (or every question wrong)."""
    data = {"attempt": str(attempt_token)}
    for q in _module_page(module).check_questions():
        pick = [a.id for a in q.answers if a.correct != wrong]
        data[f"q-{q.id}"] = pick if q.allows_many or not pick else pick[:1]
    return data


def finish_lessons(user, module):
    """Record the module's lessons as done, as the learner would before its assessed check."""
    from training.models import LessonPage, LessonProgress

    course = module.course()
    for lesson in LessonPage.objects.child_of(module):
        LessonProgress.objects.get_or_create(user=user, lesson=lesson, defaults={"course": course})


def open_check(client, module):
    from training.models import Attempt

    response = client.get(module.url + "check/")
    assert response.status_code == 200
    return Attempt.objects.filter(module_id=module.id, status="open").latest("started_at")


def complete_course(client, course):
    """Mark every lesson done and pass every check, as a learner would."""
    from training.learning import course_structure

    structure = course_structure(course)
    for lesson in structure.lessons:
        assert client.post(lesson.url + "done/").status_code == 302
    for module in structure.modules:
        if module.has_check:
            attempt = open_check(client, module)
            response = client.post(module.url + "check/", correct_post(module, attempt.token))
            assert response.status_code == 302
