"""Sponsoring units (派驻单位, issue 15): the register, a unit's page and the ranking.

The hand-built November of ``tests.supervision_helpers`` and the standard of
``tests.test_supervision_ranking`` (two farmer friends a member, red line 50%), with
高石村 (station_a) sponsored by 县农业农村局 and 白水村 (station_a2) by 县水利局:

==========  ==================  ==============================================
station     score               cells (done / due)
==========  ==================  ==============================================
高石村      (0.5+6/7+1+0.5)/4   duty 2/4, haves 6/7, logs 1/1, friends 2/4
            = 0.714
白水村      (0+1+1+0.5)/4       duty 0/4, haves 7/7, logs 1/1, friends 1/2
            = 0.625
==========  ==================  ==============================================

县水利局 ranks 1 (furthest behind, 0.625), 县农业农村局 2 (0.714). A unit sponsoring
both stations sums the cells before sharing: duty 2/8, haves 13/14, logs 2/2, friends
3/6: (0.25 + 0.929 + 1 + 0.5) / 4 = 0.670.

Concerns: 高石村 raised two in November (one solved on the spot, one escalated),
白水村 none.
"""

# Fixtures come from tests.supervision_helpers by import; their use as arguments redefines them.
# ruff: noqa: F811

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cadres.models import SponsoringUnit, User
from stations.models import Assignment, WorkStation
from tests import factories as f
from tests.concern_helpers import raise_concern
from tests.supervision_helpers import AFTER, NOVEMBER, at, freeze, november  # noqa: F401
from villages.models import Standard
from visits.models import Concern
from visits.supervision.measures import KINDS
from visits.units.figures import unit_page, unit_ranking

pytestmark = pytest.mark.django_db

ALL_HAVES = {name: True for name, _label in WorkStation.SEVEN_HAVES}
NOV = {"month": "2026-11"}
COUNTY_LEVEL = SponsoringUnit.Level.COUNTY


@pytest.fixture(autouse=True)
def _december(monkeypatch):
    freeze(monkeypatch)


@pytest.fixture
def city(county):
    county.prefecture = f.PrefectureFactory(name="邵阳市")
    county.save()
    return county.prefecture


@pytest.fixture
def units(county, city, station_a, station_a2):
    farming = SponsoringUnit.objects.create(
        county=county, name="县农业农村局", contact_name="罗建军", contact_phone="13807391234"
    )
    water = SponsoringUnit.objects.create(county=county, name="县水利局")
    WorkStation.objects.filter(pk=station_a.pk).update(sponsoring_unit=farming)
    WorkStation.objects.filter(pk=station_a2.pk).update(sponsoring_unit=water)
    return farming, water


@pytest.fixture
def ranked(november, county, station_a, station_a2, units):
    WorkStation.objects.update(**ALL_HAVES)
    WorkStation.objects.filter(pk=station_a.pk).update(has_suggestion_box=False)
    for _ in range(2):
        f.FarmerFriendFactory(cadre=november.chief, village=station_a.village)
    f.FarmerFriendFactory(cadre=november.wang, village=station_a2.village)
    return Standard.objects.create(county=county, farmer_friends_per_member=2)


@pytest.fixture
def city_supervisor(city):
    return f.UserFactory(username="city", role=User.Role.PREFECTURE, prefecture=city)


def _login(client, user):
    client.force_login(user)
    return client


# The figures, by hand --------------------------------------------------------------


def test_units_rank_by_their_stations_furthest_behind_first(ranked, units, supervisor):
    farming, water = units
    with CaptureQueriesContext(connection) as queries:
        rows = unit_ranking(
            SponsoringUnit.objects.all(),
            user=supervisor,
            period=NOVEMBER,
            standard=ranked,
            today=AFTER,
        )
    # A scorecard of units adds up what the members did, and reads none by name.
    assert not [q for q in queries if '"cadres_cadre"."name"' in q["sql"]]
    assert [(r.rank, r.place) for r in rows] == [(1, water), (2, farming)]
    assert rows[0].score == pytest.approx(0.625)
    assert rows[1].score == pytest.approx(5 / 7)
    # Each sponsors one station; 王明 and the chief were sent by nobody.
    assert [(r.stations, r.sent) for r in rows] == [(1, 0), (1, 0)]


