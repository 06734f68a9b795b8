"""One page, in-process, as a login sees it: its p50, its slowest queries, and the time
spent in named functions. What the README's performance notes call ``qprof`` and
``parts``.

    DATABASE_URL=postgres://…/bench_city DEBUG=false SECRET_KEY=x ALLOWED_HOSTS=testserver \\
        .venv/bin/python bench/_profile_page.py county /counties/1/ 8 \\
        visits.supervision.measures._member_measures visits.supervision.contacts.village_days

Arguments: the login, the address, how many requests (8), then any number of
``module.function`` to time (each wrapped where its module looks it up: name the
module that calls it, e.g. ``visits.supervision.ranking.measures``). The app is loaded
as gunicorn loads it (``config.wsgi``); two requests warm it first. A tool to run by
hand: ``make bench`` runs the scripts whose names do not begin with ``_``.
"""

import collections
import functools
import importlib
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

SHOWN = 8


def _timed(spent, dotted):
    module_name, name = dotted.rsplit(".", 1)
    module = importlib.import_module(module_name)
    function = getattr(module, name)

    @functools.wraps(function)
    def timed(*args, **kwargs):
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[dotted].append(time.perf_counter() - start)

    setattr(module, name, timed)


def main(login, address, requests="8", *functions):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    import config.wsgi  # noqa: F401
    from cadres.models import User

    requests = int(requests)
    spent = collections.defaultdict(list)
    for dotted in functions:
        _timed(spent, dotted)
    client = Client()
    client.force_login(User.objects.get(username=login))
    for _ in range(2):
        client.get(address)
    spent.clear()
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get(address)
        times.append(time.perf_counter() - start)
        if response.status_code != 200:
            sys.exit(f"{address} answered {response.status_code}")
    with CaptureQueriesContext(connection) as queries:
        client.get(address)
    slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))
    sql = sum(float(q["time"]) for q in slowest)
    print(
        f"p50 {statistics.median(times) * 1000:.0f} ms, min {min(times) * 1000:.0f} ms; "
        f"{len(slowest)} queries, {sql * 1000:.0f} ms of SQL in the last request"
    )
    for query in slowest[:SHOWN]:
        print(f"{float(query['time']) * 1000:7.1f} ms  {query['sql'][:160]}")
    for dotted, taken in spent.items():
        each = sum(taken) / requests * 1000
        print(f"{dotted:60} {each:7.1f} ms a request ({len(taken) / requests:.0f} calls)")


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(*sys.argv[1:])
