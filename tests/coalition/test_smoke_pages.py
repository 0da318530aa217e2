import pytest


@pytest.mark.django_db
def test_public_coalition_pages_render(client, coalition):
    for url in ("/coalition/", "/coalition/call-to-action/", "/coalition/members/", "/coalition/join/"):
        response = client.get(url)
        assert response.status_code == 200, url
