# Run with `manage.py shell -c` against the stack's database: the coalition's pages, people with a
# signed-in session each, and every kind of private thing the leakage suite fetches. Prints JSON.
import datetime
import io
import json
from importlib import import_module

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images import get_image_model
from wagtail.models import Collection, ReferenceIndex, Site

from coalition.demo import PAPERS_COLLECTION, load_demo
from coalition.models import (
    ActionItem,
    AgendaItem,
    CalendarToken,
    MeetingPage,
    MemberAreaPage,
    MemberOrganisation,
    OrganisationContact,
)
from portal.accounts import roles

PASSWORD = "a-long-password-for-the-stack-1"
User = get_user_model()
root = Site.objects.get(is_default_site=True).root_page
load_demo({"home": root}, stdout=None)
area = MemberAreaPage.objects.get()
past, upcoming = (MeetingPage.objects.live().child_of(area).order_by("start")[i] for i in (0, 1))
organisation = MemberOrganisation.objects.filter(status=MemberOrganisation.Status.MEMBER).first()


def person(email, *groups, staff=False):
    user = User.objects.create_user(username=email, email=email, password=PASSWORD)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    for name in groups:
        user.groups.add(Group.objects.get_or_create(name=name)[0])
    if staff:
        Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    return user


def session_for(user):
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return store.session_key


member = person("stack-member@example.org", roles.COALITION_MEMBERS)
OrganisationContact.objects.create(organisation=organisation, user=member, is_lead=False)
people = {
    "non_member": person("stack-learner@example.org", roles.LEARNERS),
    "member": member,
    "moderator": person("stack-moderator@example.org", roles.MODERATORS, staff=True),
}
for name in ("alice", "bob", "carol", "dave"):  # sign-in limits
    person(f"{name}@example.org", roles.LEARNERS)

papers = Collection.objects.get(name=PAPERS_COLLECTION)
private_paper = Document.objects.create(title="Funding paper", collection=papers,
                                        file=ContentFile(b"members-only paper", name="funding-paper.txt"))
root_paper = Document.objects.create(title="Housing paper", file=ContentFile(b"left in root", name="housing.txt"))
loose_paper = Document.objects.create(title="Loose paper", collection=papers,
                                      file=ContentFile(b"loose paper", name="loose.txt"))
public_doc = Document.objects.create(title="Annual report", file=ContentFile(b"public report", name="report.txt"))
AgendaItem.objects.create(page=past, title="Funding", paper=private_paper, sort_order=90)
AgendaItem.objects.create(page=upcoming, title="Housing", paper=root_paper, sort_order=90)
for meeting in (past, upcoming):
    ReferenceIndex.create_or_update_for_object(meeting)

draft = MeetingPage(title="Unpublished meeting", slug="meeting-2030-01-08", live=False,
                    start=timezone.now() + datetime.timedelta(days=400))
area.add_child(instance=draft)
published_action = ActionItem.objects.create(meeting=past, description="Published action",
                                             owner_organisation=organisation)
draft_action = ActionItem.objects.create(meeting=draft, description="Draft action", owner_organisation=organisation)

buffer = io.BytesIO()
PILImage.new("RGB", (40, 30), "teal").save(buffer, "PNG")
image = get_image_model().objects.create(title="Meeting photo", file=ContentFile(buffer.getvalue(), name="photo.png"))
rendition = image.get_rendition("width-20")

print(json.dumps({
    "sessions": {role: session_for(user) for role, user in people.items()},
    "member_area": area.url, "past_meeting": past.url, "upcoming_meeting": upcoming.url, "draft_meeting": draft.url,
    "meeting_pk": past.pk, "published_action": published_action.pk, "draft_action": draft_action.pk,
    "calendar_token": CalendarToken.objects.get_or_create(user=member)[0].token,
    "private_paper": private_paper.url, "root_paper": root_paper.url, "loose_paper": loose_paper.url,
    "public_doc": public_doc.url, "paper_file": private_paper.file.name, "root_paper_file": root_paper.file.name,
    "rendition": rendition.url, "original_image": image.file.url, "password": PASSWORD,
}))
