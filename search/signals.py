"""Keep derived search data in step: the typo vocabulary, the Elasticsearch index, the page cache."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from portal.cache import purge_page_cache

from .directory.vocab_cache import invalidate
from .models import (
    Contact, Location, Organisation, Phone, Schedule, Service, ServiceArea, ServiceAtLocation, refresh_points,
)


def _index(service_ids) -> None:
    from . import indexing

    indexing.update_services(service_ids)


@receiver(post_save, sender=Service)
def service_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    invalidate()
    _index([instance.pk])


@receiver(post_delete, sender=Service)
def service_deleted(sender, instance, **kwargs):
    from . import indexing

    invalidate()
    indexing.delete_services([instance.pk])


@receiver(post_save, sender=ServiceAtLocation)
@receiver(post_delete, sender=ServiceAtLocation)
@receiver(post_save, sender=ServiceArea)
@receiver(post_delete, sender=ServiceArea)
def child_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    if sender is ServiceAtLocation:
        refresh_points([instance.service_id])
    _index([instance.service_id])


@receiver(post_save, sender=Location)
def location_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        ids = list(instance.service_at_locations.values_list("service_id", flat=True))
        refresh_points(ids)
        _index(ids)


def listing_changed(sender, raw=False, **kwargs):
    """Cached directory searches (anonymous visitors) show listings as they are now: purged at once,
    and again after the commit in case a visitor cached the old listing in between."""
    if not raw:
        purge_page_cache()
        transaction.on_commit(purge_page_cache)


for _model in (Organisation, Service, Location, ServiceAtLocation, ServiceArea, Phone, Contact, Schedule):
    post_save.connect(listing_changed, sender=_model, dispatch_uid=f"directory-purge-save-{_model.__name__}")
    post_delete.connect(listing_changed, sender=_model, dispatch_uid=f"directory-purge-delete-{_model.__name__}")