def test_a_unit_of_two_stations_sums_the_cells_before_sharing(
    ranked, units, supervisor, station_a2
):
    farming, water = units
    WorkStation.objects.filter(pk=station_a2.pk).update(sponsoring_unit=farming)
    rows = unit_ranking(
        SponsoringUnit.objects.all(),
        user=supervisor,
        period=NOVEMBER,
        standard=ranked,
        today=AFTER,
    )
    assert [(r.rank, r.place, r.stations) for r in rows] == [(1, farming, 2), (2, water, 0)]
    # (2/8 + 13/14 + 2/2 + 3/6) / 4
    assert rows[0].score == pytest.approx((0.25 + 13 / 14 + 1 + 0.5) / 4)
    cells = {kind: (c.done, c.due) for kind, c in rows[0].cells.items()}
    assert cells == {
        "duty_days": (2, 8),
        "seven_haves": (13, 14),
        "logs_missing": (2, 2),
        "farmer_friends": (3, 6),
    }
    assert rows[1].score is None  # sponsors nothing: ranked last, no score


def test_the_unit_page_scores_its_stations_and_counts_their_concerns(
    ranked, units, supervisor, chief_user, station_a, november
):
    farming, _water = units
    raise_concern(chief_user, station_a, "solve_on_spot", now=at(11, 5))
    raise_concern(chief_user, station_a, now=at(11, 6))
    november.wang.sponsoring_unit = farming
    november.wang.save()
    with CaptureQueriesContext(connection) as queries:
        page = unit_page(farming, period=NOVEMBER, user=supervisor, today=AFTER)
    # Its cadres sent are read by name once, for their list; the scores read none.
    assert len([q for q in queries if '"cadres_cadre"."name"' in q["sql"]]) == 1
    [row] = page["rows"]
    assert row.place == station_a and row.score == pytest.approx(5 / 7)
    assert page["overall"].score == pytest.approx(5 / 7)
    assert (row.concerns["raised"], row.concerns["solved_on_spot"]) == (2, 1)
    assert page["concerns"]["raised"] == 2
    # 王明 serves at 白水村 now (not the unit's station): he is listed where he serves.
    assert [(a.cadre, a.station) for a in page["sent"]] == [(november.wang, november_a2(november))]


def november_a2(november):
    return Assignment.objects.get(cadre=november.wang, end_date__isnull=True).station


def test_no_score_for_app_usage_a_cadre_who_logs_in_often_and_does_nothing(
    county, units, station_a, supervisor
):
    """国办函〔2026〕12号: log-ins, online time and points are never scored. A member
    with a thousand log-ins and no work scores what no work scores."""
    farming, _water = units
    busy = f.UserFactory(username="busy", role=User.Role.CADRE)
    cadre = f.CadreFactory(township=station_a.village.township, user=busy, sponsoring_unit=farming)
    f.AssignmentFactory(cadre=cadre, station=station_a, start_date=datetime.date(2025, 1, 1))
    busy.last_login = at(11, 30)
    busy.save()
    standard = Standard.objects.create(county=county, farmer_friends_per_member=2)
    before = unit_ranking(
        SponsoringUnit.objects.all(),
        user=supervisor,
        period=NOVEMBER,
        standard=standard,
        today=AFTER,
    )
    for day in range(1, 31):
        busy.last_login = at(11, day)
        busy.save()
    after = unit_ranking(
        SponsoringUnit.objects.all(),
        user=supervisor,
        period=NOVEMBER,
        standard=standard,
        today=AFTER,
    )
    assert [(r.place, r.score) for r in after] == [(r.place, r.score) for r in before]
    farming_row = next(r for r in after if r.place == farming)
    # Nothing recorded: no duty day held, no log, no friend: every cell done is 0.
    assert all(c.done == 0 for c in farming_row.cells.values())
    # What is scored is the standards' kinds, all recorded work: none counts use of the app.
    assert set(farming_row.cells) <= set(KINDS)
    assert not {"logins", "online_time", "points"} & set(KINDS)


# Scoping ---------------------------------------------------------------------------


