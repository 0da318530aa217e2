"""Export and restore every piece of content that is not derived, as one zip archive.

- ``manifest.json``: format, version, origin, applied migrations, and per entry its model, rows
  and SHA-256;
- ``data/NNNN-<app>.<model>.jsonl``: one Django-serialised object per line, one entry per model,
  in dependency order; content types and permissions by natural key, so the archive loads into
  any database migrated by the same code, whatever ids those rows got there;
- ``media/<name>`` (optional): the uploaded originals of every file field.

Derived and transient rows are left out (``EXCLUDED_MODELS``) and rebuilt after a restore.
Everything else is content, users included (password hashes, authenticator secrets): keep
archives as safely as the database. Export reads one snapshot and streams rows in chunks; restore
streams them back in one transaction, replacing all but content types and permissions.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import io
import json
import os
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version

from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers import jsonl
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder

FORMAT = "drive-portal-content"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATA_DIR = "data/"
MEDIA_DIR = "media/"
CHUNK_SIZE = 500

# Rows that are derived, transient or recreated by ``migrate``: never exported, and wiped (apart
# from content types and permissions) by a restore.
EXCLUDED_MODELS = {
    "contenttypes.contenttype": "recreated by migrate; referred to by natural key",
    "auth.permission": "recreated by migrate; referred to by natural key",
    "sessions.session": "signed-in sessions",
    "account.emailconfirmation": "pending email confirmations",
    "wagtailsearch.indexentry": "site search index (rebuilt by update_index)",
    "wagtailsearch.sqliteftsindexentry": "site search index (rebuilt by update_index)",
    "wagtailcore.referenceindex": "reference index (rebuilt by rebuild_references_index)",
    "wagtailimages.rendition": "image renditions (made again on demand)",
    "wagtailembeds.embed": "cached embed responses",
    "wagtailadmin.editingsession": "who is editing what right now",
    "wagtailadmin.formstate": "autosaved, unsubmitted admin forms",
    "wagtailcore.uploadedfile": "temporary uploads",
    "search.servicepoint": "directory search points (rebuilt from services and locations)",
}
EXCLUDED_APPS = {"django_tasks_database": "queued background tasks"}
# Derived columns of exported models, rebuilt after a restore.
EXCLUDED_FIELDS = {"search.service": {"search_vector"}}
# Kept by a restore: they are the natural keys the archive refers to.
KEPT_MODELS = ("contenttypes.contenttype", "auth.permission")
# Models a freshly migrated (or flushed) database already has rows in. Their rows do not count as
# content when deciding whether a database is empty; pages count unless they are of the bare
# ``Page`` type (Wagtail's root and welcome page).
SEEDED_MODELS = {
    "auth.group", "wagtailcore.locale", "wagtailcore.collection", "wagtailcore.page",
    "wagtailcore.site", "wagtailcore.grouppagepermission", "wagtailcore.groupcollectionpermission",
    "wagtailcore.groupsitepermission", "wagtailcore.workflow", "wagtailcore.task",
    "wagtailcore.groupapprovaltask", "wagtailcore.workflowtask", "wagtailcore.workflowpage",
    "wagtailcore.workflowcontenttype", "coalition.region", "training.audience",
    "search.taxonomy", "search.taxonomyterm",
}


class BackupError(Exception):
    """The archive cannot be written or restored; nothing was changed."""


@dataclass
class Result:
    path: str
    counts: dict[str, int]
    media_files: int = 0
    size: int = 0
    notes: list[str] = field(default_factory=list)


# --- which models ---------------------------------------------------------------------------

def _is_excluded(model) -> bool:
    opts = model._meta
    return (opts.label_lower in EXCLUDED_MODELS or opts.app_label in EXCLUDED_APPS
            or opts.proxy or not opts.managed or opts.swapped)


def exported_models() -> list[type[models.Model]]:
    """Every model with content, parents and foreign-key targets before the rows that refer to them."""
    candidates = [m for m in apps.get_models() if not _is_excluded(m)]
    return _dependency_order(candidates)


def _dependency_order(candidates):
    position = {m: i for i, m in enumerate(candidates)}
    needs = {}
    for model in candidates:
        targets = set()
        for f in model._meta.concrete_fields:
            target = f.related_model if f.is_relation else None
            if target is not None:
                target = target._meta.concrete_model
                if target in position and target is not model:
                    targets.add(target)
        needs[model] = targets
    ordered, placed = [], set()
    remaining = list(candidates)
    while remaining:
        ready = [m for m in remaining if needs[m] <= placed]
        if not ready:  # a cycle (workflow and task states): deferred constraints cope with it
            ready = [remaining[0]]
        for model in ready:
            ordered.append(model)
            placed.add(model)
        remaining = [m for m in remaining if m not in placed]
    return ordered


def counted_models() -> list[type[models.Model]]:
    """The exported models and their many-to-many tables, for comparing two databases."""
    result = []
    for model in exported_models():
        result.append(model)
        for f in model._meta.local_many_to_many:
            through = f.remote_field.through
            if through._meta.auto_created:
                result.append(through)
    return result


def content_counts(using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    return {m._meta.label: m._base_manager.using(using).count() for m in counted_models()}


def _m2m_fields(model):
    return [f for f in model._meta.local_many_to_many
            if f.serialize and f.remote_field.through._meta.auto_created]


# --- export ---------------------------------------------------------------------------------

class _Entry:
    """A text stream into one archive member, buffered, hashed as it is written."""

    def __init__(self, handle):
        self.handle = handle
        self.sha = hashlib.sha256()
        self.parts: list[str] = []
        self.pending = 0

    def write(self, text: str) -> None:
        self.parts.append(text)
        self.pending += len(text)
        if self.pending >= 1 << 16:
            self.flush()

    def flush(self) -> None:
        if self.parts:
            data = "".join(self.parts).encode("utf-8")
            self.sha.update(data)
            self.handle.write(data)
            self.parts, self.pending = [], 0


class _Serializer(jsonl.Serializer):
    """Django's JSON lines serialiser, with natural keys only for content types and permissions
    (their ids differ between databases) and without derived columns."""

    def __init__(self, using):
        super().__init__()
        self.using = using
        self.rows = 0
        self._permissions = None

    def _reference(self, model, pk):
        if pk is None:
            return None
        concrete = model._meta.concrete_model
        if concrete is ContentType:
            return list(ContentType.objects.db_manager(self.using).get_for_id(pk).natural_key())
        if concrete is Permission:
            if self._permissions is None:
                self._permissions = {
                    p.pk: list(p.natural_key())
                    for p in Permission.objects.using(self.using).select_related("content_type")}
            return self._permissions[pk]
        return pk if isinstance(pk, (int, str)) else str(pk)

    def handle_field(self, obj, field):
        if field.name not in EXCLUDED_FIELDS.get(obj._meta.label_lower, ()):
            super().handle_field(obj, field)

    def handle_fk_field(self, obj, field):
        value = getattr(obj, field.attname)
        model = field.remote_field.model._meta.concrete_model
        if model in (ContentType, Permission):
            self._current[field.name] = self._reference(model, value)
        else:
            self._current[field.name] = self._value_from_field(obj, field)

    def handle_m2m_field(self, obj, field):
        if not field.remote_field.through._meta.auto_created:
            return
        cached = getattr(obj, "_prefetched_objects_cache", {})
        if field.name in cached:
            pks = [related.pk for related in cached[field.name]]
        else:
            pks = list(getattr(obj, field.name).values_list("pk", flat=True))
        model = field.remote_field.model
        self._current[field.name] = [self._reference(model, pk) for pk in sorted(pks, key=str)]

    def end_object(self, obj):
        super().end_object(obj)
        self.rows += 1


def _applied_migrations(using) -> list[list[str]]:
    recorder = MigrationRecorder(connections[using])
    return sorted([app, name] for app, name in recorder.applied_migrations())


def _file_fields(model):
    return [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]


def export_content(path, *, media: bool = False, using: str = DEFAULT_DB_ALIAS,
                   progress: Callable[[str], None] | None = None) -> Result:
    """Write the archive to ``path`` (through a temporary file, so a failed export leaves nothing)."""
    path = os.fspath(path)
    fd, temporary = tempfile.mkstemp(prefix=".export-", suffix=".zip", dir=os.path.dirname(os.path.abspath(path)))
    os.close(fd)
    try:
        result = _write_archive(temporary, media=media, using=using, progress=progress or (lambda _m: None))
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise
    result.path = path
    result.size = os.path.getsize(path)
    return result


def _write_archive(target, *, media, using, progress) -> Result:
    connection = connections[using]
    counts: dict[str, int] = {}
    entries = []
    notes: list[str] = []
    media_names: dict[str, object] = {}
    own_transaction = not connection.in_atomic_block
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        with transaction.atomic(using=using):
            if connection.vendor == "postgresql" and own_transaction:
                with connection.cursor() as cursor:  # one snapshot of every table
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            for number, model in enumerate(exported_models(), start=1):
                label = model._meta.label_lower
                name = f"{DATA_DIR}{number:04d}-{label}.jsonl"
                queryset = model._base_manager.using(using).order_by("pk")
                m2m = [f.name for f in _m2m_fields(model)]
                if m2m:
                    queryset = queryset.prefetch_related(*m2m)
                serializer = _Serializer(using)
                with archive.open(name, "w", force_zip64=True) as handle:
                    stream = _Entry(handle)
                    serializer.serialize(queryset.iterator(chunk_size=CHUNK_SIZE), stream=stream)
                    stream.flush()
                counts[model._meta.label] = serializer.rows
                entries.append({"name": name, "model": label, "rows": serializer.rows,
                                "sha256": stream.sha.hexdigest()})
                if serializer.rows:
                    progress(f"{model._meta.label}: {serializer.rows}")
                if media:
                    for f in _file_fields(model):
                        names = model._base_manager.using(using).values_list(f.attname, flat=True)
                        for value in names.iterator(chunk_size=CHUNK_SIZE):
                            if value:
                                media_names.setdefault(value, f.storage)
            migrations = _applied_migrations(using)
        media_count = 0
        for name, storage in sorted(media_names.items()):
            try:
                source = storage.open(name, "rb")
            except (FileNotFoundError, OSError):
                notes.append(f"missing file, not in the archive: {name}")
                continue
            with source, archive.open(MEDIA_DIR + name, "w", force_zip64=True) as handle:
                while chunk := source.read(1 << 20):
                    handle.write(chunk)
            media_count += 1
        manifest = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "database": connection.vendor,
            "django": _version("django"),
            "wagtail": _version("wagtail"),
            "migrations": migrations,
            "entries": entries,
            "media": media_count,
        }
        archive.writestr(MANIFEST, json.dumps(manifest, indent=1))
    return Result(path=target, counts=counts, media_files=media_count, notes=notes)


def _version(package):
    try:
        return version(package)
    except PackageNotFoundError:
        return ""


# --- import ---------------------------------------------------------------------------------

def _open_archive(path) -> tuple[zipfile.ZipFile, dict]:
    path = os.fspath(path)
    if not os.path.isfile(path):
        raise BackupError(f"{path} does not exist.")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise BackupError(f"{path} is not a complete backup archive (truncated or damaged: {exc}).") from exc
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except (KeyError, ValueError, zipfile.BadZipFile, OSError, EOFError) as exc:
        archive.close()
        raise BackupError(f"{path} has no readable {MANIFEST}; it is not a content backup ({exc}).") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT or manifest.get("version") != FORMAT_VERSION:
        archive.close()
        raise BackupError(f"{path} is not a version {FORMAT_VERSION} {FORMAT} archive.")
    return archive, manifest


def _verify(archive: zipfile.ZipFile, manifest: dict, notes: list[str]) -> list[tuple[dict, type[models.Model]]]:
    """Check every data entry (checksum and rows) and that its model exists here, before any write."""
    plan = []
    names = set(archive.namelist())
    wanted = {m._meta.label_lower for m in exported_models()}
    for entry in manifest.get("entries", []):
        try:
            name, label, expected = entry["name"], entry["model"], (entry["sha256"], entry["rows"])
        except (KeyError, TypeError):
            raise BackupError(f"The archive's {MANIFEST} is malformed.") from None
        if name not in names:
            raise BackupError(f"The archive lacks {name}: it is incomplete.")
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            raise BackupError(f"The archive holds {label}, which this version of the portal does not have.") from None
        if label not in wanted:
            raise BackupError(f"The archive holds {label}, which this version of the portal does not restore.")
        sha, rows = hashlib.sha256(), 0
        try:
            with archive.open(name) as handle:
                while chunk := handle.read(1 << 20):
                    sha.update(chunk)
                    rows += chunk.count(b"\n")
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
            raise BackupError(f"{name} is damaged: {exc}") from exc
        if (sha.hexdigest(), rows) != expected:
            raise BackupError(f"{name} does not match the manifest (damaged or edited archive).")
        plan.append((entry, model))
    missing = wanted - {entry["model"] for entry, _model in plan}
    if missing:  # models added since the archive was made: they start empty
        notes.append(f"the archive has no rows for {', '.join(sorted(missing))}")
    return plan


def _check_migrations(manifest, using) -> list[str]:
    here = {tuple(m) for m in _applied_migrations(using)}
    there = {tuple(m) for m in manifest.get("migrations", [])}
    missing = sorted(there - here)
    if missing:
        shown = ", ".join(f"{app}.{name}" for app, name in missing[:5])
        raise BackupError(
            f"The archive was made by a newer schema: {len(missing)} migration(s) are not applied here "
            f"({shown}). Deploy the code the backup was made with and run migrate first.")
    newer = len(here - there)
    return [f"this database has {newer} migration(s) the archive predates"] if newer else []


def existing_content(using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Models holding rows beyond what ``migrate`` creates (empty dict: the database is empty)."""
    from wagtail.models import Page

    found = {}
    for model in exported_models():
        label = model._meta.label_lower
        manager = model._base_manager.using(using)
        if label == "wagtailcore.page":
            bare = ContentType.objects.db_manager(using).get_for_model(Page)
            count = manager.exclude(content_type=bare).count()
        elif label in SEEDED_MODELS:
            continue
        else:
            count = manager.count()
        if count:
            found[model._meta.label] = count
    return found


