"""Navigation, footer, safety settings and the demo editor."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Page, Site

from ..accounts.models import profile_for
from ..accounts.roles import EDITORS, grant_role_permissions
from ..models import FooterLink, NavigationItem, NavigationSettings, SiteSettings
from ..templatetags.portal_tags import STATEMENT_LINKS

DEMO_EDITOR_EMAIL = "editor@example.org"
DEMO_EDITOR_PASSWORD = "drive-demo-editor-2026"

MAIN_MENU = [
    ("Find a service", "/find-a-service/"),
    ("Training", "/training/"),
    ("Coalition", "/coalition/"),
    ("Research", "/research/"),
    ("About Drive", "/about/"),
    ("News", "/news/"),
]
FOOTER = [
    ("Cover your tracks", "/cover-your-tracks/"),
    *((link["label"], link["url"]) for link in STATEMENT_LINKS),
    ("Where Drive works", "/where-drive-works/"),
    ("News feed (Atom)", "/news/feed/atom/"),
]


def configure_site(pages: dict[str, Page]) -> None:
    site = Site.objects.get(is_default_site=True)
    SiteSettings.for_site(site).save()
    nav = NavigationSettings.for_site(site)
    if not nav.main_menu.exists():
        by_path = {p.url: p for p in pages.values() if p.url}
        for order, (label, url) in enumerate(MAIN_MENU):
            page = by_path.get(url)
            NavigationItem.objects.create(setting=nav, sort_order=order, label=label,
                                          link_page=page, link_url="" if page else url)
    if not nav.footer_links.exists():
        by_path = {p.url: p for p in pages.values() if p.url}
        for order, (label, url) in enumerate(FOOTER):
            page = by_path.get(url)
            FooterLink.objects.create(setting=nav, sort_order=order, label=label,
                                      link_page=page, link_url="" if page else url)
    _ensure_statement_links(nav, pages)


def _ensure_statement_links(nav: NavigationSettings, pages: dict[str, Page]) -> None:
    """Sites built before the statements existed get their footer links too (once: a link to the
    page, or to its address, counts)."""
    for link, slug in zip(STATEMENT_LINKS, ("accessibility", "privacy")):
        page = pages.get(slug)
        links = nav.footer_links.all()
        if any((page is not None and item.link_page_id == page.pk) or item.link_url == link["url"] for item in links):
            continue
        order = max((item.sort_order or 0 for item in links), default=-1) + 1
        FooterLink.objects.create(setting=nav, sort_order=order, label=link["label"],
                                  link_page=page, link_url="" if page else link["url"])


def ensure_demo_editor() -> tuple[str, str, bool]:
    """The demo editor: in Editors and Moderators, staff, email verified. Must enrol MFA at first sign-in."""
    grant_role_permissions()
    User = get_user_model()
    user = User.objects.filter(email=DEMO_EDITOR_EMAIL).first()
    created = user is None
    if created:
        user = User.objects.create_user(username="demo-editor", email=DEMO_EDITOR_EMAIL,
                                        password=DEMO_EDITOR_PASSWORD, first_name="Demo",
                                        last_name="Editor", is_staff=True)
        EmailAddress.objects.create(user=user, email=DEMO_EDITOR_EMAIL, verified=True, primary=True)
        profile = profile_for(user)
        profile.display_name = "Demo Editor (demonstration account)"
        profile.organisation = "Drive Partnership (demo)"
        profile.save()
    user.groups.add(*Group.objects.filter(name__in=[EDITORS, "Moderators"]))
    return DEMO_EDITOR_EMAIL, DEMO_EDITOR_PASSWORD, created