def test_who_sees_which_units(county, city, units, supervisor, staff_a, other_supervisor):
    farming, water = units
    city_unit = SponsoringUnit.objects.create(
        prefecture=city, level=SponsoringUnit.Level.CITY, name="邵阳市水利局"
    )
    elsewhere = SponsoringUnit.objects.create(county=other_supervisor.county, name="县农业农村局")
    city_boss = f.UserFactory(username="city", role=User.Role.PREFECTURE, prefecture=city)
    seen = {
        user.username: set(SponsoringUnit.objects.visible_to(user))
        for user in (supervisor, staff_a, other_supervisor, city_boss)
    }
    assert seen == {
        "county": {farming, water, city_unit},
        "township": {farming, water, city_unit},
        "county2": {elsewhere},
        "city": {farming, water, city_unit},
    }
    assert set(SponsoringUnit.objects.of_county(county)) == {farming, water}
    assert set(SponsoringUnit.objects.of_city(city)) == {city_unit}


def test_another_countys_unit_is_not_found(client, units, other_supervisor, staff_b):
    farming, _water = units
    for name in ("stations:unit_detail", "stations:unit_edit"):
        response = _login(client, other_supervisor).get(reverse(name, args=[farming.pk]))
        assert response.status_code == 404, name


def test_the_register_and_the_page_for_readers_not_cadres(
    client, units, supervisor, staff_a, cadre_user
):
    farming, _water = units
    for user in (supervisor, staff_a):
        page = _login(client, user).get(reverse("stations:unit_list"))
        assert page.status_code == 200 and "县农业农村局" in page.text
        detail = _login(client, user).get(reverse("stations:unit_detail", args=[farming.pk]), NOV)
        assert detail.status_code == 200
    assert _login(client, cadre_user).get(reverse("stations:unit_list")).status_code == 403


def test_the_contact_phone_is_masked_for_those_who_do_not_keep_or_call_the_unit(
    client, units, supervisor, staff_a, city_supervisor
):
    farming, _water = units
    url = reverse("stations:unit_detail", args=[farming.pk])
    assert "13807391234" in _login(client, supervisor).get(url).text  # keeps it
    assert "13807391234" in _login(client, staff_a).get(url).text  # calls it
    page = _login(client, city_supervisor).get(url).text
    assert "13807391234" not in page and "138****1234" in page


# The keepers' forms ----------------------------------------------------------------


def test_the_county_supervisor_adds_a_county_unit(client, county, supervisor):
    response = _login(client, supervisor).post(
        reverse("stations:unit_create"),
        {"name": "县 供电公司", "level": "county", "contact_name": "钟永红", "contact_phone": ""},
    )
    unit = SponsoringUnit.objects.get()
    assert response.status_code == 302 and response.url == unit.get_absolute_url()
    assert (unit.name, unit.county, unit.prefecture, unit.level) == (
        "县供电公司",
        county,
        None,
        COUNTY_LEVEL,
    )


