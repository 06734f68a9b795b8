"""Real servers for tests: gunicorn with our configuration on a free port, and a
SQLite file the tests can send requests to at the same moment.

The test database of a SQLite run lives in memory, where another process cannot
reach it; a copy of it (schema and migrations' rows) is written to a file, a
small world is added to it through the ORM in a subprocess, and gunicorn serves
it.
"""

import json
import os
import re
import secrets
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from django.conf import settings
from django.db import connection

GUNICORN = Path(sys.executable).parent / "gunicorn"
CLERKS = 8
# One key for the seed and the server: the sessions the seed signs must hold there.
SECRET_KEY = secrets.token_urlsafe(50)


def copy_test_database(path):
    """Write the test database (SQLite, in memory) to the file ``path``."""
    # Inside a test's transaction SQLite's backup would wait for it for ever.
    assert not connection.in_atomic_block, "copy the test database from a wider fixture"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    try:
        connection.connection.backup(target)
    finally:
        target.close()


def production_env(**extra):
    """The environment of a county's server (DEBUG off, HTTPS only), plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME")}
    return (
        env
        | {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "false",
            "SECRET_KEY": SECRET_KEY,
            "ALLOWED_HOSTS": "127.0.0.1",
            # No collectstatic here: plain file names instead of the manifest.
            "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        }
        | extra
    )


def server_env(database, **extra):
    """A server over the SQLite file ``database``, spoken to in plain HTTP on loopback
    (no redirect to HTTPS, cookies without Secure)."""
    return production_env(
        DATABASE_URL=f"sqlite:///{database}",
        MEDIA_ROOT=str(Path(database).parent / "media"),
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        **extra,
    )


SEED = """
import json
import django
django.setup()
from django.conf import settings
# Production's hasher takes a second a password; these logins never type one.
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
from django.test import Client
from cadres.models import User
from stations.models import Assignment
from tests import factories as f

township = f.TownshipFactory(name="石门乡", county=f.CountyFactory(name="隆回县"))
station = f.StationFactory(village=f.VillageFactory(township=township, name="高石村"))
user = f.UserFactory(username="cadre", role=User.Role.CADRE)
cadre = f.CadreFactory(township=township, user=user)
f.AssignmentFactory(cadre=cadre, station=station, role=Assignment.Role.MEMBER)
visited = f.HouseholdFactory(village=station.village)
f.PairingFactory(cadre=cadre, household=visited)
clerks = [
    f.UserFactory(username=f"clerk{n}", role=User.Role.TOWNSHIP, township=township)
    for n in range(CLERKS)
]
households = [f.HouseholdFactory(village=station.village) for _ in range(CLERKS)]


def session(user):
    # Django's own test login: a session in the database, stamped like a real login.
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


print(json.dumps({
    # What no log line may hold: the cadre's and the household's names and phones.
    "personal": [cadre.name, cadre.phone, visited.head_name, visited.phone],
    "station": station.pk,
    "visited": visited.pk,
    "households": [h.pk for h in households],
    "cadre": session(user),
    "cadre_id": user.pk,
    "clerks": [session(c) for c in clerks],
}))
"""


def seed(database):
    """Add a township, a cadre with a paired household, CLERKS township clerks and
    CLERKS households without a card; return their ids and each login's session."""
    result = subprocess.run(
        [sys.executable, "-c", f"CLERKS = {CLERKS}\n{SEED}"],
        cwd=settings.BASE_DIR,
        env=server_env(database),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(env, port, log):
    """gunicorn with our configuration on ``port``; its output goes to the file ``log``
    (a pipe nobody reads would fill up with tracebacks and stall the server)."""
    with open(log, "w") as output:
        server = subprocess.Popen(
            [str(GUNICORN), "-c", "config/gunicorn.conf.py", "config.wsgi"],
            cwd=settings.BASE_DIR,
            env=env | {"GUNICORN_BIND": f"127.0.0.1:{port}"},
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    for _ in range(300):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return server
        if server.poll() is not None:
            raise AssertionError(Path(log).read_text())
        time.sleep(0.1)
    server.terminate()
    raise AssertionError("gunicorn did not start")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def get(url, **headers):
    """(status, headers, body) of a plain request, redirects not followed."""
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        response = opener.open(urllib.request.Request(url, headers=headers), timeout=60)
    except urllib.error.HTTPError as error:
        response = error
    return response.status, response.headers, response.read().decode()


class Browser:
    """One login's cookies, sending plain requests without following redirects."""

    def __init__(self, base, session):
        self.base = base
        self.cookies = {settings.SESSION_COOKIE_NAME: session}
        self.opener = urllib.request.build_opener(_NoRedirect)

    def request(self, path, data=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        request = urllib.request.Request(f"{self.base}{path}", data=body)
        request.add_header("Cookie", cookie)
        try:
            response = self.opener.open(request, timeout=60)
        except urllib.error.HTTPError as error:
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return response.status, response.headers, response.read().decode()

    def form(self, path):
        """The hidden fields of the page's form (CSRF token, the visit form's token)."""
        status, _headers, page = self.request(path)
        assert status == 200, (path, status)
        return hidden_fields(page)


def hidden_fields(page):
    return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page))


def at_once(jobs):
    """Run each job in its own thread, released together; return their results."""
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def run(i, job):
        barrier.wait()
        try:
            results[i] = job()
        except Exception as error:  # noqa: BLE001 - reported to the test
            results[i] = error

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def count(database, table, where="1", params=()):
    with sqlite3.connect(database) as db:
        return db.execute(f"SELECT count(*) FROM {table} WHERE {where}", params).fetchone()[0]


def column(database, table, name):
    with sqlite3.connect(database) as db:
        return [row[0] for row in db.execute(f"SELECT {name} FROM {table}")]
