"""Publishing, unpublishing, moving or deleting a page, or saving a setting, purges the page cache
(every page here; in an HTTP cache in front, the page's URLs and the listings above it, or the
whole site when URLs change under it or a setting changes: see portal/cache.py)."""

from django.db.models.signals import post_delete, post_save
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.models import Page
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from .cache import purge_page_cache


def _page_changed(sender, instance, **kwargs):
    """Published, unpublished or deleted: the page's own URLs and its ancestors' (their listings)."""
    purge_page_cache(pages=[instance])


def _addresses_changed(sender, instance, **kwargs):
    """Moved, or its slug changed: every page below it and every link to them changed address."""
    purge_page_cache()


page_published.connect(_page_changed, dispatch_uid="portal-cache-published")
page_unpublished.connect(_page_changed, dispatch_uid="portal-cache-unpublished")
post_delete.connect(_page_changed, sender=Page, dispatch_uid="portal-cache-deleted")
post_page_move.connect(_addresses_changed, dispatch_uid="portal-cache-moved")
page_slug_changed.connect(_addresses_changed, dispatch_uid="portal-cache-slug-changed")


def _purge_on_setting_save(sender, **kwargs):
    if issubclass(sender, BaseSiteSetting):
        purge_page_cache()  # settings show on every page (the exit target, the menu, the footer)


post_save.connect(_purge_on_setting_save, dispatch_uid="portal-cache-settings")