def _wipe(using) -> None:
    """Empty every table holding rows, except content types and permissions. On PostgreSQL,
    CASCADE also takes the (empty) tables that refer to them: all ours to empty."""
    connection = connections[using]
    kept = {apps.get_model(label)._meta.db_table for label in KEPT_MODELS}
    tables = sorted(set(connection.introspection.django_table_names(only_existing=True)) - kept)
    with connection.cursor() as cursor:
        filled = []
        for table in tables:
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")
            if cursor.fetchone():
                filled.append(table)
        if connection.vendor == "postgresql":
            # TRUNCATE refuses tables with pending deferred checks (rows written earlier in an
            # enclosing transaction): run those checks now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    _execute(using, connection.ops.sql_flush(no_style(), filled, reset_sequences=False, allow_cascade=True))


def _execute(using, statements) -> None:
    with connections[using].cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def _load_entry(archive, entry, model, using) -> int:
    label = model._meta.label
    rows = 0
    parental = [f.name for f in _m2m_fields(model) if type(f).__module__.startswith("modelcluster")]
    with archive.open(entry["name"]) as raw:
        lines = io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
        try:
            for obj in serializers.deserialize("jsonl", lines, using=using, ignorenonexistent=False,
                                               handle_forward_references=False):
                if obj.object._meta.concrete_model is not model._meta.concrete_model:
                    raise BackupError(f"row {rows + 1} of {entry['name']} is a {obj.object._meta.label}")
                obj.save(using=using, force_insert=True)
                for name in parental:  # modelcluster keeps these in memory until committed
                    getattr(obj.object, name).commit()
                rows += 1
        except BackupError:
            raise
        except Exception as exc:  # noqa: BLE001
            raise BackupError(f"Could not restore {label} (row {rows + 1}): {exc}") from exc
    return rows


