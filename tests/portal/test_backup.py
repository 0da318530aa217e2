"""Backups: export_content writes every non-derived row to one archive; import_content restores it
into an empty database with the same rows, a working site and rebuilt search indexes, and refuses
(changing nothing) a database with content or an archive that is damaged."""

import datetime
import hashlib
import hmac
import io
import json
import re
import shutil
import warnings
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.db import connection
from django.utils import timezone

from portal.backup import MANIFEST, BackupError, content_counts, excluded_models, exported_models

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
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.contrib.search_promotions.models import Query, SearchPromotion
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    from coalition.models import RSVP, ActionItem, ActionStatusChange, MeetingPage, MembershipApplication, Region
    from research.models import PublicationPage
    from training.models import Attempt, AttemptAnswer, Certificate, CoursePage, Enrolment, LessonPage, LessonProgress

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
    from search.site.search import site_search

    return sorted(item["page"].pk for item in site_search(words).items)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
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
            entry["size"] = len(data)
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
    with pytest.raises(CommandError, match="not the [0-9,]+ the manifest lists"):
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


def test_a_hook_that_empties_a_table_makes_the_restore_refuse(exported, monkeypatch):
    """The restore never leaves fewer rows than the archive holds, whatever deleted them."""
    from portal.backup import import_content, register_backup_hooks, registry

    before = content_counts()
    monkeypatch.setattr(registry, "_hooks", dict(registry._hooks))
    register_backup_hooks("portal", after_load=lambda using: get_user_model().objects.using(using).all().delete())
    with pytest.raises(BackupError, match=r"would leave 0 row\(s\) of auth.User, but the archive holds"):
        import_content(exported, force=True)
    assert content_counts() == before


# --- Signed archives ------------------------------------------------------------------------

SIGNING_KEY = "a-test-signing-key-with-more-than-32-characters"


def test_a_signed_archive_restores_with_its_key_and_says_when_it_was_not_checked(kernel_site, settings, tmp_path):
    from portal.backup import SIGNATURE, import_content

    settings.BACKUP_SIGNING_KEY = SIGNING_KEY
    archive = tmp_path / "signed.zip"
    call_command("export_content", str(archive), stdout=_quiet())
    with zipfile.ZipFile(archive) as zf:
        manifest = zf.read(MANIFEST)
        signature = zf.read(SIGNATURE).decode().strip()
    assert signature == "hmac-sha256:" + hmac.new(SIGNING_KEY.encode(), manifest, hashlib.sha256).hexdigest()
    before = content_counts()
    get_user_model().objects.create_user(username="extra", email="extra@example.org")
    result = import_content(archive, force=True)
    assert content_counts() == before and not any("signature" in note for note in result.notes)

    settings.BACKUP_SIGNING_KEY = ""
    result = import_content(archive, force=True)
    assert any("signature was not checked" in note for note in result.notes)


def test_a_signing_key_too_short_to_be_safe_stops_the_export(kernel_site, settings, tmp_path):
    settings.BACKUP_SIGNING_KEY = "short"
    with pytest.raises(CommandError, match="BACKUP_SIGNING_KEY is too short"):
        call_command("export_content", str(tmp_path / "x.zip"), stdout=_quiet())
    assert not list(tmp_path.iterdir())


# --- Hostile archives -----------------------------------------------------------------------
# Each is made from one real export (the kernel site and an uploaded image, with --media) and fed
# to `manage.py import_content --force` over a database with content: the command must exit
# non-zero with a message saying what is wrong, and no row and no file may change.

PAGES = "-wagtailcore.page.jsonl"
BOMB = "media/original_images/bomb.png"


@pytest.fixture(scope="module")
def pristine(django_db_setup, django_db_blocker, tmp_path_factory):
    """The real archive (signed and unsigned) the hostile ones are made from; the rows it was
    exported from are rolled back."""
    from django.db import transaction
    from django.test import override_settings
    from wagtail.images import get_image_model

    from portal.backup import export_content
    from portal.demo.content import build_pages
    from portal.demo.site_setup import configure_site, ensure_demo_editor

    folder = tmp_path_factory.mktemp("pristine")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=str(folder / "media")):
        with transaction.atomic():
            configure_site(build_pages())
            ensure_demo_editor()
            get_image_model().objects.create(title="Hostile test image", file=ContentFile(_png(), name="real.png"))
            export_content(folder / "plain.zip", media=True)
            with override_settings(BACKUP_SIGNING_KEY=SIGNING_KEY):
                export_content(folder / "signed.zip", media=True)
            transaction.set_rollback(True)
    return folder


