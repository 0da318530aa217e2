"""The manifest is a contract: every check an archive must pass before a restore writes anything.

- ``entries`` names every model this code exports, once, each with its member, rows, size and
  SHA-256; every row of every member is a JSON object of that model, and there are exactly as
  many as the manifest says;
- ``media`` lists every file under ``media/`` with its size and SHA-256; each is read, with a
  byte limit, and checked; the zip's own sizes must agree before anything is decompressed;
- the zip holds nothing else, and no member name can leave the folder it is extracted into.
"""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from django.apps import apps
from django.db import models

from .archive import (
    DATA_DIR,
    MANIFEST,
    MEDIA_DIR,
    READ_SIZE,
    SIGNATURE,
    BackupError,
    limit,
    unsafe_name,
)
from .selection import exported_models

SHA256 = re.compile(r"[0-9a-f]{64}")
READ_ERRORS = (zipfile.BadZipFile, OSError, EOFError, zlib.error)


@dataclass(frozen=True)
class MediaFile:
    member: str    # the name in the archive, "media/<name>"
    name: str      # the name in media storage
    size: int
    sha256: str


@dataclass(frozen=True)
class Plan:
    entries: list[tuple[dict, type[models.Model]]]
    media: list[MediaFile]


def bounded_chunks(archive: zipfile.ZipFile, member: str, size: int) -> Iterator[bytes]:
    """The member's bytes, never more than ``size``: a member that inflates beyond what the
    manifest and the zip directory say is refused as soon as it does."""
    read = 0
    try:
        with archive.open(member) as handle:
            while chunk := handle.read(min(READ_SIZE, size - read + 1)):
                read += len(chunk)
                if read > size:
                    raise BackupError(f"{member} holds more than the {size:,} bytes the manifest lists "
                                      "(a decompression bomb or a damaged archive).")
                yield chunk
    except READ_ERRORS as exc:
        raise BackupError(f"{member} is damaged: {exc}") from exc
    if read != size:
        raise BackupError(f"{member} holds {read:,} bytes, not the {size:,} the manifest lists.")


def verify(archive: zipfile.ZipFile, manifest: dict) -> Plan:
    """Check the whole archive against its manifest (reading every byte once); raise BackupError
    naming the first thing wrong."""
    entries = _entries(manifest)
    media = _media(manifest)
    _members(archive, [e["name"] for e, _m in entries], [m.member for m in media])
    for entry, model in entries:
        _check_entry(archive, entry, model)
    for item in media:
        _check_media(archive, item)
    return Plan(entries, media)


def _field(item: dict, key: str, kind, where: str):
    value = item.get(key) if isinstance(item, dict) else None
    if kind is int and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
        raise BackupError(f"The manifest's {where} has no valid {key!r} (a whole number).")
    if kind is str and not (isinstance(value, str) and value):
        raise BackupError(f"The manifest's {where} has no valid {key!r}.")
    if key == "sha256" and not SHA256.fullmatch(value):
        raise BackupError(f"The manifest's {where} has no valid 'sha256' (64 hexadecimal digits).")
    return value


def _entries(manifest: dict) -> list[tuple[dict, type[models.Model]]]:
    listed = manifest.get("entries")
    if not isinstance(listed, list):
        raise BackupError(f"The archive's {MANIFEST} has no list of entries: it does not say what it holds, "
                          "so it cannot be restored.")
    wanted = {m._meta.label_lower: m for m in exported_models()}
    plan, seen, members = [], set(), set()
    for number, entry in enumerate(listed, start=1):
        where = f"entry {number}"
        name = _field(entry, "name", str, where)
        label = _field(entry, "model", str, where)
        for key in ("rows", "size"):
            _field(entry, key, int, f"entry {number} ({label})")
        _field(entry, "sha256", str, f"entry {number} ({label})")
        if not name.startswith(DATA_DIR) or not name.endswith(".jsonl") or unsafe_name(name):
            raise BackupError(f"The manifest's entry {number} names {name!r}, which is not a data file "
                              f"under {DATA_DIR}.")
        if label in seen or name in members:
            raise BackupError(f"The manifest lists {label} ({name}) more than once.")
        try:
            apps.get_model(label)
        except (LookupError, ValueError):
            raise BackupError(f"The archive holds {label}, which this version of the portal does not have.") from None
        if label not in wanted:
            raise BackupError(f"The archive holds {label}, which this version of the portal does not restore.")
        seen.add(label)
        members.add(name)
        plan.append((entry, wanted[label]))
    missing = sorted(set(wanted) - seen)
    if missing:
        shown = ", ".join(missing[:8]) + (f" and {len(missing) - 8} more" if len(missing) > 8 else "")
        raise BackupError(f"The archive's manifest does not list {len(missing)} model(s) this portal has: "
                          f"{shown}. Restoring it would empty them; export again with this version.")
    return plan


