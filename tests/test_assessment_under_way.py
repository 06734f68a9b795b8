"""A round under way is computed by the worker, not on its page (``visits.assessment.
under_way``): the page asks once, shows the worker's rows with the moment they were read,
asks again when they are old, and counts the assessor's marks, notes and weights at once.
The rows shown are compared, subject by subject, with the results read from the records."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from stations.models import AssessmentNote, AssessmentResult, AssessmentRound
from tests import factories as f
from tests import test_assessment
from tests.jobs import run_worker
from tests.supervision_helpers import AFTER, freeze, november  # noqa: F401
from villages.models import Standard
from visits.assessment import under_way
from visits.assessment.results import KINDS, round_results
from visits.assessment.under_way import compute_round_task
from visits.views import assessment as assessment_views

pytestmark = pytest.mark.django_db
# The round of tests/test_assessment.py, worked out there by hand.
world = test_assessment.world
_round_data = test_assessment._round_data


@pytest.fixture(autouse=True)
def _december(monkeypatch):
    freeze(monkeypatch)


def _shown(page):
    return {
        kind: [(r.subject_id, r.records, r.households, r.mark, r.total, r.rank) for r in rows]
        for kind, rows in page.context["results"].items()
    }


def _from_records(assessment):
    results = round_results(assessment, today=AFTER)
    return {
        kind: [(r.subject_id, r.records, r.households, r.mark, r.total, r.rank) for r in rows]
        for kind, rows in results.items()
    }


def _queued():
    return DBTaskResult.objects.filter(task_path__endswith="compute_round_task").count()


def test_the_page_asks_the_worker_once_and_shows_its_rows_as_of_their_reading(
    client, world, supervisor
):
    assessment, *_rest = world
    client.force_login(supervisor)
    first = client.get(assessment.get_absolute_url())
    assert first.context["results"] is None and first.context["computing"]
    assert "正在根据台账计算考核结果" in first.text
    assert 'id="results-station"' not in first.text
    # A second reader before the worker answers queues nothing more.
    again = client.get(assessment.get_absolute_url())
    assert again.context["computing"] and _queued() == 1

    run_worker()
    assessment.refresh_from_db()
    assert assessment.computed_at == timezone.now()
    page = client.get(assessment.get_absolute_url())
    assert not page.context["computing"] and _queued() == 1
    assert _shown(page) == _from_records(assessment)
    assert f"按 {AFTER:%Y-%m-%d} 12:00 的台账计算" in page.text
    assert [r.name for r in page.context["results"]["cadre"]] == ["罗书记"]


def test_marks_notes_and_weights_count_at_once_over_the_stored_parts(
    client, world, supervisor, station_a2
):
    assessment, *_rest = world
    client.force_login(supervisor)
    client.get(assessment.get_absolute_url())
    run_worker()
    note = reverse("assessment:note_edit", args=[assessment.pk, "station", station_a2.pk])
    assert client.post(note, {"mark": 100, "note": "夜访扎实"}).status_code == 302
    page = client.get(assessment.get_absolute_url())
    assert _shown(page) == _from_records(assessment)
    notes = {r.subject_id: r.note for r in page.context["results"]["station"]}
    assert notes[station_a2.pk] == "夜访扎实"

    edit = reverse("assessment:round_edit", args=[assessment.pk])
    weights = {"weight_records": 20, "weight_households": 20, "weight_assessor": 60}
    assert client.post(edit, _round_data(assessment, published=None, **weights)).status_code == 302
    assessment.refresh_from_db()
    assert assessment.computed_at is not None  # the weights need no new reading
    page = client.get(assessment.get_absolute_url())
    assert not page.context["computing"] and _queued() == 1
    assert _shown(page) == _from_records(assessment)


def test_old_rows_are_shown_while_the_worker_reads_the_records_again(
    client, world, supervisor, county
):
    assessment, *_rest = world
    client.force_login(supervisor)
    client.get(assessment.get_absolute_url())
    run_worker()
    before = _from_records(assessment)
    # A county raises its standard after the reading: the page shows the old reading...
    Standard.objects.filter(county=county).update(farmer_friends_per_member=5)
    assert _from_records(assessment) != before
    page = client.get(assessment.get_absolute_url())
    assert _shown(page) == before and not page.context["computing"]

    # A reading five, or ten, minutes old is fresh: nothing is asked.
    for minutes in (5, 10):
        read = timezone.now() - datetime.timedelta(minutes=minutes)
        AssessmentRound.objects.filter(pk=assessment.pk).update(
            computed_at=read, compute_asked_at=read
        )
        assert not client.get(assessment.get_absolute_url()).context["computing"]
        assert _queued() == 1
    # ...until the reading is older than FRESH_MINUTES: asked again, the old rows
    # shown meanwhile, and the new ones after the worker.
    read = timezone.now() - datetime.timedelta(minutes=11)
    AssessmentRound.objects.filter(pk=assessment.pk).update(computed_at=read, compute_asked_at=read)
    page = client.get(assessment.get_absolute_url())
    assert page.context["computing"] and _shown(page) == before and _queued() == 2
    assert "正在重新读取" in page.text
    assert client.get(assessment.get_absolute_url()).context["computing"] and _queued() == 2
    run_worker()
    page = client.get(assessment.get_absolute_url())
    assert _shown(page) == _from_records(assessment) != before


def test_an_ask_the_worker_lost_is_asked_again(client, world, supervisor):
    assessment, *_rest = world
    client.force_login(supervisor)
    client.get(assessment.get_absolute_url())
    assert _queued() == 1
    DBTaskResult.objects.all().delete()  # the worker lost it (its machine restarted)
    assert client.get(assessment.get_absolute_url()).context["computing"] and _queued() == 0
    # Thirty minutes is still waiting; after them, it is lost.
    waiting = timezone.now() - datetime.timedelta(minutes=30)
    AssessmentRound.objects.filter(pk=assessment.pk).update(compute_asked_at=waiting)
    assert client.get(assessment.get_absolute_url()).context["computing"] and _queued() == 0
    lost = timezone.now() - datetime.timedelta(minutes=31)
    AssessmentRound.objects.filter(pk=assessment.pk).update(compute_asked_at=lost)
    client.get(assessment.get_absolute_url())
    assert _queued() == 1


def test_a_changed_period_drops_what_was_computed(client, world, supervisor):
    assessment, *_rest = world
    client.force_login(supervisor)
    client.get(assessment.get_absolute_url())
    run_worker()
    assert AssessmentResult.objects.filter(round=assessment).exists()
    edit = reverse("assessment:round_edit", args=[assessment.pk])
    changed = _round_data(assessment, published=None, start="2026-11-15")
    assert client.post(edit, changed).status_code == 302
    assessment.refresh_from_db()
    assert assessment.computed_at is None
    assert not AssessmentResult.objects.filter(round=assessment).exists()
    page = client.get(assessment.get_absolute_url())
    assert page.context["results"] is None and page.context["computing"]
    run_worker()
    assert _shown(client.get(assessment.get_absolute_url())) == _from_records(assessment)


def test_the_worker_leaves_a_round_published_since_it_was_asked(client, world, supervisor):
    """Published between the ask and the worker: the published rows stay as published."""
    assessment, *_rest = world
    client.force_login(supervisor)
    client.get(assessment.get_absolute_url())
    edit = reverse("assessment:round_edit", args=[assessment.pk])
    assert client.post(edit, _round_data(assessment)).status_code == 302
    published = list(AssessmentResult.objects.filter(round=assessment).values())
    Standard.objects.update(farmer_friends_per_member=5)
    run_worker()
    compute_round_task.call(assessment.pk)
    assessment.refresh_from_db()
    assert assessment.published and assessment.computed_at is None
    assert list(AssessmentResult.objects.filter(round=assessment).values()) == published


def test_the_page_of_a_round_under_way_costs_the_same_at_two_sizes(
    client, world, supervisor, township_a
):
    assessment, *_rest = world
    client.force_login(supervisor)

    def cost():
        AssessmentRound.objects.filter(pk=assessment.pk).update(
            computed_at=None, compute_asked_at=None
        )
        client.get(assessment.get_absolute_url())
        run_worker()
        client.get(assessment.get_absolute_url())  # the session and the caches, once
        with CaptureQueriesContext(connection) as queries:
            page = client.get(assessment.get_absolute_url())
        assert not page.context["computing"]
        return len(queries), sum(len(page.context["results"][k]) for k in KINDS)

    small, shown = cost()
    for k in range(3):
        f.StationFactory(village=f.VillageFactory(township=township_a, name=f"新村{k}"))
    large, shown_more = cost()
    assert shown_more == shown + 3
    assert large == small


def test_the_note_form_and_the_workbook_wait_for_the_workers_first_reading(
    client, world, supervisor, station_a2
):
    """Before the worker's first reading, neither reads the records in the request (14 s
    for a city's round): both send the assessor to the round's page with a word, one ask
    queued and no note written; after the reading, both work."""
    assessment, *_rest = world
    client.force_login(supervisor)
    note = reverse("assessment:note_edit", args=[assessment.pk, "station", station_a2.pk])
    export = reverse("assessment:round_export", args=[assessment.pk, "xlsx"])
    asked = client.get(export)  # asks the worker itself: the page may not be opened
    assert asked.status_code == 302 and _queued() == 1
    for url in (note, export):
        response = client.get(url, follow=True)
        assert response.redirect_chain == [(assessment.get_absolute_url(), 302)]
        assert "正在根据台账计算考核结果，请一分钟后再试。" in response.text
    posted = client.post(note, {"mark": 60, "note": "台账齐全"})
    assert posted.status_code == 302
    assert not AssessmentNote.objects.filter(station=station_a2).exists()
    assert _queued() == 1
    run_worker()
    assert client.get(note).status_code == 200
    assert client.post(note, {"mark": 60, "note": "台账齐全"}).status_code == 302
    assert AssessmentNote.objects.get(station=station_a2).mark == 60
    workbook = client.get(export)
    assert workbook.status_code == 200 and workbook["Content-Type"].startswith(
        "application/vnd.openxmlformats"
    )


def test_a_long_ranking_shows_its_best_and_the_whole_list_a_page_at_a_time(
    client, world, supervisor, township_a, monkeypatch
):
    """A city's round ranks thousands of stations: the page shows the best of each kind
    and lists a kind whole, a page at a time (here 2 and 2 for 3 stations)."""
    monkeypatch.setattr(assessment_views, "SHOWN", 2)
    monkeypatch.setattr(assessment_views, "LISTED_PER_PAGE", 2)
    assessment, *_rest = world
    f.StationFactory(village=f.VillageFactory(township=township_a, name="新村"))
    client.force_login(supervisor)
    client.get(assessment.get_absolute_url())
    run_worker()
    ranked = [(r.rank, r.name) for r in round_results(assessment, today=AFTER)["station"]]
    assert len(ranked) == 3

    page = client.get(assessment.get_absolute_url())
    tables = {t["kind"]: t for t in page.context["tables"]}
    assert [(r.rank, r.name) for r in tables["station"]["rows"]] == ranked[:2]
    assert len(tables["unit"]["rows"]) == 2 and len(tables["cadre"]["rows"]) == 1
    assert "共 3 个，此处列出排名前 2 的" in page.text and "?list=station" in page.text
    assert "?list=unit" not in page.text  # both units are shown

    first = client.get(assessment.get_absolute_url(), {"list": "station"})
    assert [t["kind"] for t in first.context["tables"]] == ["station"]
    assert [(r.rank, r.name) for r in first.context["tables"][0]["rows"]] == ranked[:2]
    assert "page=2" in first.text and 'id="results-unit"' not in first.text
    second = client.get(assessment.get_absolute_url(), {"list": "station", "page": 2})
    assert [(r.rank, r.name) for r in second.context["tables"][0]["rows"]] == ranked[2:]
    # Another kind's name or none: the best of each, as without it.
    other = client.get(assessment.get_absolute_url(), {"list": "everyone", "page": "x"})
    assert [t["kind"] for t in other.context["tables"]] == ["station", "unit", "cadre"]


def test_each_round_is_asked_computed_and_dropped_on_its_own(client, world, supervisor, county):
    """Two rounds of the county: opening one asks for that one; the worker stores its rows
    only; a new period of one drops its rows only."""
    november_round, *_rest = world
    december = AssessmentRound.objects.create(
        county=county,
        title="2026年12月考核",
        start=datetime.date(2026, 12, 1),
        end=datetime.date(2026, 12, 15),
    )
    client.force_login(supervisor)
    client.get(november_round.get_absolute_url())
    december.refresh_from_db()
    assert december.compute_asked_at is None
    run_worker()
    december.refresh_from_db()
    assert december.computed_at is None
    assert not AssessmentResult.objects.filter(round=december).exists()
    assert AssessmentResult.objects.filter(round=november_round).exists()

    client.get(december.get_absolute_url())
    run_worker()

    def rows_of_december():
        return list(AssessmentResult.objects.filter(round=december).values_list("pk", flat=True))

    kept = rows_of_december()
    assert kept
    december.refresh_from_db()
    read = december.computed_at
    edit = reverse("assessment:round_edit", args=[november_round.pk])
    changed = _round_data(november_round, published=None, start="2026-11-15")
    assert client.post(edit, changed).status_code == 302
    assert not AssessmentResult.objects.filter(round=november_round).exists()
    assert rows_of_december() == kept
    december.refresh_from_db()
    assert december.computed_at == read


def test_a_page_that_read_the_round_before_it_was_published_asks_nothing(world):
    """Published by another supervisor between this page's read and its ask."""
    assessment, *_rest = world
    AssessmentRound.objects.filter(pk=assessment.pk).update(published=True)
    assert under_way.ask(assessment) is True  # this page still takes it for under way
    assessment.refresh_from_db()
    assert assessment.compute_asked_at is None and _queued() == 0


