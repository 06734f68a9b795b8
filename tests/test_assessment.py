"""Assessment rounds (考核, issue 15): stations, sponsoring units and first secretaries
scored from what was recorded, what households said and the assessor's marks.

The round covers November 2026 (``tests.supervision_helpers``), weights 60 / 30 / 10,
the standard of two farmer friends a member (red line 50%). 高石村 (station_a) is
sponsored by 县农业农村局, which sent 罗书记 there as first secretary (one farmer
friend); 白水村 (station_a2) by 县水利局.

Recorded work (the scorecard's mean of the cells; November's materials were due on
5 December, "today" is the 15th: 高石村 submitted on the 3rd, 白水村 not at all):

- 高石村: duty 2/4, haves 6/7, logs 1/1, friends 3/6 (chief 2, member 0, 罗 1),
  materials 1/1: (0.5 + 6/7 + 1 + 0.5 + 1) / 5 = 0.771
- 白水村: duty 0/4, haves 7/7, logs 1/1, friends 1/2 (王明), materials 0/1:
  (0 + 1 + 1 + 0.5 + 0) / 5 = 0.5
- the units: their one station each, 0.771 and 0.5
- 罗书记: his own standards: friends 1/2 = 0.5 (days in a village and paired contacts owe
  nothing in one month)

What households say (ratings in November, 1 satisfied, ½ basically, 0 not):

- 罗书记: satisfied + basically = 1.5 / 2 = 0.75; the chief: not satisfied 0 / 1;
  王明: satisfied 1 / 1
- 高石村, everyone who served there in November (罗, chief, member, 王明 to the 15th):
  (1.5 + 0 + 1) / (2 + 1 + 1) = 2.5 / 4 = 0.625; 白水村 (王明 from the 16th): 1 / 1 = 1

The assessor marks 高石村 80 and notes 县农业农村局 without a mark. Totals:

- 高石村: (60 × 0.771 + 30 × 0.625 + 10 × 0.8) / 100 = 0.730 → rank 1
- 白水村: (60 × 0.5 + 30 × 1) / 90 = 0.667 → rank 2
- 县农业农村局: (60 × 0.771 + 30 × 0.625) / 90 = 0.723 → rank 1; 县水利局 0.667
- 罗书记: (60 × 0.5 + 30 × 0.75) / 90 = 0.583
"""

# Fixtures come from tests.supervision_helpers by import; their use as arguments redefines them.
# ruff: noqa: F811

import datetime
import io
import re
from types import SimpleNamespace

import openpyxl
import pytest
from django.urls import reverse

from cadres.models import Cadre, SponsoringUnit, User
from stations.models import (
    AnnualPlan,
    AssessmentNote,
    AssessmentResult,
    AssessmentRound,
    Assignment,
    PlanItem,
    PlanState,
    StationMonth,
    WorkStation,
)
from stations.models import Measure as PlanMeasure
from tests import factories as f
from tests.jobs import run_worker
from tests.supervision_helpers import AFTER, at, freeze, november  # noqa: F401
from villages.models import Standard, Township
from visits.assessment.frozen import freeze as freeze_results
from visits.assessment.materials import materials_measures
from visits.assessment.results import Result, rank, round_results
from visits.models import Rating
from visits.supervision.period import Period

pytestmark = pytest.mark.django_db

ALL_HAVES = {name: True for name, _label in WorkStation.SEVEN_HAVES}


@pytest.fixture(autouse=True)
def _december(monkeypatch):
    freeze(monkeypatch)


@pytest.fixture
def world(november, county, station_a, station_a2, chief_user):
    WorkStation.objects.update(**ALL_HAVES)
    WorkStation.objects.filter(pk=station_a.pk).update(has_suggestion_box=False)
    farming = SponsoringUnit.objects.create(county=county, name="县农业农村局")
    water = SponsoringUnit.objects.create(county=county, name="县水利局")
    WorkStation.objects.filter(pk=station_a.pk).update(sponsoring_unit=farming)
    WorkStation.objects.filter(pk=station_a2.pk).update(sponsoring_unit=water)
    luo = f.CadreFactory(
        township=station_a.village.township,
        name="罗书记",
        sponsoring_unit=farming,
        rank_class=Cadre.RankClass.ORDINARY,
    )
    f.AssignmentFactory(
        cadre=luo,
        station=station_a,
        role=Assignment.Role.FIRST_SECRETARY,
        start_date=datetime.date(2025, 1, 1),
    )
    for _ in range(2):
        f.FarmerFriendFactory(cadre=november.chief, village=station_a.village)
    f.FarmerFriendFactory(cadre=luo, village=station_a.village)
    f.FarmerFriendFactory(cadre=november.wang, village=station_a2.village)
    Standard.objects.create(county=county, farmer_friends_per_member=2)

    def rate(station, cadre, value, household):
        Rating.objects.create(
            station=station,
            cadre=cadre,
            household=household,
            value=value,
            rated_on=datetime.date(2026, 11, 20),
        )

    rate(station_a, luo, "satisfied", november.liu)
    rate(station_a, luo, "basically", november.zhang)
    rate(station_a, november.chief, "not_satisfied", november.li)
    rate(station_a2, november.wang, "satisfied", november.chen)
    assessment = AssessmentRound.objects.create(
        county=county,
        title="2026年11月考核",
        start=datetime.date(2026, 11, 1),
        end=datetime.date(2026, 11, 30),
    )
    AssessmentNote.objects.create(round=assessment, station=station_a, mark=80, note="台账规范")
    StationMonth.objects.create(
        station=station_a, year=2026, month=11, state="submitted", first_submitted_at=at(12, 3)
    )
    AssessmentNote.objects.create(round=assessment, unit=farming, note="整改及时")
    return assessment, farming, water, luo


