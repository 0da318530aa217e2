"""Which models a backup holds, in the order they can be loaded, and how many rows they have."""

from __future__ import annotations

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, models
from wagtail.models import Page

from .registry import EXCLUDED_APPS, excluded_models, seeded_models


def _is_excluded(model, excluded) -> bool:
    opts = model._meta
    return (opts.label_lower in excluded or opts.app_label in EXCLUDED_APPS
            or opts.proxy or not opts.managed or opts.swapped)


def exported_models() -> list[type[models.Model]]:
    """Every model with content, parents and foreign-key targets before the rows that refer to them."""
    excluded = excluded_models()
    candidates = [m for m in apps.get_models() if not _is_excluded(m, excluded)]
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


def existing_content(using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Models holding rows beyond what ``migrate`` creates (empty dict: the database is empty)."""

    seeded = seeded_models()
    found = {}
    for model in exported_models():
        label = model._meta.label_lower
        manager = model._base_manager.using(using)
        if label == "wagtailcore.page":
            bare = ContentType.objects.db_manager(using).get_for_model(Page)
            count = manager.exclude(content_type=bare).count()
        elif label in seeded:
            continue
        else:
            count = manager.count()
        if count:
            found[model._meta.label] = count
    return found


def m2m_fields(model):
    return [f for f in model._meta.local_many_to_many
            if f.serialize and f.remote_field.through._meta.auto_created]


def file_fields(model):
    return [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
