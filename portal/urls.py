from django.conf import settings
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from . import health, seo, sitemaps, views
from .accounts import views as account_views
from .feeds import NewsAtomFeed, NewsRssFeed

handler400 = "portal.errors.bad_request"
handler403 = "portal.errors.permission_denied"
handler404 = "portal.errors.page_not_found"
handler500 = "portal.outages.server_error"

urlpatterns = [
    # The admin signs in only through allauth (rate limits, MFA): its own login form is closed.
    path("admin/login/", RedirectView.as_view(url="/accounts/login/", query_string=True)),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # The portal's versions of three allauth views (next kept through confirmation and MFA set-up).
    re_path(r"^accounts/confirm-email/(?P<key>[-:\w]+)/$", account_views.ConfirmEmailView.as_view(),
            name="account_confirm_email"),
    path("accounts/2fa/totp/activate/", account_views.ActivateTOTPView.as_view(), name="mfa_activate_totp"),
    path("accounts/2fa/recovery-codes/", account_views.ViewRecoveryCodesView.as_view(),
         name="mfa_view_recovery_codes"),
    path("accounts/", include("allauth.urls")),
    path("accounts/overview/", account_views.account_overview, name="account_overview"),
    path("accounts/my-data/", account_views.export_data, name="account_export"),
    path("accounts/delete/", account_views.delete_account, name="account_delete"),
    path("exit/", views.quick_exit, name="quick_exit"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("news/feed/rss/", NewsRssFeed(), name="news_rss"),
    path("news/feed/atom/", NewsAtomFeed(), name="news_atom"),
    path("search/", include("search.site.urls")),
    path("sitemap.xml", sitemaps.sitemap, name="sitemap"),
    path("robots.txt", seo.robots_txt, name="robots_txt"),
    path("favicon.ico", seo.favicon, name="favicon"),
    path("", include("search.directory.urls")),  # /find-a-service/ and /api/openreferral/
    path("coalition/", include("coalition.urls")),
    path("training/", include("training.urls")),
]

if settings.DEBUG or settings.SERVE_PUBLIC_MEDIA:
    # Only image renditions: documents are never served from MEDIA_URL (see portal/private_files.py).
    from django.urls import re_path
    from django.views.static import serve as serve_file

    from .private_files import PUBLIC_MEDIA_DIR

    urlpatterns += [re_path(rf"^{settings.MEDIA_URL.strip('/')}/{PUBLIC_MEDIA_DIR}/(?P<path>.+)$", serve_file,
                            {"document_root": f"{settings.MEDIA_ROOT}/{PUBLIC_MEDIA_DIR}"})]

urlpatterns += [path("", include(wagtail_urls))]
