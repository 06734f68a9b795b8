"""A PostgreSQL server of the test's own: initdb into a temporary folder, a free loopback
port, settings of the test's choosing (``max_connections=8``), stopped and removed after.

Never the machine's shared server: a test that restarts, crashes or starves a
server must own it. The server binaries are Debian's (postgresql's
``/usr/lib/postgresql/<version>/bin``); as root, they run as the ``postgres``
user, as PostgreSQL requires.
"""

import contextlib
import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.servers import free_port


def _bin(name):
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else None


def available():
    return _bin("initdb") is not None


def _as_postgres():
    """Run a server binary as the postgres user when the tests run as root."""
    if os.getuid() != 0:
        return {}
    user = pwd.getpwnam("postgres")

    def demote():
        os.setgid(user.pw_gid)
        os.setuid(user.pw_uid)

    return {"preexec_fn": demote}


@contextlib.contextmanager
def private_postgres(**settings):
    """Yields ``(port, pg_ctl(*args))`` of a running server with ``settings`` (name=value)."""
    folder = Path(tempfile.mkdtemp(prefix="gzz-pg-"))
    if os.getuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    data = folder / "data"
    port = free_port()
    options = " ".join(
        [f"-p {port}", "-c listen_addresses=127.0.0.1", f"-k {folder}", "-c fsync=off"]
        + [f"-c {name}={value}" for name, value in settings.items()]
    )
    run = _as_postgres()
    subprocess.run(
        [_bin("initdb"), "-D", data, "-A", "trust", "-U", "postgres", "--no-sync"],
        check=True,
        capture_output=True,
        **run,
    )

    def pg_ctl(*args):
        return subprocess.run(
            [_bin("pg_ctl"), "-D", data, "-o", options, "-l", folder / "log", "-w", *args],
            check=True,
            capture_output=True,
            **run,
        )

    pg_ctl("start")
    try:
        yield port, pg_ctl
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):
            pg_ctl("stop", "-m", "immediate")
        shutil.rmtree(folder, ignore_errors=True)
