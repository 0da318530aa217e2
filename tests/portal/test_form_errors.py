"""The error summary lists every problem in page order and links each to its control."""

from django import forms
from django.template import Context, Template

from portal.form_errors import summary_items


class ExampleForm(forms.Form):
    name = forms.CharField(label="Your name", error_messages={"required": "Enter your name."})
    colour = forms.ChoiceField(label="Colour", choices=[("r", "Red"), ("g", "Green")], widget=forms.RadioSelect,
                               error_messages={"required": "Choose a colour."})
    email = forms.EmailField(label="Email", error_messages={"invalid": "Enter an email address like name@example.org."})

    def clean(self):
        raise forms.ValidationError("Something about the whole form.")


def test_items_follow_the_page_order_and_link_to_the_first_radio():
    form = ExampleForm({"email": "nope"})
    assert not form.is_valid()
    assert summary_items(form) == [
        ("", "Something about the whole form."),
        ("id_name", "Enter your name."),
        ("id_colour_0", "Choose a colour."),
        ("id_email", "Enter an email address like name@example.org."),
    ]


def test_a_views_own_errors_come_first_and_a_valid_form_adds_nothing():
    assert summary_items(None, [("question-2", "Answer question 2.")]) == [("question-2", "Answer question 2.")]
    assert summary_items(forms.Form({})) == []


def test_the_include_renders_nothing_without_errors_and_a_focusable_summary_with_them():
    template = Template('{% include "portal/includes/form_errors.html" %}')
    assert template.render(Context({"form": forms.Form({})})).strip() == ""
    html = template.render(Context({"form": ExampleForm({"email": "nope"})}))
    assert 'class="error-summary" role="alert" tabindex="-1"' in html
    assert html.index("Enter your name.") < html.index("Choose a colour.") < html.index("Enter an email")
    assert '<a href="#id_colour_0">Choose a colour.</a>' in html
