"""The archive format: its names, its manifest, its signature, and opening one to read."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import zipfile
import zlib
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version

from django.conf import settings
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder

FORMAT = "drive-portal-content"
# 2: media listed in the manifest with size and checksum, entries with their size; optional signature.
FORMAT_VERSION = 2
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
SIGNATURE_PREFIX = "hmac-sha256:"
DATA_DIR = "data/"
MEDIA_DIR = "media/"
CHUNK_SIZE = 500
READ_SIZE = 1 << 20

# Limits on what an archive may declare, so a hostile one cannot fill the disk or the memory.
# The largest upload the site accepts is 20 MB; settings of the same names override these.
MAX_FILE_BYTES = 256 * 1024 * 1024       # one media file
MAX_ENTRY_BYTES = 4 * 1024 * 1024 * 1024  # one model's rows
MAX_ROW_BYTES = 32 * 1024 * 1024         # one JSON line
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
MIN_KEY_LENGTH = 32


class BackupError(Exception):
    """The archive cannot be written or restored; nothing was changed."""


@dataclass
class Result:
    path: str
    counts: dict[str, int]
    media_files: int = 0
    size: int = 0
    notes: list[str] = field(default_factory=list)


def limit(name: str) -> int:
    """``MAX_FILE_BYTES``, ``MAX_ENTRY_BYTES`` or ``MAX_ROW_BYTES``, or the setting ``BACKUP_<name>``."""
    return int(getattr(settings, f"BACKUP_{name}", globals()[name]))


def applied_migrations(using) -> list[list[str]]:
    recorder = MigrationRecorder(connections[using])
    return sorted([app, name] for app, name in recorder.applied_migrations())


def package_version(package) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return ""


def unsafe_name(name: str) -> bool:
    """A member name that could escape the folder it is extracted into, or name no file."""
    if not name or "\\" in name or "\x00" in name or name.startswith("/") or ":" in name.split("/")[0]:
        return True
    return any(part in ("", ".", "..") for part in name.split("/"))


# --- Signing --------------------------------------------------------------------------------

def signing_key() -> bytes | None:
    """``BACKUP_SIGNING_KEY`` from the environment (through settings), or None when unset."""
    key = getattr(settings, "BACKUP_SIGNING_KEY", "") or ""
    if not key:
        return None
    if len(key) < MIN_KEY_LENGTH:
        raise BackupError(f"BACKUP_SIGNING_KEY is too short: use at least {MIN_KEY_LENGTH} random characters.")
    return key.encode("utf-8")


def sign(manifest: bytes, key: bytes) -> str:
    return SIGNATURE_PREFIX + hmac.new(key, manifest, hashlib.sha256).hexdigest()


def check_signature(archive: zipfile.ZipFile, manifest: bytes, path: str, notes: list[str]) -> None:
    """With a key: the archive must carry the manifest's HMAC made with it. Without one, a signed
    archive is restored unchecked, and the operator is told so."""
    key = signing_key()
    names = set(archive.namelist())
    if key is None:
        if SIGNATURE in names:
            notes.append("the archive is signed, but BACKUP_SIGNING_KEY is not set here: the signature "
                         "was not checked")
        return
    if SIGNATURE not in names:
        raise BackupError(f"{path} is not signed. BACKUP_SIGNING_KEY is set, so only archives signed "
                          "with that key are restored.")
    try:
        given = archive.read(SIGNATURE).decode("ascii").strip()
    except (UnicodeDecodeError, zipfile.BadZipFile, OSError, EOFError, zlib.error):
        given = ""
    if not hmac.compare_digest(given.encode("ascii", "replace"), sign(manifest, key).encode("ascii")):
        raise BackupError(f"{path} has a signature that does not match its manifest: it was edited "
                          "after it was written, or signed with another key.")


# --- Opening --------------------------------------------------------------------------------

def open_archive(path, notes: list[str]) -> tuple[zipfile.ZipFile, dict]:
    """Open the zip, read its manifest and check its signature; nothing else is trusted yet."""
    path = os.fspath(path)
    if not os.path.isfile(path):
        raise BackupError(f"{path} does not exist.")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise BackupError(f"{path} is not a complete backup archive (truncated or damaged: {exc}).") from exc
    try:
        manifest = _read_manifest(archive, path, notes)
    except BaseException:
        archive.close()
        raise
    return archive, manifest


def _read_manifest(archive, path, notes) -> dict:
    names = archive.namelist()
    if len(names) != len(set(names)):
        twice = sorted({name for name in names if names.count(name) > 1})
        raise BackupError(f"{path} holds the same member more than once ({', '.join(twice[:3])}): "
                          "it is not an archive export_content wrote.")
    try:
        info = archive.getinfo(MANIFEST)
    except KeyError:
        raise BackupError(f"{path} has no {MANIFEST}; it is not a content backup.") from None
    if info.file_size > MAX_MANIFEST_BYTES:
        raise BackupError(f"{path}'s {MANIFEST} is {info.file_size:,} bytes, more than a manifest can be.")
    try:
        raw = archive.read(MANIFEST)
        manifest = json.loads(raw)
    except (ValueError, zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
        raise BackupError(f"{path} has no readable {MANIFEST}; it is not a content backup ({exc}).") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path} is not a {FORMAT} archive.")
    if manifest.get("version") != FORMAT_VERSION:
        raise BackupError(f"{path} is a version {manifest.get('version')!r} archive; this portal restores "
                          f"version {FORMAT_VERSION} archives only. Export it again with this version.")
    check_signature(archive, raw, path, notes)
    return manifest
