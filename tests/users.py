"""People for tests: staff who reach the admin have an enrolled second factor, as the portal requires."""

from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

PASSWORD = "a-long-password-for-tests-1"


def staff_user(username: str, *groups: str, superuser: bool = False):
    User = get_user_model()
    if superuser:
        user = User.objects.create_superuser(username, f"{username}@example.org", PASSWORD)
    else:
        user = User.objects.create_user(username, f"{username}@example.org", PASSWORD)
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    return user