def _open(path):
    with zipfile.ZipFile(path) as zf:
        members = {info.filename: zf.read(info.filename) for info in zf.infolist()}
    return members, json.loads(members[MANIFEST])


def _write(path, members, manifest=None, *, sign_with=None, extra=()):
    """Write ``members`` (the manifest replaced by ``manifest`` when given, re-signed with
    ``sign_with``), then any ``extra`` (name, bytes) pairs, duplicates allowed."""
    from portal.backup import SIGNATURE

    members = dict(members)
    if manifest is not None:
        members[MANIFEST] = json.dumps(manifest, indent=1).encode()
    if sign_with:
        members[SIGNATURE] = ("hmac-sha256:" + hmac.new(sign_with.encode(), members[MANIFEST],
                                                        hashlib.sha256).hexdigest()).encode()
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in [*members.items(), *extra]:
            zf.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), data,
                        compress_type=zipfile.ZIP_DEFLATED)


def _entry(manifest, suffix):
    return next(e for e in manifest["entries"] if e["name"].endswith(suffix))


def _reseal(members, manifest, entry, *, rows=True):
    data = members[entry["name"]]
    entry["sha256"], entry["size"] = hashlib.sha256(data).hexdigest(), len(data)
    if rows:
        entry["rows"] = data.count(b"\n")


def _edit_pages(members, manifest, change, *, rows=True):
    """Rewrite the page rows' file with ``change(lines)`` and recompute its checksum."""
    entry = _entry(manifest, PAGES)
    lines = members[entry["name"]].split(b"\n")[:-1]
    members[entry["name"]] = b"".join(line + b"\n" for line in change(lines))
    _reseal(members, manifest, entry, rows=rows)


def _media_entry(manifest):
    return next(m for m in manifest["media"] if m["name"].startswith("media/original_images/"))


def _tampered_title(members, manifest):
    _edit_pages(members, manifest, lambda lines: [line.replace(b'"title": "', b'"title": "Edited ') for line in lines])


def _patch_sizes(path, member, size):
    """Make the zip's local header and central directory claim ``member`` is ``size`` bytes."""
    import struct

    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info, start = zf.getinfo(member), zf.start_dir
    struct.pack_into("<I", data, info.header_offset + 22, size)
    position = start
    while data[position:position + 4] == b"PK\x01\x02":
        name_length, extra_length, comment_length = struct.unpack_from("<HHH", data, position + 28)
        if data[position + 46:position + 46 + name_length].decode() == member:
            struct.pack_into("<I", data, position + 24, size)
        position += 46 + name_length + extra_length + comment_length
    path.write_bytes(bytes(data))


