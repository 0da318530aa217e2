"""The one pagination (portal/includes/pagination.html and the pagination tag): a nav with a label,
rel prev and next, the current page, and the rest of the query string kept in both links."""

from django.core.paginator import Paginator
from django.template import Context, Template


def render(source: str, **context) -> str:
    return Template("{% load portal_tags %}" + source).render(Context(context))


def test_a_middle_page_links_both_ways_and_keeps_the_query():
    page_obj = Paginator(range(30), 10).page(2)
    html = render("{% pagination page_obj q=q section=section %}", page_obj=page_obj, q="anger help", section="news")
    assert '<nav aria-label="Pagination">' in html
    assert '<a href="?q=anger%20help&amp;section=news&amp;page=1" rel="prev">Previous' in html
    assert '<a href="?q=anger%20help&amp;section=news&amp;page=3" rel="next">Next' in html
    assert '<li aria-current="page">Page 2 of 3</li>' in html


def test_an_encoded_query_empty_params_and_a_label():
    page_obj = Paginator(range(30), 10).page(1)
    html = render('{% pagination page_obj query="gap=housing&year=2020" tag=None label="Publications pages" %}',
                  page_obj=page_obj)
    assert '<nav aria-label="Publications pages">' in html
    assert 'rel="prev"' not in html
    assert 'href="?gap=housing&amp;year=2020&amp;page=2" rel="next"' in html


def test_one_page_or_none_shows_nothing():
    assert render("{% pagination page_obj %}", page_obj=Paginator(range(3), 10).page(1)).strip() == ""
    assert render("{% pagination page_obj %}", page_obj=None).strip() == ""


def test_the_include_takes_urls_built_by_the_view():
    html = render('{% include "portal/includes/pagination.html" with prev_url="/find/?location=CF10" page=2 pages=2 %}')
    assert '<a href="/find/?location=CF10" rel="prev">Previous<span class="visually-hidden"> page</span></a>' in html
    assert "Page 2 of 2" in html and 'rel="next"' not in html
