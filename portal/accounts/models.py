from django.conf import settings
from django.db import models


class Profile(models.Model):
    """What a person tells us about their work: used for training reports, never shown publicly."""

    class Role(models.TextChoices):
        GP = "gp", "GP"
        HEALTH = "health", "Other health professional"
        CHILDRENS_SOCIAL_CARE = "childrens_social_care", "Children's social care"
        ADULT_SOCIAL_CARE = "adult_social_care", "Adult social care"
        POLICE = "police", "Police"
        PROBATION = "probation", "Probation"
        HOUSING = "housing", "Housing"
        SUBSTANCE_MISUSE = "substance_misuse", "Substance misuse"
        MENTAL_HEALTH = "mental_health", "Mental health"
        VOLUNTARY_SECTOR = "voluntary_sector", "Voluntary sector / domestic abuse service"
        OTHER = "other", "Other"

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    display_name = models.CharField(
        max_length=150, blank=True, help_text="Your name as it should appear on certificates."
    )
    role = models.CharField(max_length=40, choices=Role.choices, blank=True)
    organisation = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.display_name or self.user.get_username()


def profile_for(user) -> Profile:
    profile, _ = Profile.objects.get_or_create(user=user)
    return profile
