"""Backup and restore, end to end: a backup restored into an EMPTY database and file
storage gives back every row and every file, byte for byte.

On both databases (pg_dump / pg_restore on PostgreSQL, SQLite's backup API on
SQLite) and both file storages (the local disk, and an S3 bucket on moto's
server: tests/s3_server.py). The restore runs as a real ``manage.py restore``
in another process, configured by environment variables alone.
"""

# Fixtures come from tests.s3_server by import; their use as arguments redefines them.
# ruff: noqa: F811

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.db import connection

from stations.cards import services as cards
from tests import factories as f
from tests import s3_server
from tests.concern_helpers import ConcernFactory
from tests.photo_files import jpeg
from tests.s3_server import keys, read, s3_bucket, s3_endpoint, s3_settings  # noqa: F401
from villages.backup import BackupError, backup, read_manifest, restore
from visits.models import VisitPhoto

ROOT = Path(django_settings.BASE_DIR)
POSTGRES = connection.vendor == "postgresql"

pytestmark = pytest.mark.django_db(transaction=True)


def _pg_connect(dbname):
    db = connection.settings_dict
    return psycopg.connect(
        dbname=dbname,
        user=db["USER"] or None,
        password=db["PASSWORD"] or None,
        host=db["HOST"] or None,
        port=db["PORT"] or None,
        autocommit=True,
    )