def _copy_media(archive, written: list[str], notes: list[str]) -> None:
    """Put the archive's files into media storage, keeping any file already there."""
    from django.core.files.storage import default_storage

    for info in archive.infolist():
        if not info.filename.startswith(MEDIA_DIR) or info.is_dir():
            continue
        name = info.filename[len(MEDIA_DIR):]
        if "\\" in name or any(part in ("", ".", "..") for part in name.split("/")):
            raise BackupError(f"The archive holds an unsafe file name: {info.filename}")
        if default_storage.exists(name):
            continue
        try:
            with archive.open(info) as handle:
                saved = default_storage.save(name, handle)
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
            if default_storage.exists(name):
                default_storage.delete(name)
            raise BackupError(f"{info.filename} is damaged: {exc}") from exc
        written.append(saved)
        if saved != name:
            notes.append(f"{name} was stored as {saved}")


def _delete_files(names: list[str]) -> None:
    from django.core.files.storage import default_storage

    for name in names:
        with contextlib.suppress(OSError):
            default_storage.delete(name)


def import_content(path, *, force: bool = False, media: bool = True, rebuild: bool = True,
                   using: str = DEFAULT_DB_ALIAS,
                   progress: Callable[[str], None] | None = None) -> Result:
    """Restore an archive. Refuses a database with content unless ``force``; all or nothing."""
    progress = progress or (lambda _m: None)
    archive, manifest = _open_archive(path)
    with archive:
        notes = _check_migrations(manifest, using)
        plan = _verify(archive, manifest, notes)
        ContentType.objects.clear_cache()
        if not force:
            found = existing_content(using)
            if found:
                shown = ", ".join(f"{label} ({n})" for label, n in list(found.items())[:6])
                raise BackupError(f"The database already has content: {shown}. Restore into an empty, "
                                  "migrated database, or pass --force to replace everything in it.")
        counts: dict[str, int] = {}
        written: list[str] = []
        try:
            _restore(archive, plan, counts, written, notes, media=media, using=using, progress=progress)
        except BaseException:
            _delete_files(written)
            raise
    if rebuild:
        notes += rebuild_derived(using, progress)
    return Result(path=os.fspath(path), counts=counts, media_files=len(written), notes=notes)


