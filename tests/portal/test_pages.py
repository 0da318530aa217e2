"""Page types: where they may be created, and that each renders and previews."""

import pytest
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from portal.models import HomePage, NewsIndexPage, NewsPage, SiteIndexPage, SitePage, StandardPage


@pytest.mark.django_db
class TestPageTypes(WagtailPageTestCase):
    def setUp(self):
        from django.core.management import call_command

        call_command("load_demo_content", stdout=open("/dev/null", "w"))
        self.home = HomePage.objects.get()

    def test_hierarchy_rules(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedParentPageTypes(NewsPage, {NewsIndexPage})
        self.assertAllowedSubpageTypes(NewsPage, {})
        self.assertAllowedParentPageTypes(SitePage, {SiteIndexPage})
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsPage})
        self.assertCanCreateAt(HomePage, StandardPage)
        self.assertCanCreateAt(StandardPage, StandardPage)
        self.assertCanNotCreateAt(HomePage, NewsPage)

    def test_single_instance_pages_cannot_be_added_twice(self):
        self.assertFalse(NewsIndexPage.can_create_at(self.home))
        self.assertFalse(SiteIndexPage.can_create_at(self.home))

    def test_every_demo_page_renders_and_previews(self):
        for page in Page.objects.live().filter(depth__gt=1).specific():
            self.assertPageIsRenderable(page)
            self.assertPageIsPreviewable(page)

    def test_pages_are_editable_in_the_admin(self):
        self.login()
        for model in (StandardPage, NewsPage, SitePage):
            page = model.objects.first()
            self.assertPageIsEditable(page)