def _build(case, folder, target):
    """Write the hostile archive ``case`` to ``target``."""
    members, manifest = _open(folder / "plain.zip")
    signed, signed_manifest = _open(folder / "signed.zip")
    pages = _entry(manifest, PAGES)
    image = _media_entry(manifest)
    if case == "no-entries":
        del manifest["entries"]
    elif case == "entries-not-a-list":
        manifest["entries"] = {e["model"]: e for e in manifest["entries"]}
    elif case == "entries-empty":
        manifest["entries"] = []
    elif case == "missing-model":
        manifest["entries"].remove(pages)
        del members[pages["name"]]
    elif case == "unknown-model":
        manifest["entries"].append({"name": "data/9999-portal.nosuchmodel.jsonl", "model": "portal.nosuchmodel",
                                    "rows": 0, "size": 0, "sha256": hashlib.sha256(b"").hexdigest()})
        members["data/9999-portal.nosuchmodel.jsonl"] = b""
    elif case == "excluded-model":
        manifest["entries"].append({"name": "data/9999-sessions.session.jsonl", "model": "sessions.session",
                                    "rows": 0, "size": 0, "sha256": hashlib.sha256(b"").hexdigest()})
        members["data/9999-sessions.session.jsonl"] = b""
    elif case == "model-listed-twice":
        manifest["entries"].append(dict(pages, name="data/9999-wagtailcore.page.jsonl"))
        members["data/9999-wagtailcore.page.jsonl"] = members[pages["name"]]
    elif case == "rows-overstated":
        pages["rows"] += 1
    elif case == "extra-row":
        members[pages["name"]] += members[pages["name"]].split(b"\n")[-2] + b"\n"
    elif case == "extra-row-resealed":
        _edit_pages(members, manifest, lambda lines: [*lines, lines[-1]], rows=False)
    elif case == "fewer-rows-resealed":
        _edit_pages(members, manifest, lambda lines: lines[:-1], rows=False)
    elif case == "broken-json-row":
        _edit_pages(members, manifest, lambda lines: [lines[0], lines[1][:-5], *lines[2:]])
    elif case == "row-of-another-model":
        _edit_pages(members, manifest, lambda lines: [lines[0].replace(b'"wagtailcore.page"', b'"auth.user"', 1),
                                                      *lines[1:]])
    elif case == "row-not-utf8":
        _edit_pages(members, manifest, lambda lines: [lines[0], lines[1].replace(b'"title": "', b'"title": "\xff'),
                                                      *lines[2:]])
    elif case == "empty-line":
        _edit_pages(members, manifest, lambda lines: [lines[0], b"", *lines[1:]], rows=False)
    elif case == "row-with-an-invalid-value":
        _edit_pages(members, manifest, lambda lines: [
            line.replace(b'"first_published_at": "', b'"first_published_at": "not a date ') for line in lines])
    elif case == "tampered-checksum":
        pages["sha256"] = hashlib.sha256(b"something else").hexdigest()
    elif case == "tampered-size":
        pages["size"] += 1
    elif case == "tampered-row-resealed-unsigned":
        _tampered_title(members, manifest)
    elif case == "tampered-row-signed-with-another-key":
        _tampered_title(signed, signed_manifest)
        return _write(target, signed, signed_manifest, sign_with="another-key-that-is-also-long-enough-000")
    elif case == "tampered-row-keeping-the-old-signature":
        _tampered_title(signed, signed_manifest)
        return _write(target, signed, signed_manifest)
    elif case == "signature-not-text":
        signed["manifest.sig"] = b"\xff\xfe not a signature"
        return _write(target, signed)
    elif case == "media-bomb-size-understated":
        members[BOMB] = bytes(64 << 20)
        manifest["media"].append({"name": BOMB, "size": 1000, "sha256": hashlib.sha256(bytes(1000)).hexdigest()})
    elif case == "media-bomb-over-the-limit":
        # 257 MiB of zeros: about 256 KB compressed, declared honestly.
        _write(target, members, dict(manifest, media=[*manifest["media"], {
            "name": BOMB, "size": 257 << 20, "sha256": hashlib.sha256(b"refused before it is read").hexdigest()}]))
        with zipfile.ZipFile(target, "a", compression=zipfile.ZIP_DEFLATED) as zf, zf.open(BOMB, "w") as handle:
            for _ in range(257):
                handle.write(bytes(1 << 20))
        return None
    elif case == "media-bomb-lying-zip-header":
        members[BOMB] = bytes(64 << 20)
        manifest["media"].append({"name": BOMB, "size": 4096, "sha256": hashlib.sha256(bytes(4096)).hexdigest()})
        _write(target, members, manifest)
        return _patch_sizes(target, BOMB, 4096)
    elif case == "media-content-changed":
        members[image["name"]] = bytes(len(members[image["name"]]))
    elif case == "media-without-size-and-checksum":
        manifest["media"] = len(manifest["media"])
    elif case == "media-without-checksum":
        del image["sha256"]
    elif case == "unlisted-media":
        members["media/documents/unlisted.txt"] = b"not in the manifest"
    elif case == "unlisted-member":
        members["install.sh"] = b"#!/bin/sh\n"
    elif case == "listed-media-missing":
        del members[image["name"]]
    elif case == "traversal-in-a-listed-media-name":
        members["media/../../../../tmp/escaped.txt"] = b"escaped"
        manifest["media"].append({"name": "media/../../../../tmp/escaped.txt", "size": 7,
                                  "sha256": hashlib.sha256(b"escaped").hexdigest()})
    elif case == "traversal-absolute-member":
        members["/tmp/escaped.txt"] = b"escaped"
    elif case == "traversal-backslash-member":
        members["media\\..\\..\\escaped.txt"] = b"escaped"
    elif case == "traversal-in-an-entry-name":
        members["data/../../escaped.jsonl"] = members.pop(pages["name"])
        pages["name"] = "data/../../escaped.jsonl"
    elif case == "member-twice":
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # zipfile's "Duplicate name"
            return _write(target, members, extra=[(pages["name"], b"")])
    elif case == "manifest-not-json":
        members[MANIFEST] = b"{ not json"
        return _write(target, members)
    elif case == "manifest-of-version-1":
        manifest["version"] = 1
    elif case == "no-manifest":
        del members[MANIFEST]
        return _write(target, members)
    elif case in ("truncated-half", "truncated-tail", "corrupt-member", "not-a-zip"):
        data = bytearray((folder / "plain.zip").read_bytes())
        if case == "truncated-half":
            data = data[: len(data) // 2]
        elif case == "truncated-tail":
            data = data[:-30]
        elif case == "corrupt-member":
            with zipfile.ZipFile(folder / "plain.zip") as zf:
                info = zf.getinfo(pages["name"])
            start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
            for offset in range(start + info.compress_size // 2, start + info.compress_size // 2 + 8):
                data[offset] ^= 0x5A
        else:
            data = bytearray(b"PK\x03\x04 this is only text")
        return target.write_bytes(bytes(data))
    else:
        raise AssertionError(case)
    return _write(target, members, manifest)


HOSTILE = {  # case: (what the message says, the signing key set where it is imported)
    "no-entries": (r"has no list of entries", None),
    "entries-not-a-list": (r"has no list of entries", None),
    "entries-empty": (r"does not list \d+ model\(s\) this portal has: .*Restoring it would empty them", None),
    "missing-model": (r"does not list 1 model\(s\) this portal has: wagtailcore\.page\.", None),
    "unknown-model": (r"holds portal\.nosuchmodel, which this version of the portal does not have", None),
    "excluded-model": (r"holds sessions\.session, which this version of the portal does not restore", None),
    "model-listed-twice": (r"lists wagtailcore\.page .* more than once", None),
    "rows-overstated": (r"holds (\d+) row\(s\) of wagtailcore\.page, but the manifest says \d+", None),
    "extra-row": (r"wagtailcore\.page\.jsonl is [\d,]+ bytes uncompressed, not the", None),
    "extra-row-resealed": (r"holds \d+ row\(s\) of wagtailcore\.page, but the manifest says \d+", None),
    "fewer-rows-resealed": (r"holds \d+ row\(s\) of wagtailcore\.page, but the manifest says \d+", None),
    "broken-json-row": (r"wagtailcore\.page\.jsonl, line 2: not valid JSON", None),
    "row-of-another-model": (r"wagtailcore\.page\.jsonl, line 1: a row of 'auth\.user', not of wagtailcore\.page",
                             None),
    "row-not-utf8": (r"wagtailcore\.page\.jsonl, line 2: not UTF-8 text", None),
    "empty-line": (r"wagtailcore\.page\.jsonl, line 2: an empty line, not a row", None),
    "row-with-an-invalid-value": (r"wagtailcore\.page\.jsonl, line \d+: could not restore this row of "
                                  r"wagtailcore\.Page .*not a date", None),
    "tampered-checksum": (r"wagtailcore\.page\.jsonl does not match the manifest's checksum", None),
    "tampered-size": (r"wagtailcore\.page\.jsonl is [\d,]+ bytes uncompressed, "
                      r"not the [\d,]+ the manifest lists", None),
    "tampered-row-resealed-unsigned": (r"is not signed\. BACKUP_SIGNING_KEY is set", SIGNING_KEY),
    "tampered-row-signed-with-another-key": (r"signature that does not match its manifest", SIGNING_KEY),
    "tampered-row-keeping-the-old-signature": (r"signature that does not match its manifest", SIGNING_KEY),
    "signature-not-text": (r"signature that does not match its manifest", SIGNING_KEY),
    "media-bomb-size-understated": (r"bomb\.png is 67,108,864 bytes uncompressed, not the 1,000", None),
    "media-bomb-over-the-limit": (r"bomb\.png is 269,484,032 bytes, more than the 268,435,456 a restore accepts",
                                  None),
    "media-bomb-lying-zip-header": (r"bomb\.png is damaged: Bad CRC-32", None),
    "media-content-changed": (r"media/original_images/real.*\.png does not match the manifest's checksum", None),
    "media-without-size-and-checksum": (r"'media' is not a list of files with their size and checksum", None),
    "media-without-checksum": (r"media file 1 \(media/original_images/real.*\) has no valid 'sha256'", None),
    "unlisted-media": (r"holds a file its manifest does not list: media/documents/unlisted\.txt", None),
    "unlisted-member": (r"holds a member its manifest does not list: install\.sh", None),
    "listed-media-missing": (r"lacks media/original_images/real.*: it is incomplete", None),
    "traversal-in-a-listed-media-name": (r"unsafe file name: 'media/\.\./\.\./\.\./\.\./tmp/escaped\.txt'", None),
    "traversal-absolute-member": (r"unsafe file name: '/tmp/escaped\.txt'", None),
    "traversal-backslash-member": (r"unsafe file name: 'media\\\\\.\.\\\\\.\.\\\\escaped\.txt'", None),
    "traversal-in-an-entry-name": (r"names 'data/\.\./\.\./escaped\.jsonl', which is not a data file", None),
    "member-twice": (r"holds the same member more than once", None),
    "manifest-not-json": (r"has no readable manifest\.json", None),
    "manifest-of-version-1": (r"is a version 1 archive; this portal restores version 2 archives only", None),
    "no-manifest": (r"has no manifest\.json; it is not a content backup", None),
    "truncated-half": (r"is not a complete backup archive \(truncated or damaged", None),
    "truncated-tail": (r"is not a complete backup archive \(truncated or damaged", None),
    "corrupt-member": (r"wagtailcore\.page\.jsonl (is damaged|does not match the manifest's checksum)", None),
    "not-a-zip": (r"is not a complete backup archive", None),
}


def _files(root):
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _run_import(monkeypatch, *args) -> int:
    """``manage.py import_content ARGS`` as the shell runs it: its exit status."""
    from django.db import connections

    from portal.management.commands.import_content import Command

    monkeypatch.setattr(connections, "close_all", lambda: None)  # the test's database stays open
    with pytest.raises(SystemExit) as exited:
        Command().run_from_argv(["manage.py", "import_content", *args])
    return exited.value.code


@pytest.fixture
def some_content(db):
    """What a refused restore must leave alone: what migrate made, a page, a user, a redirect."""
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.models import Page

    from portal.models import StandardPage

    page = Page.objects.get(depth=2).add_child(instance=StandardPage(title="Still here", slug="still-here"))
    get_user_model().objects.create_user(username="kept", email="kept@example.org")
    Redirect.objects.create(old_path="/kept", redirect_page=page)
    return content_counts()


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_hostile_archive_is_refused_and_changes_nothing(case, pristine, some_content, settings, tmp_path,
                                                          monkeypatch, capsys):
    message, key = HOSTILE[case]
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.BACKUP_SIGNING_KEY = key or ""
    hostile = tmp_path / f"{case}.zip"
    _build(case, pristine, hostile)
    files = _files(tmp_path)
    mail.outbox = []

    status = _run_import(monkeypatch, str(hostile), "--force", "--skip-checks")

    err = capsys.readouterr().err
    assert status != 0
    assert re.search(message, err), err
    assert err.startswith("CommandError: ") and err.rstrip().endswith("Nothing was changed.")
    assert content_counts() == some_content
    assert some_content["wagtailcore.Page"] == 3 and some_content["auth.User"] == 1
    assert _files(tmp_path) == files
    assert not (tmp_path.parent / "escaped.txt").exists() and not Path("/tmp/escaped.txt").exists()
    assert mail.outbox == []


def test_the_untouched_archive_the_hostile_ones_come_from_restores(pristine, kernel_site, settings, tmp_path,
                                                                   monkeypatch, capsys):
    """The suite's refusals are the hostile edits', not the source's."""
    from portal.backup import import_content

    settings.MEDIA_ROOT = str(tmp_path / "media")
    for name, key in (("plain.zip", ""), ("signed.zip", SIGNING_KEY)):
        settings.BACKUP_SIGNING_KEY = key
        result = import_content(pristine / name, force=True)
        assert result.counts["wagtailcore.Page"] > 1
    assert any(name.startswith("media/original_images/real") for name in _files(tmp_path))
