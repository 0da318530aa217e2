"""Backups: export_content writes every non-derived row to one archive; import_content restores it
into an empty database with the same rows, a working site and rebuilt search indexes, and refuses
(changing nothing) a database with content or an archive that is damaged."""

import datetime
import hashlib
import io
import json
import shutil
import zipfile
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core import mail
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.db import connection
from django.utils import timezone

from portal.backup import MANIFEST, content_counts, excluded_models, exported_models

LEARNER_PASSWORD = "learner-pass-2026"


def _quiet():
    return io.StringIO()


def _png() -> bytes:
    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", (8, 8), "purple").save(buffer, "PNG")
    return buffer.getvalue()


def _add_records(home):
    """What the demo does not have: a learner's training history, coalition activity, a redirect,
    a promoted search result, an image (with a rendition) and a document."""
    from coalition.models import ActionItem, ActionStatusChange, MeetingPage, MembershipApplication, Region, RSVP
    from training.models import Attempt, AttemptAnswer, Certificate, CoursePage, Enrolment, LessonPage, LessonProgress
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.contrib.search_promotions.models import Query, SearchPromotion
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    from research.models import PublicationPage

    learner = get_user_model().objects.create_user(
        username="learner", email="learner@example.org", password=LEARNER_PASSWORD)
    course = CoursePage.objects.live().order_by("path").first()
    lesson = LessonPage.objects.descendant_of(course).order_by("path").first()
    module = lesson.get_parent().specific
    Enrolment.objects.create(user=learner, course=course, completed_at=timezone.now())
    LessonProgress.objects.create(user=learner, course=course, lesson=lesson)
    attempt = Attempt.objects.create(
        user=learner, course=course, module=module, status=Attempt.Status.SUBMITTED, assessed=True,
        order=[{"q": "a"}], submitted_at=timezone.now(), number=1, score=100, passed=True)
    AttemptAnswer.objects.create(attempt=attempt, question_id="q-1", question_text="Who is asked to change?",
                                 selected=["a"], score=1.0)
    Certificate.objects.create(number="DP-TEST-0000-0000-0001", user=learner, course=course,
                               learner_name="A Learner", course_title=course.title, cpd_hours=Decimal("1.5"))

    meeting = MeetingPage.objects.order_by("path").first()
    RSVP.objects.create(meeting=meeting, user=learner, response=RSVP.Response.ATTENDING)
    action = ActionItem.objects.first()
    ActionStatusChange.objects.create(action=action, from_status=action.status, to_status=action.status,
                                      changed_by=learner)
    application = MembershipApplication.objects.create(
        organisation_name="Backup Test Trust", org_type=MembershipApplication._meta.get_field("org_type").choices[0][0],
        contact_name="A Contact", contact_email="contact@example.org")
    application.regions.set(Region.objects.all()[:2])

    Redirect.objects.create(old_path="/old-services", redirect_page=home)
    publication = PublicationPage.objects.live().order_by("path").first()
    SearchPromotion.objects.create(query=Query.get("evidence"), page=publication, sort_order=0,
                                   description="The evidence")

    image = get_image_model().objects.create(title="Backup test image", file=ContentFile(_png(), name="backup.png"))
    image.get_rendition("fill-4x4")
    get_document_model().objects.create(title="Backup test document",
                                        file=ContentFile(b"minutes", name="backup-minutes.txt"))
    return learner, image


def _directory_ids():
    from search.directory import find_services
    from search.directory.query import DirectoryQuery

    results = find_services(DirectoryQuery(location="CF10", keywords="anger"))
    return sorted(map(str, results.ids())), sorted(map(str, results.national_ids()))


def _site_search_pks(words):
    from search.site_search import site_search

    return sorted(item["page"].pk for item in site_search(words).items)


