"""Coverage of the households that matter (issue 14): 三老三户 and the hardship-tagged not
visited this year, by village, member and township; "last visited" in the household
register, its export and the member page; days of eating, living or working together.

"Today" is 15 December 2026 (Beijing). By hand, township A:

====  ======  ======================  ==========================================  ========
who   village tags                    visits (Beijing)                            2026?
====  ======  ======================  ==========================================  ========
老党员 高石村  veteran                 home 2026-03-01 (X, ate); 04-02 (X, lived)  visited
困难户 高石村  hardship                home 2025-11-20; phone 2026-05-01           no
双标签 高石村  subsistence, hardship   —                                           no (once)
普通户 高石村  —                       —                                           not counted
富裕户 高石村  well_off                home 2026-06-01, hidden                     no
上访户 白水村  petitioner              home 2026-01-01 00:30 (16:30 UTC the 31st)  visited
五保户 白水村  five_guarantees         home 2025-12-31 23:30; reception 2026-02-01 no
留守户 白水村  left_behind             —                                           not counted
====  ======  ======================  ==========================================  ========

So 6 households matter, 4 not visited: 高石村 4 / 3, 白水村 2 / 1. Member X (cadre_user)
is paired with 老党员, 困难户, 双标签: 3 / 2; member Y with 五保户 (and with 富裕户 until
30 June, not counted): 1 / 1. X's days together: 1 March (twice: one day), 2 April → 2;
Y's: 30 November 23:30 → 1. Township B: one veteran not visited. In 2025: 4 not visited
(老党员, 双标签, 上访户, 富裕户).
"""

# Fixtures come from tests.concern_helpers by import; their use as arguments redefines them.
# ruff: noqa: F811

import datetime
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests import factories as f
from tests.concern_helpers import office_a, office_user  # noqa: F401 (fixtures)
from tests.supervision_helpers import at, freeze
from villages.models import HouseholdTag
from visits.models import Visit

pytestmark = pytest.mark.django_db

K = Visit.Kind
T = HouseholdTag.Code


@pytest.fixture(autouse=True)
def _december(monkeypatch):
    freeze(monkeypatch)


def _household(village, name, *tags):
    household = f.HouseholdFactory(village=village, head_name=name)
    household.tags.set(HouseholdTag.objects.filter(code__in=tags))
    return household


def _visit(station, author, household, when, kind=K.HOME, **flags):
    return f.VisitFactory(
        station=station, author=author, household=household, occurred_at=when, kind=kind, **flags
    )


@pytest.fixture
def world(station_a, station_a2, station_b, cadre_user, staff_a):
    a, a2 = station_a.village, station_a2.village
    x = cadre_user.cadre
    x.name = "甲干部"
    x.save()
    y = f.CadreFactory(township=a.township, name="乙干部")
    h = {
        "veteran": _household(a, "老党员", T.VETERAN),
        "hardship": _household(a, "困难户", T.HARDSHIP),
        "double": _household(a, "双标签", T.SUBSISTENCE, T.HARDSHIP),
        "plain": _household(a, "普通户"),
        "well_off": _household(a, "富裕户", T.WELL_OFF),
        "petitioner": _household(a2, "上访户", T.PETITIONER),
        "five": _household(a2, "五保户", T.FIVE_GUARANTEES),
        "left": _household(a2, "留守户", T.LEFT_BEHIND),
        "b": _household(station_b.village, "金石老党员", T.VETERAN),
    }
    _visit(station_a, x, h["veteran"], at(3, 1, 10), ate_together=True)
    _visit(station_a, x, None, at(3, 1, 20), kind=K.FIELD, worked_together=True)
    _visit(station_a, x, h["veteran"], at(4, 2, 9), lived_together=True)
    _visit(station_a, x, h["hardship"], at(11, 20, 10, year=2025))
    _visit(station_a, x, h["hardship"], at(5, 1, 10), kind=K.PHONE)
    hidden = _visit(station_a, x, h["well_off"], at(6, 1, 10))
    hidden.hidden_at, hidden.hidden_by = at(6, 2), staff_a
    hidden.save()
    _visit(station_a2, y, h["petitioner"], at(1, 1, 0, 30))
    _visit(station_a2, y, h["five"], at(12, 31, 23, 30, year=2025), ate_together=True)
    _visit(station_a2, y, h["five"], at(2, 1, 10), kind=K.RECEPTION)
    _visit(station_a2, y, None, at(11, 30, 23, 30), kind=K.FIELD, worked_together=True)
    for key in ("veteran", "hardship", "double"):
        f.PairingFactory(cadre=x, household=h[key])
    f.PairingFactory(cadre=y, household=h["five"])
    f.PairingFactory(cadre=y, household=h["well_off"], end_date=datetime.date(2026, 6, 30))
    return {"x": x, "y": y, **h}


