import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from portal.accounts.models import profile_for

GP_COURSE = "recognising-and-responding-to-perpetrators-gps"
CSC_COURSE = "working-with-perpetrators-childrens-social-care"


def make_learner(email="learner@example.org", name="Dr Ada Okafor", role="gp", organisation="Riverside Surgery"):
    user = get_user_model().objects.create_user(username=email, email=email, password="a-long-pass-phrase-9")
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    profile = profile_for(user)
    profile.display_name, profile.role, profile.organisation = name, role, organisation
    profile.save()
    return user


def make_staff(email, group_name):
    """A member of Editors or Moderators with an authenticator, as the admin requires."""
    from allauth.mfa.models import Authenticator
    from django.contrib.auth.models import Group

    user = make_learner(email, email.split("@")[0].title(), "", "")
    user.groups.add(Group.objects.get(name=group_name))
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    return user


@pytest.fixture
def learner(db):
    return make_learner()


@pytest.fixture
def other_learner(db):
    return make_learner("other@example.org", "Jo Smith", "childrens_social_care", "County Council")


@pytest.fixture
def training_site(db):
    """The kernel's home page and the training demo only: much quicker than the whole demo site."""
    from wagtail.models import Page

    from portal.demo.content import _ensure_home
    from training.demo import load_training_demo

    home = _ensure_home(Page.get_first_root_node())
    pages = {"home": home}
    load_training_demo(pages, None)
    return pages


@pytest.fixture
def gp_course(training_site):
    return training_site[GP_COURSE]


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