@pytest.mark.parametrize("change", ["published", "period"])
def test_rows_read_while_the_round_was_published_or_its_period_changed_are_dropped(
    client, world, supervisor, monkeypatch, change
):
    assessment, *_rest = world
    client.force_login(supervisor)
    client.get(assessment.get_absolute_url())
    reading = under_way.round_results

    def read_while_it_changes(round_, **kwargs):
        results = reading(round_, **kwargs)
        if change == "published":
            AssessmentRound.objects.filter(pk=round_.pk).update(published=True)
        else:
            AssessmentRound.objects.filter(pk=round_.pk).update(start=datetime.date(2026, 11, 15))
        return results

    monkeypatch.setattr(under_way, "round_results", read_while_it_changes)
    run_worker()
    assessment.refresh_from_db()
    assert assessment.computed_at is None
    assert not AssessmentResult.objects.filter(round=assessment).exists()


def test_publishing_a_computed_round_then_withdrawing_it_asks_anew(client, world, supervisor):
    """The published rows are not a reading under way; withdrawn (also when it was marked
    published by hand, without frozen rows), the round is worked out again at once."""
    assessment, *_rest = world
    client.force_login(supervisor)
    client.get(assessment.get_absolute_url())
    run_worker()
    edit = reverse("assessment:round_edit", args=[assessment.pk])
    assert client.post(edit, _round_data(assessment)).status_code == 302
    assessment.refresh_from_db()
    assert assessment.frozen_at is not None and assessment.computed_at is None

    withdraw = _round_data(assessment, published=None, withdraw_reason="台账更正")
    assert client.post(edit, withdraw).status_code == 302
    page = client.get(assessment.get_absolute_url())
    assert page.context["results"] is None and page.context["computing"] and _queued() == 2
    run_worker()

    # Marked published by hand over a reading: withdrawn, it is not shown as read.
    AssessmentRound.objects.filter(pk=assessment.pk).update(published=True)
    assessment.refresh_from_db()
    assert assessment.computed_at is not None and assessment.frozen_at is None
    assert client.post(edit, withdraw).status_code == 302
    page = client.get(assessment.get_absolute_url())
    assert page.context["results"] is None and page.context["computing"] and _queued() == 3


def test_opening_a_published_round_writes_nothing(client, world, supervisor):
    assessment, *_rest = world
    client.force_login(supervisor)
    edit = reverse("assessment:round_edit", args=[assessment.pk])
    assert client.post(edit, _round_data(assessment)).status_code == 302
    client.get(assessment.get_absolute_url())  # the session and the caches, once
    with CaptureQueriesContext(connection) as queries:
        page = client.get(assessment.get_absolute_url())
    assert not page.context["computing"] and page.context["results"]["station"]
    writes = [q["sql"] for q in queries if q["sql"].startswith(("UPDATE", "INSERT"))]
    assert [w for w in writes if "assessment" in w or "task" in w] == []
    assessment.refresh_from_db()
    assert assessment.compute_asked_at is None and _queued() == 0