def computed(client, assessment):
    """The round's page once the worker has computed the round under way: the first
    opening finds nothing computed and asks for it."""
    first = client.get(assessment.get_absolute_url())
    assert first.status_code == 200
    assert first.context["results"] is None and first.context["computing"]
    run_worker()
    return client.get(assessment.get_absolute_url())


def _login(client, user):
    client.force_login(user)
    return client


def _table(rows):
    return [(r.rank, r.name, r.records, r.households, r.mark, r.total) for r in rows]


# The figures, by hand --------------------------------------------------------------


def test_every_part_and_total_as_worked_by_hand(world, station_a, station_a2):
    assessment, farming, water, luo = world
    results = round_results(assessment, today=AFTER)
    approx = pytest.approx
    gaoshi = (0.5 + 6 / 7 + 1 + 0.5 + 1) / 5
    assert _table(results["station"]) == [
        (1, station_a.name, approx(gaoshi), approx(0.625), 80, approx(0.6 * gaoshi + 0.2675)),
        (2, station_a2.name, approx(0.5), approx(1.0), None, approx(0.6 / 0.9)),
    ]
    assert _table(results["unit"]) == [
        (
            1,
            "县农业农村局",
            approx(gaoshi),
            approx(0.625),
            None,
            approx((0.6 * gaoshi + 0.1875) / 0.9),
        ),
        (2, "县水利局", approx(0.5), approx(1.0), None, approx(0.6 / 0.9)),
    ]
    assert results["unit"][0].note == "整改及时"
    assert _table(results["cadre"]) == [
        (1, "罗书记", approx(0.5), approx(0.75), None, approx((30 + 22.5) / 90)),
    ]


def test_materials_on_time_count_the_months_whose_due_day_has_passed(
    world, county, station_a, station_a2
):
    stations = list(WorkStation.objects.select_related("village__township").order_by("pk"))
    found = materials_measures(
        period=Period(datetime.date(2026, 10, 15), datetime.date(2026, 12, 31)),
        stations=stations,
        today=AFTER,
    )
    # Whole months: November (due 5 December, passed) and December (not yet due); October
    # is cut by the period. 高石村 submitted November on the 3rd; 白水村 never.
    assert [(m.station, m.actual, m.expected) for m in found] == [
        (station_a, 1, 1),
        (station_a2, 0, 1),
    ]


def test_app_usage_is_never_scored_many_logins_and_no_work_score_nothing(world, station_a2, county):
    """国办函〔2026〕12号: a first secretary who logs in every day and does nothing has no
    part of a score for it, and a busy login changes no one's result."""
    assessment, farming, water, luo = world
    idle = f.CadreFactory(township=station_a2.village.township, name="闲书记")
    idle.user = f.UserFactory(username="idle", role=User.Role.CADRE)
    idle.save()
    f.AssignmentFactory(
        cadre=idle,
        station=station_a2,
        role=Assignment.Role.FIRST_SECRETARY,
        start_date=datetime.date(2025, 1, 1),
    )
    before = round_results(assessment, today=AFTER)
    for day in range(1, 31):
        idle.user.last_login = at(11, day)
        idle.user.save()
    after = round_results(assessment, today=AFTER)
    row = next(r for r in after["cadre"] if r.name == "闲书记")
    # Friends 0 / 2 is all that was due of him: nothing done, nothing gained by logging in.
    assert (row.records, row.households, row.total) == (0, None, 0)
    assert _table(after["cadre"]) == _table(before["cadre"])
    assert [r.total for r in after["station"]] == [r.total for r in before["station"]]


