"""Backing up and restoring the whole system: the database and the uploaded photos.

A backup is a directory holding

- ``database.dump`` (PostgreSQL, ``pg_dump -Fc``: compressed, restorable
  table by table) or ``database.sqlite3`` (SQLite, a consistent copy made
  through SQLite's backup API, safe while the server writes);
- ``media.tar`` (everything under ``MEDIA_ROOT``: the visit photos);
- ``manifest.json``: when, which engine, and the row count of every table,
  so a restore can prove it found every record.

A restore goes into an empty database (``DATABASE_URL``) and an empty media
directory, and then compares the counts with the manifest. Photos kept in
object storage (S3) are not in ``MEDIA_ROOT``: back that bucket up with its
own versioning.
"""

import datetime
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.db import connections

DUMP = "database.dump"
SQLITE = "database.sqlite3"
MEDIA = "media.tar"
MANIFEST = "manifest.json"


class BackupError(Exception):
    """The backup or restore cannot go ahead; the message says why."""


def _settings(alias):
    return connections[alias].settings_dict


def _is_postgres(alias):
    return connections[alias].vendor == "postgresql"


def _pg_args(db):
    """pg_dump / pg_restore connection flags, the password in the environment (never argv)."""
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _run(command, env):
    try:
        subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    except FileNotFoundError as error:
        raise BackupError(f"{command[0]} is not installed") from error
    except subprocess.CalledProcessError as error:
        raise BackupError(f"{command[0]} failed: {error.stderr.strip()}") from error


def table_counts(alias="default"):
    """{table: rows} for every table the apps' models use in the database."""
    connection = connections[alias]
    tables = sorted(set(connection.introspection.table_names()))
    counts = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def backup(target, *, alias="default", media_root=None):
    """Write a backup into the directory ``target`` (created; must not hold one already)."""
    target = Path(target)
    if (target / MANIFEST).exists():
        raise BackupError(f"{target} already holds a backup")
    target.mkdir(parents=True, exist_ok=True)
    db = _settings(alias)
    if _is_postgres(alias):
        args, env = _pg_args(db)
        _run(["pg_dump", "-Fc", *args, "--file", str(target / DUMP), str(db["NAME"])], env)
        engine = "postgresql"
    else:
        source = sqlite3.connect(str(db["NAME"]))
        copy = sqlite3.connect(str(target / SQLITE))
        with copy:
            source.backup(copy)
        copy.close()
        source.close()
        engine = "sqlite"
    media_root = Path(media_root or settings.MEDIA_ROOT)
    files = 0
    with tarfile.open(target / MEDIA, "w") as archive:
        if media_root.is_dir():
            for path in sorted(media_root.rglob("*")):
                if path.is_file():
                    archive.add(path, arcname=str(path.relative_to(media_root)))
                    files += 1
    manifest = {
        "created": datetime.datetime.now(datetime.UTC).isoformat(),
        "engine": engine,
        "tables": table_counts(alias),
        "media_files": files,
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
    return manifest


def read_manifest(source):
    path = Path(source) / MANIFEST
    if not path.exists():
        raise BackupError(f"{source} holds no backup ({MANIFEST} is missing)")
    return json.loads(path.read_text())


def _is_empty(alias):
    return not connections[alias].introspection.table_names()


def restore(source, *, alias="default", media_root=None):
    """Restore the backup in ``source`` into an empty database and media directory.

    Returns ``(manifest, counts)``: the backup's counts and the restored ones.
    """
    source = Path(source)
    manifest = read_manifest(source)
    engine = "postgresql" if _is_postgres(alias) else "sqlite"
    if manifest["engine"] != engine:
        raise BackupError(f"the backup is of {manifest['engine']}, the database is {engine}")
    if not _is_empty(alias):
        raise BackupError("the database is not empty: restore into a new, empty database")
    media_root = Path(media_root or settings.MEDIA_ROOT)
    if media_root.is_dir() and any(media_root.iterdir()):
        raise BackupError(f"{media_root} is not empty")
    db = _settings(alias)
    if engine == "postgresql":
        args, env = _pg_args(db)
        _run(
            [
                "pg_restore",
                *args,
                "--dbname",
                str(db["NAME"]),
                "--no-owner",
                "--exit-on-error",
                "--single-transaction",
                str(source / DUMP),
            ],
            env,
        )
    else:
        connections[alias].close()
        # The empty database's write-ahead log must not be replayed onto the copy.
        for suffix in ("-wal", "-shm"):
            Path(f"{db['NAME']}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(source / SQLITE, db["NAME"])
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / MEDIA) as archive:
        # "data": no absolute paths, no links out of the directory, no devices.
        archive.extractall(media_root, filter="data")
    connections[alias].close()
    return manifest, table_counts(alias)
