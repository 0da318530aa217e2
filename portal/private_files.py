"""Which documents are private, and how private documents reach the people allowed to read them.

Documents are only ever served by Wagtail's document view (`/documents/<id>/<filename>`), never
from `MEDIA_URL`: the view runs the `before_serve_document` hooks, which check the document's
collection privacy (Wagtail's own hook) and the pages the document is attached to (the hooks in
`portal/wagtail_hooks.py` and the apps'). Images are public and may be served straight from
`MEDIA_ROOT/images/`.

A document counts as attached to every page whose content refers to it (any field, rich text,
StreamField block or inline child), as Wagtail's reference index records.
"""

from __future__ import annotations

import os
from urllib.parse import quote

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from wagtail.documents import get_document_model
from wagtail.models import Page, ReferenceIndex

PUBLIC_MEDIA_DIR = "images"  # renditions: the only part of MEDIA_ROOT anyone may fetch directly


def pages_using(document) -> list[Page]:
    """Every page (live or draft) whose content refers to the document."""
    page_type = ContentType.objects.get_for_model(Page)
    ids = (
        ReferenceIndex.get_references_to(document)
        .filter(base_content_type=page_type)
        .values_list("object_id", flat=True)
    )
    return list(Page.objects.filter(pk__in=[int(pk) for pk in ids if str(pk).isdigit()]))


def is_private_collection(collection) -> bool:
    """True when the collection, or one of its ancestors, has a view restriction."""
    return collection.get_view_restrictions().exists()


def documents_referenced_by_form(form) -> list:
    """The documents a page would refer to if the (valid) admin form were saved.

    Reads the page fields (rich text, StreamField, foreign keys) from the form's instance and the
    inline children (agenda papers and the like) from their formsets, so a document added in the
    same edit is found before anything is saved.
    """
    Document = get_document_model()
    doc_type_id = ContentType.objects.get_for_model(Document).pk
    child_relations = set(getattr(form, "formsets", {}))
    ids = set()
    for type_id, object_id, model_path, _ in ReferenceIndex._extract_references_from_object(form.instance):
        if type_id == doc_type_id and model_path.split(".", 1)[0] not in child_relations:
            ids.add(object_id)
    for formset in getattr(form, "formsets", {}).values():
        deleted = set(formset.deleted_forms) if formset.can_delete else set()
        for child_form in formset.forms:
            if child_form in deleted or not child_form.has_changed() and child_form.instance.pk is None:
                continue
            for type_id, object_id, *_ in ReferenceIndex._extract_references_from_object(child_form.instance):
                if type_id == doc_type_id:
                    ids.add(object_id)
    return list(Document.objects.filter(pk__in=[int(pk) for pk in ids if pk.isdigit()]).select_related("collection"))


def public_documents_in_form(form) -> list:
    """Documents the form attaches that sit in a collection anyone may read."""
    return [doc for doc in documents_referenced_by_form(form) if not is_private_collection(doc.collection)]


# --- Handing the file over --------------------------------------------------------------------
# Wagtail streams a document from Python unless SENDFILE_BACKEND names a module with a
# `sendfile(request, filename, **kwargs)` function: this is that module, for web servers that
# send the file themselves once Django has said yes (DOCUMENTS_SENDFILE=nginx or apache).


def _path_under_media_root(filename: str) -> str:
    root = os.path.realpath(settings.MEDIA_ROOT)
    path = os.path.realpath(filename)
    if os.path.commonpath([root, path]) != root:
        raise ImproperlyConfigured("documents must live under MEDIA_ROOT to be sent by the web server")
    return os.path.relpath(path, root).replace(os.sep, "/")


def sendfile(request, filename, mimetype="application/octet-stream", **_kwargs) -> HttpResponse:
    response = HttpResponse(content_type=mimetype)
    if settings.DOCUMENTS_SENDFILE == "nginx":
        relative = _path_under_media_root(filename)
        response["X-Accel-Redirect"] = settings.DOCUMENTS_ACCEL_PREFIX.rstrip("/") + "/" + quote(relative)
    elif settings.DOCUMENTS_SENDFILE == "apache":
        response["X-Sendfile"] = filename
    else:
        raise ImproperlyConfigured("DOCUMENTS_SENDFILE must be 'nginx' or 'apache' to use this backend")
    return response
