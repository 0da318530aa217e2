import pytest
from django.core import mail

from coalition.models import Ask, MembershipApplication, Region
from coalition.views import membership as membership_views

URL = "/coalition/join/"


def valid_data(**overrides):
    data = {
        "organisation_name": "Harbourtown Women's Aid",
        "org_type": "specialist_da",
        "regions": [str(Region.objects.get(code="wales").pk)],
        "website": "https://harbourtown.example.org",
        "description": "A specialist service.",
        "contact_name": "Amira Example",
        "contact_email": "amira@example.org",
        "contact_role": "Policy lead",
        "asks": [str(a.pk) for a in Ask.objects.filter(parent__isnull=True)[:2]],
        "statement": "<p>We back the <b>Call to Action</b>.</p><script>alert(1)</script>",
        "confirm": "on",
        "fax_number": "",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_a_valid_application_is_saved_sanitised_and_acknowledged(client, coalition,
                                                                  django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(URL, valid_data())
    assert len(callbacks) == 1  # the acknowledgement goes out only after the application is saved
    assert response.status_code == 302 and response["Location"] == "/coalition/join/thank-you/"
    application = MembershipApplication.objects.get()
    assert application.status == MembershipApplication.Status.PENDING
    assert "<script" not in application.statement  # the tag is gone; its text is harmless
    assert "<b>Call to Action</b>" in application.statement
    assert application.asks.count() == 2
    assert list(application.regions.values_list("code", flat=True)) == ["wales"]
    assert mail.outbox[0].to == ["amira@example.org"]


@pytest.mark.django_db
def test_errors_are_listed_at_the_top_and_nothing_typed_is_lost(client, coalition):
    data = valid_data(contact_email="not-an-email", org_type="", confirm="")
    response = client.post(URL, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="error-summary"' in html and "There is a problem" in html
    assert 'href="#id_contact_email"' in html
    assert "Enter an email address in the correct format" in html
    assert "Select the type of organisation" in html
    assert "Confirm you may apply for your organisation" in html
    # What the applicant typed is still there.
    assert 'value="Harbourtown Women&#x27;s Aid"' in html
    assert 'value="not-an-email"' in html
    assert "https://harbourtown.example.org" in html
    assert f'value="{data["regions"][0]}" id="id_regions_' in html and "checked" in html
    assert "We back the" in html
    assert response.context["form"]["asks"].value() == data["asks"]
    assert not MembershipApplication.objects.exists()


@pytest.mark.django_db
def test_missing_regions_link_to_the_first_region_checkbox(client, coalition):
    response = client.post(URL, valid_data(regions=[]))
    html = response.content.decode()
    assert 'href="#id_regions_0"' in html and 'id="id_regions_0"' in html


@pytest.mark.django_db
def test_the_honeypot_pretends_success_but_saves_nothing(client, coalition):
    response = client.post(URL, valid_data(fax_number="020 7946 0999"))
    assert response.status_code == 302
    assert not MembershipApplication.objects.exists()
    assert not mail.outbox


@pytest.mark.django_db
def test_the_sixth_application_from_one_address_is_kept_but_not_acknowledged(client, coalition,
                                                                            django_capture_on_commit_callbacks):
    limit = membership_views.JOIN_LIMIT.per_address
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(limit):
            assert client.post(URL, valid_data(contact_email=f"a{i}@example.org"))["Location"] == \
                "/coalition/join/thank-you/"
        response = client.post(URL, valid_data(organisation_name="One too many", contact_email="z@example.org"))
    assert response.status_code == 302 and response["Location"] == "/coalition/join/thank-you/?email=later"
    assert "we have not sent an email to confirm this one" in client.get(response["Location"]).content.decode()
    assert MembershipApplication.objects.filter(organisation_name="One too many").exists()
    assert MembershipApplication.objects.count() == limit + 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted(f"a{i}@example.org" for i in range(limit))


@pytest.mark.django_db
def test_the_limit_is_per_address(client, coalition, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(membership_views.JOIN_LIMIT.per_address):
            client.post(URL, valid_data(contact_email=f"a{i}@example.org"))
        other = client.post(URL, valid_data(contact_email="other@example.org"), REMOTE_ADDR="192.0.2.55")
    assert other["Location"] == "/coalition/join/thank-you/"
    assert mail.outbox[-1].to == ["other@example.org"]


@pytest.mark.django_db
def test_strange_input_never_breaks_the_form(client, coalition):
    response = client.post(URL, valid_data(regions=["999999", "x"], asks=["nope"], org_type="martian",
                                           statement="x" * 5000, website="javascript:alert(1)"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Statement must be 2000 characters or fewer" in html
    assert "Select the type of organisation" in html


@pytest.mark.django_db
def test_the_form_page_is_accessible_in_structure(client, coalition):
    html = client.get(URL).content.decode()
    assert html.count("<h1") == 1
    assert "<legend>Nations and regions you work in</legend>" in html
    assert 'class="hp-field" aria-hidden="true"' in html
    assert 'tabindex="-1"' in html
