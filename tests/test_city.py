"""The city level (issue 13): a prefecture (市/州/盟) above its counties, its supervisor's
scope, pages and month report.

Today is Thursday 10 December 2026 (Beijing). 邵阳市 holds two counties, worked out
by hand:

- 隆回县 (the ``county`` fixture): townships 石门乡 and 金石桥镇, villages 高石村 (station
  A) and 金石村 (station B). Households: 2 in 高石村, 1 in 金石村 (3). Cards: one valid,
  one voided in November (1 valid). This month: a home visit (the 2nd) and a phone call
  (the 9th) at 高石, a reception at 金石 (the 3rd): 2 visits, 1 reception; a home
  visit on 28 November is last month's. Concerns: one assigned and due on the 5th
  (overdue), one escalated (to assign). Duty days at 高石: the 3rd not held (missed),
  the 8th held, today's not held (not counted yet), 26 November not held (last month).
- 邵东县: township 火厂坪镇 with two villages, one of them with a station (1 township, 2
  villages, 1 station), 1 household without a card; a reception on the 5th; two
  escalated concerns; the duty day of the 1st not held (missed).
- Totals: 3 townships, 4 villages, 3 stations, 4 households, 1 valid card, 2 visits,
  2 receptions, 1 overdue, 3 to assign, 2 missed duty days.

衡山县 of 衡阳市 and 独立县 (a county of no city) each have a station and a visit the
city must not count or show.
"""

import csv
import datetime
import io
from dataclasses import dataclass

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from cadres.models import User
from tests import factories as f
from tests.concern_helpers import ConcernFactory, OfficeFactory
from tests.jobs import asked, fetch
from tests.test_user_places import _admin_data
from tests.worklist_helpers import TODAY, at, freeze_today
from villages.models import County, Household, Prefecture, Township
from visits import card_rollups
from visits.models import Visit
from visits.reports import city as city_report
from visits.supervision import city as figures
from visits.supervision.period import Period

pytestmark = pytest.mark.django_db

DECEMBER = {"month": "2026-12"}


@dataclass
class City:
    prefecture: Prefecture
    county: County  # 隆回县
    second: County  # 邵东县
    other_city_county: County  # 衡山县 of 衡阳市
    lone_county: County  # 独立县, of no city
    user: User
    visit_a: Visit
    visit_elsewhere: Visit
    visit_lone: Visit


def _station(county, township_name, village_name):
    township = f.TownshipFactory(county=county, name=township_name)
    return f.StationFactory(village=f.VillageFactory(township=township, name=village_name))


def _visit(station, day, kind=Visit.Kind.HOME, household=None):
    author = f.CadreFactory(township=station.village.township)
    return f.VisitFactory(
        station=station, author=author, household=household, occurred_at=at(day), kind=kind
    )


@pytest.fixture
def city(monkeypatch, county, station_a, station_b):
    freeze_today(monkeypatch)
    prefecture = f.PrefectureFactory(name="邵阳市")
    county.prefecture = prefecture
    county.save()
    dec = TODAY.replace

    # 隆回县.
    h1, h2 = (f.HouseholdFactory(village=station_a.village) for _ in range(2))
    f.HouseholdFactory(village=station_b.village)
    f.ContactCardFactory(household=h1, station=station_a)
    f.ContactCardFactory(household=h2, station=station_a, voided_on=datetime.date(2026, 11, 1))
    visit_a = _visit(station_a, dec(day=2), household=h1)
    _visit(station_a, dec(day=9), Visit.Kind.PHONE, household=h2)
    _visit(station_b, dec(day=3), Visit.Kind.RECEPTION)
    _visit(station_a, datetime.date(2026, 11, 28), household=h1)
    ConcernFactory(
        station=station_a,
        household=None,
        assigned=True,
        raised_at=at(dec(day=1)),
        deadline=dec(day=5),
    )
    ConcernFactory(station=station_b, household=None, raised_at=at(dec(day=6)))
    for day, held in ((dec(day=3), False), (dec(day=8), True), (TODAY, False)):
        f.DutyDayFactory(station=station_a, date=day, held=held)
    f.DutyDayFactory(station=station_a, date=datetime.date(2026, 11, 26), held=False)

    # 邵东县.
    second = f.CountyFactory(name="邵东县", prefecture=prefecture)
    station_c = _station(second, "火厂坪镇", "大田村")
    f.VillageFactory(township=station_c.village.township, name="小河村")
    f.HouseholdFactory(village=station_c.village)
    _visit(station_c, dec(day=5), Visit.Kind.RECEPTION)
    for day in (6, 7):
        ConcernFactory(station=station_c, household=None, raised_at=at(dec(day=day)))
    f.DutyDayFactory(station=station_c, date=dec(day=1), held=False)

    # Outside the city.
    other_city_county = f.CountyFactory(
        name="衡山县", prefecture=f.PrefectureFactory(name="衡阳市")
    )
    lone_county = f.CountyFactory(name="独立县")
    visit_elsewhere = _visit(_station(other_city_county, "白果镇", "白果村"), dec(day=2))
    visit_lone = _visit(_station(lone_county, "独立乡", "独立村"), dec(day=2))

    user = f.UserFactory(username="city", role=User.Role.PREFECTURE, prefecture=prefecture)
    return City(
        prefecture,
        county,
        second,
        other_city_county,
        lone_county,
        user,
        visit_a,
        visit_elsewhere,
        visit_lone,
    )


