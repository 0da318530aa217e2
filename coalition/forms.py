from django import forms

from portal.sanitise import sanitise_html, sanitise_single_line, sanitise_text
from portal.submissions import HoneypotMixin

from .models import ActionItem, Ask, MembershipApplication, OrganisationType, Region

STATEMENT_MAX = 2000


class ApplicationForm(HoneypotMixin, forms.ModelForm):
    """'Join the coalition'. Text is cleaned with the shared policy; the statement keeps safe HTML."""

    regions = forms.ModelMultipleChoiceField(
        queryset=Region.objects.all(), widget=forms.CheckboxSelectMultiple,
        label="Nations and regions you work in",
        error_messages={"required": "Select at least one nation or region"},
    )
    asks = forms.ModelMultipleChoiceField(
        queryset=Ask.objects.filter(parent__isnull=True), widget=forms.CheckboxSelectMultiple, required=False,
        label="Which asks of the Call to Action does your organisation endorse?",
    )
    statement = forms.CharField(
        label="Why does your organisation want to join?", widget=forms.Textarea(attrs={"rows": 6}),
        max_length=STATEMENT_MAX, required=False,
        help_text=f"Up to {STATEMENT_MAX} characters.",
        error_messages={"max_length": f"Statement must be {STATEMENT_MAX} characters or fewer"},
    )
    confirm = forms.BooleanField(
        label="I confirm I may apply on behalf of this organisation, and that its name, type, regions, "
        "website and description may be shown in the public member directory",
        error_messages={"required": "Confirm you may apply for your organisation"},
    )
    class Meta:
        model = MembershipApplication
        fields = ["organisation_name", "org_type", "regions", "website", "description", "contact_name",
                  "contact_email", "contact_role", "asks", "statement"]
        labels = {
            "organisation_name": "Organisation name",
            "org_type": "Type of organisation",
            "website": "Website",
            "description": "Describe your organisation for the public member directory",
            "contact_name": "Your full name",
            "contact_email": "Your work email address",
            "contact_role": "Your job title",
        }
        help_texts = {
            "website": "For example, https://www.example.org",
            "contact_email": "We will send the invitation to join the member area to this address.",
            "description": "Up to 1,000 characters.",
        }
        error_messages = {
            "organisation_name": {"required": "Enter your organisation's name"},
            "org_type": {"required": "Select the type of organisation",
                         "invalid_choice": "Select the type of organisation"},
            "website": {"invalid": "Enter a website address in the correct format, like https://www.example.org"},
            "contact_name": {"required": "Enter your full name"},
            "contact_email": {"required": "Enter your email address",
                              "invalid": "Enter an email address in the correct format, like name@example.org"},
            "description": {"max_length": "Description must be 1,000 characters or fewer"},
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 4}), "org_type": forms.Select}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_type"].choices = [("", "Select a type")] + list(OrganisationType.choices)
        self.fields["contact_email"].widget.attrs["autocomplete"] = "email"
        self.fields["contact_name"].widget.attrs["autocomplete"] = "name"
        self.fields["organisation_name"].widget.attrs["autocomplete"] = "organization"

    # Names and the job title go into emails (the invitation's subject names the organisation):
    # one line each, no control characters.
    def clean_organisation_name(self):
        value = sanitise_single_line(self.cleaned_data["organisation_name"])
        if not value:
            raise forms.ValidationError("Enter your organisation's name")
        return value

    def clean_contact_name(self):
        value = sanitise_single_line(self.cleaned_data["contact_name"])
        if not value:
            raise forms.ValidationError("Enter your full name")
        return value

    def clean_contact_role(self):
        return sanitise_single_line(self.cleaned_data.get("contact_role"))

    def clean_description(self):
        return sanitise_text(self.cleaned_data.get("description"))

    def clean_statement(self):
        return sanitise_html(self.cleaned_data.get("statement"))

    def clean_website(self):
        value = self.cleaned_data.get("website", "")
        if value and not value.lower().startswith(("https://", "http://")):
            raise forms.ValidationError("Enter a website address starting with https://")
        return value


class DecisionForm(forms.Form):
    DECISIONS = [("approve", "Approve"), ("reject", "Reject"), ("more_info", "Ask for more information")]

    decision = forms.ChoiceField(choices=DECISIONS, widget=forms.RadioSelect)
    note = forms.CharField(
        label="Reason or question", widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=2000,
        help_text="Required when rejecting (the reason is emailed to the applicant) or asking for more "
        "information (the question is emailed).",
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") in ("reject", "more_info") and not (data.get("note") or "").strip():
            self.add_error("note", "Give the reason or the question for the applicant")
        return data


class RSVPForm(forms.Form):
    response = forms.ChoiceField(choices=[("attending", "Attending"), ("apologies", "Apologies")])


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(choices=ActionItem.Status.choices, label="Status")


class EndorsementForm(forms.Form):
    organisation = forms.IntegerField()
    ask = forms.IntegerField()
    action = forms.ChoiceField(choices=[("endorse", "Endorse"), ("withdraw", "Withdraw")])
