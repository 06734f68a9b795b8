"""How long a county-sized monthly report takes: the supervision page, the XLSX and the booklet.

Run with `.venv/bin/python bench/county_report.py` (or `make bench`). Seeds the
demo county grown to COUNTY_TOWNSHIPS townships of VILLAGES_PER_TOWNSHIP
villages (the brief's county tier: ~300 villages, a year of visits) into a
throwaway SQLite database, then, as the county supervisor through the real
pages, times last month's county supervision page, county report XLSX and PDF
booklet, and one township's booklet, with the SQL queries each ran.

Exits non-zero when a download takes GUNICORN_TIMEOUT (120 s) or more: past
that, gunicorn kills the worker and the supervisor gets an error page; or when
the county booklet is larger than BOOKLET_BUDGET (3 MB: issue 12 measured 10 MB
where whole fonts were embedded).

On PostgreSQL: ``DATABASE_URL=postgres://…/NEW_DB make bench``; the database
must be empty (the bench seeds it and refuses one that holds tables).
"""

import datetime
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TMP = Path(tempfile.mkdtemp(prefix="gzz-report-bench-"))
(TMP / "static").mkdir()
os.environ.update(
    DEBUG="true",  # seed_demo runs in demo mode only
    SECRET_KEY=os.environ.get("SECRET_KEY") or "bench-only-not-a-secret",
    ALLOWED_HOSTS="testserver",
    DATABASE_URL=os.environ.get("DATABASE_URL") or f"sqlite:///{TMP / 'bench.sqlite3'}",
    MEDIA_ROOT=str(TMP / "media"),
    STATIC_ROOT=str(TMP / "static"),
    DJANGO_SETTINGS_MODULE="config.settings",
)
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from visits.demo import data as demo_data  # noqa: E402

COUNTY_TOWNSHIPS = int(os.environ.get("BENCH_TOWNSHIPS", "20"))
VILLAGES_PER_TOWNSHIP = int(os.environ.get("BENCH_VILLAGES", "15"))
TIMEOUT_SECONDS = 120
BOOKLET_BUDGET = 3 * 1024 * 1024
NUMERALS = "一二三四五六七八九十"


def _grow_the_county():
    """The demo's two townships, then synthetic ones up to COUNTY_TOWNSHIPS."""
    townships = list(demo_data.TOWNSHIPS)
    for n in range(len(townships), COUNTY_TOWNSHIPS):
        name = f"新{NUMERALS[n % 10]}{NUMERALS[n // 10 % 10]}乡"
        villages = [
            f"{name[:-1]}{NUMERALS[k % 10]}{k // 10 or ''}村" for k in range(VILLAGES_PER_TOWNSHIP)
        ]
        townships.append((name, "乡", villages))
    for k, (name, suffix, villages) in enumerate(townships[:2]):
        extra = [
            f"{name[:2]}{NUMERALS[j % 10]}{j // 10 or ''}村"
            for j in range(len(villages), VILLAGES_PER_TOWNSHIP)
        ]
        townships[k] = (name, suffix, [*villages, *extra])
    demo_data.TOWNSHIPS[:] = townships


def _timed(client, url):
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        seconds = time.perf_counter() - start
    assert response.status_code == 200, (url, response.status_code, body[:300])
    return seconds, len(queries), len(body)


def main():
    if connection.introspection.table_names():
        print(f"{connection.settings_dict['NAME']} is not empty: the bench needs a new database")
        return 2
    _grow_the_county()
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    call_command("seed_demo", verbosity=0)
    seeded = time.perf_counter() - start

    from cadres.models import Cadre, User
    from villages.models import County, Household, Township, Village
    from visits.models import Concern, Visit

    county = County.objects.get()
    township = Township.objects.order_by("pk").first()
    print(
        f"county: {Township.objects.count()} townships, {Village.objects.count()} villages, "
        f"{Household.objects.count():,} households, {Cadre.objects.count():,} cadres, "
        f"{Visit.objects.count():,} visits, {Concern.objects.count():,} concerns "
        f"(seeded in {seeded:.0f} s, {connection.vendor})"
    )
    first = datetime.date.today().replace(day=1)
    month = (first - datetime.timedelta(days=1)).strftime("%Y-%m")
    client = Client()
    client.force_login(User.objects.get(username="county"))
    cases = [
        ("county supervision page", reverse("supervision:supervision_county", args=[county.pk])),
        ("county report XLSX", reverse("supervision:report_county", args=[county.pk, "xlsx"])),
        (
            "county report PDF booklet",
            reverse("supervision:report_county", args=[county.pk, "pdf"]),
        ),
        (
            "township report PDF booklet",
            reverse("supervision:report_township", args=[township.pk, "pdf"]),
        ),
    ]
    print(f"{'last month, ' + month:<30}{'seconds':>9}{'queries':>9}{'bytes':>12}")
    slowest, sizes = 0, {}
    for label, url in cases:
        seconds, queries, size = _timed(client, f"{url}?month={month}")
        slowest = max(slowest, seconds) if "report" in label else slowest
        sizes[label] = (size, seconds)
        print(f"{label:<30}{seconds:>9.1f}{queries:>9}{size:>12,}")
    size, seconds = sizes["county report PDF booklet"]
    print(
        f"county booklet: {size / 1024 / 1024:.1f} MB, built in {seconds:.0f} s "
        f"(budget {BOOKLET_BUDGET // 1024 // 1024} MB)"
    )
    print(f"budget: every download under gunicorn's timeout ({TIMEOUT_SECONDS} s)")
    return 0 if slowest < TIMEOUT_SECONDS and size <= BOOKLET_BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
