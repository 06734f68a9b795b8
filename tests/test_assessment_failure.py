"""A round under way whose computation raises (a record the reading cannot take, a bug):
the page says so at once, with when it is tried again, instead of "being worked out"
until the ask is taken for lost; it is asked again ``RETRY`` (10 minutes) after the
failure, not at every opening. The failure is the worker's: ``round_results`` is made
to raise there, as a bug in it would."""

import datetime

import pytest
from django.db.models import F
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from stations.models import AssessmentRound
from tests import test_assessment
from tests.jobs import run_worker
from tests.supervision_helpers import freeze, november  # noqa: F401
from visits.assessment import under_way

pytestmark = pytest.mark.django_db
world = test_assessment.world
FAILED = "读取台账计算失败"


@pytest.fixture(autouse=True)
def _december(monkeypatch):
    freeze(monkeypatch)


def _queued():
    return DBTaskResult.objects.filter(task_path__endswith="compute_round_task").count()


def _broken(assessment, today=None):
    raise ValueError("a record the reading cannot take")


def _back(assessment, minutes):
    """The ask and its failure, ``minutes`` earlier (the clock moved on)."""
    assessment.refresh_from_db()
    earlier = datetime.timedelta(minutes=minutes)
    AssessmentRound.objects.filter(pk=assessment.pk).update(
        compute_asked_at=assessment.compute_asked_at - earlier,
        compute_failed_at=assessment.compute_failed_at - earlier,
    )


def test_a_failed_computation_is_said_and_asked_again_ten_minutes_later(
    client, world, supervisor, monkeypatch
):
    assessment, *_rest = world
    url = assessment.get_absolute_url()
    client.force_login(supervisor)
    client.get(url)
    monkeypatch.setattr(under_way, "round_results", _broken)
    run_worker()
    assessment.refresh_from_db()
    assert assessment.compute_failed_at is not None and assessment.computed_at is None

    page = client.get(url)
    assert FAILED in page.text and "正在根据台账计算" not in page.text
    assert not page.context["computing"] and _queued() == 1
    retry = page.context["failed_at"] + datetime.timedelta(minutes=10)
    assert page.context["retry_at"] == retry
    assert timezone.localtime(retry).strftime("%H:%M") in page.text

    _back(assessment, 9)  # nine minutes on: still said, not asked again
    page = client.get(url)
    assert FAILED in page.text and _queued() == 1

    _back(assessment, 1)  # ten minutes on: asked again, once
    monkeypatch.undo()
    freeze(monkeypatch)
    for _ in range(2):
        page = client.get(url)
        assert page.context["computing"] and FAILED not in page.text
        assert (page.context["failed_at"], page.context["retry_at"]) == (None, None)
    assert _queued() == 2
    run_worker()
    page = client.get(url)
    assert page.context["results"]["station"] and FAILED not in page.text
    # The first task failed (its error is in the worker's log), the second did not.
    statuses = sorted(DBTaskResult.objects.values_list("status", flat=True))
    assert statuses == ["FAILED", "SUCCESSFUL"]
    failed = DBTaskResult.objects.get(status="FAILED")
    assert failed.exception_class_path == "builtins.ValueError"  # the reading's own error
    assert "a record the reading cannot take" in failed.traceback


def test_an_ask_from_a_page_read_before_the_failure_does_not_ask_again(
    client, world, supervisor, monkeypatch
):
    """The round was read by a page while the worker computed it; the computation raised
    meanwhile: that page's ask (from what it read) queues nothing more."""
    assessment, *_rest = world
    client.force_login(supervisor)
    client.get(assessment.get_absolute_url())
    read_before = AssessmentRound.objects.get(pk=assessment.pk)
    monkeypatch.setattr(under_way, "round_results", _broken)
    run_worker()
    under_way.ask(read_before)
    assert _queued() == 1


def test_a_failure_is_its_own_rounds_only(client, world, supervisor, monkeypatch):
    """Two rounds: the first read well, the second's reading raises; only the second's
    page says it failed."""
    assessment, *_rest = world
    other = AssessmentRound.objects.create(
        county=assessment.county, title="另一轮", start=assessment.start, end=assessment.end
    )
    client.force_login(supervisor)
    client.get(assessment.get_absolute_url())
    run_worker()
    client.get(other.get_absolute_url())
    monkeypatch.setattr(under_way, "round_results", _broken)
    run_worker()
    assert FAILED in client.get(other.get_absolute_url()).text
    page = client.get(assessment.get_absolute_url())
    assert FAILED not in page.text and page.context["failed_at"] is None


def test_a_failure_after_a_reading_keeps_the_reading_shown(client, world, supervisor, monkeypatch):
    """The round was read an hour ago; the new reading raises: the page still shows the
    hour-old rows, says when they were read and that reading them again failed."""
    assessment, *_rest = world
    url = assessment.get_absolute_url()
    client.force_login(supervisor)
    client.get(url)
    run_worker()
    hour = datetime.timedelta(hours=1)
    AssessmentRound.objects.filter(pk=assessment.pk).update(
        computed_at=F("computed_at") - hour, compute_asked_at=F("compute_asked_at") - hour
    )
    assert client.get(url).context["computing"] and _queued() == 2
    monkeypatch.setattr(under_way, "round_results", _broken)
    run_worker()
    page = client.get(url)
    assert FAILED in page.text and len(page.context["results"]["station"]) == 2
    assert page.context["failed_at"] is not None and not page.context["computing"]
