"""Run the background worker: django-tasks-db's ``db_worker``, plus a heartbeat.

The heartbeat (``WorkerHeartbeat``, one row per process, written every
``WORKER_HEARTBEAT_SECONDS`` from a thread of its own) lets /healthz tell a
queue that is merely empty from one nobody is working on. Any other option
is passed to ``db_worker`` (``--batch`` to run what is queued and stop).
"""

import os
import socket
import threading

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection
from django.utils import timezone

from villages.models import WorkerHeartbeat


def beat(worker_id):
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id, defaults={"seen_at": timezone.now()}
    )


class Heart(threading.Thread):
    def __init__(self, worker_id):
        super().__init__(name="heartbeat", daemon=True)
        self.worker_id = worker_id
        self.stopped = threading.Event()

    def run(self):
        while not self.stopped.wait(settings.WORKER_HEARTBEAT_SECONDS):
            try:
                close_old_connections()
                beat(self.worker_id)
            except Exception:  # the database is away: the next beat tries again
                connection.close()


class Command(BaseCommand):
    help = "Run the background worker (django-tasks-db) with a heartbeat for /healthz."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="Run what is queued, then stop.")
        parser.add_argument("--interval", type=float, default=1.0)

    def handle(self, *, batch, interval, verbosity, **options):
        worker_id = f"{socket.gethostname()}-{os.getpid()}"[:64]
        beat(worker_id)
        heart = Heart(worker_id)
        heart.start()
        try:
            call_command(
                "db_worker",
                batch=batch,
                interval=interval,
                worker_id=worker_id,
                startup_delay=not batch,
                reload=False,
                verbosity=verbosity,
            )
        finally:
            heart.stopped.set()