def test_a_subject_with_no_part_has_no_total_and_ranks_last(world, county):
    assessment, _farming, _water, _luo = world
    idle = SponsoringUnit.objects.create(county=county, name="县档案馆")
    results = round_results(assessment, today=AFTER)
    last = results["unit"][-1]
    assert (last.subject, last.records, last.households, last.total) == (idle, None, None, None)
    assert last.rank == 3


# Pages -----------------------------------------------------------------------------


def test_the_supervisor_runs_a_round_and_sees_it_ranked(client, world, supervisor, county):
    page = _login(client, supervisor).post(
        reverse("assessment:round_create", args=[county.pk]),
        {
            "title": "2026年度 考核",
            "start": "2026-01-01",
            "end": "2026-12-31",
            "weight_records": 60,
            "weight_households": 30,
            "weight_assessor": 10,
        },
    )
    made = AssessmentRound.objects.get(title="2026年度 考核")
    assert page.status_code == 302 and page.url == made.get_absolute_url()
    assert (made.county, made.created_by, made.published) == (county, supervisor, False)
    detail = computed(client, made)
    assert detail.status_code == 200
    assert "白水村" in detail.text
    assert "登录次数、在线时长和积分从不计入" in detail.text  # the rule, beside the total


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"title": ""}, "title", "请填写考核名称"),
        ({"start": "2026-12-01", "end": "2026-10-01"}, "__all__", "结束日期不能早于开始日期"),
        ({"end": "2028-01-01"}, "end", "时间段不能超过一年"),
        ({"weight_assessor": 20}, "__all__", "权重合计为110%"),
        ({"weight_records": 0, "weight_households": 0, "weight_assessor": 100}, "__all__", ""),
        ({"title": "2026年11月考核"}, "__all__", "本县已有同名考核"),
        ({"start": "2026-02-30"}, "start", ""),
        ({"weight_records": -5}, "weight_records", ""),
    ],
)
def test_bad_round_input_is_refused_and_nothing_changes(
    client, world, supervisor, county, change, field, message
):
    data = {
        "title": "年度考核",
        "start": "2026-01-01",
        "end": "2026-12-31",
        "weight_records": 60,
        "weight_households": 30,
        "weight_assessor": 10,
        **change,
    }
    before = list(AssessmentRound.objects.values_list("pk", "title", "end"))
    page = _login(client, supervisor).post(
        reverse("assessment:round_create", args=[county.pk]), data
    )
    assert page.status_code == 200
    assert field in page.context["form"].errors, page.context["form"].errors
    assert message in page.text
    assert list(AssessmentRound.objects.values_list("pk", "title", "end")) == before


def test_the_assessor_marks_and_notes_a_first_secretary(client, world, supervisor):
    assessment, _farming, _water, luo = world
    url = reverse("assessment:note_edit", args=[assessment.pk, "cadre", luo.pk])
    computed(_login(client, supervisor), assessment)
    bad = client.post(url, {"mark": 101, "note": "x"})
    assert bad.status_code == 200 and "mark" in bad.context["form"].errors
    assert not AssessmentNote.objects.filter(cadre=luo).exists()
    done = client.post(url, {"mark": 90, "note": "驻村天数足"})
    assert done.status_code == 302
    note = AssessmentNote.objects.get(cadre=luo)
    assert (note.mark, note.note, note.written_by) == (90, "驻村天数足", supervisor)
    # 罗书记 now: (60 × 0.5 + 30 × 0.75 + 10 × 0.9) / 100 = 0.615
    [row] = round_results(assessment, today=AFTER)["cadre"]
    assert row.total == pytest.approx(0.615)


def test_a_note_on_what_the_round_does_not_assess_is_not_found(
    client, world, supervisor, station_b, cadre_user
):
    assessment, _farming, _water, _luo = world
    computed(_login(client, supervisor), assessment)
    for kind, pk in (("cadre", cadre_user.cadre.pk), ("moon", 1), ("station", 999_999)):
        url = reverse("assessment:note_edit", args=[assessment.pk, kind, pk])
        assert client.get(url).status_code == 404, kind


def test_another_countys_round_is_not_found_and_the_city_reads_only(
    client, world, other_supervisor, county
):
    assessment, *_rest = world
    for name in ("assessment:round_detail", "assessment:round_edit"):
        url = reverse(name, args=[assessment.pk])
        assert _login(client, other_supervisor).get(url).status_code == 404
    county.prefecture = f.PrefectureFactory(name="邵阳市")
    county.save()
    city = f.UserFactory(username="city", role=User.Role.PREFECTURE, prefecture=county.prefecture)
    assert _login(client, city).get(assessment.get_absolute_url()).status_code == 200
    edit = reverse("assessment:round_edit", args=[assessment.pk])
    assert client.post(edit, {"title": "x"}).status_code == 403


