"""What the worker builds, as the bench measures it (``bench/scale_pages.py``): this year's
rounds under way and the city's round published, and the month reports (each CSV's first
byte, each workbook's asking, build and download)."""

import time
from pathlib import Path


def rounds():
    """This year's rounds under way as their supervisors get them: the page's first
    opening (which asks the worker), the worker's computation (time and the growth of
    the process's peak memory), and the page with its rows. The county's round, which
    the demo publishes, is withdrawn from publication first."""
    from django.test import Client

    from cadres.models import User
    from stations.models import AssessmentRound
    from villages.models import County, Prefecture
    from visits.assessment.under_way import compute_round_task, forget

    county = County.objects.get(name="隆回县")
    city = Prefecture.objects.get(counties=county)
    AssessmentRound.objects.filter(county=county).update(published=False, frozen_at=None)
    AssessmentRound.objects.filter(prefecture=city, title=PUBLISHED_COPY).delete()
    results = []
    for what, login, place in (
        ("county", "county", {"county": county}),
        ("city", "city", {"prefecture": city}),
    ):
        assessment = AssessmentRound.objects.get(**place)
        forget(assessment)
        client = Client()
        client.force_login(User.objects.get(username=login))
        start = time.perf_counter()
        response = client.get(assessment.get_absolute_url())
        asked = time.perf_counter() - start
        assessment.refresh_from_db()
        if response.status_code != 200 or assessment.compute_asked_at is None:
            results.append({"what": f"{what} round", "status": response.status_code})
            continue
        _reset_peak_memory()
        before = _peak_memory()
        start = time.perf_counter()
        compute_round_task.call(assessment.pk)
        built = time.perf_counter() - start
        grown = _peak_memory() - before
        first, whole, size = _first_byte(client, assessment.get_absolute_url())
        results.append(
            {
                "what": f"{what} round",
                "asked": asked,
                "built": built,
                "memory": grown,
                "first": first,
                "whole": whole,
                "bytes": size,
            }
        )
    _published_copy(AssessmentRound.objects.get(prefecture=city))
    return results


PUBLISHED_COPY = "基准：已公布的全市考核"


def _published_copy(assessment):
    """The city's round as published: a round of the same period with the worker's rows
    copied as its frozen ones (freezing would read the records again: 12 s)."""
    from django.utils import timezone

    from stations.models import AssessmentResult, AssessmentRound

    copy = AssessmentRound.objects.create(
        prefecture=assessment.prefecture,
        title=PUBLISHED_COPY,
        start=assessment.start,
        end=assessment.end,
        published=True,
        frozen_at=timezone.now(),
    )
    rows = list(AssessmentResult.objects.filter(round=assessment))
    for row in rows:
        row.pk, row.round = None, copy
    AssessmentResult.objects.bulk_create(rows, batch_size=2000)


def downloads():
    """The month reports as their askers get them: each CSV's first byte and whole
    answer (streamed from the request), and each workbook's asking (the request
    answers at once with the job's page), its build by the worker (time and the
    growth of the process's peak memory) and its download's first byte."""
    from django.test import Client
    from django.urls import resolve, reverse

    from cadres.models import User
    from villages.jobs.services import run_job
    from villages.models import County, JobRequest, Prefecture

    county = County.objects.get(name="隆回县")
    city = Prefecture.objects.get(counties=county)
    month = f"{last_month():%Y-%m}"
    reports = [
        ("city report", "city", reverse("supervision:report_prefecture", args=[city.pk, "FMT"])),
        ("county report", "county", reverse("supervision:report_county", args=[county.pk, "FMT"])),
    ]
    results = []
    for what, login, address in reports:
        client = Client()
        client.force_login(User.objects.get(username=login))
        first, whole, size = _first_byte(client, address.replace("FMT", "csv") + f"?month={month}")
        results.append({"what": f"{what} CSV", "first": first, "whole": whole, "bytes": size})
        start = time.perf_counter()
        response = client.get(address.replace("FMT", "xlsx") + f"?month={month}&again=1")
        asked = time.perf_counter() - start
        if response.status_code != 302:
            results.append({"what": f"{what} XLSX", "status": response.status_code})
            continue
        asking = JobRequest.objects.get(pk=resolve(response.url).kwargs["pk"])
        _reset_peak_memory()
        before = _peak_memory()
        start = time.perf_counter()
        run_job(asking.job_id)
        built = time.perf_counter() - start
        grown = _peak_memory() - before
        first, whole, size = _first_byte(client, reverse("villages:job_file", args=[asking.pk]))
        results.append(
            {
                "what": f"{what} XLSX",
                "asked": asked,
                "built": built,
                "memory": grown,
                "first": first,
                "whole": whole,
                "bytes": size,
            }
        )
    return results


def last_month():
    import datetime

    from django.utils import timezone

    return (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


def _first_byte(client, address):
    """(seconds to the first byte, seconds to the last, bytes) of one download."""
    start = time.perf_counter()
    response = client.get(address)
    if response.status_code != 200:
        raise SystemExit(f"{address} answered {response.status_code}")
    chunks = iter(response.streaming_content) if response.streaming else iter([response.content])
    size = len(next(chunks, b""))
    first = time.perf_counter() - start
    size += sum(len(chunk) for chunk in chunks)
    return first, time.perf_counter() - start, size


def _reset_peak_memory():
    # Linux: writing 5 to clear_refs resets the process's peak resident size (VmHWM).
    Path("/proc/self/clear_refs").write_text("5")


def _peak_memory():
    """The process's peak resident size in bytes since the last reset (VmHWM)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0
