"""The account forms, in the portal's words.

allauth's own forms do the work (authentication, rate limits, enumeration prevention); these
subclasses only give every field a plain label, a hint where one helps, the right autocomplete
token and no placeholder (placeholders disappear as you type and are not labels). The password
rules are the validators in settings (`AUTH_PASSWORD_VALIDATORS`).
"""

import time

from allauth.account import forms as account_forms
from allauth.mfa.base import forms as mfa_base_forms
from allauth.mfa.totp import forms as totp_forms
from django import forms

from portal.sanitise import validate_single_line

from . import enumeration
from .models import Profile
from .passwords import PASSWORD_HINT, PASSWORD_MAX_LENGTH

# "This field is required." names no field: each empty field says what to do instead.
REQUIRED = {
    "email": "Enter your email address",
    "login": "Enter your email address",
    "password": "Enter your password",
    "oldpassword": "Enter your current password",
    "password1": "Enter a password",
    "password2": "Type the password again",
    "code": "Enter the code from your authenticator app",
}


def _relabel(form, labels: dict[str, str], hints: dict[str, str] | None = None) -> None:
    hints = hints or {}
    for name, field in form.fields.items():
        if name in labels:
            field.label = labels[name]
        if name in REQUIRED:
            field.error_messages["required"] = REQUIRED[name]
        field.help_text = hints.get(name, "")
        field.widget.attrs.pop("placeholder", None)
        if isinstance(field.widget, forms.PasswordInput):
            field.widget.attrs["maxlength"] = str(PASSWORD_MAX_LENGTH)
            field.widget.attrs.setdefault("spellcheck", "false")


class SignupForm(account_forms.SignupForm):
    field_order = ["display_name", "email", "password1", "password2", "role", "organisation"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        keep = {"display_name": self.fields["display_name"].help_text}
        _relabel(
            self,
            {"email": "Email address", "password1": "Create a password", "password2": "Type the password again"},
            {**keep,
             "email": "We will send a link to this address to confirm it is yours.",
             "password1": PASSWORD_HINT},
        )

    def try_save(self, request):
        """An address that already has an account gets the same answer, after the same work, as a
        new one (see `enumeration`): nobody can tell from the page or its timing which it was."""
        started = time.perf_counter()
        if self.account_already_exists:
            enumeration.equalise_existing_signup(self, started)
            return super().try_save(request)
        result = super().try_save(request)
        enumeration.record_new_signup(time.perf_counter() - started)
        return result


class LoginForm(account_forms.LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _relabel(self, {"login": "Email address", "password": "Password",
                        "remember": "Keep me signed in on this device"},
                 {"remember": "Only on a device nobody else uses. Otherwise you are signed out when "
                              "you close the browser."})
        self.fields["login"].widget.attrs["autocomplete"] = "email"

    def credential_fields(self):
        """The fields shown with the shared field template; the "keep me signed in" box is drawn
        as a checkbox by the sign-in page itself."""
        return _FieldSubset(self, exclude={"remember"})


class _FieldSubset:
    """Looks like a form to the shared field template, with some fields left out."""

    def __init__(self, form, exclude):
        self.form, self.exclude = form, exclude

    def visible_fields(self):
        return [f for f in self.form.visible_fields() if f.name not in self.exclude]

    def hidden_fields(self):
        return self.form.hidden_fields()

    @property
    def errors(self):
        return self.form.errors

    def non_field_errors(self):
        return self.form.non_field_errors()

    def __iter__(self):
        return iter(self.visible_fields())


class ResetPasswordForm(account_forms.ResetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _relabel(self, {"email": "Email address"},
                 {"email": "The address you used to create your account."})


class ResetPasswordKeyForm(account_forms.ResetPasswordKeyForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _relabel(self, {"password1": "New password", "password2": "Type the new password again"},
                 {"password1": PASSWORD_HINT})


class ChangePasswordForm(account_forms.ChangePasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _relabel(self, {"oldpassword": "Current password", "password1": "New password",
                        "password2": "Type the new password again"},
                 {"password1": PASSWORD_HINT})


class SetPasswordForm(account_forms.SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _relabel(self, {"password1": "Create a password", "password2": "Type the password again"},
                 {"password1": PASSWORD_HINT})


class AddEmailForm(account_forms.AddEmailForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _relabel(self, {"email": "Email address"},
                 {"email": "We will send a link to this address to confirm it is yours."})


class ReauthenticateForm(account_forms.ReauthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _relabel(self, {"password": "Password"})


class _CodeLabels:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _relabel(self, {"code": "Code from your authenticator app"},
                 {"code": "The 6-digit code the app shows now, or one of your recovery codes."})
        self.fields["code"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "one-time-code"})


class MFAAuthenticateForm(_CodeLabels, mfa_base_forms.AuthenticateForm):
    pass


class MFAReauthenticateForm(_CodeLabels, mfa_base_forms.ReauthenticateForm):
    pass


class ActivateTOTPForm(totp_forms.ActivateTOTPForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _relabel(self, {"code": "Code from your authenticator app"},
                 {"code": "Enter the 6-digit code the app shows for the Drive Partnership portal."})
        self.fields["code"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "one-time-code"})


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Profile
        fields = ["display_name", "role", "organisation"]
        labels = {"display_name": "Your name", "role": "Your role", "organisation": "Your organisation"}
        help_texts = {"display_name": "What we call you, and the name on your training certificates."}

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
