"""Files built in the background: asking, sharing one build, the job's page, the download,
keeping and pruning, failures, a dead worker, and the worker as a real process."""

import datetime
import os
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from tests.concurrency import at_once
from tests.jobs import asked, run_worker
from villages.jobs import health
from villages.jobs.services import request_job
from villages.models import AccessLog, Job, JobRequest, WorkerHeartbeat

NOV = {"month": "2026-11"}


def _url(township, fmt="xlsx"):
    return reverse("supervision:report_township", args=[township.pk, fmt])


def _ask(client, user, township, query=NOV):
    client.force_login(user)
    response = client.get(_url(township), query)
    request = asked(response)
    assert request is not None, response.status_code
    return response, request


# Asking and sharing ---------------------------------------------------------------------


@pytest.mark.django_db
def test_asking_shows_the_jobs_page_then_the_file(client, staff_a, township_a):
    response, request = _ask(client, staff_a, township_a)
    page = client.get(response.url)
    assert page.status_code == 200
    text = page.text
    assert "等待后台处理" in text and "<progress" in text
    assert 'http-equiv="refresh"' in text  # it updates itself, no script needed
    assert reverse("villages:job_file", args=[request.pk]) not in text
    assert client.get(reverse("villages:job_file", args=[request.pk])).status_code == 404

    run_worker()

    page = client.get(response.url)
    assert "已完成" in page.text and 'http-equiv="refresh"' not in page.text
    assert reverse("villages:job_file", args=[request.pk]) in page.text
    download = client.get(reverse("villages:job_file", args=[request.pk]))
    assert download.status_code == 200
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    assert b"".join(download.streaming_content)[:2] == b"PK"
    # Logged like any export of personal data, with the period it was asked for.
    entry = AccessLog.objects.get(action=AccessLog.Action.EXPORT)
    assert entry.user == staff_a and entry.what.endswith(".xlsx") and entry.rows > 0
    assert entry.filters == {"month": "2026-11"}


@pytest.mark.django_db
def test_the_same_file_asked_twice_is_built_once(client, staff_a, township_a):
    _first, one = _ask(client, staff_a, township_a)
    _second, two = _ask(client, staff_a, township_a)
    assert one.pk != two.pk and one.job_id == two.job_id
    run_worker()
    # Asked again once built: the file already made, not a new build.
    _third, three = _ask(client, staff_a, township_a)
    assert three.job_id == one.job_id
    assert Job.objects.count() == 1
    # Unless the asker wants the latest data.
    _fourth, four = _ask(client, staff_a, township_a, {**NOV, "again": "1"})
    assert four.job_id != one.job_id and Job.objects.count() == 2


@pytest.mark.django_db
def test_a_file_is_shared_only_with_who_would_see_the_same(client, staff_a, supervisor, township_a):
    _r, clerk = _ask(client, staff_a, township_a)
    _r, county = _ask(client, supervisor, township_a)
    # A supervisor sees the township's report masked otherwise: another build.
    assert clerk.job_id != county.job_id
    _r, other_month = _ask(client, staff_a, township_a, {"month": "2026-10"})
    assert other_month.job_id != clerk.job_id


@pytest.mark.django_db
def test_no_one_else_opens_a_users_job(client, staff_a, supervisor, staff_b, township_a):
    response, request = _ask(client, staff_a, township_a)
    run_worker()
    for other in (supervisor, staff_b):
        client.force_login(other)
        assert client.get(response.url).status_code == 404
        assert client.get(reverse("villages:job_file", args=[request.pk])).status_code == 404
    client.logout()
    assert client.get(response.url).status_code == 302
    assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORT).exists()


@pytest.mark.django_db
def test_refused_askers_get_no_job(client, staff_b, cadre_user, township_a):
    for user, status in ((staff_b, 404), (cadre_user, 403)):
        client.force_login(user)
        assert client.get(_url(township_a), NOV).status_code == status
    assert not Job.objects.exists()


# Failures, keeping, pruning --------------------------------------------------------------


