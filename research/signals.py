"""Pages show key findings: a changed finding must not linger in cached pages. Editors and
Moderators get their key-finding permissions after every migrate."""

from django.apps import apps
from django.db.models.signals import post_delete, post_migrate, post_save

from portal.cache import purge_page_cache

from .models import KeyFinding
from .permissions import grant_research_permissions

post_save.connect(purge_page_cache, sender=KeyFinding, dispatch_uid="research-finding-saved")
post_delete.connect(purge_page_cache, sender=KeyFinding, dispatch_uid="research-finding-deleted")
post_migrate.connect(grant_research_permissions, sender=apps.get_app_config("research"),
                     dispatch_uid="research-permissions")
