"""Keep derived search data in step: the typo vocabulary, the Elasticsearch index, the page cache."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .directory.vocab_cache import invalidate
from .models import Location, Service, ServiceArea, ServiceAtLocation, refresh_points


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