# Scoping ------------------------------------------------------------------------------


def test_a_city_supervisor_sees_both_counties_of_the_city_and_nothing_else(city, supervisor):
    assert set(County.objects.visible_to(city.user)) == {city.county, city.second}
    seen = set(Visit.objects.visible_to(city.user))
    assert city.visit_a in seen
    assert city.visit_elsewhere not in seen
    assert city.visit_lone not in seen
    assert {t.county for t in Township.objects.visible_to(city.user)} == {
        city.county,
        city.second,
    }
    assert set(Prefecture.objects.visible_to(city.user)) == {city.prefecture}


def test_a_county_supervisor_still_sees_only_their_county(city, supervisor):
    assert list(County.objects.visible_to(supervisor)) == [city.county]
    assert {h.village.township.county for h in Household.objects.visible_to(supervisor)} == {
        city.county
    }
    assert not Prefecture.objects.visible_to(supervisor).exists()


def test_in_place_narrows_to_a_prefecture(city):
    visits = Visit.objects.in_place(prefecture=city.prefecture)
    assert city.visit_a in visits
    assert city.visit_elsewhere not in visits
    assert city.visit_lone not in visits
    assert set(County.objects.in_place(prefecture=city.prefecture)) == {city.county, city.second}


def test_every_place_queryset_reaches_the_prefecture_through_its_county():
    from villages.scoping import PlaceQuerySet

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    for qs in subclasses(PlaceQuerySet):
        if qs.county_path is None:
            continue
        expected = "prefecture" if qs.county_path == "pk" else f"{qs.county_path}__prefecture"
        assert qs.prefecture_path == expected, qs.__name__


# The role's place: constraints both ways, the admin --------------------------------------


def test_the_database_refuses_a_city_supervisor_without_a_prefecture(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="tang", role=User.Role.PREFECTURE)


@pytest.mark.parametrize("role", ["county", "township", "cadre", "office", ""])
def test_the_database_refuses_a_prefecture_on_a_login_of_another_role(county, township_a, role):
    prefecture = f.PrefectureFactory(name="邵阳市")
    own = {
        "county": {"county": county},
        "township": {"township": township_a},
        "office": {"office": OfficeFactory(township=township_a)},
    }.get(role, {})
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="tang", role=role, prefecture=prefecture, **own)


def test_the_admin_refuses_a_county_supervisor_with_a_prefecture(admin_client, supervisor):
    prefecture = f.PrefectureFactory(name="邵阳市")
    data = _admin_data(admin_client, supervisor, prefecture=prefecture.pk)
    response = admin_client.post(reverse("admin:cadres_user_change", args=[supervisor.pk]), data)
    assert response.status_code == 200
    assert "只有市级督导填写所属市（州、盟）" in response.text
    supervisor.refresh_from_db()
    assert supervisor.prefecture_id is None


def test_the_admin_refuses_a_city_supervisor_without_a_prefecture(admin_client, supervisor):
    data = _admin_data(admin_client, supervisor, role="prefecture", county="")
    response = admin_client.post(reverse("admin:cadres_user_change", args=[supervisor.pk]), data)
    assert response.status_code == 200
    assert "市级督导须填写所属市（州、盟）" in response.text
    supervisor.refresh_from_db()
    assert supervisor.role == "county"


