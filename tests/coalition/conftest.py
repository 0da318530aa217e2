import datetime

import pytest
from django.utils import timezone

from coalition.models import MeetingPage, MemberAreaPage, MemberOrganisation, OrganisationContact
from coalition.scheduling import london_datetime
from portal.accounts import roles
from tests.factories import UserFactory


def make_user(email, *groups, superuser=False):
    """Staff (superusers, Editors, Moderators) get the authenticator the site requires of them."""
    return UserFactory(email=email, raw_password="a-long-test-password", groups=groups, superuser=superuser)


@pytest.fixture
def organisation(db):
    return MemberOrganisation.objects.create(name="Test Member Org", org_type="specialist_da",
                                             status=MemberOrganisation.Status.MEMBER)


@pytest.fixture
def member(organisation):
    user = make_user("member@example.org", roles.COALITION_MEMBERS)
    OrganisationContact.objects.create(organisation=organisation, user=user, is_lead=True)
    return user


@pytest.fixture
def non_member(db):
    return make_user("learner@example.org", roles.LEARNERS)


@pytest.fixture
def moderator(db):
    return make_user("moderator@example.org", roles.MODERATORS)


@pytest.fixture
def editor(db):
    return make_user("editor@example.org", roles.EDITORS)


@pytest.fixture
def coalition(db):
    """The coalition's pages and demo records under the default site's root page: far quicker than
    the whole demo site, which only the integration tests load."""
    from wagtail.models import Site

    from coalition.demo import load_demo

    root = Site.objects.get(is_default_site=True).root_page
    load_demo({"home": root}, stdout=None)
    return root


@pytest.fixture
def member_area(coalition):
    return MemberAreaPage.objects.get()


@pytest.fixture
def meeting(member_area):
    start = london_datetime(timezone.localdate() + datetime.timedelta(days=20), datetime.time(10))
    page = MeetingPage(title="Test coalition meeting", slug="test-meeting", start=start,
                       joining_details="Secret joining link https://meet.example.org/secret-room")
    member_area.add_child(instance=page)
    page.save_revision().publish()
    return page
