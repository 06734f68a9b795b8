"""The township's station table and the county's township table, against a county worked
out by hand (the start pages' figures below the worklist and the ranking).

Today is Thursday 10 December 2026 (Beijing); "this month" is 1–31 December.

Township A (石门乡):

- 高石 (station_a, village 高石村): households 3. Current assignments: 老李 as chief and
  one member (2 members); a member who left on 25 November and 老王, chief until June, do
  not count. Cards: 2 valid, 1 voided → 2. Visits this month: a home visit at 00:00 on
  1 December and a phone call on the 9th → 2 visits; a reception on the 3rd → 1 reception.
  A home visit at 23:59 on 30 November is last month's.
- 白水 (station_a2, village 白水村): households 1; one member, no chief (—); no card;
  no visit; a reception on the 5th → 1 reception.
- 青山 (village 青山村): an empty station: no household, member, card or visit (all 0).
- 无站村: a village without a station, 2 households: on no station's row, but the
  township's on the county page.

Township A's station table: members 2 + 1 + 0 = 3, households 3 + 1 + 0 = 4, cards 2,
visits 2, receptions 1 + 1 = 2.

Township B (金石桥镇): 金石村 with its station, households 5, a chief, 1 valid card, one
home visit on the 2nd, no reception. 空乡: a township with no village at all.
Another county's township (households 7, a card, a visit) is on neither page.

The county table:
- A: villages 4 (高石村, 白水村, 青山村, 无站村), stations 3, households 3 + 1 + 0 + 2 = 6,
  cards 2, visits 2, receptions 2;
- B: villages 1, stations 1, households 5, cards 1, visits 1, receptions 0;
- 空乡: zeros.
Totals: villages 4 + 1 = 5, stations 3 + 1 = 4, households 6 + 5 = 11, cards 2 + 1 = 3,
visits 2 + 1 = 3, receptions 2 + 0 = 2.
"""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stations.models import Assignment
from tests import factories as f
from tests.worklist_helpers import TODAY, at, freeze_today
from visits import card_rollups

pytestmark = pytest.mark.django_db

DEC = 12


def _day(day, month=DEC, hour=10, minute=0):
    return at(datetime.date(2026, month, day), hour).replace(minute=minute)


def _visit(station, household, moment, kind="home"):
    cadre = f.CadreFactory(township=station.village.township)
    return f.VisitFactory(
        station=station, author=cadre, household=household, occurred_at=moment, kind=kind
    )


def _assign(station, role=Assignment.Role.MEMBER, name=None, ended=None):
    cadre = f.CadreFactory(township=station.village.township, **({"name": name} if name else {}))
    return f.AssignmentFactory(cadre=cadre, station=station, role=role, end_date=ended)


@pytest.fixture
def county_world(monkeypatch, county, township_a, township_b, station_a, station_a2, station_b):
    freeze_today(monkeypatch)
    # 高石
    gaoshi = [f.HouseholdFactory(village=station_a.village) for _ in range(3)]
    _assign(station_a, Assignment.Role.CHIEF, name="老李")
    _assign(station_a)
    _assign(station_a, ended=datetime.date(2026, 11, 25))
    _assign(station_a, Assignment.Role.CHIEF, name="老王", ended=datetime.date(2026, 6, 30))
    f.ContactCardFactory(household=gaoshi[0], station=station_a)
    f.ContactCardFactory(household=gaoshi[1], station=station_a)
    f.ContactCardFactory(
        household=gaoshi[2], station=station_a, voided_on=datetime.date(2026, 11, 1)
    )
    _visit(station_a, gaoshi[0], _day(1, hour=0))
    _visit(station_a, gaoshi[1], _day(9), kind="phone")
    _visit(station_a, None, _day(3), kind="reception")
    _visit(station_a, gaoshi[2], _day(30, month=11, hour=23, minute=59))
    # 白水
    f.HouseholdFactory(village=station_a2.village)
    _assign(station_a2)
    _visit(station_a2, None, _day(5), kind="reception")
    # 青山, empty; 无站村, no station
    qingshan = f.StationFactory(village=f.VillageFactory(township=township_a, name="青山村"))
    no_station = f.VillageFactory(township=township_a, name="无站村")
    for _ in range(2):
        f.HouseholdFactory(village=no_station)
    # Township B and 空乡
    jinshi = [f.HouseholdFactory(village=station_b.village) for _ in range(5)]
    _assign(station_b, Assignment.Role.CHIEF, name="老赵")
    f.ContactCardFactory(household=jinshi[0], station=station_b)
    _visit(station_b, jinshi[1], _day(2))
    f.TownshipFactory(county=county, name="空乡")
    # Another county
    elsewhere = f.StationFactory(village=f.VillageFactory(name="外县村"))
    others = [f.HouseholdFactory(village=elsewhere.village) for _ in range(7)]
    f.ContactCardFactory(household=others[0], station=elsewhere)
    _visit(elsewhere, others[1], _day(4))
    _visit(elsewhere, None, _day(4), kind="reception")
    return {"gaoshi": station_a, "baishui": station_a2, "qingshan": qingshan, "b": township_b}


