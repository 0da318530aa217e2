"""Site-wide search over published, public pages, with editors' promoted results.

Queries are untrusted: they are trimmed, length-limited and handed to Wagtail's search, whose
backends parse them safely. If the configured backend fails, the database backend answers.
"""

import logging
from dataclasses import dataclass, field

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 10


def clean_query(raw: str | None) -> str:
    text = (raw or "").replace("\x00", " ")
    text = "".join(ch for ch in text if ch.isprintable())
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


@dataclass
class SiteSearchResults:
    query: str
    page: PaginatorPage | None = None
    promotions: list = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.page.paginator.count if self.page else 0


def searchable_pages():
    return Page.objects.live().public().filter(depth__gt=1).specific()


def _run(backend_name: str, query: str):
    backend = get_search_backend(backend_name)
    return backend.search(query, searchable_pages(), operator="and")


def site_search(raw_query: str | None, page_number=None) -> SiteSearchResults:
    query = clean_query(raw_query)
    if not query:
        return SiteSearchResults(query="")
    try:
        results = list(_run("default", query)[:500])
    except Exception:
        logger.warning("site search backend failed; answering from the database", exc_info=True)
        results = list(_run("database_fallback", query)[:500])
    paginator_page = Paginator(results, RESULTS_PER_PAGE).get_page(page_number)
    promotions = []
    try:
        record = Query.get(query)
        record.add_hit()
        promotions = [p.page.specific for p in record.editors_picks.select_related("page") if p.page.live]
    except Exception:
        logger.warning("could not record the search query", exc_info=True)
    return SiteSearchResults(query=query, page=paginator_page, promotions=promotions)
