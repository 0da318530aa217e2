"""Restoring an archive: check it whole (``verify``), then replace the database's content in one
transaction."""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Callable

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from .archive import BackupError, Result, applied_migrations, open_archive
from .rebuild import rebuild_derived, rebuild_loaded
from .registry import KEPT_MODELS
from .selection import existing_content, m2m_fields
from .verify import MediaFile, Plan, bounded_chunks, verify


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
    name = entry["name"]
    rows = 0
    parental = [f.name for f in m2m_fields(model) if type(f).__module__.startswith("modelcluster")]
    with archive.open(name) as raw:
        lines = io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
        try:
            for obj in serializers.deserialize("jsonl", lines, using=using, ignorenonexistent=False,
                                               handle_forward_references=False):
                obj.save(using=using, force_insert=True)
                for field in parental:  # modelcluster keeps these in memory until committed
                    getattr(obj.object, field).commit()
                rows += 1
        except Exception as exc:  # noqa: BLE001
            reason = str(exc) or str(exc.__cause__ or type(exc).__name__)  # the deserialiser may wrap it
            raise BackupError(f"{name}, line {rows + 1}: could not restore this row of "
                              f"{model._meta.label} ({reason}).") from exc
    return rows


def _check_counts(plan: Plan, using) -> None:
    """The restore may not leave fewer rows than the archive holds (a hook or a signal that
    deleted some, rows that went nowhere)."""
    for entry, model in plan.entries:
        found = model._base_manager.using(using).count()
        if found < entry["rows"]:
            raise BackupError(f"The restore would leave {found} row(s) of {model._meta.label}, but the "
                              f"archive holds {entry['rows']}.")


class _MediaStream(io.RawIOBase):
    """A listed media file, read from the archive with its byte limit, for the storage to save."""

    def __init__(self, archive, item: MediaFile):
        self.size = item.size
        self.chunks = bounded_chunks(archive, item.member, item.size)
        self.pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self.pending:
            chunk = next(self.chunks, None)
            if chunk is None:
                return 0
            self.pending = chunk
        count = min(len(buffer), len(self.pending))
        buffer[:count] = self.pending[:count]
        self.pending = self.pending[count:]
        return count


def _copy_media(archive, plan: Plan, written: list[str], notes: list[str]) -> None:
    """Put the archive's listed files into media storage, keeping any file already there."""

    for item in plan.media:
        if default_storage.exists(item.name):
            continue
        try:
            saved = default_storage.save(item.name, File(_MediaStream(archive, item), name=item.name))
        except BaseException:
            if default_storage.exists(item.name):
                default_storage.delete(item.name)
            raise
        written.append(saved)
        if saved != item.name:
            notes.append(f"{item.name} was stored as {saved}")


def _delete_files(names: list[str]) -> None:

    for name in names:
        with contextlib.suppress(OSError):
            default_storage.delete(name)


def import_content(path, *, force: bool = False, media: bool = True, rebuild: bool = True,
                   using: str = DEFAULT_DB_ALIAS,
                   progress: Callable[[str], None] | None = None) -> Result:
    """Restore an archive. Refuses a database with content unless ``force``; all or nothing."""
    progress = progress or (lambda _m: None)
    notes: list[str] = []
    archive, manifest = open_archive(path, notes)
    with archive:
        plan = verify(archive, manifest)  # the whole archive, before the database is even read
        notes += _check_migrations(manifest, using)
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
            for entry, model in plan.entries:
                counts[model._meta.label] = _load_entry(archive, entry, model, using)
                if counts[model._meta.label]:
                    progress(f"{model._meta.label}: {counts[model._meta.label]}")
        try:
            connection.check_constraints(table_names=[m._meta.db_table for _entry, m in plan.entries])
        except Exception as exc:  # noqa: BLE001
            raise BackupError(f"The archive's rows do not fit together: {exc}") from exc
        _execute(using, connection.ops.sequence_reset_sql(no_style(), [m for _entry, m in plan.entries]))
        notes += rebuild_loaded(using)
        _check_counts(plan, using)
        if media:
            _copy_media(archive, plan, written, notes)
