"""Restoring an archive: check it whole, then replace the database's content in one transaction."""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import zipfile
import zlib
from collections.abc import Callable

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction

from .archive import MANIFEST, MEDIA_DIR, BackupError, Result, applied_migrations, open_archive
from .rebuild import rebuild_derived, rebuild_loaded
from .registry import KEPT_MODELS
from .selection import existing_content, exported_models, m2m_fields


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
    here = {tuple(m) for m in applied_migrations(using)}
    there = {tuple(m) for m in manifest.get("migrations", [])}
    missing = sorted(there - here)
    if missing:
        shown = ", ".join(f"{app}.{name}" for app, name in missing[:5])
        raise BackupError(
            f"The archive was made by a newer schema: {len(missing)} migration(s) are not applied here "
            f"({shown}). Deploy the code the backup was made with and run migrate first.")
    newer = len(here - there)
    return [f"this database has {newer} migration(s) the archive predates"] if newer else []


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
    parental = [f.name for f in m2m_fields(model) if type(f).__module__.startswith("modelcluster")]
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
    archive, manifest = open_archive(path)
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
        notes += rebuild_loaded(using)
        if media:
            _copy_media(archive, written, notes)
