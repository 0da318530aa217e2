"""Which rows a backup leaves out, and what rebuilds them after a restore.

The kernel lists its own and Django's and Wagtail's derived rows here. Feature apps declare their
own from ``AppConfig.ready()``::

    register_backup_hooks(
        "catalogue",
        excluded_models={"catalogue.pricecache": "cached prices (rebuilt from items)"},
        excluded_fields={"catalogue.item": {"word_count"}},
        seeded_models={"catalogue.category"},
        after_load=recount_words,
        after_restore=rebuild_external_index,
    )

- ``excluded_models``: ``{"app.model": reason}``. Never exported, and emptied by a restore.
- ``excluded_fields``: ``{"app.model": field names}``. Derived columns of exported models, left
  out of their rows; a restore loads those rows with the columns' defaults.
- ``seeded_models``: models ``migrate`` already fills (data migrations). Their rows do not count as
  content when deciding whether a database is empty.
- ``after_load(using)``: runs inside the restore's transaction, once every row is loaded and the
  sequences are reset, to rebuild excluded rows and columns. An exception rolls the whole restore
  back.
- ``after_restore(using, progress)``: runs after the restore has committed (unless the caller
  skips rebuilding), after the kernel's own steps and before every cache is cleared: external
  indexes, in-process caches. ``progress(message)`` reports a step; ``run_rebuild_command`` runs a
  management command the kernel's way. A failure is reported as a note; the content stays.

Both callables return a list of notes for the operator (or ``None``). An app may only name its own
models. Registering the same app again replaces its hooks; hooks run in ``order``, then app order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

AfterLoad = Callable[[str], "list[str] | None"]
AfterRestore = Callable[[str, Callable[[str], None]], "list[str] | None"]

# Rows that are derived, transient or recreated by ``migrate``: never exported, and wiped (apart
# from content types and permissions) by a restore. Apps add theirs with ``register_backup_hooks``.
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
}
EXCLUDED_APPS = {"django_tasks_database": "queued background tasks"}
# Kept by a restore: they are the natural keys the archive refers to.
KEPT_MODELS = ("contenttypes.contenttype", "auth.permission")
# Models a freshly migrated (or flushed) database already has rows in. Their rows do not count as
# content when deciding whether a database is empty; pages count unless they are of the bare
# ``Page`` type (Wagtail's root and welcome page). Apps add theirs with ``register_backup_hooks``.
SEEDED_MODELS = {
    "auth.group", "wagtailcore.locale", "wagtailcore.collection", "wagtailcore.page",
    "wagtailcore.site", "wagtailcore.grouppagepermission", "wagtailcore.groupcollectionpermission",
    "wagtailcore.groupsitepermission", "wagtailcore.workflow", "wagtailcore.task",
    "wagtailcore.groupapprovaltask", "wagtailcore.workflowtask", "wagtailcore.workflowpage",
    "wagtailcore.workflowcontenttype",
}


@dataclass(frozen=True)
class BackupHooks:
    app_label: str
    excluded_models: Mapping[str, str]
    excluded_fields: Mapping[str, frozenset[str]]
    seeded_models: frozenset[str]
    after_load: AfterLoad | None
    after_restore: AfterRestore | None
    order: int


_hooks: dict[str, BackupHooks] = {}


def register_backup_hooks(app_label: str, *, excluded_models: Mapping[str, str] | None = None,
                          excluded_fields: Mapping[str, Iterable[str]] | None = None,
                          seeded_models: Iterable[str] = (), after_load: AfterLoad | None = None,
                          after_restore: AfterRestore | None = None, order: int = 100) -> None:
    """Declare ``app_label``'s derived data (see the module's description)."""
    excluded = {label.lower(): reason for label, reason in (excluded_models or {}).items()}
    fields = {label.lower(): frozenset(names) for label, names in (excluded_fields or {}).items()}
    seeded = frozenset(label.lower() for label in seeded_models)
    foreign = sorted(label for label in (*excluded, *fields, *seeded)
                     if label.partition(".")[0] != app_label)
    if foreign:
        raise ValueError(f"{app_label} can only declare its own models, not {', '.join(foreign)}")
    _hooks[app_label] = BackupHooks(app_label, excluded, fields, seeded, after_load, after_restore, order)


def registered_hooks() -> list[BackupHooks]:
    return sorted(_hooks.values(), key=lambda hooks: (hooks.order, hooks.app_label))


def excluded_models() -> dict[str, str]:
    """Every excluded model, ``{"app.model": reason}``: the kernel's and the apps'."""
    result = dict(EXCLUDED_MODELS)
    for hooks in registered_hooks():
        result.update(hooks.excluded_models)
    return result


def excluded_fields() -> dict[str, frozenset[str]]:
    """The derived columns of exported models, ``{"app.model": field names}``."""
    result: dict[str, frozenset[str]] = {}
    for hooks in registered_hooks():
        for label, names in hooks.excluded_fields.items():
            result[label] = result.get(label, frozenset()) | names
    return result


def seeded_models() -> set[str]:
    result = set(SEEDED_MODELS)
    for hooks in registered_hooks():
        result |= hooks.seeded_models
    return result
