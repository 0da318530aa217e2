"""Export and restore every piece of content that is not derived, as one zip archive.

- ``manifest.json``: format, version, origin, applied migrations, per entry its model, rows, size
  and SHA-256, and per media file its name, size and SHA-256;
- ``manifest.sig`` (when ``BACKUP_SIGNING_KEY`` is set): the manifest's HMAC-SHA256;
- ``data/NNNN-<app>.<model>.jsonl``: one Django-serialised object per line, one entry per model,
  in dependency order; content types and permissions by natural key, so the archive loads into
  any database migrated by the same code, whatever ids those rows got there;
- ``media/<name>`` (optional): the uploaded originals of every file field.

The manifest is a contract (``verify``): a restore reads and checks every byte of the archive
against it before it changes anything, and refuses an archive that lists less or more than it
holds.

Derived and transient rows and columns are left out and rebuilt after a restore: the kernel's are
listed in ``registry``, and feature apps declare theirs with ``register_backup_hooks``.
Everything else is content, users included (password hashes, authenticator secrets): keep
archives as safely as the database. Export reads one snapshot and streams rows in chunks; restore
streams them back in one transaction, replacing all but content types and permissions.

Modules: ``registry`` (what is left out, the apps' hooks), ``selection`` (which models, in what
order), ``archive`` (the format and its signature), ``export``, ``verify``, ``restore`` and
``rebuild`` (derived data).
"""

from .archive import (
    CHUNK_SIZE,
    DATA_DIR,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    MEDIA_DIR,
    SIGNATURE,
    BackupError,
    Result,
)
from .export import export_content
from .rebuild import rebuild_derived, run_rebuild_command
from .registry import (
    EXCLUDED_APPS,
    EXCLUDED_MODELS,
    KEPT_MODELS,
    SEEDED_MODELS,
    BackupHooks,
    excluded_fields,
    excluded_models,
    register_backup_hooks,
    registered_hooks,
    seeded_models,
)
from .restore import import_content
from .selection import content_counts, counted_models, existing_content, exported_models

__all__ = [
    "CHUNK_SIZE", "DATA_DIR", "EXCLUDED_APPS", "EXCLUDED_MODELS", "FORMAT", "FORMAT_VERSION",
    "KEPT_MODELS", "MANIFEST", "MEDIA_DIR", "SEEDED_MODELS", "SIGNATURE", "BackupError", "BackupHooks",
    "Result",
    "content_counts", "counted_models", "excluded_fields", "excluded_models", "existing_content",
    "export_content", "exported_models", "import_content", "rebuild_derived", "register_backup_hooks",
    "registered_hooks", "run_rebuild_command", "seeded_models",
]
