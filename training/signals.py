"""Cached course structures are forgotten whenever a page is saved, published, unpublished, moved
or deleted; Editors and Moderators get their training permissions after every migrate."""

from django.db.models.signals import post_delete, post_migrate, post_save
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from .learning import forget_structures
from .models import CoursePage, LessonPage, ModulePage
from .roles import grant_training_permissions

post_migrate.connect(grant_training_permissions, dispatch_uid="training-permissions")
for _model in (Page, CoursePage, ModulePage, LessonPage):
    post_save.connect(forget_structures, sender=_model, dispatch_uid=f"training-forget-save-{_model.__name__}")
    post_delete.connect(forget_structures, sender=_model, dispatch_uid=f"training-forget-del-{_model.__name__}")
page_published.connect(forget_structures, dispatch_uid="training-forget-publish")
page_unpublished.connect(forget_structures, dispatch_uid="training-forget-unpublish")
post_page_move.connect(forget_structures, dispatch_uid="training-forget-move")
