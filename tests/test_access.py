"""Access, generated from the URL configuration (issue 7 §1).

Every named route is in ``tests/access_routes.ROUTES`` or the test below
fails naming it. For each route: an anonymous user is sent to the login
(public pages aside); the right roles get in; other roles get a 403; for a
route that takes an object, a user of another township (or a cadre of
another station, or another county's supervisor, or another office) gets a
404; a GET never writes, and what it answers a login is kept by no cache;
every state change is POST and needs a CSRF token.

The two places are built once for the module and rolled back at its end;
each test runs in its own savepoint inside that, so what a POST changes is
undone before the next test.
"""

from contextlib import contextmanager

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.middleware.csrf import CSRF_ALLOWED_CHARS
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.crypto import get_random_string

from tests import access_routes as routes
from tests.access_routes import ACTION, FORM, ROLES, ROUTES, url

pytestmark = pytest.mark.django_db

# Writes a GET may make without changing the data: its own session, the
# login throttle's records, and the access log that reading personal data
# must leave (PIPL).
# Besides the session, the login throttle and the access log: asking for a file
# the worker builds records the ask (the job, the asker's request, the queue's
# row), as an export records its access-log row; the same file is built once.
HOUSEKEEPING_TABLES = (
    "django_session",
    "axes_",
    "villages_accesslog",
    "villages_job",
    "django_tasks_database_",
)


# The URL configuration --------------------------------------------------------------


def walk(resolver=None, namespace=None):
    """(name, namespace, callback) of every route, through every include."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace or namespace
            yield from walk(entry, inner)
        elif isinstance(entry, URLPattern):
            yield entry.name, namespace, entry.callback


def named_routes():
    names = set()
    for name, namespace, _callback in walk():
        if namespace in routes.SKIPPED_NAMESPACES or not name or name in routes.SKIPPED:
            continue
        names.add(f"{namespace}:{name}" if namespace else name)
    return names


def test_every_route_is_in_the_access_registry():
    found = named_routes()
    missing = sorted(found - set(ROUTES))
    gone = sorted(set(ROUTES) - found)
    assert not missing, f"routes missing from tests/access_routes.ROUTES: {missing}"
    assert not gone, f"ROUTES lists routes that no longer exist: {gone}"


def test_no_route_is_unnamed_outside_the_skipped_namespaces():
    unnamed = [
        callback
        for name, namespace, callback in walk()
        if not name and namespace not in routes.SKIPPED_NAMESPACES
    ]
    assert not unnamed, f"unnamed routes escape the access test: {unnamed}"


def test_no_view_is_csrf_exempt():
    exempt = [
        (name, namespace) for name, namespace, cb in walk() if getattr(cb, "csrf_exempt", False)
    ]
    assert not exempt


# The world ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    media = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=hashers),
        transaction.atomic(),
    ):
        yield routes.build_world()
        transaction.set_rollback(True)


def client_for(user, *, csrf=False):
    """A client logged in as ``user`` (None: anonymous); with ``csrf``, one that
    enforces CSRF checks, and the header that passes them."""
    client = Client(enforce_csrf_checks=csrf)
    if user is not None:
        client.force_login(user)
    secret = get_random_string(32, CSRF_ALLOWED_CHARS)
    client.cookies[settings.CSRF_COOKIE_NAME] = secret
    return client, {"X-CSRFToken": secret}


def request(route, client, path, headers):
    if route.kind == ACTION:
        return client.post(path, headers=headers)
    return client.get(path)


def own_kwargs(route, world, client=None, headers=None):
    if route.setup is not None and client is not None:
        return route.setup(client, headers)
    return route.own(world.a) if route.own else {}


@contextmanager
def undone():
    """Roll back what the requests inside change: each role starts from the same world."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def writes(queries):
    """The SQL statements that changed data, besides the session's own."""
    changed = []
    for query in queries:
        sql = query["sql"].lstrip().upper()
        if sql.startswith(("INSERT", "UPDATE", "DELETE")) and not any(
            table.upper() in sql[:60] for table in HOUSEKEEPING_TABLES
        ):
            changed.append(query["sql"][:120])
    return changed


NAMES = sorted(ROUTES)
OBJECT_ROUTES = sorted(name for name, r in ROUTES.items() if r.other is not None)
STATE_ROUTES = sorted(name for name, r in ROUTES.items() if r.changes_state)


# Anonymous users ----------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_anonymous_users_are_sent_to_login(world, name):
    route = ROUTES[name]
    client, headers = client_for(None)
    path = url(name, own_kwargs(route, world))
    response = request(route, client, path, headers)
    if route.public:
        assert response.status_code in (route.expected, 302), response.status_code
        if response.status_code == 302:
            assert not response.url.startswith(reverse("login") + "?")
        return
    assert response.status_code == 302, response.status_code
    assert response.url.startswith(reverse("login") + "?next="), response.url


