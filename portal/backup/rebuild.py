"""Derived data after a restore: the kernel's steps and every app's registered hooks."""

from __future__ import annotations

import io
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS
from wagtail.models import Page

from .registry import registered_hooks


def _quiet_command(name, *args, **options) -> None:
    call_command(name, *args, stdout=io.StringIO(), stderr=io.StringIO(), **options)


def run_rebuild_command(name: str, progress: Callable[[str], None]) -> list[str]:
    """Run a management command quietly; a failure becomes a note saying to run it again."""
    progress(f"running {name}")
    try:
        _quiet_command(name)
    except Exception as exc:  # noqa: BLE001
        return [f"{name} failed ({exc}); run `manage.py {name}` again"]
    return []


def rebuild_loaded(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Inside the restore's transaction: every app's ``after_load`` hook, in order."""
    notes: list[str] = []
    for hooks in registered_hooks():
        if hooks.after_load is not None:
            notes += hooks.after_load(using) or []
    return notes


def rebuild_derived(using: str = DEFAULT_DB_ALIAS, progress: Callable[[str], None] | None = None) -> list[str]:
    """After a restore: page tree check, reference index, search indexes, every app's
    ``after_restore`` hook, caches. A failure here leaves the restored content in place and says
    what to run again."""

    progress = progress or (lambda _m: None)
    notes = []
    if any(Page.find_problems()):
        _quiet_command("fixtree", interactive=False)
        notes.append("the page tree needed repair: fixtree was run")
    for name in ("rebuild_references_index", "update_index"):
        notes += run_rebuild_command(name, progress)
    for hooks in registered_hooks():
        if hooks.after_restore is None:
            continue
        try:
            notes += hooks.after_restore(using, progress) or []
        except Exception as exc:  # noqa: BLE001
            notes.append(f"rebuilding the derived data of {hooks.app_label} failed ({exc})")
    for alias in settings.CACHES:
        caches[alias].clear()
    return notes
