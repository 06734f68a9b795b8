"""The phone as an app: the service worker and the web manifest, served at the site's root
with the headers browsers need, and wired into every page a signed-in cadre opens."""

import json
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_service_worker_is_served_at_the_root_and_never_cached_for_long(client, settings):
    response = client.get("/sw.js")  # no login: it holds no one's data
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "private, no-cache"  # a deployment reaches phones at once
    assert response["Service-Worker-Allowed"] == "/"
    assert "script-src 'self'" in response["Content-Security-Policy"]
    body = response.content.decode()
    config = json.loads(re.search(r"self.GZZ_CONFIG = (.*);", body).group(1))
    assert config["pages"] == ["/visits/today/", "/visits/new/", "/visits/reception/new/"]
    assert "/visits/households/" in config["kept"]
    assert (config["login"], config["logout"]) == ("/login/", "/logout/")
    assert config["retry"] == settings.OUTBOX_RETRY_SECONDS
    assert "/static/css/app.css" in config["assets"]
    # Its code is imported from the static files (hashed in production), not inline.
    assert re.search(r'importScripts\("/static/js/outbox\.js", "/static/js/sw-core\.js"\)', body)


def test_in_production_the_worker_lists_the_hashed_static_names(client, settings, tmp_path):
    # WhiteNoise serves hashed names for a year: the worker itself is never one of them
    # (it is a view), but what it keeps is, so a deployment changes its text.
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0)
    body = client.get("/sw.js").content.decode()
    assert re.search(r'"/static/js/log-form\.[0-9a-f]{12}\.js"', body)
    assert re.search(r'importScripts\("/static/js/outbox\.[0-9a-f]{12}\.js"', body)
    assert not (tmp_path / "sw.js").exists()


def test_a_new_deployment_is_a_new_worker_version(client, settings):
    first = client.get("/sw.js").content
    settings.OUTBOX_RETRY_SECONDS = [1, 2]
    assert client.get("/sw.js").content != first


def test_the_worker_and_the_manifest_are_read_only(client):
    assert client.post("/sw.js").status_code == 405
    assert client.post("/manifest.webmanifest").status_code == 405


def test_the_manifest_opens_the_app_at_the_start_page_in_the_users_language(client):
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "群众工作站"
    assert (manifest["start_url"], manifest["scope"], manifest["display"]) == (
        "/",
        "/",
        "standalone",
    )
    client.cookies["django_language"] = "en"
    assert json.loads(client.get("/manifest.webmanifest").content)["name"] == "Mass-work stations"


def test_a_cadres_pages_register_the_worker_and_show_what_waits(client, cadre_user):
    client.force_login(cadre_user)
    start = client.get(reverse("visits:today")).text
    assert '<link rel="manifest" href="/manifest.webmanifest">' in start
    script = re.search(r'<script src="/static/js/outbox\.js"[^>]*>', start).group(0)
    assert 'data-sw="/sw.js"' in script
    assert f'data-user="{cadre_user.pk}"' in script
    assert 'data-retry="5 15 60 300"' in script
    assert "data-outbox-state" in start
    assert 'data-many="{n} 条走访记录待发送。"' in start
    form = client.get(reverse("visits:visit_new")).text
    assert "data-outbox-state" in form and "data-fresh" in form


def test_the_login_page_registers_no_worker(client):
    page = client.get(reverse("login")).text
    assert "outbox.js" not in page and "manifest" not in page
