"""Work done in the background (django.tasks with the database worker): who asked, how far it is.

A ``Job`` builds one file (a booklet, a big workbook) or does one piece of
work whose outcome is a message (an import's confirm step). Everyone who asks for
the same file while it is being built, or soon after, shares the one job:
the ``key`` names what is built and for whom it would look the same (the
place, the period, the asker's role and scope). Each asker holds a
``JobRequest``, whose random id is the address of their status page and
download; only its own user may open it, so a job is scoped like the page
it was asked from, by that page's checks at the moment of asking.
"""

import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _


def job_storage():
    """Finished files go to the ``jobs`` storage when one is configured, else the default."""
    return storages["jobs"] if "jobs" in settings.STORAGES else storages["default"]


class Job(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("waiting for the worker")
        RUNNING = "running", _("being built")
        DONE = "done", _("ready")
        FAILED = "failed", _("failed")

    UNFINISHED = (State.QUEUED, State.RUNNING)

    key = models.CharField(_("key"), max_length=200)
    title = models.CharField(_("title"), max_length=200)
    # The dotted path of the function that builds the file: set by code, never
    # from a request (villages.jobs.services.request_job).
    builder = models.CharField(_("builder"), max_length=200)
    params = models.JSONField(_("parameters"), default=dict)
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    step = models.CharField(_("step"), max_length=100, blank=True)
    file = models.FileField(
        _("file"), storage=job_storage, upload_to="%Y/%m/", max_length=300, blank=True
    )
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    # What the access log records a download as, and how many rows it held.
    logged_as = models.CharField(_("logged as"), max_length=100, blank=True)
    rows = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    # What the work came to, in the asker's words (an import's summary, or why
    # nothing was written); ``result_ok`` False is a refusal, not a crash.
    result = models.TextField(_("result"), blank=True)
    result_ok = models.BooleanField(_("result is a success"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("kept until"), null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One build at a time of the same file, however many people click.
            models.UniqueConstraint(
                fields=["key"],
                condition=models.Q(state__in=["queued", "running"]),
                name="job_one_unfinished_per_key",
            )
        ]
        indexes = [models.Index(fields=["key", "state"], name="job_key_state_idx")]

    def __str__(self):
        return self.title

    @property
    def finished(self):
        return self.state in (self.State.DONE, self.State.FAILED)


class JobRequest(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    job = models.ForeignKey(
        Job, on_delete=models.CASCADE, related_name="requests", verbose_name=_("job")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("user"),
    )
    # The page the job was asked from (the status page links back to it), and
    # the address that asks for a new build of the same file.
    back_url = models.CharField(_("asked from"), max_length=500, blank=True)
    again_url = models.CharField(_("build again at"), max_length=500, blank=True)
    # The asking request's filters, for the access log's row of the download.
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("job request")
        verbose_name_plural = _("job requests")
        ordering = ["-created_at"]

    def __str__(self):
        return str(self.job)


class WorkerHeartbeat(models.Model):
    """Each worker process writes here every ``WORKER_HEARTBEAT_SECONDS``: /healthz reads it."""

    worker_id = models.CharField(_("worker"), max_length=64, primary_key=True)
    seen_at = models.DateTimeField(_("last seen"))

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self):
        return self.worker_id
