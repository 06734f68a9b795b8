"""Production settings and server: `check --deploy` is clean, and gunicorn started
with config/gunicorn.conf.py serves HTTPS-only pages behind a proxy."""

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

GUNICORN = Path(sys.executable).parent / "gunicorn"


def _production_env(**extra):
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "DATABASE_URL")}
    return (
        env
        | {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "gzz.example.gov.cn",
        }
        | extra
    )


def _check_deploy(**extra):
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=_production_env(**extra),
        capture_output=True,
        text=True,
    )


def test_check_deploy_passes_with_production_settings(tmp_path):
    # On a fresh database, not even migrated (a new server, CI): the check of demo
    # logins holding the demo password (tests/test_passwords.py) has nothing to say
    # there, and a demo seeded into ./data by `make demo` does not count.
    result = _check_deploy(DATABASE_URL=f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_check_deploy_catches_a_weakened_setting():
    result = _check_deploy(SECURE_SSL_REDIRECT="false", SECRET_KEY="django-insecure-short")
    assert result.returncode != 0
    assert "security.W008" in result.stderr and "security.W009" in result.stderr


def test_the_app_as_gunicorn_loads_it_is_kept_out_of_the_garbage_collector(tmp_path):
    """``config.wsgi`` freezes the loaded app: the collector's full walks skip its
    300,000 objects (50 ms a request of the county start page at city size)."""
    loaded = subprocess.run(
        [sys.executable, "-c", "import gc, config.wsgi; print(gc.get_freeze_count())"],
        cwd=settings.BASE_DIR,
        env=_production_env(DATABASE_URL=f"sqlite:///{tmp_path / 'fresh.sqlite3'}"),
        capture_output=True,
        text=True,
    )
    assert loaded.returncode == 0, loaded.stderr
    assert int(loaded.stdout) > 100_000


def test_ci_runs_the_deployment_check():
    ci = (Path(settings.BASE_DIR) / ".ci" / "run").read_text()
    assert "check --deploy --fail-level WARNING" in ci


@pytest.fixture
def gunicorn():
    """gunicorn with our configuration, as behind nginx (PROXY_COUNT=1), on a free port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = _production_env(
        ALLOWED_HOSTS="gzz.example.gov.cn,127.0.0.1",
        PROXY_COUNT="1",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="1",
        # No collectstatic here: plain file names instead of the manifest.
        STATICFILES_BACKEND="django.contrib.staticfiles.storage.StaticFilesStorage",
    )
    server = subprocess.Popen(
        [str(GUNICORN), "-c", "config/gunicorn.conf.py", "config.wsgi"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        for _ in range(300):
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            assert server.poll() is None, server.stderr.read()
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=30)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _get(url, **headers):
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        return opener.open(urllib.request.Request(url, headers=headers), timeout=30)
    except urllib.error.HTTPError as error:
        return error


def test_gunicorn_serves_https_only_pages_behind_the_proxy(gunicorn):
    # What nginx passes on for a browser that came over HTTPS.
    response = _get(
        f"{gunicorn}/login/",
        **{"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9", "Host": "127.0.0.1"},
    )
    assert response.status == 200
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert "max-age=31536000" in response.headers["Strict-Transport-Security"]
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    # Plain HTTP is sent to HTTPS.
    response = _get(f"{gunicorn}/login/", Host="127.0.0.1")
    assert response.status == 301
    assert response.headers["Location"] == "https://127.0.0.1/login/"
