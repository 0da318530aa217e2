"""Deploy checks (`manage.py check --deploy`) for what Django's own checks cannot know."""

from django.conf import settings
from django.core.checks import Error, Tags, register

# Backends whose entries each gunicorn worker keeps to itself.
PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@register(Tags.caches, deploy=True)
def shared_cache(app_configs, **kwargs):
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend in PER_PROCESS_CACHES:
        return [Error(
            f"The default cache ({backend.rsplit('.', 1)[-1]}) lives inside each worker process.",
            hint="Set REDIS_URL, or use django.core.cache.backends.db.DatabaseCache (manage.py createcachetable): "
                 "sign-in rate limits, page-cache purges and cached sessions must be shared by every worker.",
            id="portal.E001",
        )]
    return []
