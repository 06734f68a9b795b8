"""Backing up and restoring the whole system: the database and the stored files.

A backup is a folder of the "backups" storage (BACKUP_ROOT on this machine, or
a prefix of a bucket: settings.STORAGES), or any directory named by its
absolute path, holding

- ``database.dump`` (PostgreSQL, ``pg_dump -Fc``: compressed, restorable
  table by table) or ``database.sqlite3`` (SQLite, a consistent copy made
  through SQLite's backup API, safe while the server writes);
- ``media.tar``: every file of the "default" storage (the visit photos and
  imports awaiting confirmation), read through the storage API whether it is
  a disk or an S3-compatible bucket. Not the worker's job files, which expire
  within days and are rebuilt on request, nor backups kept inside it;
- ``manifest.json``, written last (a folder without one is an unfinished
  backup): when, which engine, the row count of every table as the dump holds
  it, and each file's size and SHA-256.

A restore goes into an empty database (``DATABASE_URL``) and an empty default
storage (``MEDIA_ROOT``, or the bucket and ``S3_PREFIX``), checks every file
against the manifest on the way in, and returns the restored row counts so the
caller compares them with the manifest.
"""

import datetime
import hashlib
import json
import os
import posixpath
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, storages
from django.db import connections
from django.utils import timezone

from villages.storage import nested_folder, walk

DUMP = "database.dump"
SQLITE = "database.sqlite3"
MEDIA = "media.tar"
MANIFEST = "manifest.json"
# Storages whose files are not the system's data, when they lie inside the default one.
NOT_BACKED_UP = ("jobs", "backups")


class BackupError(Exception):
    """The backup or restore cannot go ahead; the message says why."""


def default_name():
    """A backup's name when none is given: gzz-2026-12-04T0300 (local time)."""
    return timezone.localtime().strftime("gzz-%Y-%m-%dT%H%M%S")


def _place(name):
    """The storage and folder a backup called ``name`` is in."""
    name = str(name)
    if os.path.isabs(name):
        return FileSystemStorage(location=name), ""
    folder = name.strip("/")
    if not folder or ".." in folder.split("/"):
        raise BackupError(f"{name!r} is not a backup name (letters, digits, - and _)")
    return storages["backups"], folder


def _in(folder, name):
    return posixpath.join(folder, name) if folder else name


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


def _count(cursor, tables, quote):
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
        counts[table] = cursor.fetchone()[0]
    return counts


def table_counts(alias="default"):
    """{table: rows} for every table in the database."""
    connection = connections[alias]
    tables = sorted(set(connection.introspection.table_names()))
    with connection.cursor() as cursor:
        return _count(cursor, tables, connection.ops.quote_name)


def _dump_postgres(alias, path):
    """pg_dump into ``path``, and the row counts of the very snapshot it dumped."""
    args, env = _pg_args(_settings(alias))
    # A connection of its own: the caller's may be inside a transaction already.
    connection = connections.create_connection(alias)
    try:
        with connection.cursor() as cursor:
            # The counts and pg_dump read one snapshot: a server taking writes
            # meanwhile cannot make the manifest disagree with the dump.
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            tables = sorted(set(connection.introspection.table_names(cursor)))
            counts = _count(cursor, tables, connection.ops.quote_name)
            name = str(_settings(alias)["NAME"])
            command = ["pg_dump", "-Fc", *args, f"--snapshot={snapshot}", "--file", str(path)]
            _run([*command, name], env)
            cursor.execute("COMMIT")
    finally:
        connection.close()
    return counts


