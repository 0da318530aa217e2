"""Publishing, unpublishing, moving or deleting a page, or saving a setting, purges the page cache."""

from django.db.models.signals import post_delete, post_save
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from .cache import purge_page_cache

page_published.connect(purge_page_cache, dispatch_uid="portal-cache-published")
page_unpublished.connect(purge_page_cache, dispatch_uid="portal-cache-unpublished")
post_page_move.connect(purge_page_cache, dispatch_uid="portal-cache-moved")
post_delete.connect(purge_page_cache, sender=Page, dispatch_uid="portal-cache-deleted")


def _purge_on_setting_save(sender, **kwargs):
    if issubclass(sender, BaseSiteSetting):
        purge_page_cache()


post_save.connect(_purge_on_setting_save, dispatch_uid="portal-cache-settings")
