"""The demo site tells the Drive story with the published figures, and loading it twice changes nothing."""

import pytest
from django.core.management import call_command
from wagtail.models import Page

from portal.models import HomePage, NewsPage, SitePage, StandardPage

pytestmark = pytest.mark.django_db


def test_loading_twice_changes_nothing(demo_site):
    before = (Page.objects.count(), NewsPage.objects.count(), SitePage.objects.count())
    revisions = sorted(Page.objects.exclude(latest_revision=None).values_list("latest_revision_id", flat=True))
    call_command("load_demo_content", stdout=open("/dev/null", "w"))
    assert (Page.objects.count(), NewsPage.objects.count(), SitePage.objects.count()) == before
    assert sorted(Page.objects.exclude(latest_revision=None).values_list("latest_revision_id", flat=True)) == revisions


def test_home_page_shows_impact_figures_with_sources(client, kernel_site):
    html = client.get("/").content.decode()
    for figure in ("2,590", "2,926", "4,841", "82%", "88%", "75%", "73%"):
        assert figure in html
    assert "police force areas" in html
    assert "Source: University of Bristol evaluation" in html
    assert "Source: Drive Partnership, figures to July 2021" in html


def test_home_page_offers_a_route_for_each_audience(client, kernel_site):
    html = client.get("/").content.decode()
    for route in ("Find a service", "Training for professionals", "The coalition", "Research and evidence"):
        assert route in html


def test_about_tree_has_partnership_model_and_evidence(client, kernel_site):
    about = StandardPage.objects.get(slug="about")
    children = {p.slug for p in about.get_children().live()}
    assert {"partnership", "the-drive-model", "evidence"} <= children
    evidence = client.get("/about/evidence/").content.decode()
    for fact in ("198", "1,574", "29 (82.9%)", "23 (65.7%)", "9 of 14", "5 of 13", "161 (72.8%)"):
        assert fact in evidence


def test_vawg_response_is_published_news(client, kernel_site):
    page = NewsPage.objects.get(slug="drive-responds-to-the-vawg-strategy")
    assert page.live
    html = client.get(page.url).content.decode()
    assert "cross-sector perpetrator strategy" in html
    assert "spending review" in html


def test_delivery_areas_include_pilots_and_west_mercia(client, kernel_site):
    pilots = set(SitePage.objects.filter(is_pilot=True).values_list("title", flat=True))
    assert pilots == {"Essex", "South Wales", "West Sussex"}
    html = client.get("/where-drive-works/west-mercia/").content.decode()
    for fact in ("£180,000", "£150,000", "£136,101", "248", "125", "144", "Cranstoun"):
        assert fact in html


def test_cover_your_tracks_explains_the_exit_controls(client, kernel_site):
    html = client.get("/cover-your-tracks/").content.decode()
    assert "Shift key three times" in html
    assert "sets no cookies" in html
    # what Back shows, honestly: one history entry with JavaScript, every page without it
    assert "your whole visit to this site takes up one place in your browser’s history" in html
    assert "Without JavaScript, every page you open here is added to your history" in html
    assert "use private browsing and close the window" in html


def test_demo_editor_is_an_editor_with_verified_email(kernel_site):
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(email="editor@example.org")
    assert user.groups.filter(name="Editors").exists()
    assert EmailAddress.objects.get(user=user).verified
    assert user.check_password("drive-demo-editor-2026")


def test_one_home_page_is_the_site_root(kernel_site):
    assert HomePage.objects.count() == 1
    assert kernel_site.root_page.specific_class is HomePage
