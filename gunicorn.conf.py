"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py portal.wsgi`.

Every value can be overridden with an environment variable of the same name in capitals
prefixed GUNICORN_ (e.g. GUNICORN_WORKERS=4).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", 30))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", 5))
# Replace a worker after this many requests, a guard against slow memory growth. Not too often:
# a new worker's first requests are slow (templates compile, connections open), and under load
# frequent replacement was the whole of the slowest 5% of responses (see bench/load_mix.py).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 20000))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", 2000))
# Import the application once in the master: a worker replaced after max_requests starts at once
# instead of importing Django and Wagtail again while requests wait. (Restart, not HUP, to deploy.)
preload_app = os.environ.get("GUNICORN_PRELOAD_APP", "true").lower() in ("1", "true", "yes")
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
errorlog = os.environ.get("GUNICORN_ERRORLOG", "-")
# No client IP addresses or query strings in the access log: visitors may be at risk.
access_log_format = os.environ.get(
    "GUNICORN_ACCESS_LOG_FORMAT", '{"time": "%(t)s", "method": "%(m)s", "path": "%(U)s", "status": %(s)s, '
    '"bytes": %(B)s, "duration_ms": %(M)s}'
)
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