def _cells(html, first):
    """The cells of the table row whose first cell holds ``first``."""
    for row in re.findall(r"<tr>(.*?)</tr>", html, re.S):
        cells = [
            re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
        if cells and cells[0] == first:
            return cells
    raise AssertionError(first)


def _township(client, township, **query):
    return client.get(
        reverse("supervision:supervision_township_coverage", args=[township.pk]), query
    )


def test_the_township_page_counts_by_village_and_member(client, staff_a, township_a, world):
    client.force_login(staff_a)
    page = _township(client, township_a)
    assert page.status_code == 200
    html = page.text
    assert re.search(r"<dt>重点户</dt>\s*<dd>6</dd>", html)
    assert re.search(r"<dt>本年未走访</dt>\s*<dd>4 / 6</dd>", html)
    assert "标注为老党员/老干部/老模范" in html  # the definition beside the number
    assert _cells(html, "高石村") == ["高石村", "4", "3"]
    assert _cells(html, "白水村") == ["白水村", "2", "1"]
    assert _cells(html, "甲干部") == ["甲干部", "3", "2", "2"]
    assert _cells(html, "乙干部") == ["乙干部", "1", "1", "1"]
    listed = re.findall(r'/households/\d+/">([^<]+)</a>', html)
    names = [n for n in listed if n]
    assert sorted(names) == sorted(["困难户", "双标签", "富裕户", "五保户"])
    assert _cells(html, "困难户")[-1] == "2025年11月20日"
    assert _cells(html, "五保户")[-1] == "2025年12月31日"
    assert _cells(html, "双标签")[-1] == "—"
    assert _cells(html, "双标签")[3] == "甲干部"
    only = _township(client, township_a, village=world["petitioner"].village_id).text
    assert "五保户" in only and "困难户</a>" not in only


def test_a_past_year_and_a_bad_year(client, staff_a, township_a, world):
    client.force_login(staff_a)
    html = _township(client, township_a, year=2025).text
    assert re.search(r"<dt>本年未走访</dt>\s*<dd>4 / 6</dd>", html)
    assert _cells(html, "高石村") == ["高石村", "4", "3"]  # 老党员, 双标签, 富裕户
    assert _cells(html, "白水村") == ["白水村", "2", "1"]  # 上访户 (1 January 2026)
    for bad, message in (("abc", "无法识别所选年份"), ("2027", "请选择今年或更早的年份")):
        response = _township(client, township_a, year=bad)
        assert response.status_code == 400 and message in response.text
        assert "<dt>重点户</dt>" not in response.text


def test_the_county_page_counts_by_township(client, supervisor, county, township_a, world):
    client.force_login(supervisor)
    html = client.get(reverse("supervision:supervision_county_coverage", args=[county.pk])).text
    assert re.search(r"<dt>本年未走访</dt>\s*<dd>5 / 7</dd>", html)
    assert _cells(html, "石门乡") == ["石门乡", "6", "4"]
    assert _cells(html, "金石桥镇") == ["金石桥镇", "1", "1"]


def test_the_coverage_pages_are_scoped(
    client, township_a, county, staff_b, cadre_user, office_user, supervisor, staff_a, world
):
    url = reverse("supervision:supervision_township_coverage", args=[township_a.pk])
    county_url = reverse("supervision:supervision_county_coverage", args=[county.pk])
    for user, status, county_status in (
        (staff_b, 404, 403),
        (cadre_user, 403, 403),
        (office_user, 403, 403),
        (supervisor, 200, 200),
    ):
        client.force_login(user)
        assert client.get(url).status_code == status
        assert client.get(county_url).status_code == county_status
    client.force_login(staff_b)
    own = client.get(
        reverse("supervision:supervision_township_coverage", args=[world["b"].village.township_id])
    )
    assert own.status_code == 200 and "老党员</a>" not in own.text.replace("金石老党员", "")
    client.force_login(staff_a)
    assert client.post(url).status_code == 405


def test_the_household_register_and_its_export_say_when_last_visited(client, staff_a, world):
    client.force_login(staff_a)
    html = client.get(reverse("villages:household_list")).text
    assert "最近走访" in html
    assert _cells(html, "困难户")[-1] == "2025年11月20日"  # the phone call is no visit
    assert _cells(html, "富裕户")[-1] == "—"  # its only visit is hidden
    assert _cells(html, "上访户")[-1] == "2026年1月1日"
    export = client.get(reverse("villages:household_export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    column = header.index("最近走访")
    by_name = {row[header.index("户主")]: row[column] for row in rows[1:]}
    assert by_name["困难户"].date() == datetime.date(2025, 11, 20)
    assert by_name["双标签"] in (None, "")


def test_the_member_page_lists_paired_households_and_days_together(client, staff_a, world):
    client.force_login(staff_a)
    url = reverse("supervision:supervision_member", args=[world["x"].pk])
    html = client.get(url, {"start": "2026-01-01", "end": "2026-12-15"}).text
    assert re.search(r"<dt>同吃同住同劳动天数</dt>\s*<dd>2</dd>", html)
    assert _cells(html, "双标签")[-1] == "—"
    assert _cells(html, "困难户")[-1] == "2025年11月20日"
    assert _cells(html, "老党员")[-1] == "2026年4月2日"
    assert html.index("双标签") < html.index("困难户") < html.index("老党员</a>")
    march = client.get(url, {"month": "2026-03"}).text
    assert re.search(r"<dt>同吃同住同劳动天数</dt>\s*<dd>1</dd>", march)


def test_the_township_page_costs_the_same_queries_at_two_sizes(
    client, staff_a, township_a, station_a, world, django_assert_max_num_queries
):
    client.force_login(staff_a)
    for size in (2, 40):
        for n in range(size):
            household = _household(station_a.village, f"新户{size}-{n}", T.HARDSHIP)
            f.PairingFactory(cadre=world["x"], household=household)
            if n % 2:
                _visit(station_a, world["x"], household, at(7, 1), ate_together=True)
        with django_assert_max_num_queries(14):
            assert _township(client, township_a).status_code == 200
        with django_assert_max_num_queries(12):
            assert client.get(reverse("villages:household_list")).status_code == 200


def _paired_on_page(client, cadre, **query):
    html = client.get(reverse("supervision:supervision_member", args=[cadre.pk]), query).text
    names = ("老党员", "困难户", "双标签", "富裕户", "五保户", "留守户")
    return {name for name in names if re.search(rf">{name}</a>", html)}


def test_the_member_page_lists_the_members_own_pairings_on_the_periods_last_day(
    client, staff_a, world
):
    """Y is paired with 五保户, with 富裕户 until 30 June, and from 1 March with 留守户:
    the page lists the pairings in force on the period's last day (or today), Y's only."""
    f.PairingFactory(
        cadre=world["y"], household=world["left"], start_date=datetime.date(2026, 3, 1)
    )
    client.force_login(staff_a)
    y = world["y"]
    assert _paired_on_page(client, y, month="2026-02") == {"五保户", "富裕户"}
    assert _paired_on_page(client, y, start="2026-02-01", end="2026-03-01") == {
        "五保户",
        "富裕户",
        "留守户",
    }
    assert _paired_on_page(client, y, month="2026-06") == {"五保户", "富裕户", "留守户"}
    assert _paired_on_page(client, y, month="2026-07") == {"五保户", "留守户"}
    assert _paired_on_page(client, world["x"], month="2026-07") == {"老党员", "困难户", "双标签"}
