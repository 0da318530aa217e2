"""The 'Have your say' form. Everything typed here is untrusted: it is sanitised to plain text."""

from django import forms

from portal.sanitise import sanitise_single_line, sanitise_text
from portal.submissions import HoneypotMixin

CONSENT_TEXT = (
    "I agree that the Drive Partnership may keep what I have written and use it, without my name or "
    "anything that could identify me, to shape its work on this issue. I understand I can ask for it "
    "to be deleted."
)

PERSPECTIVES = [
    ("", "Prefer not to say"),
    ("victim-survivor", "I have experienced abuse"),
    ("family", "I am a family member or friend of someone affected"),
    ("practitioner", "I work with people affected"),
    ("other", "Other"),
]


class HaveYourSayForm(HoneypotMixin, forms.Form):
    experience = forms.CharField(
        label="What would you like us to know?",
        help_text="Share only what you are comfortable sharing. Leave out names of people and places.",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=5000,
    )
    what_should_change = forms.CharField(
        label="What should change?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=3000,
    )
    perspective = forms.ChoiceField(label="Which describes you best?", choices=PERSPECTIVES, required=False)
    contact_name = forms.CharField(
        label="Your name",
        required=False,
        max_length=120,
        help_text="Leave empty to stay anonymous.",
    )
    contact_detail = forms.CharField(
        label="A safe email address or phone number",
        required=False,
        max_length=200,
        help_text="Only if you want us to contact you, and only if it is safe for us to do so.",
    )
    consent = forms.BooleanField(
        label=CONSENT_TEXT,
        error_messages={"required": "Tick the box to agree, or close this page if you do not want to send this."},
    )

    def response_fields(self) -> dict:
        """What a valid form records as a lived-experience response (given with consent)."""
        data = self.cleaned_data
        return {
            "experience": data["experience"],
            "what_should_change": data["what_should_change"],
            "perspective": data.get("perspective") or "",
            "contact_name": data["contact_name"],
            "contact_detail": data["contact_detail"],
            "consent_given": True,
        }

    def clean_experience(self):
        text = sanitise_text(self.cleaned_data["experience"])
        if not text:
            raise forms.ValidationError("Enter what you would like us to know.")
        return text

    def clean_what_should_change(self):
        return sanitise_text(self.cleaned_data.get("what_should_change"))

    def clean_contact_name(self):
        return sanitise_single_line(self.cleaned_data.get("contact_name"))

    def clean_contact_detail(self):
        return sanitise_single_line(self.cleaned_data.get("contact_detail"))
