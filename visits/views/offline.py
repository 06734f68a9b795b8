"""The phone as an app that opens without signal: its web manifest and its service worker.

Both are served at the site's root, so that the worker's scope ("/") covers every
page. The worker's own code is a static file (static/js/sw-core.js, hashed and
cached like any other); /sw.js only hands it what changes with the deployment
(the hashed names of the files to keep, the pages to keep) and is never cached
for long, so a new deployment reaches the phones on their next page.
"""

import hashlib
import json

from django.conf import settings
from django.http import HttpResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

# What a cadre needs with no signal: the pages' style and scripts.
OFFLINE_ASSETS = (
    "css/app.css",
    "js/reveal.js",
    "js/tables.js",
    "js/text-size.js",
    "js/outbox.js",
    "js/log-form.js",
)
# Pages kept on the phone when opened (network first, the kept copy without signal);
# the first three are fetched as soon as the worker is installed.
OFFLINE_PAGES = ("visits:today", "visits:visit_new", "visits:reception_new")
OFFLINE_SEARCHES = ("visits:household_search",)


def worker_config():
    """What /sw.js hands the worker's code: names that change with each deployment."""
    assets = [static(name) for name in OFFLINE_ASSETS]
    pages = [reverse(name) for name in OFFLINE_PAGES]
    config = {
        "assets": assets,
        "pages": pages,
        "kept": pages + [reverse(name) for name in OFFLINE_SEARCHES],
        "static": "/" + settings.STATIC_URL.lstrip("/"),
        "login": reverse("login"),
        "logout": reverse("logout"),
        "retry": settings.OUTBOX_RETRY_SECONDS,
        "wait": settings.PHONE_PAGE_WAIT_SECONDS * 1000,
    }
    scripts = [static("js/outbox.js"), static("js/sw-core.js")]
    # A new deployment (new hashed names) is a new version: the old copies are dropped.
    config["version"] = hashlib.sha256(json.dumps([config, scripts]).encode()).hexdigest()[:12]
    return config, scripts


@require_safe
def service_worker(request):
    config, scripts = worker_config()
    body = (
        "// The phone's service worker; its code is in the scripts it imports.\n"
        f"self.GZZ_CONFIG = {json.dumps(config)};\n"
        f"importScripts({', '.join(json.dumps(s) for s in scripts)});\n"
    )
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    # Checked again on every page load: a deployment reaches the phones at once.
    response["Cache-Control"] = "private, no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


@require_safe
def manifest(request):
    name = _("Mass-work stations")
    data = {
        "name": name,
        "short_name": name,
        "start_url": reverse("home"),
        "scope": "/",
        "display": "standalone",
        "lang": request.LANGUAGE_CODE,
        "background_color": "#ffffff",
        "theme_color": "#b3261e",
        "icons": [{"src": "/favicon.ico", "sizes": "16x16 32x32", "type": "image/x-icon"}],
    }
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False), content_type="application/manifest+json"
    )
    # In the user's language: kept by the browser, not by shared caches.
    response["Cache-Control"] = "private, max-age=3600"
    return response