def test_the_systems_superuser_runs_any_round(client, world):
    """The county's IT office (a superuser, no role): it may open and edit any round."""
    assessment, *_rest = world
    root = User.objects.create_superuser("root", password="x", role="")
    page = _login(client, root).get(assessment.get_absolute_url())
    edit = reverse("assessment:round_edit", args=[assessment.pk])
    assert page.status_code == 200 and page.context["may_run"] and edit in page.text
    assert client.get(edit).status_code == 200


def test_the_workbook_ranks_every_kind(client, world, supervisor, station_a, station_a2):
    assessment, *_rest = world
    computed(_login(client, supervisor), assessment)
    response = client.get(reverse("assessment:round_export", args=[assessment.pk, "xlsx"]))
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = openpyxl.load_workbook(io.BytesIO(body)).worksheets[0]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert [(r[0], r[1], r[2], r[6]) for r in rows] == [
        ("工作站", 1, station_a.name, 73.0),
        ("工作站", 2, station_a2.name, 66.7),
        ("派驻单位", 1, "县农业农村局", 72.3),
        ("派驻单位", 2, "县水利局", 66.7),
        ("第一书记", 1, "罗书记", 58.3),
    ]


def test_the_public_page_names_no_one_and_opens_only_when_published(client, world):
    assessment, *_rest = world
    url = assessment.get_public_url()
    assert client.get(url).status_code == 404
    AssessmentRound.objects.filter(pk=assessment.pk).update(published=True)
    page = client.get(url)
    assert page.status_code == 200
    assert "白水村" in page.text and "县水利局" in page.text
    for private in ("罗书记", "王明", "台账规范", "整改及时"):
        assert private not in page.text


def test_a_first_secretary_is_named_with_the_station_they_serve(
    client, world, supervisor, station_a
):
    """罗书记 serves at 高石村: the round's page names the station beside him, before and
    after publishing; the public page names neither."""
    assessment, *_rest = world
    results = round_results(assessment, today=AFTER)
    [secretary] = results["cadre"]
    assert (secretary.name, secretary.assessed_at_name) == ("罗书记", station_a.name)
    # A station or a unit is not assessed "at" anywhere: nothing beside its name.
    assert {r.assessed_at_name for r in results["station"] + results["unit"]} == {""}
    beside = f'罗书记 <span class="small muted">{station_a.name}</span>'
    assert beside in computed(_login(client, supervisor), assessment).text
    freeze_results(assessment, today=AFTER)
    AssessmentRound.objects.filter(pk=assessment.pk).update(published=True)
    assert beside in client.get(assessment.get_absolute_url()).text
    client.logout()
    assert "罗书记" not in client.get(assessment.get_public_url()).text


def test_spot_checks_count_both_ways_known_and_knowing(world, station_a):
    """罗书记's household drawn on 20 November: it knows his name and phone but was not
    visited (知名度 2 of 3); asked of it, he had its members and head right and its tags
    wrong (知民度 2 of 3). With his ratings (1.5 of 2): (2 + 2 + 1.5) / (3 + 3 + 2) = 5.5 / 8.
    高石村 pools everyone who served there: (5.5 + 0 + 1) / (8 + 1 + 1) = 6.5 / 10."""
    from tests.test_spotcheck_figures import _draw, _record

    assessment, _farming, _water, luo = world
    [answer] = _draw(luo, 1, at=at(11, 20))
    _record(answer, "phone", (True, True, False), (True, True, False), at=at(11, 20))
    results = round_results(assessment, today=AFTER)
    assert results["cadre"][0].households == pytest.approx(5.5 / 8)
    [gaoshi] = [r for r in results["station"] if r.subject == station_a]
    assert gaoshi.households == pytest.approx(6.5 / 10)


def test_a_total_of_nothing_ranks_below_any_other():
    """A subject whose every part is 0 has a total of 0: ranked below a total of 0.5 and
    above one with no total at all."""
    subjects = [SimpleNamespace(name=n, pk=k) for k, n in enumerate(("甲", "乙", "丙"))]
    results = [
        Result(kind="station", subject=subjects[0], total=0.0),
        Result(kind="station", subject=subjects[1], total=None),
        Result(kind="station", subject=subjects[2], total=0.5),
    ]
    assert [(r.rank, r.name) for r in rank(results)] == [(1, "丙"), (2, "甲"), (3, "乙")]


