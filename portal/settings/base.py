"""Settings shared by every environment.

Everything that differs between machines comes from environment variables, declared once here
with their types and defaults (see the table in README.md).
"""

from pathlib import Path

import environ

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

env = environ.Env(
    DEBUG=(bool, False),
    SECRET_KEY=(str, ""),
    ALLOWED_HOSTS=(list, ["127.0.0.1", "localhost"]),
    DATABASE_URL=(str, f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
    REDIS_URL=(str, ""),
    ELASTICSEARCH_URL=(str, ""),
    ELASTICSEARCH_INDEX_PREFIX=(str, "portal"),
    ELASTICSEARCH_TIMEOUT=(float, 2.0),
    WAGTAILADMIN_BASE_URL=(str, "http://127.0.0.1:8000"),
    DEFAULT_FROM_EMAIL=(str, "Drive Partnership portal <no-reply@example.org>"),
    PAGE_CACHE_SECONDS=(int, 300),
    MEDIA_ROOT=(str, str(BASE_DIR / "media")),
    STATIC_ROOT=(str, str(BASE_DIR / "static")),
    BACKUP_SIGNING_KEY=(str, ""),
    DOCUMENTS_SENDFILE=(str, ""),
    SERVE_PUBLIC_MEDIA=(bool, False),
    TRUSTED_PROXIES=(list, ["127.0.0.1", "::1"]),
    READYZ_TOKEN=(str, ""),
    FRONTEND_CACHE_URL=(str, ""),
    CLOUDFLARE_ZONE_ID=(str, ""),
    CLOUDFLARE_BEARER_TOKEN=(str, ""),
    CLOUDFRONT_DISTRIBUTION_ID=(str, ""),
)

DEBUG = env("DEBUG")
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env("ALLOWED_HOSTS")

INSTALLED_APPS = [
    "portal",
    "portal.accounts",
    "search",
    "research",
    "training",
    "coalition",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks_db",  # the database task backend's tables (used in production)
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "portal.client_address.ForwardedHeadersMiddleware",  # first: nothing may read a header a client forged
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.security.StripNullCharactersMiddleware",
    "portal.cache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "portal.accounts.middleware.RequireMFAForStaffMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "portal.security.PortalCSPMiddleware",
    "portal.security.SecurityHeadersMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "portal.outages.StorageFullMiddleware",
]

ROOT_URLCONF = "portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "portal.wsgi.application"

DATABASES = {"default": env.db_url("DATABASE_URL")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", 0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if env("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "portal.cache_backends.ResilientRedisCache",
            "LOCATION": env("REDIS_URL"),
            "KEY_PREFIX": "portal",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # At most 128 characters; not only whitespace, not one character repeated (portal/accounts/passwords.py).
    {"NAME": "portal.accounts.passwords.PasswordShapeValidator", "OPTIONS": {"max_length": 128}},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = env("STATIC_ROOT")
STATIC_URL = "/static/"
MEDIA_ROOT = env("MEDIA_ROOT")
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "portal.outages.MediaStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Documents are served only by Wagtail's document view, which checks their privacy first
# (portal/private_files.py); MEDIA_URL serves nothing but public image renditions.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Once the view has said yes, Python streams the file, unless the web server sends it:
# "nginx" (X-Accel-Redirect to an `internal` location) or "apache" (mod_xsendfile).
DOCUMENTS_SENDFILE = env("DOCUMENTS_SENDFILE")
if DOCUMENTS_SENDFILE not in ("", "nginx", "apache"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("DOCUMENTS_SENDFILE must be empty, 'nginx' or 'apache'.")
if DOCUMENTS_SENDFILE:
    SENDFILE_BACKEND = "portal.private_files"
DOCUMENTS_ACCEL_PREFIX = "/protected-media/"
# Django serves MEDIA_ROOT/images/ itself under DEBUG, or when this is on (no web server in front).
SERVE_PUBLIC_MEDIA = env("SERVE_PUBLIC_MEDIA")

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Accounts (django-allauth) -------------------------------------------------------------
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# Shared devices: every sign-in (password, or confirming an email) lasts for the browser session
# only, unless the person ticks "Keep me signed in on this device" (ACCOUNT_SESSION_REMEMBER = None
# shows that box; ticked, the session lasts SESSION_COOKIE_AGE).
ACCOUNT_SESSION_REMEMBER = None
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
ACCOUNT_USER_DISPLAY = "portal.accounts.names.display_name"
ACCOUNT_EMAIL_NOTIFICATIONS = True  # tell people when their password, email or authenticator changes
ACCOUNT_FORMS = {
    "login": "portal.accounts.forms.LoginForm",
    "signup": "portal.accounts.forms.SignupForm",
    "add_email": "portal.accounts.forms.AddEmailForm",
    "change_password": "portal.accounts.forms.ChangePasswordForm",
    "set_password": "portal.accounts.forms.SetPasswordForm",
    "reset_password": "portal.accounts.forms.ResetPasswordForm",
    "reset_password_from_key": "portal.accounts.forms.ResetPasswordKeyForm",
    "reauthenticate": "portal.accounts.forms.ReauthenticateForm",
}
MFA_FORMS = {
    "authenticate": "portal.accounts.forms.MFAAuthenticateForm",
    "reauthenticate": "portal.accounts.forms.MFAReauthenticateForm",
    "activate_totp": "portal.accounts.forms.ActivateTOTPForm",
}
# Someone setting up their first authenticator is not asked for the password they typed this long
# ago again (portal.accounts.adapter): one password prompt from sign-in to the admin.
MFA_ENROLMENT_WINDOW_SECONDS = 15 * 60
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SIGNUP_FORM_CLASS = "portal.accounts.profile_fields.ProfileSignupForm"
ACCOUNT_ADAPTER = "portal.accounts.adapter.AccountAdapter"
# Rate limits count the client's address (portal/client_address.py: X-Forwarded-For only from a
# trusted proxy) and need a cache every worker shares (production.py). Failed sign-ins are limited
# per account (5 in 5 minutes, from anywhere) and, far more loosely, per address: a shared address
# (an office, a refuge's wifi) is not locked out because one person there mistyped five times.
TRUSTED_PROXIES = env("TRUSTED_PROXIES")
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "5/5m/key,50/5m/ip",
    "signup": "20/h/ip",
    "reset_password": "10/h/ip,5/h/key",
    "confirm_email": "3/5m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Drive Partnership portal"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL")

# --- Wagtail -------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Drive Partnership"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL")
# The site's public address (scheme, host, port). The demo loader copies it into the Wagtail Site,
# whose hostname and port then build every absolute URL (portal.site_address).
SITE_URL = env("SITE_URL", default=WAGTAILADMIN_BASE_URL)
# The admin signs in through allauth, so rate limits and MFA cover it too.
WAGTAILADMIN_LOGIN_URL = "/accounts/login/"
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/login/"
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
# No Gravatar: the admin makes no requests to other origins (avatars fall back to the default image).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database"},
    # Always present: what site search falls back to when Elasticsearch is unreachable.
    # Kept up to date only when Elasticsearch is the default (otherwise they share one index).
    "database_fallback": {
        "BACKEND": "wagtail.search.backends.database",
        "AUTO_UPDATE": bool(env("ELASTICSEARCH_URL")),
    },
}
if env("ELASTICSEARCH_URL"):
    WAGTAILSEARCH_BACKENDS["default"] = {
        "BACKEND": "wagtail.search.backends.elasticsearch8",
        "URLS": [env("ELASTICSEARCH_URL")],
        # Wagtail's Elasticsearch backends read INDEX_PREFIX (an "INDEX" key is ignored).
        "INDEX_PREFIX": f"{env('ELASTICSEARCH_INDEX_PREFIX')}-wagtail-",
        "TIMEOUT": env("ELASTICSEARCH_TIMEOUT"),
        "OPTIONS": {"max_retries": 0},
        "INDEX_SETTINGS": {},
    }
WAGTAIL_I18N_ENABLED = False
WAGTAILEMBEDS_FINDERS = []  # no third-party embeds: video is a plain link block

# --- Security headers (tightened further in production.py) --------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "no-referrer"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "portal.errors.csrf_failure"
CSRF_COOKIE_AGE = None  # a form's CSRF cookie lasts for the browser session, not a year
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

# The admin (portal.security.PortalCSPMiddleware) gets its own policy: Wagtail's editor sets
# inline styles (Draftail, the sidebar, choosers), previews pages in a frame and builds images
# from blob: URLs while uploading. Scripts are still only the site's own files.
# Wagtail 8's admin still writes small inline scripts of its own (InlinePanel and
# MultipleChooserPanel set-up, the date and time widgets: wagtailadmin/panels/*.html,
# wagtailadmin/widgets/*_input.html), which a nonce cannot reach, so the admin alone allows inline
# script; it still loads script from no other origin, and the public site's policy stays strict.
ADMIN_CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "frame-src": ["'self'"],
    "worker-src": ["'self'", "blob:"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'self'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # avatars come from no other origin
WAGTAIL_ENABLE_UPDATE_CHECK = False  # nor does the admin ask wagtail.org for new releases

# --- Page cache for anonymous visitors ----------------------------------------------------
PAGE_CACHE_SECONDS = env("PAGE_CACHE_SECONDS")
# Responses say "X-Page-Cache: hit/miss" only under DEBUG or when this is on (the tests read it).
PAGE_CACHE_HEADER = False

# --- An HTTP cache in front (Varnish, Cloudflare or CloudFront) ----------------------------------
# Pages the page cache keeps go out as `public, s-maxage=PAGE_CACHE_SECONDS`, everything else as
# `private, no-store` (portal/cache.py); whatever purges the page cache purges these through
# Wagtail's frontend-cache backends, at the URLs that changed (portal/frontend_cache.py).
WAGTAILFRONTENDCACHE = {}
if env("FRONTEND_CACHE_URL"):  # Varnish (portal/deploy/varnish/default.vcl): PURGE requests to it
    WAGTAILFRONTENDCACHE["varnish"] = {"BACKEND": "portal.frontend_cache.HTTPPurgeBackend",
                                       "LOCATION": env("FRONTEND_CACHE_URL")}
if env("CLOUDFLARE_ZONE_ID"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {"BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
                                          "ZONEID": env("CLOUDFLARE_ZONE_ID"),
                                          "BEARER_TOKEN": env("CLOUDFLARE_BEARER_TOKEN")}
if env("CLOUDFRONT_DISTRIBUTION_ID"):  # boto3 reads the AWS credentials from the environment
    WAGTAILFRONTENDCACHE["cloudfront"] = {"BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
                                          "DISTRIBUTION_ID": env("CLOUDFRONT_DISTRIBUTION_ID")}
# /readyz names the backends and their state only to staff or to `Authorization: Bearer <token>`.
READYZ_TOKEN = env("READYZ_TOKEN")

# --- Search (Elasticsearch when configured, database otherwise) ---------------------------
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL")
ELASTICSEARCH_INDEX_PREFIX = env("ELASTICSEARCH_INDEX_PREFIX")
ELASTICSEARCH_TIMEOUT = env("ELASTICSEARCH_TIMEOUT")

# --- Content archives (portal/backup/) ------------------------------------------------------
# Set: export_content signs every archive (HMAC-SHA256) and import_content restores signed ones only.
BACKUP_SIGNING_KEY = env("BACKUP_SIGNING_KEY")

# --- Background tasks (django-tasks, through Django's TASKS setting) ----------------------
# Run at once, in the request, here; production queues them in the database for `db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"portal": {"level": "INFO"}, "search": {"level": "INFO"}, "django_tasks": {"level": "WARNING"}},
}
