import io

import pytest
from pypdf import PdfReader

from training.models import Certificate

from .conftest import complete_course, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(client, learner, gp_course):
    client.force_login(learner)
    complete_course(client, gp_course)
    return Certificate.objects.get(user=learner, course=gp_course)


def test_pdf_shows_name_course_hours_number_and_verification_url(client, certificate):
    response = client.get(f"/training/certificates/{certificate.number}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Dr Ada Okafor" in text
    assert certificate.number in text
    assert "Recognising and responding to perpetrators" in text
    assert "CPD hours: 1.5" in text
    assert f"/training/verify/{certificate.number}/" in text
    assert reader.pages[0].images, "the QR code image is missing"


def test_another_learner_cannot_download_my_certificate(client, certificate, other_learner):
    client.force_login(other_learner)
    assert client.get(f"/training/certificates/{certificate.number}/pdf/").status_code == 404
    assert certificate.number not in client.get("/training/my/").content.decode()


def test_verification_confirms_a_genuine_number(client, certificate):
    client.logout()
    html = client.get(f"/training/verify/{certificate.number}/").content.decode()
    assert "This is a genuine certificate" in html and "Dr Ada Okafor" in html


def test_verification_form_normalises_what_people_type(client, certificate):
    client.logout()
    typed = certificate.number.lower().replace("-", " ")
    response = client.get("/training/verify/", {"number": typed})
    assert response.status_code == 302
    assert response["Location"].endswith(f"/training/verify/{certificate.number}/")


def test_a_wrong_number_reveals_nothing(client, certificate):
    client.logout()
    wrong = certificate.number[:-1] + ("0" if certificate.number[-1] != "0" else "1")
    response = client.get(f"/training/verify/{wrong}/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "No certificate matches" in html and "Okafor" not in html


def test_malformed_input_gets_a_clear_message(client):
    response = client.get("/training/verify/", {"number": "<script>alert(1)</script>"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "That is not a certificate number" in html and "<script>alert" not in html


def test_staff_revoke_and_the_number_then_verifies_as_revoked(client, certificate):
    moderator = make_staff("moderator@example.org", "Moderators")
    client.force_login(moderator)
    url = f"/admin/training/certificates/{certificate.pk}/revoke/"
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 400
    assert refused.content.decode().count("This field is required.") == 1
    assert 'class="w-field__errors"' in refused.content.decode()
    response = client.post(url, {"reason": "Issued in error"})
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.revoked and certificate.revoked_by == moderator
    client.logout()
    html = client.get(f"/training/verify/{certificate.number}/").content.decode()
    assert "has been revoked" in html and "genuine" not in html
    # Revoked hours no longer count, and the certificate is not reissued by more activity.
    client.force_login(certificate.user)
    assert "0</span> CPD hours" in client.get("/training/my/").content.decode()


def test_learners_and_editors_cannot_revoke(client, certificate):
    editor = make_staff("editor@example.org", "Editors")
    for user in (certificate.user, editor):
        client.force_login(user)
        response = client.post(f"/admin/training/certificates/{certificate.pk}/revoke/", {"reason": "x"})
        assert response.status_code in (302, 403)
    certificate.refresh_from_db()
    assert not certificate.revoked
