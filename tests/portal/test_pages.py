"""Page types: where they may be created, and that each renders and previews."""

import pytest
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from portal.models import HomePage, NewsIndexPage, NewsPage, SiteIndexPage, SitePage, StandardPage


@pytest.mark.django_db
class TestPageTypes(WagtailPageTestCase):
    def setUp(self):
        from portal.demo.content import build_pages
        from portal.demo.site_setup import configure_site

        configure_site(build_pages())
        self.home = HomePage.objects.get()
        # The admin requires an enrolled authenticator.
        from allauth.mfa.models import Authenticator

        self.editor = self.create_superuser("mfa-admin", password="a-long-password-1")
        Authenticator.objects.create(user=self.editor, type=Authenticator.Type.TOTP,
                                     data={"secret": "JBSWY3DPEHPK3PXP"})

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

    def test_every_demo_page_renders_opens_in_the_editor_and_previews(self):
        # StreamField editors are built by JavaScript, so the edit form is checked by loading it and
        # the preview through "view draft", which renders the saved revision in preview mode.
        self.client.force_login(self.editor)
        for page in Page.objects.live().filter(depth__gt=1).specific():
            self.assertPageIsRenderable(page)
            edit = self.client.get(f"/admin/pages/{page.pk}/edit/")
            self.assertEqual(edit.status_code, 200, page)
            self.assertContains(edit, 'id="page-edit-form"')
            draft = self.client.get(f"/admin/pages/{page.pk}/view_draft/")
            self.assertEqual(draft.status_code, 200, page)
            self.assertContains(draft, f"<h1>{page.title}</h1>" if not isinstance(page, HomePage) else "<h1>")