def test_a_countys_round_holds_its_own_stations_units_and_secretaries_only(
    world, county, station_a, station_a2, station_b
):
    """金石村 lies in another county, 洞口县, sponsored by 洞口县's unit, which sent its first
    secretary there: none of them is in this county's round. The county's archive office,
    sponsoring nothing, is in it (its own unit: ranked last, no score)."""
    assessment, *_rest = world
    other = f.CountyFactory(name="洞口县")
    Township.objects.filter(pk=station_b.village.township_id).update(county=other)
    theirs = SponsoringUnit.objects.create(county=other, name="洞口县交通局")
    WorkStation.objects.filter(pk=station_b.pk).update(sponsoring_unit=theirs)
    f.AssignmentFactory(
        cadre=f.CadreFactory(township=station_b.village.township, name="曾书记"),
        station=station_b,
        role=Assignment.Role.FIRST_SECRETARY,
    )
    SponsoringUnit.objects.create(county=county, name="县档案馆")
    results = round_results(assessment, today=AFTER)
    assert {r.name for r in results["station"]} == {station_a.name, station_a2.name}
    assert [r.name for r in results["unit"]][-1] == "县档案馆"
    assert {r.name for r in results["unit"]} == {"县农业农村局", "县水利局", "县档案馆"}
    assert results["unit"][-1].total is None
    assert [r.name for r in results["cadre"]] == ["罗书记"]


def test_first_secretaries_who_served_in_the_period_and_only_they(world, station_a2):
    """Sent to 白水村: 周书记 from 30 November, the round's last day (he served in it);
    吴书记 from 1 December (he did not); 郑书记 until 1 November, the round's first day
    (he served in it); 钱书记 until 31 October (he did not)."""
    assessment, *_rest = world
    day = datetime.date
    for name, start, end in (
        ("周书记", day(2026, 11, 30), None),
        ("吴书记", day(2026, 12, 1), None),
        ("郑书记", day(2026, 3, 1), day(2026, 11, 1)),
        ("钱书记", day(2026, 3, 1), day(2026, 10, 31)),
    ):
        f.AssignmentFactory(
            cadre=f.CadreFactory(township=station_a2.village.township, name=name),
            station=station_a2,
            role=Assignment.Role.FIRST_SECRETARY,
            start_date=start,
            end_date=end,
        )
    names = {r.name for r in round_results(assessment, today=AFTER)["cadre"]}
    assert names == {"罗书记", "周书记", "郑书记"}


def test_a_subject_without_the_assessors_note_has_none(world, station_a, station_a2):
    assessment, *_rest = world
    results = round_results(assessment, today=AFTER)
    notes = {r.name: (r.mark, r.note) for r in results["station"]}
    assert notes == {station_a.name: (80, "台账规范"), station_a2.name: (None, "")}


def test_a_round_read_before_its_period_has_no_records_part(world, station_a, station_a2):
    """Read on 31 October, November has not begun: nothing recorded is owed yet. Only
    高石村's November materials, already in (the fixture's), count: 1 of 1."""
    assessment, *_rest = world
    results = round_results(assessment, today=datetime.date(2026, 10, 31))
    records = {r.name: r.records for r in results["station"]}
    assert records == {station_a.name: 1.0, station_a2.name: None}


def _grow(county, township, size):
    """``size`` more stations, each sponsored by a new unit that sent its first secretary,
    with a rating and a note."""
    assessment = AssessmentRound.objects.get()
    for k in range(size):
        unit = SponsoringUnit.objects.create(county=county, name=f"局{k}-{size}")
        station = f.StationFactory(
            village=f.VillageFactory(township=township), sponsoring_unit=unit
        )
        cadre = f.CadreFactory(township=township, sponsoring_unit=unit)
        f.AssignmentFactory(cadre=cadre, station=station, role=Assignment.Role.FIRST_SECRETARY)
        household = f.HouseholdFactory(village=station.village)
        Rating.objects.create(
            station=station,
            cadre=cadre,
            household=household,
            value="satisfied",
            rated_on=datetime.date(2026, 11, 3),
        )
        f.VisitFactory(station=station, author=cadre, occurred_at=at(11, 4))
        AssessmentNote.objects.create(round=assessment, cadre=cadre, mark=70)


@pytest.mark.parametrize(
    ("name", "budget"), [("detail", 28), ("export", 29), ("public", 28), ("list", 6)]
)
def test_each_page_costs_the_same_queries_at_any_size(
    client, world, supervisor, county, township_a, name, budget, django_assert_max_num_queries
):
    assessment, *_rest = world
    AssessmentRound.objects.filter(pk=assessment.pk).update(published=True)
    url = {
        "detail": assessment.get_absolute_url(),
        "export": reverse("assessment:round_export", args=[assessment.pk, "xlsx"]),
        "public": assessment.get_public_url(),
        "list": reverse("assessment:round_list", args=[county.pk]),
    }[name]
    _login(client, supervisor)
    for size in (1, 15):
        _grow(county, township_a, size)
        with django_assert_max_num_queries(budget):
            response = client.get(url)
        assert response.status_code == 200