def _restore(archive, plan, counts, written, notes, *, media, using, progress) -> None:
    """Empty the tables, load every entry and copy the files, in one transaction."""
    connection = connections[using]
    with transaction.atomic(using=using):
        with connection.constraint_checks_disabled():
            _wipe(using)
            for entry, model in plan:
                counts[model._meta.label] = _load_entry(archive, entry, model, using)
                if counts[model._meta.label]:
                    progress(f"{model._meta.label}: {counts[model._meta.label]}")
        try:
            connection.check_constraints(table_names=[m._meta.db_table for _entry, m in plan])
        except Exception as exc:  # noqa: BLE001
            raise BackupError(f"The archive's rows do not fit together: {exc}") from exc
        _execute(using, connection.ops.sequence_reset_sql(no_style(), [m for _entry, m in plan]))
        for step in DATABASE_REBUILDERS:
            notes += step(using)
        if media:
            _copy_media(archive, written, notes)


# --- derived data -----------------------------------------------------------------------------

def _rebuild_directory(using) -> list[str]:
    """The directory's search helpers: facet tokens and search text, the PostgreSQL full-text
    column and the search points (no timestamps touched)."""
    if not apps.is_installed("search"):
        return []
    from search.models.directory import Service, rebuild_all_points, update_search_vectors

    services = Service.objects.using(using)
    batch = []
    for service in services.select_related("organization").order_by("pk").iterator(chunk_size=CHUNK_SIZE):
        service.facet_tokens = service.compute_facet_tokens()
        service.search_text = service.compute_search_text()
        batch.append(service)
        if len(batch) >= CHUNK_SIZE:
            services.bulk_update(batch, ["facet_tokens", "search_text"])
            batch = []
    if batch:
        services.bulk_update(batch, ["facet_tokens", "search_text"])
    update_search_vectors(services.all())
    rebuild_all_points()
    return []


