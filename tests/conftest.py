"""Shared fixtures: two townships of one county, each with a station, and a
user in every role — like healthchecks' alice / bob / charlie."""

import threading

import pytest
from django.core.servers import basehttp
from django.db import connection
from django.test import override_settings
from django.utils import translation

from cadres.models import User
from stations.models import Assignment
from tests import factories as f
from tests import servers


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    # The manifest storage needs collectstatic; tests and live_server use plain names.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Hashing is deliberately slow in production; tests log in many times.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session", autouse=True)
def _private_media(tmp_path_factory):
    # Stored files (photos, the worker's booklets) go to a temporary directory,
    # never to the checkout's ./data of `make demo`. Session-wide, so that a
    # test's or a module's own MEDIA_ROOT still wins.
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        yield


@pytest.fixture(scope="session", autouse=True)
def _plain_http():
    # Tests run with DEBUG off, where production redirects plain HTTP to HTTPS; the
    # test client and live_server speak plain HTTP. Session-wide, because
    # live_server's middleware reads the setting once, when the server starts.
    with override_settings(SECURE_SSL_REDIRECT=False):
        yield


@pytest.fixture(autouse=True)
def _long_sessions(settings):
    # Some tests move timezone.now() weeks ahead, and a stored session expires by
    # that clock; the login timeouts themselves are tested in test_sessions.py.
    settings.SESSION_COOKIE_AGE = 365 * 24 * 3600


@pytest.fixture(scope="session", autouse=True)
def _one_request_at_a_time_on_sqlite():
    # On SQLite the test database lives in memory, and live_server hands every request
    # thread that one connection: two requests at once (a page and its service worker's
    # fetch) interleave on it, and one fails with "bad parameter or other API misuse",
    # answered 503, or reads another's rows (a lost session sent a walk to the login
    # page in CI). So there the server answers one request at a time; PostgreSQL gives
    # each thread its own connection and keeps them parallel. The lock is taken after
    # the request line is read, so an idle kept-alive connection never holds it.
    if connection.vendor != "sqlite":
        yield
        return
    lock = threading.Lock()
    run = basehttp.ServerHandler.run

    def run_alone(self, application):
        with lock:
            return run(self, application)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(basehttp.ServerHandler, "run", run_alone)
        yield


# The browser tests of the phone's offline work keep its service worker; the others
# turn it off: its background fetches only make those walks slower.
SERVICE_WORKER_TESTS = ("test_phone_offline_browser.py", "test_visit_browser.py")


@pytest.fixture(autouse=True)
def _service_worker_where_tested(request, settings):
    if request.node.get_closest_marker("browser") and request.path.name not in SERVICE_WORKER_TESTS:
        settings.SERVICE_WORKER = False


@pytest.fixture(autouse=True)
def _site_language(settings):
    # A test that switches to English with the language cookie leaves English
    # active in the thread; every test starts in the site's language (Chinese).
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture
def county(db):
    return f.CountyFactory(name="隆回县")


@pytest.fixture
def township_a(county):
    return f.TownshipFactory(county=county, name="石门乡")


@pytest.fixture
def township_b(county):
    return f.TownshipFactory(county=county, name="金石桥镇")


@pytest.fixture
def station_a(township_a):
    return f.StationFactory(village=f.VillageFactory(township=township_a, name="高石村"))


@pytest.fixture
def station_a2(township_a):
    """A second station of township A, where our cadre does not serve."""
    return f.StationFactory(village=f.VillageFactory(township=township_a, name="白水村"))


@pytest.fixture
def station_b(township_b):
    return f.StationFactory(village=f.VillageFactory(township=township_b, name="金石村"))


def _cadre_user(username, station, role):
    user = f.UserFactory(username=username, role=User.Role.CADRE)
    cadre = f.CadreFactory(township=station.village.township, user=user)
    f.AssignmentFactory(cadre=cadre, station=station, role=role)
    return user


@pytest.fixture
def cadre_user(station_a):
    return _cadre_user("cadre", station_a, Assignment.Role.MEMBER)


@pytest.fixture
def chief_user(station_a):
    return _cadre_user("chief", station_a, Assignment.Role.CHIEF)


@pytest.fixture
def staff_a(township_a):
    return f.UserFactory(username="township", role=User.Role.TOWNSHIP, township=township_a)


@pytest.fixture
def staff_b(township_b):
    return f.UserFactory(username="township2", role=User.Role.TOWNSHIP, township=township_b)


@pytest.fixture
def supervisor(county):
    return f.UserFactory(username="county", role=User.Role.COUNTY, county=county)


@pytest.fixture
def other_supervisor(db):
    return f.UserFactory(
        username="county2", role=User.Role.COUNTY, county=f.CountyFactory(name="邵阳县")
    )


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("admin", "admin@example.com", f.PASSWORD)


@pytest.fixture(scope="session")
def sqlite_site(tmp_path_factory, django_db_setup, django_db_blocker):
    """gunicorn with production settings (two processes of four threads) over a SQLite
    file holding a small world (tests/servers.py); SQLite runs of the suite only."""
    if connection.vendor != "sqlite":
        pytest.skip("needs the SQLite run: its test database is copied to a file")
    database = tmp_path_factory.mktemp("sqlite_site") / "db.sqlite3"
    with django_db_blocker.unblock():
        servers.copy_test_database(database)
    world = servers.seed(database)
    port = servers.free_port()
    env = servers.server_env(database, GUNICORN_WORKERS="2", GUNICORN_THREADS="4")
    log = database.parent / "server.log"
    process = servers.start_gunicorn(env, port, log)
    try:
        yield {"url": f"http://127.0.0.1:{port}", "database": database, "log": log, **world}
    finally:
        process.terminate()
        process.wait(timeout=30)


# Browser tests: Debian's Chromium (never a downloaded one), on a phone-sized screen.
@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--no-sandbox",
            "--headless",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "viewport": {"width": 360, "height": 740},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
        "locale": "zh-CN",
    }


def _transactional(item):
    marker = item.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        return True
    return bool({"transactional_db", "live_server"} & set(item.fixturenames))


def _uses_db(item):
    return item.get_closest_marker("django_db") is not None or "db" in item.fixturenames


def pytest_collection_finish(session):
    # A transactional test flushes the database when it ends, taking the rows
    # the data migrations wrote (household tags) with it; pytest-django runs
    # those tests last, but pytest's own reordering (e.g. a test parametrizing
    # an argument named like Playwright's "page" fixture) can pull them forward.
    # Fail loudly rather than let later tests fail for no visible reason.
    flushed_by = None
    for item in session.items:
        if _transactional(item):
            flushed_by = flushed_by or item.nodeid
        elif flushed_by and _uses_db(item):
            raise pytest.UsageError(
                f"{item.nodeid} would run after {flushed_by}, which flushes the database"
            )