@pytest.mark.django_db(transaction=True)
def test_export_then_restore_into_an_empty_database(transactional_db, demo_site, client, settings, tmp_path):
    from portal.models import HomePage
    from research.models import PublicationPage

    settings.MEDIA_ROOT = str(tmp_path / "media")
    learner, image = _add_records(demo_site.root_page.specific)
    home_html = client.get("/").content.decode()
    directory = _directory_ids()
    publication = PublicationPage.objects.live().order_by("path").first()
    found = _site_search_pks(publication.title)
    assert publication.pk in found and directory[0]
    before = content_counts()
    assert before["training.Certificate"] == 1 and before["coalition.RSVP"] == 1
    assert before["wagtailimages.Image"] == 1 and before["research.PublicationPage_gaps"] > 0
    home_type = ContentType.objects.get_for_model(HomePage).pk

    archive = tmp_path / "content.zip"
    call_command("export_content", str(archive), "--media", stdout=_quiet())
    with zipfile.ZipFile(archive) as zf:
        manifest = json.loads(zf.read(MANIFEST))
        names = zf.namelist()
    assert f"media/{image.file.name}" in names
    assert {e["model"] for e in manifest["entries"]} == {m._meta.label_lower for m in exported_models()}
    assert not {e["model"] for e in manifest["entries"]} & set(excluded_models())

    # An empty database: no rows at all, then what post_migrate recreates, under new ids; the
    # users' id sequence starts again, so only the restore can move it past the restored ids.
    call_command("flush", interactive=False, reset_sequences=False, verbosity=0)
    users_table = get_user_model()._meta.db_table
    with connection.cursor() as cursor:
        for sql in connection.ops.sql_flush(no_style(), [users_table], reset_sequences=True, allow_cascade=True):
            cursor.execute(sql)
    shutil.rmtree(settings.MEDIA_ROOT)
    assert content_counts()["wagtailcore.Page"] == 0
    assert ContentType.objects.get_for_model(HomePage).pk != home_type

    mail.outbox = []
    out = io.StringIO()
    call_command("import_content", str(archive), stdout=out, stderr=_quiet())
    assert "search.Service" in out.getvalue()
    assert mail.outbox == []  # restoring published meetings emails nobody

    assert content_counts() == before
    assert client.get("/").content.decode() == home_html
    assert _directory_ids() == directory
    assert _site_search_pks(publication.title) == found
    assert default_storage.exists(image.file.name)
    restored = get_user_model().objects.get(email="learner@example.org")
    assert restored.check_password(LEARNER_PASSWORD)
    assert set(restored.certificates.values_list("number", flat=True)) == {"DP-TEST-0000-0000-0001"}
    # Sequences follow the restored ids: new rows do not collide with them.
    newcomer = get_user_model().objects.create_user(username="after-restore", email="after@example.org")
    assert newcomer.pk > max(get_user_model().objects.exclude(pk=newcomer.pk).values_list("pk", flat=True))


def _rewrite(source, target, change, reseal=False):
    """Copy an archive, passing each member through ``change(name, data)``; ``reseal`` updates the
    manifest's checksums, as if the archive had been written that way."""
    with zipfile.ZipFile(source) as src:
        members = {info.filename: src.read(info.filename) for info in src.infolist()}
    manifest = json.loads(members.pop(MANIFEST))
    members = {name: change(name, data) for name, data in members.items()}
    if reseal:
        for entry in manifest["entries"]:
            data = members[entry["name"]]
            entry["sha256"], entry["rows"] = hashlib.sha256(data).hexdigest(), data.count(b"\n")
    with zipfile.ZipFile(target, "w") as dst:
        for name, data in members.items():
            dst.writestr(name, data)
        dst.writestr(MANIFEST, json.dumps(manifest))


@pytest.fixture
def exported(kernel_site, tmp_path):
    archive = tmp_path / "content.zip"
    call_command("export_content", str(archive), stdout=_quiet())
    return archive


def test_import_refuses_a_database_that_has_content(exported):
    before = content_counts()
    with pytest.raises(CommandError, match="already has content.*--force"):
        call_command("import_content", str(exported), stdout=_quiet())
    assert content_counts() == before


