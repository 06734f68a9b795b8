"""A background job's page (state, progress, the file when ready) and its download.

The address is the asker's own ``JobRequest`` (a random id): another login,
even one that could ask for the same file, gets a 404 and asks for its own.
The download is logged like any export of personal data.
"""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from villages import access_log
from villages.models import Job, JobRequest

# While the job is unfinished the page reloads itself this often (no script needed).
REFRESH_SECONDS = 3


def _request(request, pk):
    requests = JobRequest.objects.select_related("job")
    return get_object_or_404(requests, pk=pk, user=request.user)


def _expired(job):
    """A built file past its keeping time (a job without a file keeps its message)."""
    return bool(
        job.state == Job.State.DONE
        and job.file
        and job.expires_at
        and job.expires_at <= timezone.now()
    )


@require_safe
@login_required
def job_status(request, pk):
    asked = _request(request, pk)
    job = asked.job
    expired = _expired(job)
    return render(
        request,
        "villages/jobs/job.html",
        {
            "asked": asked,
            "job": job,
            "expired": expired,
            "refresh": None if job.finished else REFRESH_SECONDS,
        },
        status=410 if expired else 200,
    )


@require_safe
@login_required
def job_file(request, pk):
    asked = _request(request, pk)
    job = asked.job
    if job.state != Job.State.DONE or _expired(job) or not job.file:
        raise Http404
    access_log.record_export(
        request=request,
        what=job.file_name,
        rows=job.rows,
        model=job.logged_as,
        filters=asked.filters,
    )
    return FileResponse(
        job.file.open("rb"),
        as_attachment=True,
        filename=job.file_name,
        content_type=job.content_type or None,
    )
