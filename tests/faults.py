"""Faults under load: cadres post visits while the database or the app server fails.

``make faults`` (``python -m tests.faults``) runs every fault; ``tests/test_faults.py``
runs the short version (the database crashed for 10 s) and asserts on it. Each
run owns its servers: a private PostgreSQL (``tests/private_postgres.py``) and
gunicorn with ``config/gunicorn.conf.py`` in front of it. Simulated cadres post
visits through the real form as the phone's outbox does: a send that gets no
acknowledgement (an error, a 503, no answer) is sent again with the same
one-time token until it is acknowledged (a redirect to the saved visit).

For each fault it prints the posts sent, those acknowledged, the answers by
status ("none": no answer at all), acknowledged visits missing from the
database (lost), tokens saved more than once (doubled), and the seconds from
the fault's end to the first acknowledged post after it.
"""

import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CADRES = int(os.environ.get("FAULT_CADRES", "10"))
RESEND_SECONDS = 0.5

SEED = """
import json
import django
django.setup()
from django.conf import settings
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
from django.test import Client
from cadres.models import User
from stations.models import Assignment
from tests import factories as f

township = f.TownshipFactory(name="石门乡", county=f.CountyFactory(name="隆回县"))
station = f.StationFactory(village=f.VillageFactory(township=township, name="高石村"))
household = f.HouseholdFactory(village=station.village)
sessions = []
for n in range(CADRES):
    user = f.UserFactory(username=f"cadre{n}", role=User.Role.CADRE)
    cadre = f.CadreFactory(township=township, user=user)
    f.AssignmentFactory(cadre=cadre, station=station, role=Assignment.Role.MEMBER)
    client = Client()
    client.force_login(user)
    sessions.append(client.cookies[settings.SESSION_COOKIE_NAME].value)
print(json.dumps({"station": station.pk, "household": household.pk, "sessions": sessions}))
"""


@dataclass
class Run:
    """What the cadres saw during one fault."""

    name: str
    answers: Counter = field(default_factory=Counter)
    opened: Counter = field(default_factory=Counter)  # the form's answers, by status
    posts: int = 0
    acknowledged: list = field(default_factory=list)  # (token, when)
    fault_ended: float | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def answer(self, status, token=None):
        with self.lock:
            self.posts += 1
            self.answers[str(status)] += 1
            if token is not None:
                self.acknowledged.append((token, time.monotonic()))

    def open(self, status):
        with self.lock:
            self.opened[str(status)] += 1

    def back_after(self):
        """Seconds from the fault's end to the first acknowledged post after it."""
        if self.fault_ended is None:
            return None
        after = [when for _token, when in self.acknowledged if when >= self.fault_ended]
        return min(after) - self.fault_ended if after else None


class Site:
    """A private PostgreSQL, the schema and the cadres, and gunicorn in front of them."""

    def __init__(self, stack, folder):
        from tests import servers as srv
        from tests.private_postgres import private_postgres

        self.srv = srv
        self.port, self.pg_ctl = stack.enter_context(private_postgres(max_connections=40))
        self.database = f"postgres://postgres@127.0.0.1:{self.port}/gzz"
        with self.connect("postgres") as db:
            db.execute("CREATE DATABASE gzz")
        self.env = srv.production_env(
            DATABASE_URL=self.database,
            MEDIA_ROOT=str(folder / "media"),
            SECURE_SSL_REDIRECT="false",
            SECURE_COOKIES="false",
            GUNICORN_WORKERS="3",
            GUNICORN_THREADS="2",
            DATABASE_CONNECT_TIMEOUT="2",
        )
        self._manage("migrate", "--noinput")
        seeded = subprocess.run(
            [sys.executable, "-c", f"CADRES = {CADRES}\n{SEED}"],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
        )
        self.world = json.loads(seeded.stdout.strip().splitlines()[-1])
        self.server_port = srv.free_port()
        self.log = folder / "gunicorn.log"
        self.server = srv.start_gunicorn(self.env, self.server_port, self.log)
        stack.callback(self._stop)
        self.url = f"http://127.0.0.1:{self.server_port}"

    def _manage(self, *args):
        subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
        )

    def _stop(self):
        self.server.terminate()
        self.server.wait(timeout=30)

    def connect(self, dbname="gzz"):
        return psycopg.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname=dbname, autocommit=True
        )

    def saved(self):
        """{token hex: rows} of the visits in the database."""
        with self.connect() as db:
            rows = db.execute("SELECT token, count(*) FROM visits_visit GROUP BY token")
            return {str(token).replace("-", ""): n for token, n in rows}