@pytest.fixture
def empty_database(tmp_path):
    """The URL of a new, empty database of the engine the tests run on."""
    if not POSTGRES:
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    name = f"{connection.settings_dict['NAME']}_restored"
    with _pg_connect("postgres") as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    yield f"postgres://{auth}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{name}"
    with _pg_connect("postgres") as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _counts_in(url):
    """{table: rows} in the database at ``url``, read without Django."""
    if url.startswith("sqlite:///"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
            tables = [
                row[0]
                for row in db.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' "
                    "AND name NOT LIKE 'sqlite_%'"
                )
            ]
            return {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
    with _pg_connect(url.rsplit("/", 1)[1]) as db:
        listed = db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        tables = [row[0] for row in listed]
        return {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}


def _restore_command(name, environment):
    return subprocess.run(
        [sys.executable, "manage.py", "restore", str(name)],
        cwd=ROOT,
        env={**environment, "DEBUG": "false", "SECRET_KEY": os.environ.get("SECRET_KEY", "x")},
        capture_output=True,
        text=True,
        timeout=300,
    )


def _data(station_a, staff_a):
    """Households, cards, a concern, and a visit with two photos: the photos' names."""
    households = [f.HouseholdFactory(village=station_a.village) for _ in range(5)]
    cards.issue_for_village(station=station_a, by=staff_a)
    visit = f.VisitFactory(station=station_a, household=households[0])
    photos = [
        VisitPhoto.objects.create(visit=visit, image=ContentFile(jpeg((40, 30), colour), "p.jpg"))
        for colour in ("red", "blue")
    ]
    ConcernFactory(station=station_a, household=households[1])
    return sorted(photo.image.name for photo in photos)


def test_a_backup_on_disk_restores_every_row_and_photo(
    station_a, staff_a, settings, tmp_path, empty_database
):
    settings.MEDIA_ROOT = tmp_path / "media"
    photos = _data(station_a, staff_a)
    storages["jobs"].save("reports/old.pdf", ContentFile(b"%PDF job file"))
    target = tmp_path / "backup"
    manifest = backup(str(target))
    assert (target / ("database.dump" if POSTGRES else "database.sqlite3")).stat().st_size > 0
    # The photos are backed up; the worker's job files (MEDIA_ROOT/jobs) are not.
    assert sorted(manifest["files"]) == photos and manifest["media_files"] == 2
    assert manifest["tables"]["villages_household"] == 5
    assert manifest["tables"]["stations_contactcard"] == 5

    restored_media = tmp_path / "restored-media"
    done = _restore_command(
        target, {**os.environ, "DATABASE_URL": empty_database, "MEDIA_ROOT": str(restored_media)}
    )
    assert done.returncode == 0, done.stderr
    assert "Restored" in done.stdout and "2 files" in done.stdout
    assert _counts_in(empty_database) == manifest["tables"]  # every table, every row
    for name in photos:
        assert (restored_media / name).read_bytes() == (settings.MEDIA_ROOT / name).read_bytes()
    assert sorted(p.name for p in restored_media.rglob("*") if p.is_file()) == sorted(
        Path(name).name for name in photos
    )


def test_a_backup_in_the_bucket_holds_the_objects_and_restores_them_into_an_empty_prefix(
    station_a, staff_a, tmp_path, s3_endpoint, s3_settings, empty_database
):
    bucket = s3_settings
    photos = _data(station_a, staff_a)
    storages["jobs"].save("reports/old.pdf", ContentFile(b"%PDF job file"))
    before = keys(s3_endpoint, bucket, "gzz/")
    assert [key for key in before if key.startswith("gzz/visit-photos/")] == [
        f"gzz/{name}" for name in photos
    ]

    call_command("backup", "nightly", stdout=open(os.devnull, "w"))  # noqa: SIM115
    stored = keys(s3_endpoint, bucket, "gzz/backups/")
    database = "database.dump" if POSTGRES else "database.sqlite3"
    assert stored == [
        f"gzz/backups/nightly/{name}" for name in sorted([database, "manifest.json", "media.tar"])
    ]
    manifest = json.loads(read(s3_endpoint, bucket, "gzz/backups/nightly/manifest.json"))
    # Every object of the store but the job files (and the backups themselves).
    assert sorted(manifest["files"]) == photos
    for name in photos:
        digest = hashlib.sha256(read(s3_endpoint, bucket, f"gzz/{name}")).hexdigest()
        assert manifest["files"][name]["sha256"] == digest

    # Restored on another server: a new database, and the prefix "restored" of the bucket.
    environment = s3_server.environment(s3_endpoint, bucket, prefix="restored")
    environment.update(DATABASE_URL=empty_database, BACKUP_S3_PREFIX="gzz/backups")
    done = _restore_command("nightly", environment)
    assert done.returncode == 0, done.stderr
    assert _counts_in(empty_database) == manifest["tables"]
    assert keys(s3_endpoint, bucket, "restored/") == [f"restored/{name}" for name in photos]
    for name in photos:
        assert read(s3_endpoint, bucket, f"restored/{name}") == read(
            s3_endpoint, bucket, f"gzz/{name}"
        )


def test_a_backup_or_restore_refuses_what_would_lose_data(station_a, staff_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "backups": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "backups"},
        },
    }
    _data(station_a, staff_a)
    backup("monday")
    assert (tmp_path / "backups" / "monday" / "manifest.json").exists()
    with pytest.raises(BackupError, match="database is not empty"):
        restore("monday")
    with pytest.raises(BackupError, match="already holds a backup"):
        backup("monday")
    with pytest.raises(BackupError, match="holds no backup"):
        read_manifest("tuesday")
    with pytest.raises(BackupError, match="not a backup name"):
        backup("../outside")


def test_a_restore_refuses_a_file_storage_that_is_not_empty_and_a_damaged_backup(
    station_a, staff_a, settings, tmp_path, empty_database
):
    settings.MEDIA_ROOT = tmp_path / "media"
    photos = _data(station_a, staff_a)
    target = tmp_path / "backup"
    backup(str(target))
    into = {**os.environ, "DATABASE_URL": empty_database}

    done = _restore_command(target, {**into, "MEDIA_ROOT": str(settings.MEDIA_ROOT)})
    assert done.returncode == 1
    assert "the file storage is not empty" in done.stderr

    # A photo changed in the archive since the backup: refused before anything is restored.
    manifest = json.loads((target / "manifest.json").read_text())
    manifest["files"][photos[0]]["sha256"] = "0" * 64
    (target / "manifest.json").write_text(json.dumps(manifest))
    done = _restore_command(target, {**into, "MEDIA_ROOT": str(tmp_path / "new-media")})
    assert done.returncode == 1
    assert f"{photos[0]} differs from the manifest: the backup is damaged" in done.stderr
    assert not any(_counts_in(empty_database).values())
    assert not (tmp_path / "new-media").exists() or not any((tmp_path / "new-media").iterdir())
