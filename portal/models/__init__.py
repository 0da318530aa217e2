"""Page types and settings of the shared kernel. Feature apps build on these."""

from .base import BasePage
from .news import NewsIndexPage, NewsPage, NewsPageTag
from .pages import HomePage, StandardPage
from .settings import FooterLink, NavigationItem, NavigationSettings, SiteSettings
from .sites import SiteIndexPage, SitePage, SitePageFigure

__all__ = [
    "BasePage",
    "FooterLink",
    "HomePage",
    "NavigationItem",
    "NavigationSettings",
    "NewsIndexPage",
    "NewsPage",
    "NewsPageTag",
    "SiteIndexPage",
    "SitePage",
    "SitePageFigure",
    "SiteSettings",
    "StandardPage",
]
