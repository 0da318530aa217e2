"""Keep derived data in step with the directory: search data through ``search.directory.derived`` (the one
owner of search text, facet tokens, search points, the Elasticsearch document and the typo
vocabulary) and the anonymous page cache; Editors and Moderators get their directory permissions
after every migrate."""

from django.apps import apps
from django.db.models.signals import post_delete, post_migrate, post_save, pre_save

from search.directory.derived import (
    purge_listing_pages,
    refresh_services,
    services_at_location,
    services_of_organisation,
)
from search.models import Contact, Location, Organisation, Phone, Schedule, Service, ServiceArea, ServiceAtLocation
from search.permissions import grant_directory_permissions


def service_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh_services([instance.pk])


def link_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh_services([instance.service_id])


def location_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh_services(services_at_location(instance.pk))


def organisation_saving(sender, instance, raw=False, **kwargs):
    instance._name_in_database = (None if raw or instance._state.adding else
                                  Organisation.objects.filter(pk=instance.pk).values_list("name", flat=True).first())


def organisation_saved(sender, instance, created=False, raw=False, **kwargs):
    """A renamed organisation changes the search text of every service it runs."""
    if not raw and not created and getattr(instance, "_name_in_database", None) != instance.name:
        refresh_services(services_of_organisation(instance.pk))


def listing_changed(sender, raw=False, **kwargs):
    """Cached directory searches (anonymous visitors) show listings as they are now: purged at once,
    and again after the commit in case a visitor cached the old listing in between (the HTTP cache
    in front is purged once the change is committed, with the directory's pages)."""
    if not raw:
        purge_listing_pages()


post_save.connect(service_changed, sender=Service, dispatch_uid="directory-refresh-save-Service")
post_delete.connect(service_changed, sender=Service, dispatch_uid="directory-refresh-delete-Service")
for _model in (ServiceAtLocation, ServiceArea):
    post_save.connect(link_changed, sender=_model, dispatch_uid=f"directory-refresh-save-{_model.__name__}")
    post_delete.connect(link_changed, sender=_model, dispatch_uid=f"directory-refresh-delete-{_model.__name__}")
post_save.connect(location_saved, sender=Location, dispatch_uid="directory-refresh-save-Location")
pre_save.connect(organisation_saving, sender=Organisation, dispatch_uid="directory-remember-name-Organisation")
post_save.connect(organisation_saved, sender=Organisation, dispatch_uid="directory-refresh-save-Organisation")
for _model in (Organisation, Service, Location, ServiceAtLocation, ServiceArea, Phone, Contact, Schedule):
    post_save.connect(listing_changed, sender=_model, dispatch_uid=f"directory-purge-save-{_model.__name__}")
    post_delete.connect(listing_changed, sender=_model, dispatch_uid=f"directory-purge-delete-{_model.__name__}")

post_migrate.connect(grant_directory_permissions, sender=apps.get_app_config("search"),
                     dispatch_uid="search-directory-permissions")