# The right users, the wrong roles ------------------------------------------------------

# Views that say themselves how their answer may be cached, and why.
OWN_CACHE_CONTROL = {
    "visits:visit_photo": "a photo never changes: the browser keeps it a day, shared caches not",
    "service_worker": "no one's data; revalidated on every page, so a deployment reaches phones",
    "manifest": "no one's data, in the user's language: the browser keeps it an hour",
}


def _kept_by_no_cache(name, response):
    """Whatever a login is shown (page, export, PDF, redirect, error) is stored by no cache."""
    directives = {d.strip().split("=")[0] for d in response.get("Cache-Control", "").split(",")}
    if name in OWN_CACHE_CONTROL:
        return "private" in directives
    return {"private", "no-store"} <= directives


@pytest.mark.parametrize("name", NAMES)
def test_the_right_users_get_in_and_a_get_writes_nothing(world, name):
    route = ROUTES[name]
    failures = []
    for role in route.roles:
        with undone():
            client, headers = client_for(world.a.users[role], csrf=True)
            path = url(name, own_kwargs(route, world, client, headers))
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            expected_get = 405 if route.kind == ACTION else route.expected
            if response.status_code != expected_get:
                failures.append((role, "GET", response.status_code, expected_get))
            if not _kept_by_no_cache(name, response):
                failures.append((role, "Cache-Control", response.get("Cache-Control")))
            if changed := writes(queries.captured_queries):
                failures.append((role, "GET wrote", changed))
            if route.kind == ACTION:
                response = client.post(path, headers=headers)
                if response.status_code != route.expected:
                    failures.append((role, "POST", response.status_code, route.expected))
    assert not failures


@pytest.mark.parametrize("name", NAMES)
def test_other_roles_are_forbidden(world, name):
    route = ROUTES[name]
    failures = []
    for role in ROLES:
        if role in route.roles and role in route.posters:
            continue
        client, headers = client_for(world.a.users[role])
        path = url(name, own_kwargs(route, world))
        if role not in route.roles:
            response = request(route, client, path, headers)
            if response.status_code != 403:
                failures.append((role, response.status_code))
        if route.kind == FORM and role not in route.posters:
            response = client.post(path)
            if response.status_code != 403:
                failures.append((role, "POST", response.status_code))
    assert not failures


# Other places -------------------------------------------------------------------------


def _reaches_other_place(route, role):
    # Township B lies in A's county: its supervisor, and A's city's, see it (county
    # and city pages aside).
    return role in (routes.COUNTY, routes.CITY) and not route.county_level


@pytest.mark.parametrize("name", OBJECT_ROUTES)
def test_another_places_objects_are_not_found(world, name):
    route = ROUTES[name]
    failures = []
    for role in route.roles:
        # Place A's user asks for place B's object ...
        if not _reaches_other_place(route, role):
            client, headers = client_for(world.a.users[role])
            response = request(route, client, url(name, route.other(world.b)), headers)
            if response.status_code != 404:
                failures.append((role, "other object", response.status_code))
        # ... and the outsider of the role asks for place A's.
        outsider = world.outsiders[role]
        if route.county_owned:
            outsider = world.county_outsiders.get(role, outsider)
        client, headers = client_for(outsider)
        response = request(route, client, url(name, own_kwargs(route, world)), headers)
        if response.status_code != 404:
            failures.append((role, "outsider", outsider.username, response.status_code))
    assert not failures


def test_a_closed_notice_is_for_its_own_township_only(world):
    closed = url("concerns:public_notice", {"pk": world.b.township.pk})
    anonymous, _ = client_for(None)
    response = anonymous.get(closed)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login") + "?next=")
    for role, status in ((routes.TOWNSHIP, 404), (routes.CADRE, 404), (routes.OFFICE, 404)):
        client, _ = client_for(world.a.users[role])
        assert client.get(closed).status_code == status, role
    client, _ = client_for(world.b.users[routes.TOWNSHIP])
    assert client.get(closed).status_code == 200


# State changes: POST only, with a CSRF token ---------------------------------------------


def _writer(route):
    order = (routes.TOWNSHIP, routes.CADRE, routes.OFFICE, routes.COUNTY, routes.CITY)
    return next(role for role in order if role in route.posters)


@pytest.mark.parametrize("name", STATE_ROUTES)
def test_a_state_change_needs_a_csrf_token(world, name):
    route = ROUTES[name]
    client, headers = client_for(world.a.users[_writer(route)], csrf=True)
    path = url(name, own_kwargs(route, world, client, headers))
    refused = client.post(path)
    assert refused.status_code == 403
    assert b"CSRF" in refused.content
    accepted = client.post(path, headers=headers)
    assert accepted.status_code in (200, 302, 400, 409), accepted.status_code