def test_the_admin_makes_a_county_supervisor_a_city_supervisor(admin_client, supervisor):
    prefecture = f.PrefectureFactory(name="邵阳市")
    data = _admin_data(
        admin_client, supervisor, role="prefecture", county="", prefecture=prefecture.pk
    )
    response = admin_client.post(reverse("admin:cadres_user_change", args=[supervisor.pk]), data)
    assert response.status_code == 302
    supervisor.refresh_from_db()
    assert (supervisor.role, supervisor.prefecture, supervisor.county) == (
        "prefecture",
        prefecture,
        None,
    )


# County names: unique within their city, and among the counties of no city --------------


def test_two_cities_may_each_have_a_county_of_the_same_name(db):
    one, two = f.PrefectureFactory(name="邵阳市"), f.PrefectureFactory(name="衡阳市")
    County.objects.create(name="新华区", prefecture=one)
    County.objects.create(name="新华区", prefecture=two)
    with pytest.raises(IntegrityError), transaction.atomic():
        County.objects.create(name="新华区", prefecture=one)


def test_two_counties_of_no_city_may_not_share_a_name(db):
    County.objects.create(name="独立县")
    with pytest.raises(IntegrityError), transaction.atomic():
        County.objects.create(name="独立县")


# The start page --------------------------------------------------------------------------


def _get(client, user, name, *args, **query):
    client.force_login(user)
    return client.get(reverse(name, args=args), query)


@pytest.mark.parametrize("night", [False, True], ids=["households", "card-rows"])
def test_the_city_start_page_figures_by_hand(client, city, night):
    if night:
        # The night's recount: households and cards are read from this month's card rows,
        # counted today, and neither households nor cards are asked.
        card_rollups.rebuild(today=TODAY)
    with CaptureQueriesContext(connection) as queries:
        response = _get(client, city.user, "supervision:prefecture_overview", city.prefecture.pk)
    assert response.status_code == 200
    asked = " ".join(q["sql"] for q in queries)
    assert ('FROM "villages_household"' in asked) is not night
    assert ('FROM "stations_contactcard"' in asked) is not night
    rows = {row["county"].name: row for row in response.context["rows"]}
    assert list(rows) == ["邵东县", "隆回县"]  # by name; 衡山县 and 独立县 are not the city's
    keys = [key for key, _name in figures.OVERVIEW_COLUMNS]
    expected = {
        "隆回县": [2, 2, 2, 3, 1, 2, 1, 1, 1, 1],
        "邵东县": [1, 2, 1, 1, 0, 0, 1, 0, 2, 1],
    }
    for name, values in expected.items():
        assert [rows[name][key] for key in keys] == values, name
    totals = response.context["totals"]
    assert [totals[key] for key in keys] == [3, 4, 3, 4, 1, 2, 2, 1, 3, 2]


def test_this_month_so_far_runs_from_the_firsts_midnight_to_todays_end(client, city, station_a):
    author = city.visit_a.author
    for moment in (
        at(TODAY.replace(day=1), 0),  # the month's first moment: counted
        at(datetime.date(2026, 11, 30), 0).replace(hour=23, minute=59),  # last month's
        at(TODAY + datetime.timedelta(days=1), 0),  # tomorrow (a phone's clock ahead)
    ):
        f.VisitFactory(station=station_a, author=author, occurred_at=moment)
    response = _get(client, city.user, "supervision:prefecture_overview", city.prefecture.pk)
    rows = {row["county"].name: row for row in response.context["rows"]}
    assert rows["隆回县"]["visits"] == 3  # the 2nd and the 9th, and the 1st at midnight


def test_the_start_page_says_what_each_column_counts_and_links_down(client, city):
    text = _get(client, city.user, "supervision:prefecture_overview", city.prefecture.pk).text
    for words in ("本月走访", "本月1日至今天", "逾期诉求", "有效连心卡", "2026年12月"):
        assert words in text
    assert reverse("supervision:county_overview", args=[city.county.pk]) in text
    assert reverse("supervision:supervision_county", args=[city.second.pk]) in text
    assert "衡山县" not in text and "独立县" not in text


