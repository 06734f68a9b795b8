"""Files built by the background worker, fetched the way a user gets them.

The report view answers with a redirect to the job's page; the real worker
(``manage.py worker --batch``: django-tasks-db's, in this process) builds the
file; the job's page then offers the download.
"""

import datetime
import uuid
from unittest import mock

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.http import HttpResponse
from django.urls import resolve
from django.utils import timezone
from django_tasks_db.management.commands import db_worker

from villages.models import Job, JobRequest


def run_worker():
    """Run every queued task with the project's worker command, then return.

    The worker closes stale connections between tasks, as Django does between
    requests; inside a test's transaction that would close the test's own
    connection, so here it is held open, as Django's test client does for
    requests (it disconnects ``close_old_connections`` from the request signals).
    """
    with mock.patch.object(db_worker, "close_old_connections", lambda: None):
        call_command("worker", batch=True, verbosity=0)


def asked(response):
    """The JobRequest a report view sent the user to, or None."""
    if response.status_code != 302:
        return None
    match = resolve(response.url.split("?")[0])
    if match.view_name != "villages:job_status":
        return None
    return JobRequest.objects.select_related("job").get(pk=match.kwargs["pk"])


def fetch(client, url, query=None):
    """GET ``url`` and, when it is a background job, run the worker and download the file.

    Any other answer (a 403, 404, the page with a message) is returned as it is.
    """
    response = client.get(url, query)
    request = asked(response)
    if request is None:
        return response
    run_worker()
    page = client.get(response.url)
    assert page.status_code == 200, page.status_code
    download = client.get(f"{response.url}file")
    if not getattr(download, "streaming", False):
        return download
    # The bytes the browser saves, with the download's headers, readable as .content.
    body = HttpResponse(b"".join(download.streaming_content), status=download.status_code)
    for name, value in download.items():
        body[name] = value
    return body


def built_file_for(user):
    """A small finished file held by ``user``: for the sweeps over every route."""
    job = Job.objects.create(
        key=f"test:{uuid.uuid4()}",
        title="report.csv",
        builder="visits.reports.jobs.build",
        state=Job.State.DONE,
        content_type="text/csv",
        file_name="report.csv",
        expires_at=timezone.now() + datetime.timedelta(days=1),
        finished_at=timezone.now(),
    )
    job.file.save("report.csv", ContentFile(b"a,b\n1,2\n"))
    return JobRequest.objects.create(job=job, user=user)


def confirmed(client, url, data=None):
    """POST an import's confirm and, when the worker was asked, run it: the job's page.

    Any other answer (a 404 for a file no longer waiting, a 403) is returned as it is.
    """
    response = client.post(url, data or {})
    if asked(response) is None:
        return response
    run_worker()
    return client.get(response.url)
