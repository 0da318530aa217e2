import pytest
from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed
from django.contrib.auth import get_user_model
from django.core import mail

from coalition import membership
from coalition.models import (
    ApplicationDecision,
    Ask,
    Endorsement,
    Invitation,
    MemberOrganisation,
    MembershipApplication,
    OrganisationContact,
    Region,
)
from portal.accounts import roles
from portal.accounts.roles import in_group

from .conftest import make_user


@pytest.fixture
def application(coalition):
    app = MembershipApplication.objects.create(
        organisation_name="Harbourtown Women's Aid", org_type="specialist_da", contact_name="Amira Example",
        contact_email="amira@example.org", website="https://harbourtown.example.org",
        statement="<p>We back it.</p>",
    )
    app.regions.set(Region.objects.filter(code="wales"))
    app.asks.set(Ask.objects.filter(parent__isnull=True)[:2])
    return app


def review_url(app):
    return f"/admin/coalition/applications/{app.pk}/"


@pytest.mark.django_db
def test_only_moderators_reach_the_review_screens(client, application, member, non_member, editor, moderator):
    assert client.get("/admin/coalition/applications/").status_code == 302  # to sign in
    for user in (member, non_member, editor):
        client.force_login(user)
        response = client.get(review_url(application))
        assert response.status_code in (302, 403), user.email
        assert b"Amira" not in response.content
    client.force_login(moderator)
    listing = client.get("/admin/coalition/applications/")
    assert listing.status_code == 200 and b"Harbourtown" in listing.content
    assert client.get(review_url(application)).status_code == 200