def _media(manifest: dict) -> list[MediaFile]:
    listed = manifest.get("media", [])
    if not isinstance(listed, list):
        raise BackupError("The manifest's 'media' is not a list of files with their size and checksum.")
    files, seen = [], set()
    largest = limit("MAX_FILE_BYTES")
    for number, item in enumerate(listed, start=1):
        member = _field(item, "name", str, f"media file {number}")
        size = _field(item, "size", int, f"media file {number} ({member})")
        sha = _field(item, "sha256", str, f"media file {number} ({member})")
        if not member.startswith(MEDIA_DIR) or unsafe_name(member):
            raise BackupError(f"The archive holds an unsafe file name: {member!r}.")
        if member in seen:
            raise BackupError(f"The manifest lists {member} more than once.")
        if size > largest:
            raise BackupError(f"{member} is {size:,} bytes, more than the {largest:,} a restore accepts.")
        seen.add(member)
        files.append(MediaFile(member, member[len(MEDIA_DIR):], size, sha))
    return files


def _members(archive: zipfile.ZipFile, entries: list[str], media: list[str]) -> None:
    """Every member is the manifest, its signature, a listed entry or a listed file; no others."""
    expected = {MANIFEST, SIGNATURE, *entries, *media}
    present = set()
    for info in archive.infolist():
        if unsafe_name(info.filename):
            raise BackupError(f"The archive holds an unsafe file name: {info.filename!r}.")
        if info.filename not in expected:
            kind = "file" if info.filename.startswith(MEDIA_DIR) else "member"
            raise BackupError(f"The archive holds a {kind} its manifest does not list: {info.filename}.")
        present.add(info.filename)
    absent = sorted(set(entries + media) - present)
    if absent:
        raise BackupError(f"The archive lacks {absent[0]}"
                          + (f" and {len(absent) - 1} more listed member(s)" if len(absent) > 1 else "")
                          + ": it is incomplete.")


def _check_size(archive: zipfile.ZipFile, member: str, size: int, largest: int) -> None:
    actual = archive.getinfo(member).file_size
    if actual != size:
        raise BackupError(f"{member} is {actual:,} bytes uncompressed, not the {size:,} the manifest lists.")
    if actual > largest:
        raise BackupError(f"{member} is {actual:,} bytes, more than the {largest:,} a restore accepts.")


def _check_entry(archive: zipfile.ZipFile, entry: dict, model) -> None:
    name, label = entry["name"], model._meta.label_lower
    _check_size(archive, name, entry["size"], limit("MAX_ENTRY_BYTES"))
    sha, rows, problem = hashlib.sha256(), 0, None
    for number, line in enumerate(_lines(archive, name, entry["size"]), start=1):
        sha.update(line)
        if problem is None:
            problem = _row_problem(line, label)
            if problem:
                problem = f"{name}, line {number}: {problem}"
        rows += 1
    if sha.hexdigest() != entry["sha256"]:
        raise BackupError(f"{name} does not match the manifest's checksum (damaged or edited archive).")
    if problem:
        raise BackupError(problem)
    if rows != entry["rows"]:
        raise BackupError(f"{name} holds {rows} row(s) of {label}, but the manifest says {entry['rows']}.")


def _lines(archive: zipfile.ZipFile, name: str, size: int) -> Iterator[bytes]:
    """The member's lines (with their newlines), none longer than a row may be."""
    longest = limit("MAX_ROW_BYTES")
    pending, number = b"", 0
    for chunk in bounded_chunks(archive, name, size):
        pending += chunk
        *complete, pending = pending.split(b"\n")
        for line in complete:
            number += 1
            yield line + b"\n"
        if len(pending) > longest:
            raise BackupError(f"{name}, line {number + 1}: longer than {longest:,} bytes, more than a row can be.")
    if pending:
        yield pending


def _row_problem(line: bytes, label: str) -> str | None:
    """Why one JSON line cannot be a row of ``label``, or None."""
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"not UTF-8 text (byte {exc.start + 1})"
    try:
        row = json.loads(text)
    except ValueError as exc:
        return f"not valid JSON ({exc})" if text.strip() else "an empty line, not a row"
    if not isinstance(row, dict):
        return "not a JSON object"
    if row.get("model") != label:
        return f"a row of {row.get('model')!r}, not of {label}"
    if not isinstance(row.get("fields"), dict):
        return "a row without its fields"
    return None


def _check_media(archive: zipfile.ZipFile, item: MediaFile) -> None:
    _check_size(archive, item.member, item.size, limit("MAX_FILE_BYTES"))
    sha = hashlib.sha256()
    for chunk in bounded_chunks(archive, item.member, item.size):
        sha.update(chunk)
    if sha.hexdigest() != item.sha256:
        raise BackupError(f"{item.member} does not match the manifest's checksum (damaged or edited archive).")