def test_the_city_supervisor_drills_down_to_one_visit(client, city, station_a):
    """City → county → township → station → one visit, each a link on the page before:
    by the start pages, and by the supervision pages of the month."""
    client.force_login(city.user)
    township = station_a.village.township_id
    chains = [
        [
            reverse("supervision:prefecture_overview", args=[city.prefecture.pk]),
            reverse("supervision:county_overview", args=[city.county.pk]),
            reverse("supervision:township_overview", args=[township]),
            reverse("stations:station_detail", args=[station_a.pk]),
        ],
        [
            reverse("supervision:supervision_prefecture", args=[city.prefecture.pk]),
            reverse("supervision:supervision_county", args=[city.county.pk]),
            reverse("supervision:supervision_township", args=[township]),
            reverse("supervision:supervision_station", args=[station_a.pk]),
            reverse("visits:visit_detail", args=[city.visit_a.pk]),
        ],
    ]
    for chain in chains:
        page = client.get(chain[0], DECEMBER)
        for url in chain[1:]:
            assert url in page.text, url
            page = client.get(url, DECEMBER)
            assert page.status_code == 200, url
    assert "家中两位老人身体尚好" in page.text


def test_the_city_supervisor_opens_every_county_page_of_the_city_and_none_outside(client, city):
    client.force_login(city.user)
    names = (
        "supervision:county_overview",
        "supervision:supervision_county",
        "supervision:supervision_county_shortfalls",
        "supervision:supervision_county_coverage",
        "supervision:supervision_standard",
        "stations:card_county",
    )
    for name in names:
        for county in (city.county, city.second):
            assert client.get(reverse(name, args=[county.pk])).status_code == 200, name
        for county in (city.other_city_county, city.lone_county):
            assert client.get(reverse(name, args=[county.pk])).status_code == 404, name
    outside = reverse("visits:visit_detail", args=[city.visit_elsewhere.pk])
    assert client.get(outside).status_code == 404
    assert client.get(reverse("visits:visit_detail", args=[city.visit_lone.pk])).status_code == 404


