"""Writing the archive: every exported model's rows, the manifest (signed when a key is set) and,
optionally, the media."""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import tempfile
import zipfile
from collections.abc import Callable, Mapping

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.serializers import jsonl
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from .archive import (
    CHUNK_SIZE,
    DATA_DIR,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    MEDIA_DIR,
    READ_SIZE,
    SIGNATURE,
    Result,
    applied_migrations,
    package_version,
    sign,
    signing_key,
    unsafe_name,
)
from .registry import excluded_fields
from .selection import exported_models, file_fields, m2m_fields


class _Entry:
    """A text stream into one archive member, buffered, hashed as it is written."""

    def __init__(self, handle):
        self.handle = handle
        self.sha = hashlib.sha256()
        self.size = 0
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
            self.size += len(data)
            self.handle.write(data)
            self.parts, self.pending = [], 0


class _Serializer(jsonl.Serializer):
    """Django's JSON lines serialiser, with natural keys only for content types and permissions
    (their ids differ between databases) and without derived columns."""

    def __init__(self, using, excluded: Mapping[str, frozenset[str]]):
        super().__init__()
        self.using = using
        self.excluded = excluded
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
        if field.name not in self.excluded.get(obj._meta.label_lower, ()):
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
    key = signing_key()  # a key too short to sign with stops the export before it starts
    connection = connections[using]
    counts: dict[str, int] = {}
    entries = []
    notes: list[str] = []
    media_names: dict[str, object] = {}
    excluded = excluded_fields()
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
                m2m = [f.name for f in m2m_fields(model)]
                if m2m:
                    queryset = queryset.prefetch_related(*m2m)
                serializer = _Serializer(using, excluded)
                with archive.open(name, "w", force_zip64=True) as handle:
                    stream = _Entry(handle)
                    serializer.serialize(queryset.iterator(chunk_size=CHUNK_SIZE), stream=stream)
                    stream.flush()
                counts[model._meta.label] = serializer.rows
                entries.append({"name": name, "model": label, "rows": serializer.rows,
                                "size": stream.size, "sha256": stream.sha.hexdigest()})
                if serializer.rows:
                    progress(f"{model._meta.label}: {serializer.rows}")
                if media:
                    for f in file_fields(model):
                        names = model._base_manager.using(using).values_list(f.attname, flat=True)
                        for value in names.iterator(chunk_size=CHUNK_SIZE):
                            if value:
                                media_names.setdefault(value, f.storage)
            migrations = applied_migrations(using)
        files = []
        for name, storage in sorted(media_names.items()):
            if unsafe_name(name):
                notes.append(f"file with an unsafe name, not in the archive: {name!r}")
                continue
            try:
                source = storage.open(name, "rb")
            except (FileNotFoundError, OSError):
                notes.append(f"missing file, not in the archive: {name}")
                continue
            sha, size = hashlib.sha256(), 0
            with source, archive.open(MEDIA_DIR + name, "w", force_zip64=True) as handle:
                while chunk := source.read(READ_SIZE):
                    sha.update(chunk)
                    size += len(chunk)
                    handle.write(chunk)
            files.append({"name": MEDIA_DIR + name, "size": size, "sha256": sha.hexdigest()})
        manifest = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "database": connection.vendor,
            "django": package_version("django"),
            "wagtail": package_version("wagtail"),
            "migrations": migrations,
            "entries": entries,
            "media": files,
        }
        raw = json.dumps(manifest, indent=1).encode("utf-8")
        archive.writestr(MANIFEST, raw)
        if key is not None:
            archive.writestr(SIGNATURE, sign(raw, key) + "\n")
    return Result(path=target, counts=counts, media_files=len(files), notes=notes)