def test_truncated_or_edited_archive_is_refused_and_changes_nothing(exported, tmp_path, client):
    before = content_counts()
    home_html = client.get("/").content.decode()
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(exported.read_bytes()[: exported.stat().st_size // 2])
    with pytest.raises(CommandError, match="not a complete backup archive.*Nothing was changed"):
        call_command("import_content", str(truncated), "--force", stdout=_quiet())

    edited = tmp_path / "edited.zip"
    _rewrite(exported, edited, lambda name, data: data.replace(b'"slug": "', b'"slug": "x')
             if name.endswith("-wagtailcore.page.jsonl") else data)
    with pytest.raises(CommandError, match="does not match the manifest"):
        call_command("import_content", str(edited), "--force", stdout=_quiet())

    not_an_archive = tmp_path / "notes.zip"
    not_an_archive.write_text("just some text")
    with pytest.raises(CommandError, match="not a complete backup archive"):
        call_command("import_content", str(not_an_archive), stdout=_quiet())
    assert content_counts() == before
    assert client.get("/").content.decode() == home_html


def test_rows_that_do_not_fit_roll_the_whole_restore_back(exported, tmp_path, client):
    """A well-formed archive whose pages name an owner that does not exist: the restore has already
    emptied and reloaded tables when the check fails, and all of it is rolled back."""
    before = content_counts()
    home_html = client.get("/").content.decode()

    def orphan_owner(name, data):
        if not name.endswith("-wagtailcore.page.jsonl"):
            return data
        rows = [json.loads(line) for line in data.decode().split("\n") if line]
        rows[-1]["fields"]["owner"] = 987654
        return "".join(json.dumps(row) + "\n" for row in rows).encode()

    broken = tmp_path / "broken.zip"
    _rewrite(exported, broken, orphan_owner, reseal=True)
    with pytest.raises(CommandError, match="do not fit|Could not restore"):
        call_command("import_content", str(broken), "--force", stdout=_quiet())
    assert content_counts() == before
    assert client.get("/").content.decode() == home_html


def test_restoring_over_content_needs_force_and_gives_back_the_archived_state(exported, kernel_site, client):
    from portal.models import StandardPage

    home_html = client.get("/").content.decode()
    before = content_counts()
    StandardPage.objects.live().order_by("path").first().delete()
    get_user_model().objects.create_user(username="extra", email="extra@example.org")
    call_command("import_content", str(exported), "--force", stdout=_quiet(), stderr=_quiet())
    assert content_counts() == before
    assert client.get("/").content.decode() == home_html
    assert not get_user_model().objects.filter(username="extra").exists()


def test_derived_rows_are_left_out_and_rebuilt(exported):
    with zipfile.ZipFile(exported) as zf:
        manifest = json.loads(zf.read(MANIFEST))
        page_rows = next(e for e in manifest["entries"] if e["model"] == "wagtailcore.page")
        first = json.loads(zf.read(page_rows["name"]).decode().split("\n")[0])
    labels = {e["model"] for e in manifest["entries"]}
    assert "wagtailsearch.indexentry" not in labels and "sessions.session" not in labels
    assert "contenttypes.contenttype" not in labels and "wagtailimages.rendition" not in labels
    assert first["fields"]["content_type"] == ["wagtailcore", "page"]  # a natural key, not an id
    assert manifest["migrations"] and datetime.datetime.fromisoformat(manifest["created"])



def test_registered_backup_hooks_exclude_and_rebuild(exported, monkeypatch):
    from portal.backup import excluded_fields, import_content, register_backup_hooks, registry

    assert "search.servicepoint" in excluded_models() and "search_vector" in excluded_fields()["search.service"]
    with pytest.raises(ValueError, match="its own models"):
        register_backup_hooks("training", excluded_models={"coalition.region": "not training's"})
    monkeypatch.setattr(registry, "_hooks", dict(registry._hooks))
    register_backup_hooks("training", excluded_models={"training.Audience": "a test exclusion"})
    assert "training.audience" not in {m._meta.label_lower for m in exported_models()}

    calls = []
    register_backup_hooks(
        "training", after_load=lambda using: calls.append(("load", using)) or ["loaded"],
        after_restore=lambda using, progress: calls.append(("restore", using)) or ["restored"])
    register_backup_hooks("research", after_restore=lambda using, progress: 1 / 0)
    result = import_content(exported, force=True)
    assert calls == [("load", "default"), ("restore", "default")]
    assert "loaded" in result.notes and "restored" in result.notes
    assert any(note.startswith("rebuilding the derived data of research failed") for note in result.notes)
