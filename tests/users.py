"""People for tests: staff who reach the admin have an enrolled second factor, as the portal requires
(made by ``tests.factories.UserFactory``, the one way tests make people)."""

from tests.factories import PASSWORD, UserFactory

__all__ = ["PASSWORD", "staff_user"]


def staff_user(username: str, *groups: str, superuser: bool = False):
    return UserFactory(username=username, email=f"{username}@example.org", groups=groups, superuser=superuser,
                       mfa=True, verified=False)
