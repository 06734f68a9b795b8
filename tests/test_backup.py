"""Backup and restore: a database with data restored into an EMPTY one has every record back.

PostgreSQL only (pg_dump / pg_restore); the restore runs as a real
``manage.py restore`` in a separate process pointed at a new database.
"""

import io
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.db import connection
from PIL import Image

from stations.cards import services as cards
from tests import factories as f
from tests.concern_helpers import ConcernFactory
from villages.backup import BackupError, backup, read_manifest, restore, table_counts
from visits.models import VisitPhoto

ROOT = Path(django_settings.BASE_DIR)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="pg_dump/pg_restore need PostgreSQL; on SQLite a backup is a file copy",
    ),
]


def _jpeg():
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(out, "JPEG")
    return ContentFile(out.getvalue(), name="p.jpg")


def _admin_connection():
    db = connection.settings_dict
    return psycopg.connect(
        dbname="postgres",
        user=db["USER"] or None,
        password=db["PASSWORD"] or None,
        host=db["HOST"] or None,
        port=db["PORT"] or None,
        autocommit=True,
    )


@pytest.fixture
def empty_database():
    name = f"{connection.settings_dict['NAME']}_restored"
    with _admin_connection() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield name
    with _admin_connection() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _url(name):
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{name}"


def _counts_in(name):
    db = connection.settings_dict
    with psycopg.connect(
        dbname=name,
        user=db["USER"] or None,
        password=db["PASSWORD"] or None,
        host=db["HOST"] or None,
        port=db["PORT"] or None,
    ) as restored:
        tables = [
            row[0]
            for row in restored.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            )
        ]
        return {t: restored.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}


def _data(station_a, staff_a):
    households = [f.HouseholdFactory(village=station_a.village) for _ in range(5)]
    cards.issue_for_village(station=station_a, by=staff_a)
    visit = f.VisitFactory(station=station_a, household=households[0])
    photo = VisitPhoto.objects.create(visit=visit, image=_jpeg())
    ConcernFactory(station=station_a, household=households[1])
    return photo


def test_a_backup_restores_into_an_empty_database_with_every_record(
    station_a, staff_a, settings, tmp_path, empty_database
):
    settings.MEDIA_ROOT = tmp_path / "media"
    photo = _data(station_a, staff_a)
    target = tmp_path / "backup"
    manifest = backup(target)
    assert (target / "database.dump").stat().st_size > 0
    assert manifest["media_files"] == 1
    before = table_counts()
    assert manifest["tables"] == before
    assert before["villages_household"] == 5 and before["stations_contactcard"] == 5

    restored_media = tmp_path / "restored-media"
    env = {
        **os.environ,
        "DATABASE_URL": _url(empty_database),
        "MEDIA_ROOT": str(restored_media),
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "x"),
    }
    done = subprocess.run(
        [sys.executable, "manage.py", "restore", str(target)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    after = _counts_in(empty_database)
    assert after == before  # every table, every row
    copy = restored_media / photo.image.name
    assert copy.read_bytes() == (settings.MEDIA_ROOT / photo.image.name).read_bytes()


def test_a_restore_refuses_a_database_that_is_not_empty(station_a, staff_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    _data(station_a, staff_a)
    backup(tmp_path / "backup")
    with pytest.raises(BackupError, match="not empty"):
        restore(tmp_path / "backup", media_root=tmp_path / "elsewhere")
    with pytest.raises(BackupError, match="already holds a backup"):
        backup(tmp_path / "backup")
    with pytest.raises(BackupError, match="holds no backup"):
        read_manifest(tmp_path)
