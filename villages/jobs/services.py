"""Asking for a job, and running it in the worker.

``request_job`` is called by a view that has already checked who may have
the file: it finds the job building (or lately built) the same file, or
creates one and puts it on the queue in the same transaction, and gives the
asker their own ``JobRequest``. ``run_job`` is what the worker runs: it calls
the job's builder with a ``progress`` callback and stores the file through
the storage API.
"""

import datetime
import logging

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.db import IntegrityError, transaction
from django.tasks import task
from django.utils import timezone
from django.utils.module_loading import import_string

from villages.models import Job, JobRequest

logger = logging.getLogger(__name__)


def _reusable(key, now):
    fresh_since = now - datetime.timedelta(minutes=settings.JOBS_REUSE_MINUTES)
    unfinished = Job.objects.filter(key=key, state__in=Job.UNFINISHED)
    recent = Job.objects.filter(
        key=key, state=Job.State.DONE, finished_at__gte=fresh_since, expires_at__gt=now
    )
    return (unfinished | recent).order_by("-created_at").first()


def _give_up_stuck(key, now):
    """A build whose worker died (killed, machine restarted) never finishes: after
    ``JOBS_STUCK_MINUTES`` it counts as failed, so that asking again builds anew."""
    started_before = now - datetime.timedelta(minutes=settings.JOBS_STUCK_MINUTES)
    Job.objects.filter(key=key, state=Job.State.RUNNING, started_at__lt=started_before).update(
        state=Job.State.FAILED, finished_at=now
    )


def request_job(
    *, user, key, title, builder, params, back_url="", again_url="", filters=None, again=False
):
    """The asker's request for the file ``key``: shared with a build under way or fresh.

    ``again`` asks for a new build even if a fresh file exists (the page
    offers it when the data changed since); a build under way is still shared.
    """
    now = timezone.now()
    _give_up_stuck(key, now)
    job = None if again else _reusable(key, now)
    if job is None:
        job = Job.objects.filter(key=key, state__in=Job.UNFINISHED).first()
    if job is None:
        try:
            with transaction.atomic():
                job = Job.objects.create(key=key, title=title, builder=builder, params=params)
                # The queue is a table of the same database: the job and its
                # task row are written together or not at all.
                run_job_task.enqueue(job.pk)
        except IntegrityError:
            # Someone else asked at the same moment: share their build.
            job = Job.objects.get(key=key, state__in=Job.UNFINISHED)
    return JobRequest.objects.create(
        job=job, user=user, back_url=back_url, again_url=again_url, filters=filters or {}
    )


class Progress:
    """Writes the job's progress as the builder goes: a percentage and what it is doing."""

    def __init__(self, job):
        self.job = job

    def __call__(self, percent, step=""):
        percent = max(0, min(99, int(percent)))
        Job.objects.filter(pk=self.job.pk).update(progress=percent, step=str(step)[:100])


def run_job(job_id):
    """Build the job's file; a failure is recorded on the job (and logged), never raised again."""
    claimed = Job.objects.filter(pk=job_id, state=Job.State.QUEUED).update(
        state=Job.State.RUNNING, started_at=timezone.now()
    )
    if not claimed:  # already run, given up or pruned: nothing to do
        return
    job = Job.objects.get(pk=job_id)
    try:
        built = import_string(job.builder)(progress=Progress(job), **job.params)
    except Exception:
        logger.exception("job %s (%s) failed", job.pk, job.builder)
        Job.objects.filter(pk=job.pk).update(state=Job.State.FAILED, finished_at=timezone.now())
        return
    content = built.content
    if content is not None:
        content = ContentFile(content) if isinstance(content, bytes) else File(content)
        with content:
            job.file.save(built.file_name, content, save=False)
    now = timezone.now()
    Job.objects.filter(pk=job.pk).update(
        state=Job.State.DONE,
        progress=100,
        step="",
        file=job.file.name,
        file_name=built.file_name,
        content_type=built.content_type,
        logged_as=built.logged_as,
        rows=built.rows,
        result=built.message,
        result_ok=built.ok,
        finished_at=now,
        expires_at=now + datetime.timedelta(hours=settings.JOBS_KEEP_HOURS),
    )


@task()
def run_job_task(job_id):
    """The one django.tasks task: run a job (what it builds is named on the job's row)."""
    run_job(job_id)


def prune(now=None):
    """Delete finished jobs past their time, with their files. Returns how many."""
    now = now or timezone.now()
    expired = Job.objects.filter(expires_at__lte=now) | Job.objects.filter(
        state=Job.State.FAILED, finished_at__lte=now - datetime.timedelta(days=1)
    )
    count = 0
    for job in expired.iterator():
        if job.file:
            job.file.delete(save=False)
        job.delete()
        count += 1
    return count