def _dump_sqlite(alias, path):
    """A consistent copy into ``path`` (SQLite's backup API), and its row counts."""
    connection = connections[alias]
    connection.ensure_connection()
    copy = sqlite3.connect(str(path))
    try:
        with copy:
            connection.connection.backup(copy)
        tables = [
            row[0]
            for row in copy.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        counts = _count(copy.cursor(), sorted(tables), connection.ops.quote_name)
    finally:
        copy.close()
    return counts


def _kept_apart(storage):
    """Folders of ``storage`` that hold other storages' files (jobs, backups)."""
    folders = []
    for alias in NOT_BACKED_UP:
        folder = nested_folder(storage, storages[alias])
        if folder == ".":
            raise BackupError(f'the "{alias}" storage is the file storage itself: give it a folder')
        if folder:
            folders.append(folder)
    return folders


def _data_files(storage):
    apart = _kept_apart(storage)
    return [
        name
        for name in walk(storage)
        if not any(name == folder or name.startswith(folder + "/") for folder in apart)
    ]


def _archive(storage, path):
    """Every data file of ``storage`` into a tar at ``path``: {name: {size, sha256}}."""
    files = {}
    now = time.time()
    with tarfile.open(path, "w") as archive:
        for name in _data_files(storage):
            try:
                with storage.open(name, "rb") as stored:
                    data = stored.read()
            except FileNotFoundError:
                continue  # deleted since the listing, with its row
            info = tarfile.TarInfo(name)
            info.size, info.mtime = len(data), now
            archive.addfile(info, ContentFile(data))
            files[name] = {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    return files


def _save(storage, name, path):
    with open(path, "rb") as local:
        saved = storage.save(name, File(local, name=posixpath.basename(name)))
    if saved != name:
        raise BackupError(f"{name} was already there: the backup was stored as {saved}")


def backup(name=None, *, alias="default"):
    """Write a backup called ``name`` (default: the time) and return its manifest."""
    storage, folder = _place(name or default_name())
    if walk(storage, folder):
        raise BackupError(f"{name} already holds a backup, or a part of one")
    postgres = _is_postgres(alias)
    with tempfile.TemporaryDirectory(prefix="gzz-backup-") as tmp:
        dump = Path(tmp) / (DUMP if postgres else SQLITE)
        counts = (_dump_postgres if postgres else _dump_sqlite)(alias, dump)
        _save(storage, _in(folder, dump.name), dump)
        # After the dump: every photo row it holds has its file in the archive
        # (unless the photo was deleted since).
        files = _archive(storages["default"], Path(tmp) / MEDIA)
        _save(storage, _in(folder, MEDIA), Path(tmp) / MEDIA)
    manifest = {
        "created": datetime.datetime.now(datetime.UTC).isoformat(),
        "engine": "postgresql" if postgres else "sqlite",
        "tables": counts,
        "media_files": len(files),
        "files": files,
    }
    data = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
    storage.save(_in(folder, MANIFEST), ContentFile(data))
    return manifest


def read_manifest(name):
    storage, folder = _place(name)
    try:
        with storage.open(_in(folder, MANIFEST), "rb") as stored:
            return json.loads(stored.read())
    except FileNotFoundError:
        raise BackupError(f"{name} holds no backup ({MANIFEST} is missing)") from None


def _is_empty(alias):
    return not connections[alias].introspection.table_names()


@contextmanager
def _fetched(storage, name, tmp):
    """The stored file ``name`` copied to a local file, for pg_restore or SQLite."""
    path = Path(tmp) / posixpath.basename(name)
    try:
        with storage.open(name, "rb") as stored, open(path, "wb") as local:
            shutil.copyfileobj(stored, local, 1024 * 1024)
    except FileNotFoundError:
        raise BackupError(f"the backup has no {posixpath.basename(name)}") from None
    yield path


def _restore_database(storage, folder, engine, alias, tmp):
    db = _settings(alias)
    if engine == "postgresql":
        args, env = _pg_args(db)
        with _fetched(storage, _in(folder, DUMP), tmp) as dump:
            command = ["pg_restore", *args, "--dbname", str(db["NAME"]), "--no-owner"]
            _run([*command, "--exit-on-error", "--single-transaction", str(dump)], env)
        return
    with _fetched(storage, _in(folder, SQLITE), tmp) as copy:
        connections[alias].close()
        # The empty database's write-ahead log must not be replayed onto the copy.
        for suffix in ("-wal", "-shm"):
            Path(f"{db['NAME']}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(copy, db["NAME"])


def _archived_files(path, manifest):
    """(member, name) of every file in the archive at ``path``, checked against the manifest.

    Raises BackupError before anything is restored when a file is not as the
    backup wrote it, is missing, or would land outside the storage.
    """
    expected = manifest.get("files")  # backups before 2026-12 listed no files
    found = {}
    with tarfile.open(path) as archive:
        for member in archive:
            if not member.isfile():
                continue
            name = member.name
            if name.startswith("/") or ".." in name.split("/"):
                raise BackupError(f"{name}: a file outside the storage")
            digest = hashlib.sha256(archive.extractfile(member).read()).hexdigest()
            if expected is not None and expected.get(name, {}).get("sha256") != digest:
                raise BackupError(f"{name} differs from the manifest: the backup is damaged")
            found[name] = digest
    if expected is not None and set(found) != set(expected):
        missing = sorted(set(expected) - set(found))
        raise BackupError(f"{len(missing)} files of the manifest are not in {MEDIA}: {missing[:3]}")
    return sorted(found)


def _restore_files(path):
    target = storages["default"]
    with tarfile.open(path) as archive:
        for member in archive:
            if not member.isfile():
                continue
            saved = target.save(member.name, ContentFile(archive.extractfile(member).read()))
            if saved != member.name:
                raise BackupError(f"{member.name} was stored as {saved}")


def restore(name, *, alias="default"):
    """Restore the backup called ``name`` into an empty database and file storage.

    Returns ``(manifest, counts)``: the backup's counts and the restored ones.
    """
    storage, folder = _place(name)
    manifest = read_manifest(name)
    engine = "postgresql" if _is_postgres(alias) else "sqlite"
    if manifest["engine"] != engine:
        raise BackupError(f"the backup is of {manifest['engine']}, the database is {engine}")
    if not _is_empty(alias):
        raise BackupError("the database is not empty: restore into a new, empty database")
    if _data_files(storages["default"]):
        raise BackupError("the file storage is not empty: restore into a new, empty one")
    with (
        tempfile.TemporaryDirectory(prefix="gzz-restore-") as tmp,
        _fetched(storage, _in(folder, MEDIA), tmp) as archive,
    ):
        _archived_files(archive, manifest)  # nothing is restored from a damaged backup
        _restore_database(storage, folder, engine, alias, tmp)
        _restore_files(archive)
    connections[alias].close()
    return manifest, table_counts(alias)
