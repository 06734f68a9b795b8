"""Every page of every role, on a county of 300 villages: the slowest requests.

Run with `make bench` (SQLite) or, as the budget means it, on PostgreSQL:
``DATABASE_URL=postgres://…/NEW_DB .venv/bin/python bench/county_pages.py``.
Seeds the demo county grown to 20 townships of 15 villages (as
``bench/county_report.py``: about 98,000 visits, 1,541 cadres) unless
``BENCH_REUSE=1`` and the database already holds it, then, for each demo
login (county supervisor, township clerk, business office, station chief,
cadre), crawls the site from the start page the way a person clicks: every
link of every page, at most PER_VIEW addresses per view, GET only. Each
request is timed in-process (no network) under production settings, with
its SQL queries; a streamed download is timed to its first byte and to its
last.

Exits non-zero when a request (or a streamed download's first byte) takes
BUDGET_SECONDS (5 s, issue 12) or more.
"""

import datetime
import os
import re
import sys
import tempfile
import time
from collections import defaultdict
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
TMP = Path(tempfile.mkdtemp(prefix="gzz-pages-bench-"))
(TMP / "static").mkdir()
os.environ.update(
    DEBUG="false",
    DEMO_MODE="true",  # seed_demo runs only in demo mode
    SECURE_SSL_REDIRECT="false",  # the test client speaks plain HTTP
    SECRET_KEY=os.environ.get("SECRET_KEY") or "bench-only-not-a-secret",
    ALLOWED_HOSTS="testserver",
    DATABASE_URL=os.environ.get("DATABASE_URL") or f"sqlite:///{TMP / 'bench.sqlite3'}",
    MEDIA_ROOT=str(TMP / "media"),
    STATIC_ROOT=str(TMP / "static"),
    DJANGO_SETTINGS_MODULE="config.settings",
)
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import django  # noqa: E402

django.setup()

from _county import grow_the_county  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import Resolver404, resolve  # noqa: E402

BUDGET_SECONDS = 5.0
PER_VIEW = int(os.environ.get("BENCH_PER_VIEW", "3"))
ROLES = tuple(os.environ.get("BENCH_ROLES", "county township office chief cadre").split())
LINK = re.compile(r'<a\b[^>]*\bhref="([^"#]+)"')
# Not pages: leaving, switching language, the admin, static files.
SKIP = ("/logout/", "/i18n/", "/admin/", "/static/", "/media/")


def _seed():
    if os.environ.get("BENCH_REUSE") == "1" and "villages_village" in (
        connection.introspection.table_names()
    ):
        return None
    if connection.introspection.table_names():
        print(f"{connection.settings_dict['NAME']} is not empty: the bench needs a new database")
        sys.exit(2)
    grow_the_county()
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    call_command("seed_demo", verbosity=0)
    return time.perf_counter() - start


def _get(client, url):
    """(status, seconds to the first byte, seconds to the last, queries, links)."""
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = client.get(url)
        first = time.perf_counter() - start
        body = b"".join(response.streaming_content) if response.streaming else response.content
        last = time.perf_counter() - start
    links = []
    if response.get("Content-Type", "").startswith("text/html"):
        links = [unescape(href) for href in LINK.findall(body.decode("utf-8", "replace"))]
    if response.status_code in (301, 302, 303):
        links.append(response.url)
    return response.status_code, first, last, len(queries), links


def _view(url):
    try:
        return resolve(urlsplit(url).path).view_name
    except Resolver404:
        return None


def _last_month(links):
    """Each link to this month's figures, and the same for last month (a whole month of
    data: early in a month, this month's pages count only a few days)."""
    today = datetime.date.today()
    this = f"month={today:%Y-%m}"
    last = f"month={today.replace(day=1) - datetime.timedelta(days=1):%Y-%m}"
    return [new for link in links for new in ([link.replace(this, last)] if this in link else [])]


def crawl(username):
    from cadres.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    seen, per_view, timings = set(), defaultdict(int), []
    queue = ["/"]
    while queue:
        url = queue.pop(0)
        parts = urlsplit(url)
        if parts.netloc or not parts.path.startswith("/") or url in seen:
            continue
        if parts.path.startswith(SKIP):
            continue
        view = _view(url)
        if view is None or per_view[view] >= PER_VIEW:
            continue
        seen.add(url)
        per_view[view] += 1
        status, first, last, queries, links = _get(client, url)
        timings.append((first, last, queries, status, view, url))
        queue[:0] = _last_month(links)
        queue.extend(links)
    return timings


def main():
    seeded = _seed()
    # Production settings serve hashed static files: the pages need their manifest.
    call_command("collectstatic", "--noinput", verbosity=0)
    from cadres.models import Cadre
    from villages.models import Village
    from visits.models import Visit

    print(
        f"{Village.objects.count()} villages, {Cadre.objects.count():,} cadres, "
        f"{Visit.objects.count():,} visits on {connection.vendor}"
        + (f" (seeded in {seeded:.0f} s)" if seeded else "")
    )
    worst = 0.0
    for username in ROLES:
        timings = crawl(username)
        errors = [t for t in timings if t[3] >= 500]
        timings.sort(reverse=True)
        worst = max([worst, *(t[0] for t in timings)])
        print(
            f"\n== {username}: {len(timings)} addresses of {len({t[4] for t in timings})} views, "
            f"{len(errors)} errors; slowest:"
        )
        print(f"{'first byte s':>12}{'last byte s':>12}{'queries':>8}{'status':>7}  view, address")
        for first, last, queries, status, view, url in timings[:8]:
            print(f"{first:>12.2f}{last:>12.2f}{queries:>8}{status:>7}  {view}  {url[:70]}")
        worst = max(worst, 99.0 if errors else 0.0)
    print(f"\nslowest first byte of any role: {worst:.2f} s (budget {BUDGET_SECONDS:.0f} s)")
    return 0 if worst < BUDGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
