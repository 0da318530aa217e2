"""Bad input never gives a 500; unknown pages get a helpful 404; news feeds are valid."""

import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def test_unknown_pages_get_a_helpful_404_in_the_site_style(client, kernel_site):
    response = client.get("/no-such-page/at/all/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Page not found</h1>" in html
    assert "find a service near you" in html
    assert "Exit this page" in html


@pytest.mark.parametrize("query", [
    "?page=abc", "?page=-1", "?page=999999", "?page=1e9", "?tag=%00", "?tag=" + "x" * 5000,
    "?tag=<script>alert(1)</script>", "?page=%F0%9F%92%A9", "?tag=%ff%fe",
])
def test_bad_query_strings_on_the_news_index_are_ignored(client, kernel_site, query):
    response = client.get("/news/" + query)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_news_listing_paginates(client, kernel_site):
    from portal.models import NewsIndexPage, NewsPage

    index = NewsIndexPage.objects.get()
    for n in range(12):
        index.add_child(instance=NewsPage(title=f"Update {n}", slug=f"update-{n}", summary="An update."))
    first = client.get("/news/").content.decode()
    assert "Page 1 of 2" in first
    second = client.get("/news/?page=2").content.decode()
    assert "Page 2 of 2" in second and 'rel="prev"' in second


def test_atom_feed_lists_published_news_newest_first(client, kernel_site):
    response = client.get("/news/feed/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    titles = [e.find(f"{ATOM}title").text for e in feed.findall(f"{ATOM}entry")]
    assert titles[0] == "Drive has now worked with 2,590 high-risk perpetrators"
    assert "Drive responds to the Government’s Violence Against Women and Girls Strategy" in titles


def test_rss_feed_is_valid_xml_with_items(client, kernel_site):
    response = client.get("/news/feed/rss/")
    channel = ET.fromstring(response.content).find("channel")
    assert len(channel.findall("item")) == 3
    categories = {c.text for c in channel.iter("category")}
    assert "Policy" in categories


def test_sitemap_lists_public_pages(client, kernel_site):
    body = client.get("/sitemap.xml").content.decode()
    assert "/about/evidence/" in body and "/news/" in body


def test_migrations_match_the_models():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_robots_txt_keeps_private_areas_and_search_out_of_indexes(client):
    body = client.get("/robots.txt").content.decode()
    for path in ("/admin/", "/accounts/", "/search/", "/coalition/member-area/", "/training/my/"):
        assert f"Disallow: {path}" in body
    from portal.site_address import absolute_url

    assert f"Sitemap: {absolute_url('/sitemap.xml')}" in body


def test_pages_carry_description_and_open_graph_tags(client, kernel_site):
    html = client.get("/news/drive-responds-to-the-vawg-strategy/").content.decode()
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="Drive responds to the Government’s Violence' in html
    assert '<meta name="description" content="We welcome the focus on tackling abuse at source' in html
    from portal.site_address import absolute_url

    canonical = absolute_url("/news/drive-responds-to-the-vawg-strategy/")
    assert f'<link rel="canonical" href="{canonical}">' in html


def test_editors_find_the_publishing_guide_in_the_admin(client, kernel_site, django_user_model):
    from allauth.mfa.models import Authenticator
    from django.contrib.auth.models import Group

    editor = django_user_model.objects.create_user("tom", "tom@example.org", "a-long-password-1", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    Authenticator.objects.create(user=editor, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    client.force_login(editor)
    assert "How to publish" in client.get("/admin/").content.decode()
    guide = client.get("/admin/publishing-guide/").content.decode()
    assert "Submit to Moderators approval" in guide and "Statistic" in guide
