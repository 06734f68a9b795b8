"""gunicorn on a county's server, behind nginx (see README, "Deploying"):

    .venv/bin/gunicorn -c config/gunicorn.conf.py config.wsgi

Every value can be changed from the environment (GUNICORN_*), like the app's settings.
"""

import os

# nginx on the same machine forwards to this address; never expose it directly.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Pages are mostly database and template work: two processes per core, plus one.
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * (os.cpu_count() or 1) + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 2))
# A monthly PDF booklet takes seconds to render; anything past two minutes is stuck.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 120))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak (PDF and image libraries) cannot grow.
max_requests = 1000
max_requests_jitter = 100
# Load the app once before forking: less memory, and a broken setting fails at start.
preload_app = True

# Only nginx on this machine may tell us the scheme (X-Forwarded-Proto).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")

# Logs to stdout/stderr for systemd's journal, one JSON object a line like the
# app's (config/logs.py): the access line names the request id and user id the
# app gave the request. It leaves out query strings: searches carry household
# names and phone numbers (personal data). LOG_FORMAT=text: gunicorn's plain lines.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# X-Real-IP is the browser's address as nginx saw it (%(h)s is nginx itself).
access_log_format = '%({x-real-ip}i)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
if os.environ.get("LOG_FORMAT", "json") == "json":
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "config.logs.JsonFormatter"}},
        "handlers": {
            "error": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stderr",
            },
            "access": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stdout",
            },
        },
        # The app's own lines: Django's LOGGING (config/settings.py).
        "root": {"level": "INFO", "handlers": []},
        "loggers": {
            "gunicorn.error": {
                "handlers": ["error"],
                "level": loglevel.upper(),
                "propagate": False,
            },
            "gunicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
        },
    }

# Refuse oversized request lines and headers early (defaults are generous).
limit_request_line = 4094
limit_request_fields = 100
