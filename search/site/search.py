"""Site-wide search over published, public pages, grouped by section, with editors' promoted results.

The rule for what is searchable (`searchable_pages`): live pages that anyone may see, i.e.
`Page.objects.live().public()` (no view restriction on the page or any ancestor), minus every page
type that declares `search_exclude = True` (member-only or private page types set it).

Queries are untrusted: they are trimmed, stripped of control characters and length-limited, then
handed to Wagtail's search, whose backends parse them safely. If the configured backend fails
(Elasticsearch unreachable or timing out), the database backend answers and a warning is logged; if
that fails too, the page says search is unavailable rather than erroring.

Wagtail's database backend (SQLite FTS5, PostgreSQL full text) is queried by `site_search_ranking`,
which matches once on the index table and counts sections without ranking; any other backend
(Elasticsearch) through Wagtail's search API with a facet on the content type.
"""

import datetime
import difflib
import html
import logging
import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits
from wagtail.models import Page, get_page_models
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from portal.generations import Generation
from portal.weeks import last_weeks, newest_first, week_of
from search.directory import DirectoryQuery, find_services
from search.site import ranking
from search.site.ranking import MAX_RESULTS, RESULTS_PER_PAGE

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 200
SNIPPET_WIDTH = 240
FALLBACK_BACKEND = "database_fallback"

SECTIONS = [
    ("news", "News"),
    ("research", "Research"),
    ("publications", "Publications"),
    ("training", "Training"),
    ("pages", "Pages"),
]
SECTION_LABELS = dict(SECTIONS)


def clean_query(raw: str | None) -> str:
    text = (raw or "").replace("\x00", " ")
    text = "".join(ch if ch.isprintable() and not 0xD800 <= ord(ch) <= 0xDFFF else " " for ch in text)
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def section_for_model(model) -> str:
    """The section a page type is listed under: its ``search_section`` (``portal.models.BasePage``
    declares it; each app's page types set their own), "pages" for anything else."""
    section = getattr(model, "search_section", "pages")
    return section if section in SECTION_LABELS else "pages"


def _content_types():
    """{section: [content type ids]} and the ids of excluded page types."""
    sections: dict[str, list[int]] = {key: [] for key, _label in SECTIONS}
    excluded = []
    models = list(get_page_models())
    types = ContentType.objects.get_for_models(*models, for_concrete_models=False)
    for model in models:
        ct_id = types[model].pk
        if getattr(model, "search_exclude", False):
            excluded.append(ct_id)
        else:
            sections[section_for_model(model)].append(ct_id)
    return sections, excluded


def searchable_pages(section: str | None = None):
    sections, excluded = _content_types()
    pages = Page.objects.live().public().filter(depth__gt=1).exclude(content_type_id__in=excluded)
    if section in sections:
        pages = pages.filter(content_type_id__in=sections[section])
    return pages


@dataclass
class SiteSearchResults:
    query: str
    section: str = ""
    page: PaginatorPage | None = None
    promotions: list = field(default_factory=list)
    section_counts: list = field(default_factory=list)  # [(key, label, count)]
    snippets: dict = field(default_factory=dict)  # page pk -> highlighted snippet
    suggestion: str = ""
    used_fallback: bool = False
    unavailable: bool = False

    @property
    def total(self) -> int:
        return self.page.paginator.count if self.page else 0

    @property
    def all_sections_total(self) -> int:
        return sum(count for _key, _label, count in self.section_counts)

    @property
    def items(self) -> list:
        if not self.page:
            return []
        return [
            {
                "page": page,
                "section": SECTION_LABELS[section_for_model(page.specific_class or Page)],
                "snippet": self.snippets.get(page.pk, ""),
            }
            for page in self.page.object_list
        ]


def _database_runner(backend):
    """The fast path for Wagtail's database backend on SQLite (FTS5) or PostgreSQL, else None."""
    module = type(backend).__module__
    if module.endswith("database.sqlite.sqlite"):
        return ranking.run_sqlite
    if module.endswith("database.postgres.postgres"):
        return ranking.run_postgres
    return None


