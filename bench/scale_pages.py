"""Each role's main pages at two sizes, county and city, as ratios to a bare view.

``make bench`` runs it on PostgreSQL (issue 13): the county tier (20 townships of 15
villages, about 98,000 visits) and the city tier (``seed_demo --scale city``: 邵阳市's
twelve counties of 510 villages, about 2 million visits). Each size lives in its own
database, seeded on first use and kept (``BENCH_COUNTY_DB``, ``BENCH_CITY_DB``: names
of databases on the server of ``BENCH_SERVER``, by default the local one).

For every page, in-process under production settings, the app loaded as gunicorn
loads it (``config.wsgi``), and logged in as the role
that uses it (session, scope and middleware included): the median and 95th
percentile time of ``BENCH_REQUESTS`` requests, requests per second as a share of a
bare view's (one query, same login, same middleware, measured in the same run), and
the page's SQL queries. Its first row, "app frame, empty", is that query drawn in the
app's frame for the cadre: no page can beat it. A ratio, not a promise: the same
machine under the same load times both. The bench exits non-zero when a page answers
anything but 200. It names the pages whose query counts differ between the sizes: the
tests assert that each page's count stays the same as its data grows; here the two
databases also differ in what they hold (an empty list skips its prefetch), so a
difference is a lead to follow, not a failure.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import _built as built

ROOT = Path(__file__).resolve().parent.parent
SERVER = os.environ.get("BENCH_SERVER", "postgres://postgres@127.0.0.1:5432")
SIZES = {
    "county": os.environ.get("BENCH_COUNTY_DB", "bench_county"),
    "city": os.environ.get("BENCH_CITY_DB", "bench_city"),
}
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "20"))
SECONDS = 30


def measure(size):
    """Runs in a child process, on one size's database; prints its results as JSON."""
    tmp = Path(tempfile.mkdtemp(prefix="gzz-scale-bench-"))
    (tmp / "static").mkdir()
    os.environ.update(
        DEBUG="false",
        DEMO_MODE="true",
        SECURE_SSL_REDIRECT="false",
        SECRET_KEY=os.environ.get("SECRET_KEY") or "bench-only-not-a-secret",
        ALLOWED_HOSTS="testserver",
        DATABASE_URL=f"{SERVER}/{SIZES[size]}",
        MEDIA_ROOT=str(tmp / "media"),
        STATIC_ROOT=str(tmp / "static"),
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    sys.path.insert(0, str(ROOT))
    from django.core.management import call_command
    from django.db import connection

    # The app as gunicorn loads it (Django set up, the loaded app frozen out of the
    # garbage collector's walks: ``config/wsgi.py``).
    import config.wsgi  # noqa: F401

    seeded = None
    if "villages_village" not in connection.introspection.table_names():
        call_command("migrate", verbosity=0)
        start = time.perf_counter()
        call_command("seed_demo", "--scale", size, verbosity=0)
        seeded = time.perf_counter() - start
    else:
        call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    # The rounds first: their pages, measured with the pages, show the worker's rows.
    rounds = built.rounds()
    results = {
        "seeded": seeded,
        "size": _size(),
        "pages": _pages(),
        "downloads": rounds + built.downloads(),
    }
    print("RESULT " + json.dumps(results, ensure_ascii=False))


def _size():
    from cadres.models import Cadre
    from villages.models import County, Village
    from visits.models import Visit

    return {
        "counties": County.objects.count(),
        "villages": Village.objects.count(),
        "cadres": Cadre.objects.count(),
        "visits": Visit.all_objects.count(),
    }


def _bare(request):
    """One query, nothing else: what every page is measured against."""
    from django.http import HttpResponse

    from villages.models import County

    return HttpResponse(str(County.objects.count()))


def _frame(request):
    """The bare view's query drawn in the app's frame (``base.html``: header, navigation,
    language switch) for the cadre: the floor under any page, which draws that frame
    and more (issue 13's ratio targets against what every page must do)."""
    from django.shortcuts import render

    from cadres.access import cadre_required
    from villages.models import County

    @cadre_required
    def view(request):
        return render(request, "base.html", {"count": County.objects.count()})

    return view(request)


def _addresses():
    """(page, login, address) for each page measured: the demo county's (隆回县)
    rows, the same at both sizes."""
    from django.urls import reverse

    from cadres.models import User
    from stations.models import AssessmentRound
    from villages.models import County, Prefecture, Township
    from visits.models import Visit

    county = County.objects.get(name="隆回县")
    city = Prefecture.objects.get(counties=county)
    last_month = f"?month={built.last_month():%Y-%m}"  # a finished month: what a report is of
    township = Township.objects.get(county=county, name="石门乡")
    cadre = User.objects.get(username="cadre").cadre
    visit = Visit.objects.filter(author=cadre).order_by("-occurred_at").first()
    station = cadre.assignments.filter(end_date=None).first().station
    county_round = AssessmentRound.objects.filter(county=county).first()
    city_round = AssessmentRound.objects.filter(prefecture=city, published=False).first()
    published = AssessmentRound.objects.get(prefecture=city, title=built.PUBLISHED_COPY)
    pages = [
        ("app frame, empty", "cadre", "/bench-frame/"),
        ("cadre start page", "cadre", reverse("home")),
        ("visit form", "cadre", reverse("visits:visit_new")),
        ("visit detail", "cadre", reverse("visits:visit_detail", args=[visit.pk])),
        ("station page", "chief", reverse("stations:station_detail", args=[station.pk])),
        ("township start page", "township", reverse("home")),
        (
            "township overview",
            "township",
            reverse("supervision:township_overview", args=[township.pk]),
        ),
        (
            "township supervision",
            "township",
            reverse("supervision:supervision_township", args=[township.pk]),
        ),
        ("township households", "township", reverse("villages:household_list")),
        ("county start page", "county", reverse("home")),
        ("county overview", "county", reverse("supervision:county_overview", args=[county.pk])),
        (
            "county supervision",
            "county",
            reverse("supervision:supervision_county", args=[county.pk]),
        ),
        (
            "county supervision ‹",
            "county",
            reverse("supervision:supervision_county", args=[county.pk]) + last_month,
        ),
        ("county households", "county", reverse("villages:household_list")),
        # The city supervisor's walk (issue 13's "done when"): the city, its
        # supervision page, one county, one visit.
        ("city start page", "city", reverse("home")),
        ("city overview", "city", reverse("supervision:prefecture_overview", args=[city.pk])),
        (
            "city supervision",
            "city",
            reverse("supervision:supervision_prefecture", args=[city.pk]),
        ),
        (
            "city supervision ‹",
            "city",
            reverse("supervision:supervision_prefecture", args=[city.pk]) + last_month,
        ),
        ("city: county overview", "city", reverse("supervision:county_overview", args=[county.pk])),
        ("city: visit detail", "city", reverse("visits:visit_detail", args=[visit.pk])),
        # This year's assessment rounds under way, with the worker's rows (``_built.rounds``).
        ("county round", "county", county_round.get_absolute_url()),
        ("city round", "city", city_round.get_absolute_url()),
        # The city's round published (a copy of its rows, ``_built._published_copy``): its page
        # and the public page read the stored rows a page at a time.
        ("city round, published", "city", published.get_absolute_url()),
        ("city round, public page", "city", published.get_public_url()),
    ]
    return pages


def _pages():
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import clear_url_caches, path

    from cadres.models import User
    from config import urls

    urls.urlpatterns += [path("bench-bare/", _bare), path("bench-frame/", _frame)]
    clear_url_caches()
    clients, bare, results = {}, {}, []
    for page, login, address in _addresses():
        if login not in clients:
            clients[login] = Client()
            clients[login].force_login(User.objects.get(username=login))
            bare[login] = _time(clients[login], "/bench-bare/")[0]
        client = clients[login]
        # A start page is where "/" sends the login: measure the page, not the redirect.
        response = client.get(address)
        if response.status_code == 302:
            address = response.url
        times, status = _time(client, address)
        with CaptureQueriesContext(connection) as queries:
            client.get(address)
        bare_rate = 1 / statistics.mean(bare[login])
        results.append(
            {
                "page": page,
                "status": status,
                "p50": statistics.median(times),
                "p95": _p95(times),
                "ratio": (1 / statistics.mean(times)) / bare_rate,
                "queries": len(queries),
            }
        )
    return results


def _time(client, address):
    """The times of REQUESTS requests after two to warm up (fewer, at least three, for a
    page that has taken SECONDS), and the last status."""
    for _ in range(2):
        client.get(address)
    times = []
    while len(times) < REQUESTS and (len(times) < 3 or sum(times) < SECONDS):
        start = time.perf_counter()
        response = client.get(address)
        if response.streaming:
            b"".join(response.streaming_content)
        times.append(time.perf_counter() - start)
    return times, response.status_code


def _p95(times):
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main():
    runs = {}
    for size in SIZES:
        _create_database(SIZES[size])
        child = subprocess.run(
            [sys.executable, __file__, "--size", size], capture_output=True, text=True
        )
        lines = [line for line in child.stdout.splitlines() if line.startswith("RESULT ")]
        if child.returncode or not lines:
            print(child.stdout[-2000:], child.stderr[-4000:])
            return 1
        runs[size] = json.loads(lines[-1][len("RESULT ") :])
    failed, differ = False, []
    for size, run in runs.items():
        seeded = f", seeded in {run['seeded']:.0f} s" if run["seeded"] else ""
        print(f"{size}: " + ", ".join(f"{n:,} {what}" for what, n in run["size"].items()) + seeded)
    print(
        f"\n{'page':<22}"
        + "".join(
            f"{s + ' ' + c:>14}" for s in SIZES for c in ("p50 ms", "p95 ms", "× bare", "queries")
        )
    )
    for rows in zip(*(run["pages"] for run in runs.values()), strict=True):
        cells = []
        for row in rows:
            cells += [
                f"{row['p50'] * 1000:.0f}",
                f"{row['p95'] * 1000:.0f}",
                f"{row['ratio']:.3f}",
                str(row["queries"]),
            ]
            failed |= row["status"] != 200
        if len({row["queries"] for row in rows}) > 1:
            differ.append(rows[0]["page"])
        print(f"{rows[0]['page']:<22}" + "".join(f"{c:>14}" for c in cells))
    print(
        f"\n{'download':<22}"
        + "".join(
            f"{s + ' ' + c:>14}"
            for s in SIZES
            for c in ("asked ms", "built s", "+MB", "1st byte ms")
        )
    )
    for rows in zip(*(run["downloads"] for run in runs.values()), strict=True):
        cells = []
        for row in rows:
            failed |= "status" in row
            cells += [
                f"{row['asked'] * 1000:.0f}" if "asked" in row else "-",
                f"{row['built']:.1f}" if "built" in row else "-",
                f"{row['memory'] / 2**20:.0f}" if "memory" in row else "-",
                f"{row['first'] * 1000:.0f}" if "first" in row else str(row.get("status")),
            ]
        print(f"{rows[0]['what']:<22}" + "".join(f"{c:>14}" for c in cells))
    if differ:
        print(f"\nqueries differ between the sizes: {', '.join(differ)}")
    if failed:
        print("\na page answered other than 200")
    return 1 if failed else 0


def _create_database(name):
    subprocess.run(
        ["psql", f"{SERVER}/postgres", "-qc", f'CREATE DATABASE "{name}"'],
        capture_output=True,
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--size"]:
        measure(sys.argv[2])
    else:
        sys.exit(main())
