from django import forms

from .catalogue import Audience, Level


class CourseFilterForm(forms.Form):
    """GET filters on the training index: shareable URLs, validated like any other input."""

    audience = forms.ChoiceField(label="Who you are", required=False)
    level = forms.ChoiceField(label="Level", required=False, choices=[("", "Any level")] + Level.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audience"].choices = [("", "Everyone")] + list(Audience.objects.values_list("slug", "name"))

    def apply(self, courses):
        if self.cleaned_data.get("audience"):
            courses = courses.filter(audiences__slug=self.cleaned_data["audience"])
        if self.cleaned_data.get("level"):
            courses = courses.filter(level=self.cleaned_data["level"])
        return courses.distinct()


class VerifyForm(forms.Form):
    number = forms.CharField(
        label="Certificate number", max_length=64,
        help_text="As printed on the certificate, for example DP-7K2M-9QXA-4F8B-T3WZ.",
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(label="Why is this certificate being revoked?", max_length=300)


class ReportFilterForm(forms.Form):
    date_from = forms.DateField(label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError("The 'from' date must be on or before the 'to' date.")
        return data
