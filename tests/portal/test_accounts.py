"""Accounts: email sign-up with verification, roles, MFA for staff, the admin behind allauth, privacy."""

import json
import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core import mail

from portal.accounts.models import Profile

pytestmark = pytest.mark.django_db


def _verified_user(django_user_model, email="person@example.org", **extra):
    user = django_user_model.objects.create_user(email.split("@")[0], email, "a-long-password-1", **extra)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def test_groups_exist_after_migrate():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "Editors", "Moderators", "Coalition members", "Learners"
    }


def test_sign_up_needs_email_verification_then_signs_in(client, kernel_site):
    response = client.post("/accounts/signup/", {
        "email": "dr.okafor@example.org", "password1": "Surgery-hours-2026", "password2": "Surgery-hours-2026",
        "display_name": "Dr A Okafor", "role": "gp", "organisation": "Example Surgery",
    })
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    profile = Profile.objects.get(user__email="dr.okafor@example.org")
    assert (profile.role, profile.organisation, profile.display_name) == ("gp", "Example Surgery", "Dr A Okafor")
    assert profile.user.groups.filter(name="Learners").exists()
    # Not verified yet: signing in is refused until the link in the email is followed.
    client.logout()
    client.post("/accounts/login/", {"login": "dr.okafor@example.org", "password": "Surgery-hours-2026"})
    assert "_auth_user_id" not in client.session
    link = re.search(r"http://testserver(/accounts/confirm-email/[^\s]+)", mail.outbox[-1].body).group(1)
    client.post(link)
    assert EmailAddress.objects.get(email="dr.okafor@example.org").verified


def test_sign_up_errors_keep_what_was_typed(client, kernel_site):
    response = client.post("/accounts/signup/", {
        "email": "not-an-email", "password1": "short", "password2": "different", "organisation": "Kept Org",
    })
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Kept Org"' in html
    assert "not-an-email" in html


def test_admin_login_form_is_closed_in_favour_of_allauth(client, kernel_site):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    response = client.post("/admin/login/", {"username": "x", "password": "y"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert client.get("/admin/")["Location"].startswith("/accounts/login/")


def test_editors_must_enrol_mfa_before_using_the_admin(client, kernel_site, django_user_model):
    editor = _verified_user(django_user_model, "tom@example.org", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/totp/activate/")
    # The MFA set-up page stays reachable (force_login records no password sign-in, so allauth asks for it).
    final = client.get(response["Location"], follow=True)
    assert final.status_code == 200
    assert final.redirect_chain[-1][0].startswith("/accounts/reauthenticate/")


def test_editors_with_totp_reach_the_admin(client, kernel_site, django_user_model):
    from allauth.mfa.models import Authenticator

    editor = _verified_user(django_user_model, "tom@example.org", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    Authenticator.objects.create(user=editor, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200


def test_learners_are_not_asked_for_mfa(client, kernel_site, django_user_model):
    learner = _verified_user(django_user_model)
    client.force_login(learner)
    assert client.get("/accounts/overview/").status_code == 200
    assert client.get("/about/").status_code == 200


def test_failed_sign_ins_are_rate_limited(client, kernel_site, settings, django_user_model):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "3/5m/ip,3/5m/key"}
    _verified_user(django_user_model, "target@example.org")
    for _ in range(3):
        client.post("/accounts/login/", {"login": "target@example.org", "password": "wrong-password"})
    response = client.post("/accounts/login/", {"login": "target@example.org", "password": "a-long-password-1"})
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 429)
    assert "Too many failed attempts to sign in" in response.content.decode()


def test_people_can_download_their_data(client, kernel_site, django_user_model):
    user = _verified_user(django_user_model)
    Profile.objects.create(user=user, role="housing", organisation="Example Homes")
    client.force_login(user)
    response = client.get("/accounts/my-data/")
    assert response["Content-Disposition"].startswith('attachment; filename="my-portal-data-')
    data = json.loads(response.content)
    assert data["account"]["email"] == "person@example.org"
    assert data["profile"] == {"display_name": "", "role": "Housing", "organisation": "Example Homes"}
    assert data["email_addresses"] == [{"email": "person@example.org", "verified": True, "primary": True}]


def test_people_can_delete_their_account(client, kernel_site, django_user_model):
    user = _verified_user(django_user_model)
    client.force_login(user)
    response = client.post("/accounts/delete/", {"confirm": "delete"})
    assert "Type the words" in response.content.decode()
    assert django_user_model.objects.filter(pk=user.pk).exists()
    response = client.post("/accounts/delete/", {"confirm": "Delete my account"})
    assert "Your account has been deleted" in response.content.decode()
    assert not django_user_model.objects.filter(pk=user.pk).exists()
    assert not EmailAddress.objects.filter(email="person@example.org").exists()


def test_account_pages_need_sign_in(client, kernel_site):
    for path in ("/accounts/overview/", "/accounts/my-data/", "/accounts/delete/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_editors_can_promote_search_results(django_user_model):
    from portal.accounts.roles import grant_role_permissions

    grant_role_permissions()
    editor = django_user_model.objects.create_user("ed", "ed@example.org", "a-long-password-1")
    editor.groups.add(Group.objects.get(name="Editors"))
    assert editor.has_perm("wagtailsearchpromotions.add_searchpromotion")


def test_grant_gives_named_permissions_skips_missing_ones_and_is_idempotent(django_user_model):
    from portal.accounts.roles import grant

    grant({"Grant test": ("wagtailadmin.access_admin", "wagtailadmin.no_such_permission"),
           "Nothing to grant": ("nowhere.no_such_permission",)})
    group = Group.objects.get(name="Grant test")
    assert list(group.permissions.values_list("codename", flat=True)) == ["access_admin"]
    assert not Group.objects.filter(name="Nothing to grant").exists()
    grant({"Grant test": ("wagtailadmin.access_admin",)})
    assert group.permissions.count() == 1


def test_every_role_has_its_app_permissions_after_migrate():
    editors, moderators = Group.objects.get(name="Editors"), Group.objects.get(name="Moderators")

    def names(group):
        return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}

    assert {"wagtailadmin.access_admin", "coalition.change_ask", "research.add_keyfinding",
            "training.view_training_reports"} <= names(editors)
    assert "training.revoke_certificate" not in names(editors) and "research.delete_keyfinding" not in names(editors)
    assert {"training.revoke_certificate", "research.delete_keyfinding",
            "coalition.delete_milestone"} <= names(moderators)
