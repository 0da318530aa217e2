"""Member papers reach members only: through Wagtail's document view, never from MEDIA_URL."""

import importlib

import pytest
from django.core.files.base import ContentFile
from django.test import override_settings
from django.urls import Resolver404, clear_url_caches, resolve
from wagtail.documents.models import Document
from wagtail.models import Collection, CollectionViewRestriction, ReferenceIndex
from wagtail.utils import sendfile as wagtail_sendfile

from coalition.models import AgendaItem
from portal.accounts import roles
from tests.preview_data import edit_form_data
from tests.users import staff_user

PAPER = b"Members-only funding paper: do not circulate"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def private_collection():
    from django.contrib.auth.models import Group

    collection = Collection.get_first_root_node().add_child(name="Members' papers")
    restriction = CollectionViewRestriction.objects.create(collection=collection,
                                                           restriction_type=CollectionViewRestriction.GROUPS)
    restriction.groups.set([Group.objects.get_or_create(name=roles.COALITION_MEMBERS)[0]])
    return collection


def attach(meeting, document):
    AgendaItem.objects.create(page=meeting, title="Funding", paper=document, sort_order=0)
    ReferenceIndex.create_or_update_for_object(meeting)


@pytest.fixture
def root_paper(media, meeting):
    """The case the attack found: a paper left in the root collection, attached to a meeting."""
    doc = Document.objects.create(title="Funding paper", file=ContentFile(PAPER, name="funding.txt"))
    attach(meeting, doc)
    return doc