# A published result is frozen (通报/公示 do not change after publication) -----------


def _round_data(assessment, **change):
    data = {
        "title": assessment.title,
        "start": assessment.start.isoformat(),
        "end": assessment.end.isoformat(),
        "weight_records": assessment.weight_records,
        "weight_households": assessment.weight_households,
        "weight_assessor": assessment.weight_assessor,
        "published": "on",
        **change,
    }
    return {k: v for k, v in data.items() if v is not None}


def _publish(client, assessment, **change):
    edit = reverse("assessment:round_edit", args=[assessment.pk])
    return client.post(edit, _round_data(assessment, **change))


def _workbook(client, assessment):
    response = client.get(reverse("assessment:round_export", args=[assessment.pk, "xlsx"]))
    body = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = openpyxl.load_workbook(io.BytesIO(body)).worksheets[0]
    return [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]


def _results_tables(page):
    """The results tables of a page (the rest, e.g. the form's token, may differ)."""
    text = page.text
    return text[text.index('id="results-station"') : text.rindex("</table>")]


def test_a_published_result_stays_as_published_when_the_records_are_corrected(
    client, world, supervisor, station_a
):
    assessment, _farming, _water, luo = world
    assert _publish(_login(client, supervisor), assessment).status_code == 302
    assessment.refresh_from_db()
    assert assessment.published and assessment.frozen_at is not None
    public, inside, workbook = (
        client.get(assessment.get_public_url()),
        client.get(assessment.get_absolute_url()),
        _workbook(client, assessment),
    )
    assert "58.3%" in inside.text  # 罗书记 as worked by hand at the top of this file

    # A late correction: 罗 records his second farmer friend, a new rating comes in and
    # the assessor's note is changed in the database. Recomputed, 罗's recorded work is
    # 2/2 = 1.0 and his total (60 × 1.0 + 30 × 0.75) / 90 = 0.917.
    f.FarmerFriendFactory(cadre=luo, village=station_a.village)
    AssessmentNote.objects.filter(station=station_a).update(mark=10, note="改过")
    draft = round_results(assessment, today=AFTER)
    assert draft["cadre"][0].total == pytest.approx(0.917, abs=0.001)

    assert _results_tables(client.get(assessment.get_public_url())) == _results_tables(public)
    after = client.get(assessment.get_absolute_url())
    assert _results_tables(after) == _results_tables(inside)
    assert "58.3%" in after.text and "91.7%" not in after.text and "改过" not in after.text
    assert _workbook(client, assessment) == workbook
    assert "台账规范" in after.text  # the note as published


def _figures(page):
    """The results tables without the marking links, which a published round no longer has."""
    tables = _results_tables(page)
    tables = re.sub(r'<th><span class="visually-hidden">[^<]*</span></th>', "", tables)
    tables = re.sub(r"<td><a href=\"[^\"]*/notes/[^\"]*\">[^<]*</a></td>", "", tables)
    return " ".join(tables.split())


def test_publishing_shows_the_results_as_they_were_computed(client, world, supervisor):
    """The round's page and workbook read the same, cell by cell, before and after it is
    published (the stored rows hold every column the pages show)."""
    assessment, *_rest = world
    _login(client, supervisor)
    page = computed(client, assessment)
    assert "/notes/" in page.text  # marks may be given until it is published
    before = (_figures(page), _workbook(client, assessment))
    assert _publish(client, assessment).status_code == 302
    assessment.refresh_from_db()
    assert assessment.frozen.count() == 5
    page = client.get(assessment.get_absolute_url())
    assert "/notes/" not in _results_tables(page)
    after = (_figures(page), _workbook(client, assessment))
    assert after == before
    assert "58.3%" in after[0] and "台账规范" in after[0]
    assert '罗书记 <span class="small muted">高石村群众工作站</span>' in after[0]


def test_a_round_frozen_as_of_a_day_stores_that_days_results(world):
    """The demo freezes its round as of the seed's day: the stored rows are the results
    of that day (15 November: half the month's work due), not of the clock's."""
    assessment = world[0]
    mid = datetime.date(2026, 11, 15)
    as_of_mid = round_results(assessment, today=mid)
    assert _table(as_of_mid["station"]) != _table(round_results(assessment)["station"])
    freeze_results(assessment, today=mid)
    stored = list(assessment.frozen.order_by("position").values_list("name", "records", "total"))
    assert stored == [
        (r.name, r.records, r.total)
        for kind in ("station", "unit", "cadre")
        for r in as_of_mid[kind]
    ]


