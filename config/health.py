"""``/healthz``: may a load balancer send this server requests?

Answers ``{"status": "ok"|"fail", "checks": {name: {"ok": bool, "detail": str}}}``,
200 when every check passed and 503 otherwise. Each check named in
``settings.HEALTH_CHECKS`` is a function of no arguments returning ``(ok,
detail)``; one that raises has failed. The answer holds no personal data and
no host names or error messages (those go to the log): only the check's name,
whether it passed and a word or a duration. It is open without a login, over
plain HTTP too (``SECURE_REDIRECT_EXEMPT``: the proxy probes the app server
directly), sets no cookie, touches no session and is never cached.

Every check is quick or gives up quickly: the database's by its connect
timeout (``DATABASE_CONNECT_TIMEOUT``), the storage's by its backend's.
"""

import json
import logging
import time
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import HttpResponse
from django.utils.module_loading import import_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

PROBE_DIR = "healthz"


def database():
    """The default database answers a query."""
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return True, _took(started)


def storage():
    """The default storage (where photos and files go) takes a small file and gives it back."""
    started = time.monotonic()
    name = default_storage.save(f"{PROBE_DIR}/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    try:
        with default_storage.open(name) as probe:
            ok = probe.read() == b"ok"
    finally:
        default_storage.delete(name)
    return ok, _took(started) if ok else "read back something else"


def _took(started):
    return f"{(time.monotonic() - started) * 1000:.0f} ms"


def run_checks(paths=None):
    """{name: {"ok": bool, "detail": str}} for each check of ``paths`` (HEALTH_CHECKS)."""
    results = {}
    for path in settings.HEALTH_CHECKS if paths is None else paths:
        name = path.rpartition(".")[2]
        try:
            ok, detail = import_string(path)()
        except Exception as error:  # noqa: BLE001 - a check that raises has failed
            logger.warning("health check %s failed", name, exc_info=True)
            ok, detail = False, type(error).__name__
        results[name] = {"ok": bool(ok), "detail": str(detail)}
    return results


@never_cache
@require_safe
def healthz(request):
    checks = run_checks()
    healthy = all(check["ok"] for check in checks.values())
    body = {"status": "ok" if healthy else "fail", "checks": checks}
    # What a monitor reads but a load balancer must not act on: the background
    # workers are not this server (taking every web server out because no worker
    # runs would stop the whole county), so they never turn the status to fail.
    if settings.HEALTH_REPORTS and checks.get("database", {}).get("ok", True):
        body["reports"] = run_checks(settings.HEALTH_REPORTS)
    elif settings.HEALTH_REPORTS:
        # Every report reads the database: with it away, asking again would only
        # add a connect timeout per report to the probe's answer.
        skipped = {"ok": False, "detail": "database unavailable"}
        body["reports"] = {path.rpartition(".")[2]: skipped for path in settings.HEALTH_REPORTS}
    return HttpResponse(
        json.dumps(body), content_type="application/json", status=200 if healthy else 503
    )
