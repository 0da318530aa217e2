"""News feeds read back by feedparser: valid, an author on every entry, the article's own dates."""

import datetime

import feedparser
import pytest
from django.utils import timezone

from portal.models import NewsPage

pytestmark = pytest.mark.django_db


def _read(client, url):
    response = client.get(url)
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def _date(struct) -> datetime.date:
    return datetime.date(*struct[:3])


def test_atom_feed_names_an_author_and_the_articles_own_dates(client, kernel_site):
    feed = _read(client, "/news/feed/atom/")
    assert feed.version == "atom10"
    assert feed.feed.author == kernel_site.site_name
    pages = {p.title: p for p in NewsPage.objects.live()}
    assert len(feed.entries) == len(pages) >= 3
    for entry in feed.entries:
        page = pages[entry.title]
        assert entry.author == kernel_site.site_name
        assert _date(entry.published_parsed) == page.date  # not the day the demo was loaded
        assert entry.updated_parsed == entry.published_parsed  # never edited since


def test_an_edit_after_publication_moves_updated_only(client, kernel_site):
    page = NewsPage.objects.live().order_by("-date").first()
    edited = timezone.now().replace(microsecond=0)
    NewsPage.objects.filter(pk=page.pk).update(first_published_at=edited - datetime.timedelta(days=3),
                                               last_published_at=edited)
    entry = next(e for e in _read(client, "/news/feed/atom/").entries if e.title == page.title)
    assert _date(entry.published_parsed) == page.date
    assert datetime.datetime(*entry.updated_parsed[:6], tzinfo=datetime.UTC) == edited


def test_rss_feed_reads_back_with_authors_and_dates(client, kernel_site):
    feed = _read(client, "/news/feed/rss/")
    assert feed.version == "rss20"
    pages = {p.title: p for p in NewsPage.objects.live()}
    for entry in feed.entries:
        assert kernel_site.site_name in entry.author
        assert _date(entry.published_parsed) == pages[entry.title].date