@pytest.mark.django_db
def test_a_root_collection_paper_on_a_members_only_meeting_is_refused_to_outsiders(client, root_paper, member,
                                                                                   non_member):
    anonymous = client.get(root_paper.url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")
    client.force_login(non_member)
    refused = client.get(root_paper.url)
    assert refused.status_code == 404 and PAPER not in refused.content
    client.force_login(member)
    allowed = client.get(root_paper.url)
    assert allowed.status_code == 200 and b"".join(allowed.streaming_content) == PAPER
    # No shared cache (a proxy, a CDN) may keep a member's copy for the next person to ask.
    assert {"private", "no-store"} <= {part.strip() for part in allowed["Cache-Control"].split(",")}


@pytest.mark.django_db
def test_a_paper_in_a_private_collection_is_refused_to_outsiders(client, media, member, non_member):
    doc = Document.objects.create(title="Minutes", collection=private_collection(),
                                  file=ContentFile(PAPER, name="minutes.txt"))
    assert client.get(doc.url).status_code == 302
    client.force_login(non_member)
    assert PAPER not in client.get(doc.url, follow=True).content
    client.force_login(member)
    assert b"".join(client.get(doc.url).streaming_content) == PAPER


@pytest.mark.django_db
def test_a_public_document_on_no_private_page_is_public(client, media, coalition):
    doc = Document.objects.create(title="Annual report", file=ContentFile(b"report", name="report.txt"))
    response = client.get(doc.url)
    assert response.status_code == 200 and "private" not in response.get("Cache-Control", "")


@pytest.mark.django_db
def test_nginx_sends_the_file_only_after_the_check(client, root_paper, member):
    with override_settings(DOCUMENTS_SENDFILE="nginx", SENDFILE_BACKEND="portal.private_files"):
        wagtail_sendfile._get_sendfile.clear()
        try:
            refused = client.get(root_paper.url)
            client.force_login(member)
            allowed = client.get(root_paper.url)
        finally:
            wagtail_sendfile._get_sendfile.clear()
    assert "X-Accel-Redirect" not in refused
    assert allowed.status_code == 200
    assert allowed["X-Accel-Redirect"] == f"/protected-media/{root_paper.file.name}"
    assert allowed.content == b""  # the web server reads the file from its internal location
    assert "attachment" in allowed["Content-Disposition"]


@pytest.mark.django_db
def test_apache_gets_x_sendfile(client, root_paper, member):
    with override_settings(DOCUMENTS_SENDFILE="apache", SENDFILE_BACKEND="portal.private_files"):
        wagtail_sendfile._get_sendfile.clear()
        try:
            client.force_login(member)
            allowed = client.get(root_paper.url)
        finally:
            wagtail_sendfile._get_sendfile.clear()
    assert allowed["X-Sendfile"] == root_paper.file.path and allowed.content == b""


def view_for(path, urlconf):
    try:
        func = resolve(path, urlconf=urlconf).func
        return f"{func.__module__}.{func.__name__}"
    except Resolver404:
        return None


def test_media_url_serves_image_renditions_only():
    """Under DEBUG (make run) or SERVE_PUBLIC_MEDIA, /media/images/ is served and /media/documents/ is not."""
    import portal.urls

    try:
        with override_settings(DEBUG=True):
            importlib.reload(portal.urls)
            clear_url_caches()
            assert view_for("/media/images/photo.width-800.jpg", portal.urls) == "django.views.static.serve"
            for private in ("/media/documents/funding.txt", "/media/original_images/photo.jpg"):
                assert view_for(private, portal.urls) != "django.views.static.serve", private
    finally:
        importlib.reload(portal.urls)
        clear_url_caches()


def _publish_with_paper(client, meeting, document):
    data = edit_form_data(client, meeting)
    data.update({
        "agenda_items-TOTAL_FORMS": "1", "agenda_items-INITIAL_FORMS": "0",
        "agenda_items-0-title": "Funding", "agenda_items-0-duration_minutes": "10",
        "agenda_items-0-paper": str(document.pk), "agenda_items-0-ORDER": "1", "agenda_items-0-DELETE": "",
        "agenda_items-0-id": "", "agenda_items-0-notes": "", "agenda_items-0-lead_organisation": "",
        "action-publish": "action-publish",
    })
    return client.post(f"/admin/pages/{meeting.pk}/edit/", data, follow=True)


@pytest.mark.django_db
def test_an_editor_cannot_publish_a_meeting_with_a_public_paper(client, media, meeting):
    client.force_login(staff_user("chair", superuser=True))
    public = Document.objects.create(title="Funding paper", file=ContentFile(PAPER, name="funding.txt"))
    revisions = meeting.revisions.count()
    response = _publish_with_paper(client, meeting, public)
    html = response.content.decode()
    assert "The page could not be saved" in html
    assert "attaches “Funding paper” from a collection anyone can download" in html
    assert not meeting.agenda_items.exists() and meeting.revisions.count() == revisions

    private = Document.objects.create(title="Funding paper (members)", collection=private_collection(),
                                      file=ContentFile(PAPER, name="funding-members.txt"))
    response = _publish_with_paper(client, meeting, private)
    assert "could not be saved" not in response.content.decode()
    meeting.refresh_from_db()
    assert [item.paper for item in meeting.agenda_items.all()] == [private]


@pytest.mark.django_db
def test_rich_text_links_to_public_documents_are_caught_too(client, media, meeting):
    client.force_login(staff_user("chair", superuser=True))
    public = Document.objects.create(title="Minutes draft", file=ContentFile(PAPER, name="draft.txt"))
    data = edit_form_data(client, meeting)
    data["minutes"] = (
        '{"blocks": [{"key": "a", "type": "unstyled", "depth": 0, "text": "See the draft", '
        '"inlineStyleRanges": [], "entityRanges": [{"offset": 0, "length": 13, "key": 0}], "data": {}}], '
        f'"entityMap": {{"0": {{"type": "DOCUMENT", "mutability": "MUTABLE", "data": {{"id": {public.pk}}}}}}}}}'
    )
    data["action-publish"] = "action-publish"
    html = client.post(f"/admin/pages/{meeting.pk}/edit/", data, follow=True).content.decode()
    assert "attaches “Minutes draft”" in html
