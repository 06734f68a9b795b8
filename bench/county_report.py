"""How long a county-sized monthly report takes: the page, asking for the files, building them.

Run with `.venv/bin/python bench/county_report.py` (or `make bench`). Seeds the
demo county grown to 20 townships of 15 villages (``bench/_county.py``: the
brief's county tier, ~300 villages, a year of visits) into a throwaway SQLite
database, then, as the county supervisor through the real pages, times last
month's county supervision page and the asking for the county's XLSX and PDF
booklet, one township's booklet and the county's household register (each
answers at once with the job's page), then the background worker's build of
each file (``run_job``, in this process), with its size.

Exits non-zero when a request takes REQUEST_BUDGET (5 s, issue 12) or more, or
when the county booklet is larger than BOOKLET_BUDGET (3 MB: issue 12
measured 10 MB where whole fonts were embedded).

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
sys.path.insert(0, str(ROOT / "bench"))

import django  # noqa: E402

django.setup()

from _county import grow_the_county  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import resolve, reverse  # noqa: E402

REQUEST_BUDGET = 5.0
BOOKLET_BUDGET = 3 * 1024 * 1024


def _timed(client, url):
    """(seconds, queries, the job's id or None, bytes of the answer)."""
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = client.get(url)
        # A streamed answer counts to its first byte (the rest flows as it is written).
        seconds = time.perf_counter() - start
        body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code in (200, 302), (url, response.status_code, body[:300])
    job = None
    if response.status_code == 302:
        from villages.models import JobRequest

        job = JobRequest.objects.get(pk=resolve(response.url).kwargs["pk"]).job_id
    return seconds, len(queries), job, len(body)


def _built(job_id):
    """(seconds, bytes): the worker's build of the job, in this process."""
    from villages.jobs.services import run_job
    from villages.models import Job

    start = time.perf_counter()
    run_job(job_id)
    seconds = time.perf_counter() - start
    job = Job.objects.get(pk=job_id)
    assert job.state == Job.State.DONE, job.state
    return seconds, job.file.size


def main():
    if connection.introspection.table_names():
        print(f"{connection.settings_dict['NAME']} is not empty: the bench needs a new database")
        return 2
    grow_the_county()
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
        ("county report booklet", reverse("supervision:report_county", args=[county.pk, "pdf"])),
        (
            "township report booklet",
            reverse("supervision:report_township", args=[township.pk, "pdf"]),
        ),
        ("county households XLSX", reverse("villages:household_export", args=["xlsx"])),
        ("county households CSV", reverse("villages:household_export", args=["csv"])),
    ]
    print(f"{'last month, ' + month:<26}{'request s':>10}{'queries':>8}{'build s':>9}{'bytes':>12}")
    slowest, sizes = 0, {}
    for label, url in cases:
        seconds, queries, job, size = _timed(client, f"{url}?month={month}")
        slowest = max(slowest, seconds)
        built = ""
        if job is not None:
            build, size = _built(job)
            built = f"{build:.1f}"
        sizes[label] = size
        print(f"{label:<26}{seconds:>10.2f}{queries:>8}{built:>9}{size:>12,}")
    size = sizes["county report booklet"]
    budget = BOOKLET_BUDGET // 1024 // 1024
    print(f"county booklet: {size / 1024 / 1024:.1f} MB (budget {budget} MB)")
    print(f"slowest request: {slowest:.2f} s (budget {REQUEST_BUDGET:.0f} s)")
    return 0 if slowest < REQUEST_BUDGET and size <= BOOKLET_BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
