"""What the site calls a person: the name they gave, never a generated username."""
from portal.accounts.models import Profile


def display_name(user) -> str:
    """The name from the person's profile, else their full name, else their email address."""

    if user is None or not getattr(user, "pk", None):
        return ""
    profile = Profile.objects.filter(user=user).only("display_name").first()
    return (profile.display_name if profile else "") or user.get_full_name() or user.email