def test_the_city_supervisor_reads_the_standards_but_does_not_change_them(client, city):
    client.force_login(city.user)
    url = reverse("supervision:supervision_standard", args=[city.county.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.text.split('<form method="post" class="card">')[1].split("</form>")[0]
    assert 'type="submit"' not in form
    assert "disabled" in form
    assert client.post(url, {"village_days_leadership": 1}).status_code == 403


def test_another_city_and_other_roles_are_kept_out(client, city, supervisor, staff_a):
    other = f.UserFactory(
        username="city2",
        role=User.Role.PREFECTURE,
        prefecture=city.other_city_county.prefecture,
    )
    for name in ("supervision:prefecture_overview", "supervision:supervision_prefecture"):
        url = reverse(name, args=[city.prefecture.pk])
        client.force_login(other)
        assert client.get(url).status_code == 404
        for user in (supervisor, staff_a):
            client.force_login(user)
            assert client.get(url).status_code == 403
    client.force_login(other)
    url = reverse("supervision:report_prefecture", args=[city.prefecture.pk, "csv"])
    assert client.get(url).status_code == 404


def test_the_city_supervisor_starts_on_the_city_page_with_its_bar(client, city):
    client.force_login(city.user)
    response = client.get(reverse("home"))
    assert response.url == reverse("supervision:prefecture_overview", args=[city.prefecture.pk])
    page = client.get(reverse("supervision:county_overview", args=[city.county.pk])).text
    assert reverse("supervision:prefecture_overview", args=[city.prefecture.pk]) in page
    assert reverse("supervision:supervision_county", args=[city.county.pk]) in page


# The supervision page and the month report ----------------------------------------------


def test_the_city_supervision_page_figures_by_hand(client, city):
    response = _get(
        client, city.user, "supervision:supervision_prefecture", city.prefecture.pk, **DECEMBER
    )
    assert response.status_code == 200
    rows = {row["county"].name: row for row in response.context["rows"]}
    keys = ("visits", "receptions", "duty_due", "duty_held", "duty_missed")
    keys += ("households", "carded", "raised", "overdue")
    assert [rows["隆回县"][k] for k in keys] == [2, 1, 2, 1, 1, 3, 1, 2, 1]
    assert [rows["邵东县"][k] for k in keys] == [0, 1, 1, 0, 1, 1, 0, 2, 0]
    totals = response.context["totals"]
    assert [totals[k] for k in keys] == [2, 2, 3, 1, 2, 4, 1, 4, 1]
    assert rows["隆回县"]["card_coverage"] == pytest.approx(1 / 3)
    assert totals["card_coverage"] == pytest.approx(1 / 4)
    # 张 and 李 of 高石村 (h1, h2) visited at home; the receptions had no household.
    reached = [rows["隆回县"]["households_reached"], rows["邵东县"]["households_reached"]]
    assert reached + [totals["households_reached"]] == [2, 0, 2]


def test_a_household_reached_from_two_counties_counts_once_in_the_city(client, city, station_a):
    # h1 of 高石村 (隆回县), visited on the 2nd, comes to 邵东县's station on a duty day.
    h1 = city.visit_a.household
    station_c = Visit.objects.get(
        kind=Visit.Kind.RECEPTION, station__village__name="大田村"
    ).station
    _visit(station_c, TODAY.replace(day=8), Visit.Kind.RECEPTION, household=h1)
    response = _get(
        client, city.user, "supervision:supervision_prefecture", city.prefecture.pk, **DECEMBER
    )
    rows = {row["county"].name: row for row in response.context["rows"]}
    assert (rows["隆回县"]["households_reached"], rows["邵东县"]["households_reached"]) == (2, 1)
    assert response.context["totals"]["households_reached"] == 2  # not 2 + 1
    assert response.context["totals"]["receptions"] == 3
    assert reverse("supervision:supervision_county", args=[city.second.pk]) + "?month=2026-12" in (
        response.text
    )


def test_the_month_report_as_csv_and_workbook(client, city):
    client.force_login(city.user)
    url = reverse("supervision:report_prefecture", args=[city.prefecture.pk, "csv"])
    response = client.get(url, DECEMBER)
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "县（市、区）"
    by_name = {row[0]: row for row in rows[1:]}
    assert set(by_name) == {"邵东县", "隆回县", "合计"}
    assert by_name["隆回县"][1:3] == ["2", "1"]
    assert by_name["合计"][1:3] == ["2", "2"]
    definitions = client.get(url, {**DECEMBER, "table": "definitions"})
    assert "走访" in b"".join(definitions.streaming_content).decode("utf-8-sig")

    xlsx = fetch(client, url.replace("csv", "xlsx"), DECEMBER)
    assert xlsx.status_code == 200
    assert xlsx["Content-Disposition"].endswith(".xlsx")
    book = load_workbook(io.BytesIO(xlsx.content))
    sheet = book.worksheets[0]
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][0] == "县（市、区）"
    assert [v[:3] for v in values[1:]] == [["邵东县", 0, 1], ["隆回县", 2, 1], ["合计", 2, 2]]


@pytest.mark.parametrize(
    ("name", "fmt", "query", "status"),
    [
        ("supervision:supervision_prefecture", None, {"month": "2026-13"}, 400),
        ("supervision:supervision_prefecture", None, {"month": "<script>"}, 400),
        ("supervision:supervision_prefecture", None, {"start": "2026-12-01"}, 400),
        (
            "supervision:supervision_prefecture",
            None,
            {"start": "2026-12-09", "end": "2026-12-01"},
            400,
        ),
        ("supervision:report_prefecture", "csv", {"month": "x"}, 400),
        ("supervision:report_prefecture", "xlsx", {"month": "1999-01"}, 400),
        ("supervision:report_prefecture", "csv", {"table": "bogus"}, 404),
        ("supervision:report_prefecture", "pdf", {}, 404),
    ],
)
def test_bad_input_gets_a_message_and_a_4xx(client, city, name, fmt, query, status):
    args = [city.prefecture.pk] + ([fmt] if fmt else [])
    client.force_login(city.user)
    response = client.get(reverse(name, args=args), query)
    assert response.status_code == status
    if status == 400:
        assert "无法识别所选时间段" in response.text


def test_a_superuser_sees_the_citys_counties_only_on_its_pages(client, city, superuser):
    # More of 衡山县 (of another city) this month: none of it is the city's.
    elsewhere = city.visit_elsewhere.station
    _some_work(elsewhere)
    f.DutyDayFactory(station=elsewhere, date=TODAY.replace(day=3), held=True)
    totals = {}
    for user in (city.user, superuser):
        client.force_login(user)
        for name in ("supervision:prefecture_overview", "supervision:supervision_prefecture"):
            response = client.get(reverse(name, args=[city.prefecture.pk]), DECEMBER)
            assert response.status_code == 200
            assert [row["county"].name for row in response.context["rows"]] == ["邵东县", "隆回县"]
            totals[user.username, name] = response.context["totals"]
    for name in ("supervision:prefecture_overview", "supervision:supervision_prefecture"):
        assert totals[superuser.username, name] == totals[city.user.username, name]
    shown = totals[superuser.username, "supervision:supervision_prefecture"]
    keys = ("visits", "receptions", "households_reached", "duty_due", "duty_held")
    keys += ("duty_missed", "households", "carded", "raised", "done", "overdue")
    assert [shown[k] for k in keys] == [2, 2, 2, 3, 1, 2, 4, 1, 4, 0, 1]


def test_a_county_with_no_households_has_no_card_coverage(client, city):
    empty = f.CountyFactory(name="空县", prefecture=city.prefecture)
    response = _get(
        client, city.user, "supervision:supervision_prefecture", city.prefecture.pk, **DECEMBER
    )
    row = next(row for row in response.context["rows"] if row["county"] == empty)
    assert (row["households"], row["carded"], row["card_coverage"]) == (0, 0, None)
    assert row["visits"] == row["raised"] == 0
    # Nothing of any kind: every column at nought, on the supervision page and the start page.
    for key, _name in figures.PERIOD_COLUMNS:
        assert row[key] == (None if key == "card_coverage" else 0), key
    start = _get(client, city.user, "supervision:prefecture_overview", city.prefecture.pk)
    row = next(row for row in start.context["rows"] if row["county"] == empty)
    assert [row[key] for key, _name in figures.OVERVIEW_COLUMNS] == [0] * 10


def test_an_unknown_city_is_not_found(client, city):
    client.force_login(city.user)
    assert client.get(reverse("supervision:prefecture_overview", args=[999999])).status_code == 404


# Queries: the same at two sizes -----------------------------------------------------------


def _grow(city, n):
    """``n`` more villages, stations, households, visits and concerns in each county of the
    city, and one more county."""
    county = f.CountyFactory(name=f"新县{n}", prefecture=city.prefecture)
    for c in (city.county, city.second, county):
        for i in range(n):
            _some_work(_station(c, f"{c.name}乡{n}-{i}", f"{c.name}村{n}-{i}"))


def _some_work(station):
    """A household with a card, visited on the 2nd; a reception on the 4th; a concern
    raised on the 3rd; a duty day on the 2nd not held."""
    household = f.HouseholdFactory(village=station.village)
    f.ContactCardFactory(household=household, station=station)
    _visit(station, TODAY.replace(day=2), household=household)
    _visit(station, TODAY.replace(day=4), Visit.Kind.RECEPTION)
    ConcernFactory(station=station, household=None, raised_at=at(TODAY.replace(day=3)))
    f.DutyDayFactory(station=station, date=TODAY.replace(day=2), held=False)


def _consume(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@pytest.mark.parametrize(
    ("name", "fmt", "budget"),
    [
        ("supervision:prefecture_overview", None, 20),
        ("supervision:supervision_prefecture", None, 20),
        ("supervision:report_prefecture", "csv", 22),
    ],
)
def test_the_city_pages_cost_the_same_queries_at_two_sizes(
    client, city, django_assert_max_num_queries, name, fmt, budget
):
    client.force_login(city.user)
    args = [city.prefecture.pk] + ([fmt] if fmt else [])
    counts = []
    for size in (1, 4):
        _grow(city, size)
        with django_assert_max_num_queries(budget) as queries:
            response = client.get(reverse(name, args=args), DECEMBER)
            assert response.status_code == 200
            _consume(response)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_workbook_is_built_by_the_worker_in_the_same_queries_at_two_sizes(
    client, city, django_assert_max_num_queries
):
    client.force_login(city.user)
    url = reverse("supervision:report_prefecture", args=[city.prefecture.pk, "xlsx"])
    request = asked(client.get(url, DECEMBER))
    assert request is not None, "the workbook is asked of the worker"
    assert request.back_url.endswith("?month=2026-12")
    counts = []
    for size in (1, 4):
        _grow(city, size)
        with django_assert_max_num_queries(20) as queries:
            built = city_report.build(progress=lambda *_args: None, **request.job.params)
        counts.append(len(queries))
        counties = County.objects.filter(prefecture=city.prefecture).count()
        assert built.rows == counties + 1 + len(figures.PERIOD_COLUMNS)  # and the total
    assert counts[0] == counts[1]


@pytest.mark.parametrize(
    ("name", "place", "budget"),
    [
        # 21: the ranking reads no last day (four lookups down whole histories); 20:
        # nor the stations' households reached (a station is measured on logging alone)
        ("supervision:county_overview", "county", 20),
        # 25, and two asking this month's card rows, not counted today here (no night).
        ("supervision:supervision_county", "county", 27),
        ("supervision:township_overview", "township", 33),
    ],
)
def test_the_county_pages_cost_the_city_supervisor_what_they_cost_the_county_one(
    client, city, supervisor, station_a, django_assert_max_num_queries, name, place, budget
):
    pk = city.county.pk if place == "county" else station_a.village.township_id
    url = reverse(name, args=[pk])
    counts = {}
    for size in (1, 4):
        _grow(city, size)
        for user in (supervisor, city.user):
            client.force_login(user)
            with django_assert_max_num_queries(budget) as queries:
                assert client.get(url, DECEMBER).status_code == 200
            counts.setdefault(user.username, []).append(len(queries))
    assert counts["city"][0] == counts["city"][1]
    assert counts["city"] == counts["county"]


def test_city_period_figures_match_the_county_pages_figures(city, supervisor):
    """A county's row on the city page is what its own supervision page counts."""
    from villages.models import Standard
    from visits.supervision import activity

    period = Period.month(2026, 12)
    rows = figures.city_period(
        city.prefecture,
        period=period,
        user=city.user,
        counties=figures.counties_of(city.prefecture, user=city.user),
    )["rows"]
    for row in rows:
        county = row["county"]
        own = activity.activity(
            period=period,
            standard=Standard.objects.for_county(county.pk),
            county=county,
            user=supervisor if county == city.county else city.user,
        )
        for key in ("visits", "receptions", "households_reached", "duty_due", "duty_held"):
            assert row[key] == own[key], (county.name, key)
        assert row["households"] == own["households"]
        assert row["carded"] == own["carded"]
        assert row["raised"] == own["concerns"]["raised"]


def test_the_city_workbook_is_one_job_per_month_reach_and_language(client, city, superuser):
    """Asking again for the same month joins the first build; another month, another
    language or another reach (a superuser sees every city) is a build of its own. The
    job's page names the workbook in Chinese."""
    url = reverse("supervision:report_prefecture", args=[city.prefecture.pk, "xlsx"])
    client.force_login(city.user)
    response = client.get(url, DECEMBER)
    first = asked(response)
    assert asked(client.get(url, DECEMBER)).job_id == first.job_id
    assert asked(client.get(url, {"month": "2026-11"})).job_id != first.job_id
    assert "邵阳市 2026年12月 群众工作月报：报表（Excel）" in client.get(response.url).text
    english = asked(client.get(url, DECEMBER, HTTP_ACCEPT_LANGUAGE="en"))
    assert english.job_id != first.job_id
    client.force_login(superuser)
    assert asked(client.get(url, DECEMBER)).job_id not in {first.job_id, english.job_id}


def test_the_city_workbook_build_reports_its_steps_and_formats_the_coverage(city, superuser):
    """What the job's page shows while it runs, and the card coverage as a percentage."""
    steps = []
    period = Period(datetime.date(2026, 12, 1), datetime.date(2026, 12, 31))
    with translation.override("zh-hans"):
        built = city_report.build(
            progress=lambda share, text: steps.append((share, text)),
            **city_report.params(user=city.user, period=period, prefecture=city.prefecture),
        )
    assert steps == [(5, "正在统计本月数据"), (60, "正在写入报表")]
    content = built.content if isinstance(built.content, bytes) else built.content.read()
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["各县（市、区）", "口径说明"]
    assert [cell.value for cell in book.worksheets[1][1]] == ["指标", "统计口径"]
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    coverage = header.index("连心卡发放情况") + 1
    assert "%" in sheet.cell(row=2, column=coverage).number_format
    assert "%" not in sheet.cell(row=2, column=2).number_format


def test_a_superusers_city_workbook_holds_the_citys_counties_and_totals_only(city, superuser):
    """A superuser sees every city: the workbook of this city still lists its two
    counties and totals their work alone, as its supervisor's does."""
    period = Period(datetime.date(2026, 12, 1), datetime.date(2026, 12, 31))

    def rows(user):
        _title, tables = city_report.city_report(city.prefecture, user=user, period=period)
        return [row[:3] for row in tables[0].rows]

    assert (
        rows(superuser) == rows(city.user) == [["邵东县", 0, 1], ["隆回县", 2, 1], ["合计", 2, 2]]
    )
