"""'Have your say' keeps its contact fields to one line each."""

import pytest

from research.models import LivedExperienceResponse

from .test_have_your_say import URL

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("field", ["contact_name", "contact_detail"])
@pytest.mark.parametrize("value", ["Sam\r\nBcc: victim@example.org", "Sam&#10;Example"])
def test_a_line_break_in_a_contact_field_is_a_field_error(field, value, client, research_site):
    response = client.post(URL, {"experience": "Services did not listen.", "consent": "on", field: value})
    assert response.status_code == 200  # the form again, with its errors
    errors = response.context["form"].errors
    assert list(errors) == [field] and errors[field][0].startswith("Enter this on one line, without ")
    assert "There is a problem" in response.content.decode()
    assert not LivedExperienceResponse.objects.exists()


def test_a_honeypot_response_is_not_saved(client, research_site):
    page = client.get(URL).content.decode()
    assert '<div class="hp-field" aria-hidden="true">' in page and "Leave this field empty" in page
    response = client.post(URL, {"experience": "Buy cheap watches", "consent": "on",
                                 "fax_number": "020 7946 0999"})
    assert "Thank you for telling us" in response.content.decode()
    assert not LivedExperienceResponse.objects.exists()