def _run(backend_name: str, query: str, section: str, page_number, operator: str):
    backend = get_search_backend(backend_name)
    sections, _excluded = _content_types()
    visible_pages = searchable_pages()
    runner = _database_runner(backend)
    if runner:
        return runner(backend, query, visible_pages, sections, SECTIONS, section, page_number, operator)
    everything = backend.search(query, visible_pages, operator=operator)
    counts = ranking.section_counts(everything.facet("content_type_id"), sections, SECTIONS)
    results = everything if not section else backend.search(query, searchable_pages(section), operator=operator)
    paginator = Paginator(results[:MAX_RESULTS], RESULTS_PER_PAGE)
    page = paginator.get_page(page_number)
    # Materialise the slice now, so a failing backend fails here and not in the template.
    page.object_list = list(page.object_list)
    return page, counts


def plain_words(query: str) -> str:
    """The query reduced to its words: no quotes, brackets or operators any backend could trip on."""
    return " ".join(_TERM.findall(query))


def backend_query(query: str) -> str:
    """An unpaired double quote is a syntax error in SQLite full-text search: drop the quotes."""
    return query.replace('"', " ") if query.count('"') % 2 else query


def _search_with_fallback(query, section, page_number, operator):
    query = backend_query(query)
    try:
        return (*_run("default", query, section, page_number, operator), False)
    except Exception:
        logger.warning("site search backend failed; answering from the database", exc_info=True)
    try:
        return (*_run(FALLBACK_BACKEND, query, section, page_number, operator), True)
    except Exception:
        # e.g. SQLite full-text syntax such as an unclosed quote: search for the plain words instead.
        words = plain_words(query)
        if not words or words == query:
            raise
        logger.info("database search rejected the query syntax; searching its words")
        return (*_run(FALLBACK_BACKEND, words, section, page_number, operator), True)


def site_search(raw_query: str | None, page_number=None, section: str | None = None) -> SiteSearchResults:
    query = clean_query(raw_query)
    section = section if section in SECTION_LABELS else ""
    if not query:
        return SiteSearchResults(query="")
    result = SiteSearchResults(query=query, section=section)
    try:
        # Every word must be on the page (in some form): a page matching one word of several is not
        # an answer, so a query the site cannot answer finds nothing (and may get a suggestion).
        page, counts, fallback = _search_with_fallback(query, section, page_number, "and")
    except Exception:
        logger.error("site search failed on every backend", exc_info=True)
        result.unavailable = True
        return result
    result.page, result.section_counts, result.used_fallback = page, counts, fallback
    terms = query_terms(query)
    texts = indexed_texts(page.object_list)
    result.snippets = {p.pk: highlight(texts.get(p.pk, ""), terms) for p in page.object_list}
    record = not section and page.number == 1
    if not counts:
        result.suggestion = suggest(query)
    result.promotions = _promotions(query, record=record)
    if record and not counts:
        ZERO_REPORT_GENERATION.bump()
    return result


def _promotions(query: str, record: bool) -> list:
    try:
        with transaction.atomic():  # one commit for the query and its hit
            record_obj = Query.get(query)
            if record:
                record_obj.add_hit()
        picks = list(record_obj.editors_picks.order_by("sort_order"))
        page_ids = [pick.page_id for pick in picks if pick.page_id]
        visible = {page.pk: page for page in searchable_pages().filter(pk__in=page_ids).specific()} if page_ids else {}
        promoted = []
        for pick in picks:
            if pick.page_id and pick.page_id in visible:
                page = visible[pick.page_id]
                promoted.append({"url": page.url, "title": page.title,
                                 "description": pick.description or getattr(page, "summary", "")})
            elif not pick.page_id and pick.external_link_url:
                promoted.append({"url": pick.external_link_url,
                                 "title": pick.external_link_text or pick.external_link_url,
                                 "description": pick.description})
        return promoted
    except Exception:
        logger.warning("could not record the search query or load promotions", exc_info=True)
        return []


# --- Highlighted snippets -----------------------------------------------------------------

_TERM = re.compile(r"[^\W_]+", re.UNICODE)
OPERATOR_WORDS = {"and", "or", "not"}


