from .base import *  # noqa: F401,F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY") or "dev-only-secret-key-not-for-production"
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
# Development uses runserver: whitenoise serves app static files straight from their finders.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# `make run` shows the portal's own 400, 403, 404 and 500 pages, as visitors see them (the traceback
# of a 500 is written to the console). DJANGO_DEBUG_PAGES=1 make run shows Django's debug pages.
if not env.bool("DJANGO_DEBUG_PAGES", default=False):
    MIDDLEWARE = [*MIDDLEWARE, "portal.errors.ErrorPagesInDebugMiddleware"]  # noqa: F405