@pytest.mark.django_db
def test_approval_creates_the_organisation_invites_the_contact_and_logs_it(client, application, moderator,
                                                                        django_capture_on_commit_callbacks):
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(review_url(application), {"decision": "approve", "note": "Welcome"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.APPROVED
    org = application.organisation
    assert org.status == MemberOrganisation.Status.MEMBER and org.joined is not None
    assert list(org.regions.values_list("code", flat=True)) == ["wales"]
    assert Endorsement.objects.filter(organisation=org).count() == 2
    decision = ApplicationDecision.objects.get(application=application)
    assert decision.kind == "approved" and decision.decided_by == moderator and decision.note == "Welcome"
    invitation = Invitation.objects.get(organisation=org)
    assert invitation.email == "amira@example.org"
    assert len(mail.outbox) == 1 and f"/coalition/invitation/{invitation.token}/" in mail.outbox[0].body
    # A second decision on the same application is refused.
    client.post(review_url(application), {"decision": "reject", "note": "No"})
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.APPROVED
    assert ApplicationDecision.objects.filter(application=application).count() == 1


@pytest.mark.django_db
def test_rejection_needs_a_reason_which_is_emailed_and_logged(client, application, moderator,
                                                             django_capture_on_commit_callbacks):
    client.force_login(moderator)
    response = client.post(review_url(application), {"decision": "reject", "note": ""})
    assert response.status_code == 200 and b"Give the reason" in response.content
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        client.post(review_url(application), {"decision": "reject", "note": "Outside the coalition's remit"})
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.REJECTED
    assert not MemberOrganisation.objects.filter(name=application.organisation_name).exists()
    assert "Outside the coalition's remit" in mail.outbox[0].body
    assert ApplicationDecision.objects.get(application=application).kind == "rejected"


@pytest.mark.django_db
def test_asking_for_more_information_lets_the_applicant_update_the_application(
        client, application, moderator, django_capture_on_commit_callbacks):
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(review_url(application), {"decision": "more_info", "note": "Which areas do you cover?"})
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.MORE_INFO
    link = f"/coalition/join/application/{application.token}/"
    assert link in mail.outbox[0].body and "Which areas do you cover?" in mail.outbox[0].body
    client.logout()
    page = client.get(link)
    assert page.status_code == 200 and b"Which areas do you cover?" in page.content
    assert b"Harbourtown" in page.content  # the form is filled in with what they sent
    data = {
        "organisation_name": "Harbourtown Women's Aid", "org_type": "specialist_da",
        "regions": [r.pk for r in Region.objects.filter(code__in=["wales", "south-west"])],
        "contact_name": "Amira Example", "contact_email": "amira@example.org", "confirm": "on",
        "statement": "We cover Wales and the South West.",
    }
    assert client.post(link, data).status_code == 302
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.PENDING
    assert application.regions.count() == 2
    assert [d.kind for d in application.decisions.all()] == ["more_info", "resubmitted"]
    # Once decided, the link no longer accepts changes.
    membership.reject(application, moderator, "Duplicate")
    assert client.get(link).status_code == 410


@pytest.mark.django_db
def test_confirming_the_invited_email_makes_the_person_a_member(application, moderator):
    invitation = membership.approve(application, moderator)
    User = get_user_model()
    user = User.objects.create_user(username="amira", email="amira@example.org", password="x" * 12)
    address = EmailAddress.objects.create(user=user, email="amira@example.org", verified=True, primary=True)
    assert not in_group(user, roles.COALITION_MEMBERS)
    email_confirmed.send(sender=EmailAddress, request=None, email_address=address)
    assert in_group(user, roles.COALITION_MEMBERS)
    contact = OrganisationContact.objects.get(user=user)
    assert contact.organisation == invitation.organisation and contact.is_lead
    invitation.refresh_from_db()
    assert invitation.accepted_by == user


@pytest.mark.django_db
def test_an_existing_account_accepts_the_invitation_only_with_the_invited_address(client, application, moderator):
    invitation = membership.approve(application, moderator)
    url = f"/coalition/invitation/{invitation.token}/"
    assert b"Create an account" in client.get(url).content
    other = make_user("someone.else@example.org")
    client.force_login(other)
    client.post(url)
    assert not in_group(other, roles.COALITION_MEMBERS)
    amira = make_user("amira@example.org")
    client.force_login(amira)
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == "/coalition/member-area/"
    assert in_group(amira, roles.COALITION_MEMBERS)


@pytest.mark.django_db
def test_lapsed_organisations_lose_member_access(member, organisation):
    assert in_group(member, roles.COALITION_MEMBERS)
    organisation.status = MemberOrganisation.Status.LAPSED
    organisation.save()
    assert not in_group(member, roles.COALITION_MEMBERS)


@pytest.mark.django_db
def test_unknown_tokens_are_not_found(client, coalition):
    assert client.get("/coalition/invitation/nope/").status_code == 404
    assert client.get("/coalition/join/application/nope/").status_code == 404


@pytest.mark.django_db
def test_the_application_list_shows_the_current_state_and_counts(client, application, moderator):
    MembershipApplication.objects.create(organisation_name="Approved Org", org_type="specialist_da",
                                         contact_name="A", contact_email="a@example.org",
                                         status=MembershipApplication.Status.APPROVED)
    client.force_login(moderator)
    html = client.get("/admin/coalition/applications/").content.decode()
    assert "Showing: Open applications (1)" in html
    assert 'class="button button-small" href="?status=open" aria-current="page">Open (1)</a>' in html
    assert 'class="button button-small button-secondary" href="?status=approved">Approved (1)</a>' in html
    assert "Waiting for review</span>" in html and "Approved Org" not in html
    html = client.get("/admin/coalition/applications/?status=all").content.decode()
    assert "Showing: All applications (2)" in html and "Approved Org" in html
    assert "/static/portal/css/admin.css" in html  # the filters are styled as buttons


@pytest.mark.django_db
def test_a_long_application_list_pages_with_the_admins_own_navigation(client, application, moderator):
    MembershipApplication.objects.bulk_create(
        MembershipApplication(organisation_name=f"Waiting Org {i:02d}", org_type="specialist_da",
                              contact_name="A", contact_email=f"w{i}@example.org") for i in range(60))
    client.force_login(moderator)
    html = client.get("/admin/coalition/applications/?status=open").content.decode()
    assert "Page 1 of 2" in html
    assert 'href="?status=open&amp;p=2"' in html  # the filter is kept on the next page
    second = client.get("/admin/coalition/applications/?status=open&p=2").content.decode()
    assert "Page 2 of 2" in second and "Showing: Open applications (61)" in second


@pytest.mark.django_db
def test_a_decision_left_out_is_shown_beside_its_field(client, application, moderator):
    client.force_login(moderator)
    response = client.post(review_url(application), {"note": "Looks fine"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("This field is required.") == 1  # once, at the field, not also in a summary
    assert 'class="w-field__errors"' in html
    application.refresh_from_db()
    assert application.is_open
