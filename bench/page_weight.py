"""Weight and speed of the pages a cadre opens, under production settings.

Run with `make bench`. Builds a throwaway SQLite database with the demo data,
collects static files with the production (compressed, hashed) storage, then
fetches each page as the demo `cadre` with `Accept-Encoding: gzip`:

- first load = the compressed HTML + every stylesheet, script and icon it links;
- repeat load = the compressed HTML only (static files are cached for a year);
- the median time of 20 requests (in-process, no network: a ratio, not a promise).

Exits non-zero when a page is over the budget (60 KB first load, 15 KB repeat).
"""

import gzip
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TMP = Path(tempfile.mkdtemp(prefix="gzz-bench-"))
os.environ.update(
    DEBUG="false",
    DEMO_MODE="true",  # seed_demo runs only in demo mode
    SECURE_SSL_REDIRECT="false",  # the test client speaks plain HTTP
    SECRET_KEY="bench-only-not-a-secret",
    ALLOWED_HOSTS="testserver",
    DATABASE_URL=f"sqlite:///{TMP / 'bench.sqlite3'}",
    STATIC_ROOT=str(TMP / "static"),
    MEDIA_ROOT=str(TMP / "media"),
    DJANGO_SETTINGS_MODULE="config.settings",
)
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

FIRST_LOAD, REPEAT_LOAD = 60 * 1024, 15 * 1024
ASSET = re.compile(r'<(?:script|link|img)[^>]+(?:src|href)="([^"]+)"')


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def main():
    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)

    from cadres.models import User
    from visits.models import Visit

    user = User.objects.get(username="cadre")
    client = Client(HTTP_ACCEPT_ENCODING="gzip")
    client.force_login(user)
    pages = {
        "start page": reverse("visits:today"),
        "visit form": reverse("visits:visit_new"),
        "reception form": reverse("visits:reception_new"),
        "my history": reverse("visits:my_history"),
        "one visit": Visit.objects.filter(author__user=user).first().get_absolute_url(),
        "feedback": reverse("cadres:feedback_new"),
    }
    print(f"{'page':<16}{'HTML gz':>9}{'assets gz':>11}{'first':>9}{'repeat':>9}{'median ms':>11}")
    over = False
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        html = body(response)
        assert response.get("Content-Encoding") == "gzip", name
        text = gzip.decompress(html).decode()
        external = [a for a in ASSET.findall(text) if re.match(r"^(https?:)?//", a)]
        assert not external, (name, external)
        assets = 0
        for asset in ASSET.findall(text):
            static = client.get(asset)
            assert static.status_code == 200, asset
            # Static files are cached for a year; the web manifest (a view) for an hour.
            if asset.startswith("/static/"):
                assert "immutable" in static.get("Cache-Control", ""), asset
            assets += len(body(static))
        timings = []
        for _ in range(20):
            start = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        first, repeat = len(html) + assets, len(html)
        over |= first > FIRST_LOAD or repeat > REPEAT_LOAD
        print(
            f"{name:<16}{len(html):>9}{assets:>11}{first:>9}{repeat:>9}"
            f"{statistics.median(timings):>11.1f}"
        )
    print(f"budget: first load <= {FIRST_LOAD} bytes, repeat load <= {REPEAT_LOAD} bytes")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