def test_publishing_or_withdrawing_one_round_leaves_anothers_as_stored(
    client, world, supervisor, station_a, county
):
    """Two rounds of the county, both published: withdrawing the second, then publishing it
    again after a correction, never touches the first's stored rows."""
    first, _farming, _water, luo = world
    second, third = (
        AssessmentRound.objects.create(
            county=county,
            title=title,
            start=datetime.date(2026, 11, 1),
            end=datetime.date(2026, 11, 30),
        )
        for title in ("2026年11月复核", "2026年11月抽查")
    )
    _login(client, supervisor)
    for assessment in (first, second):
        assert _publish(client, assessment).status_code == 302
    first.refresh_from_db()
    stored = list(first.frozen.order_by("position").values_list("name", "records", "total"))
    frozen_at = first.frozen_at
    assert len(stored) == 5 and frozen_at is not None
    done = _publish(client, second, published=None, withdraw_reason="复核更正")
    assert done.status_code == 302
    f.FarmerFriendFactory(cadre=luo, village=station_a.village)
    assert _publish(client, second).status_code == 302
    first.refresh_from_db()
    assert first.frozen_at == frozen_at
    assert list(first.frozen.order_by("position").values_list("name", "records", "total")) == stored
    page = client.get(first.get_absolute_url())
    assert "58.3%" in page.text and "91.7%" not in page.text
    assert "91.7%" in client.get(second.get_absolute_url()).text
    # A round never published stays unfrozen: it is computed from the records.
    third.refresh_from_db()
    assert third.frozen_at is None and not third.frozen.exists()


def test_withdrawing_a_published_result_needs_a_reason_and_republishing_recomputes(
    client, world, supervisor, station_a
):
    assessment, _farming, _water, luo = world
    _publish(_login(client, supervisor), assessment)
    frozen = list(assessment.frozen.values_list("name", "total"))
    assert len(frozen) == 5
    # The round's page leads its runner to the form that withdraws it.
    edit = reverse("assessment:round_edit", args=[assessment.pk])
    assert f'href="{edit}">撤回已公布的结果</a>' in client.get(assessment.get_absolute_url()).text

    # Unticking "published" without a reason: refused, the result stays published.
    page = _publish(client, assessment, published=None)
    assert page.status_code == 200
    assert "withdraw_reason" in page.context["form"].errors
    assert "请写明撤回已公布结果的原因" in page.text
    assessment.refresh_from_db()
    assert assessment.published and list(assessment.frozen.values_list("name", "total")) == frozen

    f.FarmerFriendFactory(cadre=luo, village=station_a.village)
    done = _publish(client, assessment, published=None, withdraw_reason="  台账更正：补录农民朋友 ")
    assert done.status_code == 302
    assessment.refresh_from_db()
    assert not assessment.published and assessment.frozen_at is None
    assert not assessment.frozen.exists()
    assert assessment.withdrawn_reason == "台账更正：补录农民朋友"
    assert client.get(assessment.get_public_url()).status_code == 404
    detail = computed(client, assessment)
    assert "91.7%" in detail.text  # the draft, recomputed: 罗书记 0.917
    assert "台账更正：补录农民朋友" in detail.text  # the reason, kept with the round

    assert _publish(client, assessment).status_code == 302
    assert assessment.frozen.get(kind="cadre").total == pytest.approx(0.917, abs=0.001)


@pytest.mark.parametrize(
    "change",
    [{"weight_records": 50, "weight_households": 40}, {"start": "2026-10-01"}],
)
def test_a_published_rounds_period_and_weights_stay_until_it_is_withdrawn(
    client, world, supervisor, change
):
    assessment, *_rest = world
    _publish(_login(client, supervisor), assessment)
    before = list(AssessmentRound.objects.values_list("start", "weight_records", "frozen_at"))
    page = _publish(client, assessment, **change)
    assert page.status_code == 200
    assert "结果已公布：请先说明原因撤回" in page.text
    assert list(AssessmentRound.objects.values_list("start", "weight_records", "frozen_at")) == (
        before
    )


def test_the_marks_of_a_published_round_wait_until_it_is_withdrawn(client, world, supervisor):
    assessment, _farming, _water, luo = world
    _publish(_login(client, supervisor), assessment)
    detail = client.get(assessment.get_absolute_url())
    assert "note_edit" not in detail.text and "/notes/" not in detail.text
    url = reverse("assessment:note_edit", args=[assessment.pk, "cadre", luo.pk])
    refused = client.post(url, {"mark": 90, "note": "x"}, follow=True)
    assert refused.status_code == 200
    assert "结果已公布" in refused.text
    assert not AssessmentNote.objects.filter(cadre=luo).exists()


