"""A small site with the research demo content, without the whole demo (fast enough per test)."""

import io

from wagtail.models import Page, Site

from portal.models import HomePage


def build_research_site():
    from research.demo import load_research_demo

    root = Page.get_first_root_node()
    home = HomePage(title="Home", slug="home-research", intro="The Drive Partnership portal.")
    root.add_child(instance=home)
    home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    else:
        site.root_page = home
        site.save()
    summary = load_research_demo({"home": home}, io.StringIO())
    return home, summary
