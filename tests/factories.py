"""The one way tests make people: ``UserFactory`` (factory-boy).

Everyone has a verified primary email address (allauth lets nobody in without one). ``groups``
adds roles by group name; ``mfa`` enrols an authenticator, which the portal requires of staff
before they reach the admin, and is on by default for superusers, Editors and Moderators;
``profile__name``, ``profile__role`` and ``profile__organisation`` fill the profile people are
called by; ``raw_password`` is the password they sign in with.
"""

from __future__ import annotations

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from portal.accounts import roles
from portal.accounts.models import profile_for

PASSWORD = "a-long-password-for-tests-1"
STAFF_GROUPS = {roles.EDITORS, roles.MODERATORS}


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    class Params:
        superuser = factory.Trait(is_superuser=True, is_staff=True)
        raw_password = PASSWORD

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    username = factory.SelfAttribute("email")
    password = factory.LazyAttribute(lambda user: make_password(user.raw_password))

    @factory.post_generation
    def verified(user, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)

    @factory.post_generation
    def groups(user, create, extracted, **kwargs):
        for name in extracted or ():
            user.groups.add(Group.objects.get_or_create(name=name)[0])

    @factory.post_generation
    def mfa(user, create, extracted, **kwargs):
        staff = user.is_superuser or bool(set(user.groups.values_list("name", flat=True)) & STAFF_GROUPS)
        if create and (extracted if extracted is not None else staff):
            Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})

    @factory.post_generation
    def profile(user, create, extracted, name: str = "", role: str = "", organisation: str = "", **kwargs):
        if create and (name or role or organisation):
            profile = profile_for(user)
            profile.display_name, profile.role, profile.organisation = name, role, organisation
            profile.save()