def query_terms(query: str) -> list[str]:
    words = [w.lower() for w in _TERM.findall(query)]
    return sorted({w for w in words if len(w) > 1 and w not in OPERATOR_WORDS}, key=len, reverse=True)[:10]


def page_text(page) -> str:
    """The words a visitor reads: summary or description, then the searchable text of each field."""
    parts = [getattr(page, "summary", ""), page.search_description]
    for search_field in getattr(page, "search_fields", []):
        name = getattr(search_field, "field_name", "")
        if type(search_field).__name__ != "SearchField" or name in ("title", "summary"):
            continue
        try:
            model_field = page._meta.get_field(name)
            value = getattr(page, name)
            if hasattr(model_field, "get_searchable_content"):
                parts.extend(str(v) for v in model_field.get_searchable_content(value))
            elif isinstance(value, str):
                parts.append(value)
        except Exception:
            continue
    text = " ".join(p for p in parts if p)
    return " ".join(re.sub(r"<[^>]+>", " ", html.unescape(text)).split())


def indexed_texts(pages) -> dict:
    """{page pk: searchable text} in one query, from the database search index (kept up to date
    whichever backend is the default). Pages without an index entry get no snippet."""
    pages = list(pages)
    if not pages:
        return {}
    if connection.vendor != "sqlite":
        # PostgreSQL's index holds a tsvector, not the words: read the pages' own text instead.
        return {p.pk: page_text(p) for p in Page.objects.filter(pk__in=[p.pk for p in pages]).specific()}
    try:
        rows = IndexEntry.objects.filter(
            content_type_id__in={p.content_type_id for p in pages}, object_id__in=[str(p.pk) for p in pages]
        ).values_list("object_id", "body")
        texts = {int(object_id): body for object_id, body in rows}
    except Exception:
        logger.warning("could not read page text for search snippets", exc_info=True)
        return {}
    return {pk: " ".join(re.sub(r"<[^>]+>", " ", html.unescape(text or "")).split()) for pk, text in texts.items()}


