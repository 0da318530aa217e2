"""The extra sign-up questions (allauth's ACCOUNT_SIGNUP_FORM_CLASS, the base of its sign-up form).

Kept apart from `forms.py`, which subclasses allauth's forms: allauth imports this module while
building its own.
"""

from django import forms

from portal.sanitise import validate_single_line

from .models import Profile, profile_for


class ProfileSignupForm(forms.Form):
    """Extra sign-up questions; allauth calls `signup()` once the account exists."""

    display_name = forms.CharField(
        label="Your name", max_length=150, required=False, validators=[validate_single_line],
        help_text="What we call you, and the name on your training certificates.",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    role = forms.ChoiceField(
        label="Your role", choices=[("", "Prefer not to say")] + Profile.Role.choices, required=False
    )
    organisation = forms.CharField(
        label="Your organisation", max_length=200, required=False, validators=[validate_single_line],
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )

    def signup(self, request, user):
        profile = profile_for(user)
        profile.display_name = self.cleaned_data.get("display_name", "")
        profile.role = self.cleaned_data.get("role", "")
        profile.organisation = self.cleaned_data.get("organisation", "")
        profile.save()