def test_the_city_supervisor_adds_only_city_units(client, city, city_supervisor):
    url = reverse("stations:unit_create")
    refused = _login(client, city_supervisor).post(url, {"name": "市林业局", "level": "county"})
    assert refused.status_code == 200 and not SponsoringUnit.objects.exists()
    assert "有效的选项" in refused.text or "level" in refused.context["form"].errors
    _login(client, city_supervisor).post(url, {"name": "邵阳市林业局", "level": "city"})
    unit = SponsoringUnit.objects.get()
    assert (unit.prefecture, unit.county, unit.level) == (city, None, "city")


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": "", "level": "county"}, "name", "请填写部门名称"),
        ({"name": "县农业农村局", "level": "county"}, None, "本县已有同名单位"),
        ({"name": "县水务局", "level": "moon"}, "level", ""),
        ({"name": "县水务局", "level": "county", "contact_phone": "12ab"}, "contact_phone", ""),
        ({"name": "县\x00水务局", "level": "county"}, "name", ""),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_changes(
    client, units, supervisor, data, field, message
):
    before = list(SponsoringUnit.objects.values_list("pk", "name", "level", "contact_phone"))
    response = _login(client, supervisor).post(reverse("stations:unit_create"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert (field or "__all__") in errors or any(message in e for e in errors.values()), errors
    if message:
        assert message in response.text
    after = list(SponsoringUnit.objects.values_list("pk", "name", "level", "contact_phone"))
    assert after == before


def test_a_city_unit_is_not_the_county_supervisors_to_edit(client, city, units, supervisor):
    city_unit = SponsoringUnit.objects.create(prefecture=city, level="city", name="邵阳市水利局")
    url = reverse("stations:unit_edit", args=[city_unit.pk])
    assert _login(client, supervisor).get(url).status_code == 403
    assert _login(client, supervisor).post(url, {"name": "x", "level": "county"}).status_code == 403
    assert SponsoringUnit.objects.get(pk=city_unit.pk).name == "邵阳市水利局"


def test_township_staff_and_wrong_methods_are_refused(client, units, staff_a, supervisor):
    farming, _water = units
    assert _login(client, staff_a).post(reverse("stations:unit_create"), {}).status_code == 403
    url = reverse("stations:unit_edit", args=[farming.pk])
    assert _login(client, supervisor).put(url).status_code == 405
    detail = reverse("stations:unit_detail", args=[farming.pk])
    assert _login(client, supervisor).post(detail).status_code == 405


def test_a_station_and_a_cadre_take_a_unit_their_clerk_sees(
    client, county, city, units, staff_a, station_a, other_supervisor
):
    farming, water = units
    elsewhere = SponsoringUnit.objects.create(county=other_supervisor.county, name="县林业局")
    form = _login(client, staff_a).get(reverse("stations:station_edit", args=[station_a.pk]))
    offered = set(form.context["form"].fields["sponsoring_unit"].queryset)
    assert offered == {farming, water}
    cadre = f.CadreFactory(township=station_a.village.township, name="李强")
    url = reverse("cadres:cadre_edit", args=[cadre.pk])
    data = {"name": "李强", "rank_class": "ordinary", "sponsoring_unit": elsewhere.pk}
    refused = _login(client, staff_a).post(url, data)
    assert refused.status_code == 200 and "sponsoring_unit" in refused.context["form"].errors
    _login(client, staff_a).post(url, {**data, "sponsoring_unit": water.pk})
    cadre.refresh_from_db()
    assert cadre.sponsoring_unit == water


# Pages: the ranking, and query budgets at two sizes --------------------------------


def test_the_county_ranking_page_names_each_figure(client, ranked, units, supervisor, county):
    page = _login(client, supervisor).get(
        reverse("supervision:units_county", args=[county.pk]), NOV
    )
    assert page.status_code == 200
    ranked_rows = page.context["ranked"]
    assert [r.place.name for r in ranked_rows] == ["县水利局", "县农业农村局"]
    assert "62.5%" in page.text and "71.4%" in page.text
    assert "本单位派驻工作站及其站员本时段各项标准完成数" in page.text  # the score, in words


def test_a_bad_period_shows_the_message_not_figures(client, units, supervisor, county):
    url = reverse("supervision:units_county", args=[county.pk])
    page = _login(client, supervisor).get(url, {"month": "2026-13"})
    assert page.status_code == 400 and "ranked" not in page.context
    detail = reverse("stations:unit_detail", args=[units[0].pk])
    assert _login(client, supervisor).get(detail, {"start": "2026-11-05"}).status_code == 400


def test_the_city_ranks_its_own_departments(client, city, county, station_a, city_supervisor):
    city_unit = SponsoringUnit.objects.create(prefecture=city, level="city", name="邵阳市水利局")
    WorkStation.objects.filter(pk=station_a.pk).update(sponsoring_unit=city_unit)
    page = _login(client, city_supervisor).get(
        reverse("supervision:units_city", args=[city.pk]), NOV
    )
    assert [(r.place, r.stations) for r in page.context["ranked"]] == [(city_unit, 1)]


def _grow(county, size):
    """``size`` more units, each sponsoring a new station with a member it sent."""
    township = f.TownshipFactory(county=county)
    for k in range(size):
        # Every other one a city department, for the city's page.
        place = {"county": county} if k % 2 else {"prefecture": county.prefecture, "level": "city"}
        unit = SponsoringUnit.objects.create(name=f"第{k}-{size}局", **place)
        station = f.StationFactory(
            village=f.VillageFactory(township=township), sponsoring_unit=unit
        )
        member = f.CadreFactory(township=township, sponsoring_unit=unit)
        f.AssignmentFactory(cadre=member, station=station, role=Assignment.Role.FIRST_SECRETARY)
        f.VisitFactory(station=station, author=member, occurred_at=at(11, 4))


@pytest.mark.parametrize(
    ("name", "budget"),
    [("list", 6), ("detail", 24), ("ranking", 22), ("city", 24)],
)
def test_each_page_costs_the_same_queries_at_any_size(
    client,
    county,
    city,
    units,
    supervisor,
    city_supervisor,
    name,
    budget,
    django_assert_max_num_queries,
):
    farming, _water = units
    user = city_supervisor if name == "city" else supervisor
    url = {
        "list": reverse("stations:unit_list"),
        "detail": reverse("stations:unit_detail", args=[farming.pk]),
        "ranking": reverse("supervision:units_county", args=[county.pk]),
        "city": reverse("supervision:units_city", args=[city.pk]),
    }[name]
    _login(client, user)
    for size in (1, 15):
        _grow(county, size)
        # The unit's page grows too: more stations of its own.
        f.StationFactory(
            village=f.VillageFactory(township=f.TownshipFactory(county=county)),
            sponsoring_unit=farming,
        )
        with django_assert_max_num_queries(budget):
            response = client.get(url, NOV)
        assert response.status_code == 200


def _csv_rows(response):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_the_exports_name_the_unit_and_mask_the_phone_where_not_needed(
    client, units, supervisor, staff_a, city_supervisor, station_a
):
    farming, water = units
    rows = _csv_rows(_login(client, staff_a).get(reverse("stations:station_export", args=["csv"])))
    column = rows[0].index("派驻单位")
    [gaoshi] = [row for row in rows[1:] if station_a.name in row]
    assert gaoshi[column] == "县农业农村局"
    url = reverse("stations:unit_export", args=["csv"])
    for user, phone in ((supervisor, "13807391234"), (city_supervisor, "138****1234")):
        rows = _csv_rows(_login(client, user).get(url))
        assert rows[0][:4] == ["部门名称", "层级", "联系人", "联系电话"]
        by_name = {row[0]: row for row in rows[1:]}
        # 县农业农村局: one station, no cadre sent.
        assert by_name["县农业农村局"][1:] == ["县级", "罗建军", phone, "1", "0"]


def _county_of_the_city(city, k):
    """A new county of the city, with a station of a new city department and its member."""
    township = f.TownshipFactory(county=f.CountyFactory(prefecture=city, name=f"新县{k}"))
    unit = SponsoringUnit.objects.create(name=f"市第{k}局", prefecture=city, level="city")
    station = f.StationFactory(village=f.VillageFactory(township=township), sponsoring_unit=unit)
    member = f.CadreFactory(township=township, sponsoring_unit=unit)
    f.AssignmentFactory(cadre=member, station=station, role=Assignment.Role.FIRST_SECRETARY)
    f.VisitFactory(station=station, author=member, occurred_at=at(11, 4))
    return unit


def test_the_city_ranking_costs_the_same_at_one_county_and_four(
    client, city, units, city_supervisor
):
    """Each county's stations are measured against that county's standards, in the same
    queries for all of them."""
    _login(client, city_supervisor)
    url = reverse("supervision:units_city", args=[city.pk])
    client.get(url, NOV)  # the session and the caches, once
    costs = []
    for k in range(4):
        _county_of_the_city(city, k)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, NOV)
        assert response.status_code == 200
        assert f"市第{k}局" in response.content.decode()
        costs.append(len(queries.captured_queries))
    assert costs[0] == costs[-1], costs


# Against which red line, and as of which day ------------------------------------------


def test_a_county_units_colours_are_drawn_against_its_countys_red_line(
    client, ranked, units, supervisor
):
    """高石村 did 5/7 = 71% of what was due: amber against the default red line (50%), red
    against a county that draws it at 80%."""
    farming, _water = units
    page = unit_page(farming, period=NOVEMBER, user=supervisor, today=AFTER)
    assert page["overall"].level == "amber"
    Standard.objects.filter(pk=ranked.pk).update(red_below_percent=80)
    page = unit_page(farming, period=NOVEMBER, user=supervisor, today=AFTER)
    assert page["standard"].red_below_percent == 80
    assert (page["overall"].level, page["rows"][0].level) == ("red", "red")
    html = _login(client, supervisor).get(reverse("stations:unit_detail", args=[farming.pk]), NOV)
    assert html.status_code == 200 and 'class="num level-red"' in html.text


def test_a_county_unit_sponsoring_nothing_still_reads_its_countys_red_line(
    ranked, county, supervisor
):
    idle = SponsoringUnit.objects.create(county=county, name="县档案馆")
    Standard.objects.filter(pk=ranked.pk).update(red_below_percent=80)
    page = unit_page(idle, period=NOVEMBER, user=supervisor, today=AFTER)
    assert page["rows"] == [] and page["overall"].score is None
    assert page["standard"].red_below_percent == 80


def test_a_city_units_colours_are_drawn_against_the_default_red_line(
    client, ranked, city, station_a, city_supervisor
):
    """A city department's stations may lie in counties with different red lines: its page
    draws against the default (50%), whatever its stations' county says."""
    Standard.objects.filter(pk=ranked.pk).update(red_below_percent=80)
    city_unit = SponsoringUnit.objects.create(prefecture=city, level="city", name="邵阳市水利局")
    WorkStation.objects.filter(pk=station_a.pk).update(sponsoring_unit=city_unit)
    page = unit_page(city_unit, period=NOVEMBER, user=city_supervisor, today=AFTER)
    assert page["standard"].red_below_percent == 50
    assert page["overall"].score == pytest.approx(5 / 7) and page["overall"].level == "amber"
    html = _login(client, city_supervisor).get(
        reverse("stations:unit_detail", args=[city_unit.pk]), NOV
    )
    assert html.status_code == 200 and 'class="num level-amber"' in html.text


def test_before_the_period_begins_nothing_is_owed_nor_scored(ranked, units, supervisor):
    """Read on 31 October, November has not begun: no unit and no station has a score."""
    farming, _water = units
    eve = datetime.date(2026, 10, 31)
    page = unit_page(farming, period=NOVEMBER, user=supervisor, today=eve)
    assert page["overall"].score is None
    assert [row.score for row in page["rows"]] == [None]
    rows = unit_ranking(
        SponsoringUnit.objects.all(), user=supervisor, period=NOVEMBER, standard=ranked, today=eve
    )
    assert [row.score for row in rows] == [None, None]


def test_the_unit_page_counts_the_concerns_of_its_own_stations_only(
    ranked, units, supervisor, chief_user, station_a, station_a2, station_b
):
    """Two concerns at 高石村 (the unit's), one at 金石村 (nobody's); 白水村, the unit's
    second station, has none: its row says 0, not the county's count."""
    farming, _water = units
    WorkStation.objects.filter(pk=station_a2.pk).update(sponsoring_unit=farming)
    raise_concern(chief_user, station_a, "solve_on_spot", now=at(11, 5))
    raise_concern(chief_user, station_a, now=at(11, 6))
    other = f.UserFactory(username="jinshi", role=User.Role.CADRE)
    f.AssignmentFactory(
        cadre=f.CadreFactory(township=station_b.village.township, user=other), station=station_b
    )
    raise_concern(other, station_b, now=at(11, 7))
    page = unit_page(farming, period=NOVEMBER, user=supervisor, today=AFTER)
    raised = {row.place.name: row.concerns["raised"] for row in page["rows"]}
    assert raised == {station_a.name: 2, station_a2.name: 0}
    assert page["concerns"]["raised"] == 2


def test_overdue_on_the_unit_page_is_read_on_the_day_asked(
    ranked, units, supervisor, chief_user, station_a
):
    """A concern assigned on 6 November, due the 20th, never done: not overdue read on the
    10th, overdue read after the month."""
    farming, _water = units
    concern = raise_concern(chief_user, station_a, now=at(11, 6))
    Concern.objects.filter(pk=concern.pk).update(
        assigned_at=at(11, 6), deadline=datetime.date(2026, 11, 20)
    )
    tenth = unit_page(farming, period=NOVEMBER, user=supervisor, today=datetime.date(2026, 11, 10))
    after = unit_page(farming, period=NOVEMBER, user=supervisor, today=AFTER)
    assert (tenth["concerns"]["overdue"], after["concerns"]["overdue"]) == (0, 1)
    assert (tenth["rows"][0].concerns["overdue"], after["rows"][0].concerns["overdue"]) == (0, 1)


def test_a_cadre_sent_to_two_stations_is_one_cadre_sent(
    ranked, units, supervisor, november, station_a
):
    """王明, sent by 县农业农村局, serves at 白水村 and, since 1 December, at 高石村 too."""
    farming, water = units
    november.wang.sponsoring_unit = farming
    november.wang.save()
    f.AssignmentFactory(
        cadre=november.wang, station=station_a, start_date=datetime.date(2026, 12, 1)
    )
    rows = unit_ranking(
        SponsoringUnit.objects.all(), user=supervisor, period=NOVEMBER, standard=ranked, today=AFTER
    )
    assert {row.place: row.sent for row in rows} == {farming: 1, water: 0}
