"""The app as gunicorn loads it (``config.wsgi``; ``config/gunicorn.conf.py``)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

# The 300,000 objects of the loaded app (modules, models, URL patterns, settings) live
# as long as the process: out of the collector's reach, its full collections stop
# walking them on every page. Measured on the county start page at city size: the
# full collections took 50 ms a request, 13 ms after this (README, "Performance at
# city size"). With ``preload_app`` it runs before the fork, so the workers also
# keep sharing those pages of memory instead of each copying them when the
# collector writes to them.
gc.freeze()
