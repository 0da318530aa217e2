"""The browser tests' server: test settings on its own database, emails written to files."""

from .base import env
from .test import *  # noqa: F401,F403

DATABASES = {"default": env.db_url("DATABASE_URL")}
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default="/tmp/portal-browser-emails")