DATABASE_REBUILDERS: list[Callable[[str], list[str]]] = [_rebuild_directory]


def _quiet_command(name, *args, **options) -> None:
    call_command(name, *args, stdout=io.StringIO(), stderr=io.StringIO(), **options)


def rebuild_derived(using: str = DEFAULT_DB_ALIAS, progress: Callable[[str], None] | None = None) -> list[str]:
    """After a restore: page tree check, reference index, search indexes, caches. A failure here
    leaves the restored content in place and says what to run again."""
    from django.conf import settings
    from django.core.cache import caches
    from wagtail.models import Page

    progress = progress or (lambda _m: None)
    notes = []
    if any(Page.find_problems()):
        _quiet_command("fixtree", interactive=False)
        notes.append("the page tree needed repair: fixtree was run")
    steps = ["rebuild_references_index", "update_index"]
    if getattr(settings, "ELASTICSEARCH_URL", "") and apps.is_installed("search"):
        steps.append("rebuild_directory_index")
    for name in steps:
        progress(f"running {name}")
        try:
            _quiet_command(name)
        except Exception as exc:  # noqa: BLE001
            notes.append(f"{name} failed ({exc}); run `manage.py {name}` again")
    if apps.is_installed("search"):
        from search.directory.vocab_cache import invalidate

        invalidate()
    for alias in settings.CACHES:
        caches[alias].clear()
    return notes
