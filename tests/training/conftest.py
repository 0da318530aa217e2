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
