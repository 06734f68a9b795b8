"""The project as a whole: migrations, database, languages."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_migrations_match_the_models():
    # Exits with SystemExit(1) when a model change has no migration.
    call_command("makemigrations", "--check", "--dry-run", stdout=StringIO())


def test_the_suite_runs_on_the_database_it_was_pointed_at():
    url = os.environ.get("DATABASE_URL", "sqlite")
    expected = "postgresql" if url.startswith(("postgres", "pgsql")) else "sqlite"
    assert connection.vendor == expected


def test_the_login_page_is_chinese_by_default(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in response.text
    assert "登录" in response.text
    assert "用户名" in response.text


def test_the_login_page_is_english_after_switching(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert response.status_code == 302
    response = client.get(reverse("login"))
    assert '<html lang="en">' in response.text
    assert "Log in" in response.text
    assert "User name" in response.text
    assert "登录" not in response.text


def test_a_wrong_password_is_refused_in_chinese(client, cadre_user):
    response = client.post(reverse("login"), {"username": "cadre", "password": "wrong"})
    assert response.status_code == 200
    assert "请输入一个正确的" in response.text
    assert "_auth_user_id" not in client.session


def test_logging_in_and_out(client, cadre_user):
    from tests.factories import PASSWORD

    response = client.post(reverse("login"), {"username": "cadre", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(cadre_user.pk)
    assert client.get(reverse("logout")).status_code == 405  # logging out is a POST
    client.post(reverse("logout"))
    assert "_auth_user_id" not in client.session


def test_the_chinese_catalogue_translates_every_message_and_is_compiled():
    po_path = Path(settings.LOCALE_PATHS[0]) / "zh_Hans" / "LC_MESSAGES" / "django.po"
    po = polib.pofile(po_path)
    untranslated = [e.msgid for e in po if not e.translated() and not e.obsolete]
    assert untranslated == []
    # The compiled catalogue is what Django reads: it must say the same.
    # Keyed by context too: "Stations" the heading and "Stations" the count differ.
    mo = polib.mofile(po_path.with_suffix(".mo"))
    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in mo}
    stale = [
        e.msgid for e in po if e.translated() and compiled.get((e.msgctxt, e.msgid)) != e.msgstr
    ]
    assert stale == [], "run `make messages` to compile the catalogue"


def test_the_server_refuses_to_start_without_a_secret_key_outside_debug():
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    env |= {"DEBUG": "false", "SECRET_KEY": "", "DJANGO_SETTINGS_MODULE": "config.settings"}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
