"""What needs an editor's attention: stale pages, broken internal links, orphaned documents and
images without alt text. Plain queries, shown as a panel on the Wagtail dashboard (directory
listings not reviewed have their own panel, in search/wagtail_hooks.py).
"""

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex

from portal.models.base import BasePage

STALE_AFTER = datetime.timedelta(days=365)
LIMIT = 20


@dataclass(frozen=True)
class HealthItem:
    label: str
    edit_url: str
    detail: str = ""


def _page_edit(page_id) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page_id])


def stale_pages(today: datetime.date | None = None) -> list[HealthItem]:
    """Live pages whose last review (or, never reviewed, last publication) is over 12 months ago."""

    today = today or timezone.localdate()
    cutoff = today - STALE_AFTER
    items = []
    pages = Page.objects.live().filter(depth__gt=2).specific().order_by("path")
    for page in pages:
        if not isinstance(page, BasePage):
            continue
        reviewed = page.last_reviewed or (page.last_published_at and timezone.localdate(page.last_published_at))
        if reviewed and reviewed < cutoff:
            when = f"last reviewed {page.last_reviewed:%-d %b %Y}" if page.last_reviewed else (
                f"never reviewed; published {reviewed:%-d %b %Y}")
            items.append(HealthItem(page.get_admin_display_title(), _page_edit(page.pk), when))
    return items[:LIMIT]


def broken_internal_links() -> list[HealthItem]:
    """Links from content to pages that no longer exist or are not live."""
    page_type = ContentType.objects.get_for_model(Page)
    refs = ReferenceIndex.objects.filter(to_content_type=page_type)
    target_ids = {int(r) for r in refs.values_list("to_object_id", flat=True).distinct() if str(r).isdigit()}
    live_ids = set(Page.objects.filter(pk__in=target_ids, live=True).values_list("pk", flat=True))
    broken = refs.exclude(to_object_id__in=[str(pk) for pk in live_ids]).select_related("base_content_type")
    items = []
    for ref in broken.order_by("base_content_type", "object_id")[:LIMIT]:
        if ref.base_content_type_id == page_type.pk:
            source = Page.objects.filter(pk=ref.object_id).first()
            if source is None:
                continue
            items.append(HealthItem(source.get_admin_display_title(), _page_edit(source.pk),
                                    f"links to a missing or unpublished page (field {ref.model_path})"))
        else:
            items.append(HealthItem(f"{ref.base_content_type.name} {ref.object_id}", "",
                                    f"links to a missing or unpublished page (field {ref.model_path})"))
    return items


def unused_documents() -> list[HealthItem]:
    Document = get_document_model()
    doc_type = ContentType.objects.get_for_model(Document)
    used = set(ReferenceIndex.objects.filter(to_content_type=doc_type).values_list("to_object_id", flat=True))
    items = []
    for doc in Document.objects.order_by("-created_at")[:500]:
        if str(doc.pk) not in used:
            items.append(HealthItem(doc.title, reverse("wagtaildocs:edit", args=[doc.pk]), "no page links to it"))
    return items[:LIMIT]


def images_without_alt_text() -> list[HealthItem]:
    Image = get_image_model()
    images = Image.objects.filter(description="").order_by("-created_at")[:LIMIT]
    return [HealthItem(img.title, reverse("wagtailimages:edit", args=[img.pk]), "no alt text (description)")
            for img in images]


def report() -> dict[str, list[HealthItem]]:
    return {
        "Pages not reviewed for 12 months": stale_pages(),
        "Broken internal links": broken_internal_links(),
        "Documents no page links to": unused_documents(),
        "Images without alt text": images_without_alt_text(),
    }