def _cells(row):
    found = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in found]


def _table(text):
    """The page's last table: its body rows and its footer, each a list of cell texts."""
    table = text[text.rindex("<table") : text.rindex("</table>")]
    body = re.search(r"<tbody>(.*?)</tbody>", table, re.S).group(1)
    rows = [_cells(row) for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]
    foot = re.search(r"<tfoot>(.*?)</tfoot>", table, re.S)
    return rows, _cells(foot.group(1)) if foot else None


def _get(client, user, name, pk):
    client.force_login(user)
    response = client.get(reverse(name, args=[pk]))
    assert response.status_code == 200
    return response


def test_the_township_page_counts_each_station_this_month(
    client, staff_a, township_a, county_world
):
    response = _get(client, staff_a, "supervision:township_overview", township_a.pk)
    rows, total = _table(response.text)
    assert sorted(rows) == sorted(
        [
            # station, chief, members, households, cards, visits, receptions
            [county_world["gaoshi"].name, "老李", "2", "3", "2", "2", "1"],
            [county_world["baishui"].name, "—", "1", "1", "0", "0", "1"],
            [county_world["qingshan"].name, "—", "0", "0", "0", "0", "0"],
        ]
    )
    assert total == ["合计", "3", "4", "2", "2", "2"]
    assert f"<h1>{township_a.name}</h1>" in response.text
    assert "本乡镇各工作站 · 本月：2026年12月" in response.text
    assert response.context["totals"] == {
        "members": 3,
        "households": 4,
        "cards": 2,
        "visits": 2,
        "receptions": 2,
    }


def test_a_township_without_stations_says_so_and_shows_no_totals(client, supervisor, county):
    quiet = f.TownshipFactory(county=county, name="空乡")
    response = _get(client, supervisor, "supervision:township_overview", quiet.pk)
    rows, total = _table(response.text)
    assert rows == [["暂无工作站。"]]
    assert total is None
    assert response.context["totals"] == {}


@pytest.mark.parametrize("night", [False, True], ids=["households", "card-rows"])
def test_the_county_page_counts_each_township_this_month(
    client, supervisor, county, township_a, township_b, county_world, night
):
    if night:
        # The night's recount: households and cards are read from this month's card rows,
        # counted today, and neither households nor cards are asked.
        card_rollups.rebuild(today=TODAY)
    with CaptureQueriesContext(connection) as queries:
        response = _get(client, supervisor, "supervision:county_overview", county.pk)
    asked = " ".join(q["sql"] for q in queries)
    assert ('FROM "villages_household"' in asked) is not night
    rows, total = _table(response.text)
    assert sorted(rows) == sorted(
        [
            # township, code, villages, stations, households, cards, visits, receptions
            [township_a.name, "—", "4", "3", "6", "2", "2", "2"],
            [township_b.name, "—", "1", "1", "5", "1", "1", "0"],
            ["空乡", "—", "0", "0", "0", "0", "0", "0"],
        ]
    )
    assert total == ["合计", "", "5", "4", "11", "3", "3", "2"]
    assert f"<h1>{county.name}</h1>" in response.text
    assert "全县各乡镇 · 本月：2026年12月" in response.text