def highlight(text: str, terms: list[str], width: int = SNIPPET_WIDTH) -> SafeString:
    """An escaped excerpt of `text` around the first matching term, matches wrapped in <mark>."""
    if not text:
        return mark_safe("")
    pattern = re.compile(r"\b(" + "|".join(re.escape(t) for t in terms) + r")\w*", re.I) if terms else None
    start = 0
    if pattern:
        first = pattern.search(text)
        if first and first.start() > width // 3:
            start = text.rfind(" ", 0, first.start() - width // 4) + 1
    end = min(len(text), start + width)
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
    excerpt = text[start:end]
    pieces, last = [], 0
    if pattern:
        for match in pattern.finditer(excerpt):
            pieces.append(html.escape(excerpt[last:match.start()]))
            pieces.append(f"<mark>{html.escape(match.group(0))}</mark>")
            last = match.end()
    pieces.append(html.escape(excerpt[last:]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(pieces) + suffix)


# --- Spelling suggestions ("did you mean") --------------------------------------------------

VOCABULARY_KEY = "site-search:vocabulary"


def _vocabulary() -> list[str]:
    words = cache.get(VOCABULARY_KEY)
    if words is None:
        titles = searchable_pages().values_list("title", flat=True)[:20000]
        words = sorted({w.lower() for title in titles for w in _TERM.findall(title) if len(w) > 3})
        cache.set(VOCABULARY_KEY, words, 600)
    return words


def suggest(query: str) -> str:
    """A corrected query built from words in page titles, or "" when nothing is close."""
    vocabulary = _vocabulary()
    changed, words = False, []
    for word in _TERM.findall(query)[:10]:
        lower = word.lower()
        if len(lower) <= 4 or lower in vocabulary:
            words.append(word)
            continue
        close = difflib.get_close_matches(lower, vocabulary, n=1, cutoff=0.8)
        if close:
            words.append(close[0])
            changed = True
        else:
            words.append(word)
    return " ".join(words) if changed else ""


# --- What editors see: popular searches and the ones that find nothing ---------------------


def _pages_found(backend, text: str):
    """How many public pages a recorded query finds now (None if the backend cannot say)."""
    try:
        return backend.search(text, searchable_pages(), operator="and").count() if text else 0
    except Exception:
        return None


def query_report(days: int = 30, limit: int = 50) -> list[dict]:
    """Most searched queries in the last `days`, each with how many results it finds today."""
    since = timezone.now().date() - datetime.timedelta(days=days)
    rows = (
        QueryDailyHits.objects.filter(date__gte=since)
        .values("query_id", "query__query_string")
        .annotate(hits=Sum("hits"))
        .order_by("-hits", "query__query_string")[:limit]
    )
    backend = get_search_backend(FALLBACK_BACKEND)
    promoted = set(
        Query.objects.filter(pk__in=[r["query_id"] for r in rows], editors_picks__isnull=False)
        .values_list("pk", flat=True)
    )
    report = []
    for row in rows:
        text = clean_query(row["query__query_string"])
        found = _pages_found(backend, text)
        report.append(
            {"query": text, "hits": row["hits"], "results": found, "promoted": row["query_id"] in promoted}
        )
    return report


ZERO_REPORT_CACHE_KEY = "search:zero-result-weeks"
ZERO_REPORT_SECONDS = 15 * 60
# A search that finds nothing bumps it, so the dashboard shows that search at once.
ZERO_REPORT_GENERATION = Generation("search:zero-result-weeks:generation")


def zero_result_weeks(weeks: int = 8, limit: int = 200, today=None) -> dict:
    """Site searches that find nothing, counted per week (Monday to Sunday) for the last `weeks` weeks.

    Built from the same records as `query_report` (Wagtail's daily hits per query): a query counts
    when it finds no public page now, so adding a page or a promoted result clears it. The `limit`
    most searched queries of the period are checked. Cached for a quarter of an hour, or until the
    next search that finds nothing."""
    today = today or timezone.localdate()
    key = f"{ZERO_REPORT_CACHE_KEY}:{ZERO_REPORT_GENERATION.current()}:{today.isoformat()}:{weeks}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    counts = last_weeks(weeks, today)
    recent = QueryDailyHits.objects.filter(date__gte=min(counts))
    top = (recent.values("query_id", "query__query_string").annotate(hits=Sum("hits"))
           .order_by("-hits", "query__query_string")[:limit])
    backend = get_search_backend(FALLBACK_BACKEND)
    promoted = set(Query.objects.filter(pk__in=[r["query_id"] for r in top], editors_picks__isnull=False)
                   .values_list("pk", flat=True))
    empty = {}
    for row in top:
        text = clean_query(row["query__query_string"])
        if text and row["query_id"] not in promoted and _pages_found(backend, text) == 0:
            empty[row["query_id"]] = (text, row["hits"])
    for day, hits in recent.filter(query_id__in=list(empty)).values_list("date", "hits"):
        counts[week_of(day)] += hits
    result = {
        "weeks": newest_first(counts),
        "queries": sorted(empty.values(), key=lambda item: (-item[1], item[0]))[:10],
        "total": sum(counts.values()),
    }
    cache.set(key, result, ZERO_REPORT_SECONDS)
    return result


@dataclass
class ServiceMatches:
    """Directory services that match the words someone typed into the site search."""
    query: str
    count: int
    names: list[str]
    url: str  # the directory search for the same words


def matching_services(query: str, *, shown: int = 3) -> ServiceMatches | None:
    """The directory's answer to a site search, so one search box also finds services; None when no
    service matches or the directory cannot answer (the site search page then shows pages alone)."""



    query = clean_query(query)
    if not query:
        return None
    try:
        found = find_services(DirectoryQuery(keywords=query[:200]))
    except Exception:  # the directory failing must not take the site search down
        logger.warning("directory search failed for a site search", exc_info=True)
        return None
    hits = list(found.national) + list(found.hits)
    count = found.total + len(found.national)
    if not count:
        return None
    return ServiceMatches(
        query=query, count=count, names=[hit.service.name for hit in hits[:shown]],
        url=reverse("directory:search") + "?" + urlencode({"q": query}),
    )
