from django import forms

from portal.sanitise import validate_single_line

from .models import Profile, profile_for


class ProfileSignupForm(forms.Form):
    """Extra sign-up questions; allauth calls `signup()` once the account exists."""

    # One line each: the name appears on certificates and in emails.
    display_name = forms.CharField(
        label="Your name", max_length=150, required=False, validators=[validate_single_line],
        help_text="As it should appear on training certificates.",
    )
    role = forms.ChoiceField(
        label="Your role", choices=[("", "Prefer not to say")] + Profile.Role.choices, required=False
    )
    organisation = forms.CharField(label="Your organisation", max_length=200, required=False,
                                   validators=[validate_single_line])

    def signup(self, request, user):
        profile = profile_for(user)
        profile.display_name = self.cleaned_data.get("display_name", "")
        profile.role = self.cleaned_data.get("role", "")
        profile.organisation = self.cleaned_data.get("organisation", "")
        profile.save()


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Profile
        fields = ["display_name", "role", "organisation"]
        labels = {"display_name": "Your name", "role": "Your role", "organisation": "Your organisation"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("display_name", "organisation"):
            self.fields[name].validators.append(validate_single_line)


class DeleteAccountForm(forms.Form):
    confirm = forms.CharField(
        label='Type "delete my account" to confirm',
        max_length=40,
    )

    def clean_confirm(self):
        value = self.cleaned_data["confirm"].strip().lower()
        if value != "delete my account":
            raise forms.ValidationError('Type the words "delete my account" exactly to confirm.')
        return value
