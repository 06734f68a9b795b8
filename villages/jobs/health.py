"""The workers' part of /healthz: is anyone working on the queue?"""

import datetime

from django.conf import settings
from django.utils import timezone

from villages.models import Job, WorkerHeartbeat


def workers(now=None):
    """(ok, detail): fails only when work has waited longer than a worker's silence allows
    and no worker has beaten lately. An empty queue with no worker is not a failure
    of the web servers (a load balancer must not take them out for it)."""
    now = now or timezone.now()
    silent = datetime.timedelta(seconds=settings.WORKER_SILENT_SECONDS)
    alive = WorkerHeartbeat.objects.filter(seen_at__gte=now - silent).count()
    waiting = Job.objects.filter(state=Job.State.QUEUED, created_at__lt=now - silent).count()
    seconds = settings.WORKER_SILENT_SECONDS
    detail = f"{alive} worker(s) alive, {waiting} job(s) waiting longer than {seconds} s"
    return (alive > 0 or waiting == 0), detail