@pytest.mark.django_db
def test_a_failed_build_says_so_and_offers_to_try_again(client, staff_a, township_a, caplog):
    response, request = _ask(client, staff_a, township_a)
    Job.objects.filter(pk=request.job_id).update(builder="visits.reports.jobs.no_such_builder")
    run_worker()
    request.job.refresh_from_db()
    assert request.job.state == Job.State.FAILED
    page = client.get(response.url)
    assert "未能生成" in page.text and "Traceback" not in page.text
    assert "again=1" in page.text
    assert "no_such_builder" in caplog.text  # the administrator's log has it
    # Asking again builds anew rather than sharing the failure.
    _r, again = _ask(client, staff_a, township_a)
    assert again.job_id != request.job_id


@pytest.mark.django_db
def test_a_build_whose_worker_died_is_given_up_and_asked_anew(client, staff_a, township_a):
    _r, request = _ask(client, staff_a, township_a)
    long_ago = timezone.now() - datetime.timedelta(minutes=settings.JOBS_STUCK_MINUTES + 1)
    Job.objects.filter(pk=request.job_id).update(state=Job.State.RUNNING, started_at=long_ago)
    _r, again = _ask(client, staff_a, township_a)
    assert again.job_id != request.job_id
    assert Job.objects.get(pk=request.job_id).state == Job.State.FAILED


@pytest.mark.django_db
def test_an_expired_file_is_gone_and_pruned(client, staff_a, township_a):
    response, request = _ask(client, staff_a, township_a)
    run_worker()
    job = Job.objects.get(pk=request.job_id)
    storage, name = job.file.storage, job.file.name
    assert storage.exists(name)
    Job.objects.filter(pk=job.pk).update(expires_at=timezone.now() - datetime.timedelta(hours=1))
    page = client.get(response.url)
    assert page.status_code == 410 and "again=1" in page.text
    assert client.get(reverse("villages:job_file", args=[request.pk])).status_code == 404
    from django.core.management import call_command

    call_command("prune_jobs", verbosity=0)
    assert not storage.exists(name)
    assert not Job.objects.exists() and not JobRequest.objects.exists()


# The workers' health ------------------------------------------------------------------------


@pytest.mark.django_db
def test_health_fails_only_when_work_waits_and_no_worker_beats(staff_a):
    now = timezone.now()
    assert health.workers(now)[0]  # nothing waiting, no worker: not a failure
    request_job(user=staff_a, key="k", title="t", builder="visits.reports.jobs.build", params={})
    later = now + datetime.timedelta(seconds=settings.WORKER_SILENT_SECONDS + 5)
    ok, detail = health.workers(later)
    assert not ok and "1 job(s) waiting" in detail
    WorkerHeartbeat.objects.create(worker_id="app1-123", seen_at=later)
    assert health.workers(later)[0]


@pytest.mark.django_db
def test_healthz_reports_the_workers_without_failing_the_web_server(client, staff_a):
    """A monitor sees that work waits with no worker; the load balancer keeps the server."""
    request_job(user=staff_a, key="k", title="t", builder="visits.reports.jobs.build", params={})
    long_ago = timezone.now() - datetime.timedelta(seconds=settings.WORKER_SILENT_SECONDS + 5)
    Job.objects.update(created_at=long_ago)
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 200 and body["status"] == "ok"
    assert body["reports"]["workers"]["ok"] is False
    WorkerHeartbeat.objects.create(worker_id="app1-1", seen_at=timezone.now())
    assert client.get("/healthz").json()["reports"]["workers"]["ok"] is True


# At the same moment, and as a real process (PostgreSQL) -----------------------------------------


@pytest.mark.django_db(transaction=True)
def test_eight_asking_at_once_share_one_build(staff_a, township_a):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers")

    def ask():
        return request_job(
            user=staff_a, key="same", title="t", builder="visits.reports.jobs.build", params={}
        ).job_id

    results = at_once(*[ask] * 8)
    assert all(isinstance(r, int) for r in results), results
    assert len(set(results)) == 1 and Job.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_worker_process_builds_the_booklet(client, staff_a, township_a):
    """`manage.py worker` as a process of its own, on the test database, as in production."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: the SQLite test database lives in this process's memory")
    client.force_login(staff_a)
    response = client.get(_url(township_a, "pdf"), NOV)
    request = asked(response)
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "worker", "--interval", "0.2"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            request.job.refresh_from_db()
            if request.job.finished:
                break
            time.sleep(0.5)
        assert request.job.state == Job.State.DONE, worker.stderr.peek() if worker.stderr else ""
        assert WorkerHeartbeat.objects.exists()
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    download = client.get(reverse("villages:job_file", args=[request.pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF")