def _cadre(site, session, run, stop):
    """One phone: open the form, send the visit until it is acknowledged, again."""
    phone = site.srv.Browser(site.url, session)
    while not stop.is_set():
        try:
            status, _headers, page = phone.request("/visits/new/")
        except (OSError, urllib.error.URLError):
            status = "none"
        run.open(status)
        if status != 200:
            time.sleep(RESEND_SECONDS)
            continue
        form = site.srv.hidden_fields(page)
        data = {
            "csrfmiddlewaretoken": form["csrfmiddlewaretoken"],
            "token": form["token"],
            "station": site.world["station"],
            "household": site.world["household"],
            "kind": "home",
            "occurred_at": time.strftime("%Y-%m-%dT%H:%M"),
            "seen": "院子收拾得干净",
        }
        token = form["token"].replace("-", "")
        # The outbox does not give up: after the run it keeps sending a while.
        deadline = None
        while True:
            try:
                status, headers, _body = phone.request("/visits/new/", data)
            except (OSError, urllib.error.URLError):
                status, headers = "none", {}
            if status == 302 and "saved=" in headers.get("Location", ""):
                run.answer(status, token)
                break
            run.answer(status)
            if stop.is_set():
                deadline = deadline or time.monotonic() + 30
                if time.monotonic() > deadline:
                    break
            time.sleep(RESEND_SECONDS)


def _kill_a_worker(site):
    children = subprocess.run(
        ["pgrep", "-P", str(site.server.pid)], capture_output=True, text=True, check=False
    ).stdout.split()
    os.kill(int(children[0]), signal.SIGKILL)


def _take_every_free_connection(site, held):
    with contextlib.suppress(psycopg.OperationalError):
        while len(held) < 100:
            held.append(site.connect())


def _restart(site):
    site.pg_ctl("restart", "-m", "fast")


def _crash(site, down=10):
    site.pg_ctl("stop", "-m", "immediate")
    time.sleep(down)
    site.pg_ctl("start")


def _starve(site, seconds=10):
    """Every connection taken, and a worker replaced meanwhile (gunicorn recycles them):
    the threads that hold a connection go on; the new worker's cannot get one (a slot
    freed by the killed worker is taken again at once)."""
    held = []
    try:
        _take_every_free_connection(site, held)
        _kill_a_worker(site)
        until = time.monotonic() + seconds
        while time.monotonic() < until:
            _take_every_free_connection(site, held)
            time.sleep(0.02)
    finally:
        for connection in held:
            connection.close()


FAULTS = {
    "restart": _restart,
    "crash": _crash,
    "kill worker": _kill_a_worker,
    "no connections": _starve,
}


def run_fault(site, name, *, before=5, after=10):
    """Cadres post for ``before`` s, the fault happens, they post ``after`` s more."""
    run = Run(name)
    stop = threading.Event()
    phones = [
        threading.Thread(target=_cadre, args=(site, session, run, stop), daemon=True)
        for session in site.world["sessions"]
    ]
    for phone in phones:
        phone.start()
    time.sleep(before)
    FAULTS[name](site)
    run.fault_ended = time.monotonic()
    time.sleep(after)
    stop.set()
    for phone in phones:
        phone.join(timeout=60)
    return run


def verdict(site, run):
    saved = site.saved()
    tokens = [token for token, _when in run.acknowledged]
    return {
        "fault": run.name,
        "posts": run.posts,
        "acknowledged": len(tokens),
        "answers": dict(sorted(run.answers.items())),
        "opened": dict(sorted(run.opened.items())),
        "lost": sum(1 for token in tokens if saved.get(token, 0) == 0),
        "doubled": sum(1 for n in saved.values() if n > 1),
        "back_after": run.back_after(),
    }


def print_table(rows):
    print(f"{'fault':<16}{'posts':>7}{'acked':>7}{'lost':>6}{'doubled':>9}{'back s':>8}  answers")
    for row in rows:
        back = "—" if row["back_after"] is None else f"{row['back_after']:.1f}"
        answers = ", ".join(f"{k}: {v}" for k, v in row["answers"].items())
        opened = ", ".join(f"{k}: {v}" for k, v in row["opened"].items())
        print(
            f"{row['fault']:<16}{row['posts']:>7}{row['acknowledged']:>7}{row['lost']:>6}"
            f"{row['doubled']:>9}{back:>8}  {answers}; the form opened: {opened}"
        )


def main(names=None):
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("SECRET_KEY", "faults-only")
    django.setup()
    rows = []
    with (
        tempfile.TemporaryDirectory(prefix="gzz-faults-") as folder,
        contextlib.ExitStack() as stack,
    ):
        site = Site(stack, Path(folder))
        for name in names or FAULTS:
            rows.append(verdict(site, run_fault(site, name)))
        print_table(rows)
        failed = [
            r
            for r in rows
            if r["lost"] or r["doubled"] or r["answers"].get("500") or r["opened"].get("500")
        ]
        if failed:
            print(f"gunicorn's log: {site.log}")
            print(site.log.read_text()[-3000:])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or None))