def test_only_the_county_supervisor_publishes(client, world, other_supervisor, county):
    assessment, *_rest = world
    assert _publish(_login(client, other_supervisor), assessment).status_code == 404
    county.prefecture = f.PrefectureFactory(name="邵阳市")
    county.save()
    city = f.UserFactory(username="city", role=User.Role.PREFECTURE, prefecture=county.prefecture)
    assert _publish(_login(client, city), assessment).status_code == 403
    assessment.refresh_from_db()
    assert not assessment.published and not assessment.frozen.exists()


@pytest.mark.parametrize(("name", "budget"), [("detail", 12), ("export", 12), ("public", 10)])
def test_a_published_results_pages_cost_the_same_queries_at_any_size(
    client, world, supervisor, county, township_a, name, budget, django_assert_max_num_queries
):
    assessment, *_rest = world
    AssessmentRound.objects.filter(pk=assessment.pk).update(published=True)
    url = {
        "detail": assessment.get_absolute_url(),
        "export": reverse("assessment:round_export", args=[assessment.pk, "xlsx"]),
        "public": assessment.get_public_url(),
    }[name]
    _login(client, supervisor)
    for size in (1, 15):
        _grow(county, township_a, size)
        freeze_results(AssessmentRound.objects.get(), today=AFTER)
        assert AssessmentResult.objects.filter(round=assessment).count() > 2 * size
        with django_assert_max_num_queries(budget):
            response = client.get(url)
        assert response.status_code == 200


# The annual plan counts ------------------------------------------------------------


def test_the_approved_annual_plan_is_one_more_standard_of_the_recorded_work(
    client, world, supervisor, station_a, station_a2
):
    """高石村's approved 2026 plan, counted as of the round's last day, 30 November:
    elapsed = 334 days of 365. Visits, target 1: due ⌊1 × 334 / 365⌋ = 0, on track (or
    done); night visits, target 1: the same; money raised, target 1 000 000 yuan: due
    ⌊1 000 000 × 334 / 365⌋ = 915 068, none raised, behind. Kept: 2 of 3 items.

    - 高石村: (0.5 + 6/7 + 1 + 0.5 + 1 + 2/3) / 6 = 4.524 / 6 = 0.754 (six standards
      now); total (60 × 0.754 + 30 × 0.625 + 10 × 0.8) / 100 = 0.720
    - 县农业农村局 (its one station): 0.754
    - 罗书记, first secretary there: (friends 0.5 + plan 2/3) / 2 = 0.583... his records;
      total (60 × 0.5833 + 30 × 0.75) / 90 = 0.639
    - 白水村's plan is a draft, not approved: it owes nothing, still 0.5.
    """
    assessment, farming, _water, luo = world
    plan = AnnualPlan.objects.create(station=station_a, year=2026, state=PlanState.APPROVED)
    for measure, target in (
        (PlanMeasure.VISITS, 1),
        (PlanMeasure.NIGHT_VISITS, 1),
        (PlanMeasure.MONEY_RAISED, 1_000_000),
    ):
        PlanItem.objects.create(plan=plan, measure=measure, target=target)
    draft = AnnualPlan.objects.create(station=station_a2, year=2026)
    PlanItem.objects.create(plan=draft, measure=PlanMeasure.MONEY_RAISED, target=1_000_000)

    results = round_results(assessment, today=AFTER)
    gaoshi, baishui = results["station"]
    assert (gaoshi.name, gaoshi.rank) == (station_a.name, 1)
    assert gaoshi.records == pytest.approx((0.5 + 6 / 7 + 1 + 0.5 + 1 + 2 / 3) / 6)
    assert (gaoshi.households, gaoshi.mark) == (0.625, 80), (gaoshi.households, gaoshi.mark)
    assert gaoshi.total == pytest.approx(0.720, abs=0.001)
    assert baishui.records == pytest.approx(0.5)
    assert results["unit"][0].records == pytest.approx(gaoshi.records)
    [secretary] = results["cadre"]
    assert secretary.subject == luo
    assert secretary.records == pytest.approx((0.5 + 2 / 3) / 2)
    assert secretary.total == pytest.approx(0.639, abs=0.001)

    # The definition says so beside the figure.
    page = computed(_login(client, supervisor), assessment)
    assert "经批准的年度工作计划" in page.text and "72.0%" in page.text
