"""The archive format: its names, its manifest, and opening one to read."""

from __future__ import annotations

import json
import os
import zipfile
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version

from django.db import connections
from django.db.migrations.recorder import MigrationRecorder

FORMAT = "drive-portal-content"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATA_DIR = "data/"
MEDIA_DIR = "media/"
CHUNK_SIZE = 500


class BackupError(Exception):
    """The archive cannot be written or restored; nothing was changed."""


@dataclass
class Result:
    path: str
    counts: dict[str, int]
    media_files: int = 0
    size: int = 0
    notes: list[str] = field(default_factory=list)


def applied_migrations(using) -> list[list[str]]:
    recorder = MigrationRecorder(connections[using])
    return sorted([app, name] for app, name in recorder.applied_migrations())


def package_version(package) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return ""


def open_archive(path) -> tuple[zipfile.ZipFile, dict]:
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
