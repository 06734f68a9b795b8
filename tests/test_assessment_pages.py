"""The assessment rounds' pages as their users read them: the lists of rounds, the round's
form, the assessor's note and the workbook (the round of ``tests/test_assessment.py``,
and the city's of ``tests/test_assessment_city.py``)."""

import io

import openpyxl
import pytest
from django.urls import reverse

from stations.models import AssessmentNote, AssessmentRound
from tests import test_assessment, test_assessment_city
from tests.jobs import run_worker
from tests.supervision_helpers import freeze, november  # noqa: F401
from villages.models import AccessLog

pytestmark = pytest.mark.django_db
world = test_assessment.world
city = test_assessment_city.city


@pytest.fixture(autouse=True)
def _december(monkeypatch):
    freeze(monkeypatch)


def test_the_countys_rounds_list_its_own_and_the_citys_and_who_may_start_one(
    client, city, county, supervisor
):
    """隆回县's supervisor: 隆回县's round, the city's under its own heading, and the
    button to start one; the city's supervisor reads 洞口县's list (one of its two
    counties) without the button."""
    own = AssessmentRound.objects.get(county=county)
    client.force_login(supervisor)
    page = client.get(reverse("assessment:round_list", args=[county.pk]))
    assert [r.title for r in page.context["rounds"]] == [own.title]
    assert [r.title for r in page.context["city_rounds"]] == [city.round.title]
    assert own.get_absolute_url() in page.text and city.round.get_absolute_url() in page.text
    assert reverse("assessment:round_create", args=[county.pk]) in page.text
    assert "csrfmiddlewaretoken" in page.text  # drawn for the request: the log-out form

    dongkou = AssessmentRound.objects.create(
        county=city.dongkou, title="洞口县11月考核", start=own.start, end=own.end
    )
    client.force_login(city.supervisor)
    page = client.get(reverse("assessment:round_list", args=[city.dongkou.pk]))
    assert page.status_code == 200 and "洞口县" in page.context["county"].name
    assert [r.title for r in page.context["rounds"]] == [dongkou.title]
    assert dongkou.get_absolute_url() in page.text and own.title not in page.text
    assert reverse("assessment:round_create", args=[city.dongkou.pk]) not in page.text

    page = client.get(reverse("assessment:city_round_list", args=[city.prefecture.pk]))
    assert [r.title for r in page.context["rounds"]] == [city.round.title]
    assert reverse("assessment:city_round_create", args=[city.prefecture.pk]) in page.text
    assert "csrfmiddlewaretoken" in page.text


def test_the_round_form_names_the_round_and_saying_saved(client, world, supervisor):
    assessment, *_rest = world
    edit = reverse("assessment:round_edit", args=[assessment.pk])
    client.force_login(supervisor)
    form = client.get(edit)
    assert f"修改考核 · {assessment.title}" in form.text
    assert "csrfmiddlewaretoken" in form.text
    data = test_assessment._round_data(assessment, title="2026年11月考核（复核）", published=None)
    saved = client.post(edit, data, follow=True)
    assert "已保存考核2026年11月考核（复核）。" in saved.text


def test_the_note_form_edits_the_rounds_own_note_and_says_saved(
    client, world, supervisor, station_a
):
    """高石村's note in this round (80, 台账规范) is the one edited; its note in another
    round stays as it was."""
    assessment, *_rest = world
    other = AssessmentRound.objects.create(
        county=assessment.county, title="另一轮", start=assessment.start, end=assessment.end
    )
    AssessmentNote.objects.create(round=other, station=station_a, mark=50, note="另一轮的评语")
    client.force_login(supervisor)
    client.get(assessment.get_absolute_url())
    run_worker()
    url = reverse("assessment:note_edit", args=[assessment.pk, "station", station_a.pk])
    form = client.get(url)
    assert f"评语 · {station_a.name}" in form.text and assessment.title in form.text
    assert form.context["form"].initial["mark"] == 80 and "csrfmiddlewaretoken" in form.text
    saved = client.post(url, {"mark": 85, "note": "台账规范，整改及时"}, follow=True)
    assert f"已保存对{station_a.name}的评语。" in saved.text
    notes = AssessmentNote.objects.filter(station=station_a)
    kept = sorted(notes.values_list("mark", "note"))
    assert kept == [(50, "另一轮的评语"), (85, "台账规范，整改及时")]
    # And the other way: the other round's note is its own, not the first round's.
    client.get(other.get_absolute_url())
    run_worker()
    url = reverse("assessment:note_edit", args=[other.pk, "station", station_a.pk])
    assert client.get(url).context["form"].initial["mark"] == 50
    client.post(url, {"mark": 55, "note": "另一轮的评语"})
    kept = sorted(notes.values_list("mark", "note"))
    assert kept == [(55, "另一轮的评语"), (85, "台账规范，整改及时")]


def test_the_round_page_says_how_old_its_reading_may_grow(client, world, supervisor):
    assessment, *_rest = world
    client.force_login(supervisor)
    client.get(assessment.get_absolute_url())
    run_worker()
    assert "超过 10 分钟后" in client.get(assessment.get_absolute_url()).text


def test_the_workbook_carries_the_definitions_and_is_logged_as_the_rounds(
    client, world, supervisor
):
    assessment, *_rest = world
    client.force_login(supervisor)
    client.get(assessment.get_absolute_url())
    run_worker()
    response = client.get(reverse("assessment:round_export", args=[assessment.pk, "xlsx"]))
    body = b"".join(response.streaming_content) if response.streaming else response.content
    book = openpyxl.load_workbook(io.BytesIO(body))
    assert book.sheetnames == [assessment.title, "口径说明"]
    definitions = [row[0].value for row in book["口径说明"].iter_rows(min_row=2)]
    assert len(definitions) == 4
    entry = AccessLog.objects.filter(action=AccessLog.Action.EXPORT).get()
    assert (entry.username, entry.model) == (supervisor.username, "stations.assessmentround")


def test_each_round_under_way_shows_its_own_rows_only(client, world, supervisor):
    """Two rounds of the county, both read by the worker: each page ranks the county's two
    stations once, from its own rows."""
    assessment, *_rest = world
    other = AssessmentRound.objects.create(
        county=assessment.county, title="另一轮", start=assessment.start, end=assessment.end
    )
    client.force_login(supervisor)
    for each in (assessment, other):
        client.get(each.get_absolute_url())
    run_worker()
    for each in (assessment, other):
        page = client.get(each.get_absolute_url())
        assert len(page.context["results"]["station"]) == 2, each.title
        assert len(page.context["results"]["unit"]) == 2, each.title
