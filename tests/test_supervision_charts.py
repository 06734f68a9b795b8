"""Supervision charts: every bar carries the figure the tables show, counted by hand
on November 2026 (``tests.supervision_helpers``), and each builder costs a fixed
number of queries."""

# Fixtures come from tests.supervision_helpers by import; their use as arguments redefines them.
# ruff: noqa: F811

import datetime
import re

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from cadres.models import User
from tests import factories as f
from tests.concern_helpers import ConcernFactory
from tests.supervision_helpers import NOVEMBER, at, freeze, november  # noqa: F401
from villages.models import Standard
from visits.concerns.figures import concern_figures
from visits.models import Concern
from visits.supervision import activity, chart_data
from visits.supervision.charts import BAR_AREA

pytestmark = pytest.mark.django_db

C = Concern.Category
S = Concern.State
NOV = {"month": "2026-11"}


@pytest.fixture(autouse=True)
def _december(monkeypatch):
    freeze(monkeypatch)


@pytest.fixture
def concerns(november, station_a, station_a2, station_b):
    """Raised in November in township A: three at 高石村, two at 白水村 (one on the
    last evening); one in December and one in township B that never count here."""

    def concern(station, household, category, state, when):
        return ConcernFactory(
            station=station, household=household, category=category, state=state, raised_at=when
        )

    liu, zhang, chen = november.liu, november.zhang, november.chen
    made = [
        concern(station_a, liu, C.INFRA_ROAD, S.ESCALATED, at(11, 3)),
        concern(station_a, zhang, C.INFRA_ROAD, S.ON_SPOT, at(11, 5)),
        concern(station_a, liu, C.DISPUTE_LAND, S.CLOSED, at(11, 10)),
        concern(station_a2, chen, C.HELP_MEDICAL, S.ESCALATED, at(11, 20)),
        concern(station_a2, chen, C.HELP_MEDICAL, S.STATION, at(11, 30, 23, 30)),
    ]
    concern(station_a2, chen, C.POLICY, S.ESCALATED, at(12, 1, 0, 30))
    concern(station_b, None, C.POLICY, S.ESCALATED, at(11, 5))
    return made


def _bars(chart):
    return [(bar.label, bar.text) for bar in chart.bars]


def test_concerns_are_counted_by_category_and_state(staff_a, township_a, concerns):
    counts = chart_data.concern_counts(period=NOVEMBER, user=staff_a, township=township_a)
    assert counts["category"] == {"infra_road": 2, "dispute_land": 1, "help_medical": 2}
    assert counts["state"] == {"escalated": 2, "on_spot": 1, "closed": 1, "station": 1}
    # The same "raised" as the concern figures on the page.
    raised = concern_figures(
        user=staff_a, township=township_a, start=NOVEMBER.start, end=NOVEMBER.end
    )["raised"]
    assert sum(counts["category"].values()) == sum(counts["state"].values()) == raised == 5


def test_the_concern_charts_label_every_bar_with_its_count(staff_a, township_a, concerns):
    by_category, by_state = chart_data.concern_charts(
        period=NOVEMBER, user=staff_a, township=township_a
    )
    # Categories in the model's order, only those raised.
    assert _bars(by_category) == [
        (str(C.DISPUTE_LAND.label), "1"),
        (str(C.HELP_MEDICAL.label), "2"),
        (str(C.INFRA_ROAD.label), "2"),
    ]
    # Every state, zeros included, in workflow order.
    assert [text for _label, text in _bars(by_state)] == ["1", "1", "2", "0", "0", "0", "1", "0"]
    assert [label for label, _text in _bars(by_state)] == [str(label) for label in S.labels]
    # Bars are proportional to the largest count.
    widths = {bar.text: float(bar.width) for bar in by_state.bars}
    assert widths["2"] == 2 * widths["1"] > 0 and widths["0"] == 0


def test_no_concerns_draw_nothing(staff_a, township_a, november):
    charts = chart_data.concern_charts(period=NOVEMBER, user=staff_a, township=township_a)
    assert [chart.bars for chart in charts] == [(), ()]


def test_another_townships_concerns_are_not_counted(staff_b, township_a, concerns):
    counts = chart_data.concern_counts(period=NOVEMBER, user=staff_b, township=township_a)
    assert counts == {"category": {}, "state": {}}


def test_the_township_page_charts_cards_and_contacts_by_village(
    client, staff_a, township_a, november, concerns
):
    client.force_login(staff_a)
    page = client.get(reverse("supervision:supervision_township", args=[township_a.pk]), NOV)
    charts = list(page.context["charts"])
    assert len(charts) == 5
    rows = {row["station"].village.name: row for row in page.context["rows"]}
    coverage = dict(_bars(charts[3]))
    # 高石村: 刘一's card valid, 张二's voided on 20 November, 李四's issued in December.
    assert coverage == {"白水村": "0.0%", "高石村": "33.3%"}
    contacts = dict(_bars(charts[4]))
    # 高石村: 刘一 (capped at one a month) and 张二; 白水村: 陈三 (capped at one).
    assert contacts == {
        name: f"{row['paired_contacts']} / {row['paired_contacts_expected']:.1f}"
        for name, row in rows.items()
    }
    assert contacts == {"白水村": "1 / 0.1", "高石村": "2 / 0.4"}
    visits = dict(_bars(charts[0]))
    assert visits["2026-11"] == "6" and visits["2026-10"] == "1" and len(visits) == 12
    by_category = dict(_bars(charts[1]))
    assert by_category == {
        str(C.HELP_MEDICAL.label): "2",
        str(C.INFRA_ROAD.label): "2",
        str(C.DISPUTE_LAND.label): "1",
    }
    assert sum(int(n) for n in by_category.values()) == page.context["totals"]["concerns"]["raised"]
    assert page.text.count("<svg") == 5
    # No inline script or style (the CSP forbids them); the charts need neither.
    assert not re.search(r"<script(?![^>]*\bsrc=)", page.text) and " style=" not in page.text


def test_the_county_page_charts_by_township(client, supervisor, township_a, township_b, concerns):
    client.force_login(supervisor)
    page = client.get(reverse("supervision:supervision_county", args=[supervisor.county_id]), NOV)
    charts = list(page.context["charts"])
    assert len(charts) == 5
    by_state = dict(_bars(charts[2]))
    # Township B's policy question counts at the county: six raised in November.
    assert sum(int(n) for n in by_state.values()) == 6
    assert page.context["totals"]["concerns"]["raised"] == 6
    rows = {row["township"].name: row for row in page.context["rows"]}
    assert dict(_bars(charts[3])) == {
        name: chart_data.percent(row["card_coverage"]) for name, row in rows.items()
    }
    assert dict(_bars(charts[4]))[township_a.name] == "3 / 0.5"


def test_the_station_page_charts_cards_by_group_and_contacts_by_member(
    client, staff_a, station_a, november, concerns
):
    first, second = (
        f.VillageGroupFactory(village=station_a.village, name=name) for name in ("一组", "二组")
    )
    for household, group in ((november.liu, first), (november.zhang, first), (november.li, second)):
        household.group = group
        household.save()
    ungrouped = f.HouseholdFactory(village=station_a.village, head_name="周五")
    f.ContactCardFactory(
        household=ungrouped, station=station_a, issued_on=datetime.date(2026, 3, 1)
    )
    client.force_login(staff_a)
    page = client.get(reverse("supervision:supervision_station", args=[station_a.pk]), NOV)
    charts = list(page.context["charts"])
    assert len(charts) == 5
    groups = _bars(charts[3])
    # 一组: 刘一 carded, 张二 voided; 二组: 李四's card came in December; 周五 has no group.
    assert groups == [
        ("一组", "50.0% (1/2)"),
        ("二组", "0.0% (0/1)"),
        (gettext("no group"), "100.0% (1/1)"),
    ]
    carded = sum(int(text.split("(")[1].split("/")[0]) for _label, text in groups)
    assert carded == page.context["totals"]["carded"] == 2
    members = {row["cadre"].name: row for row in page.context["members"]}
    assert dict(_bars(charts[4])) == {
        name: f"{row['paired_contacts']} / {row['paired_contacts_expected']:.1f}"
        for name, row in members.items()
    }
    assert dict(_bars(charts[4]))["王明"] == "1 / 0.1"


def test_the_member_page_keeps_its_visits_chart(client, staff_a, november):
    client.force_login(staff_a)
    page = client.get(reverse("supervision:supervision_member", args=[november.wang.pk]), NOV)
    (chart,) = page.context["charts"]
    assert dict(_bars(chart))["2026-11"] == "5"


def _grow(township, size):
    """``size`` more stations, each with a village group, a paired household with a card,
    a visit and a concern in November."""
    for _ in range(size):
        station = f.StationFactory(village=f.VillageFactory(township=township))
        member = f.CadreFactory(township=township)
        f.AssignmentFactory(cadre=member, station=station)
        group = f.VillageGroupFactory(village=station.village)
        household = f.HouseholdFactory(village=station.village, group=group)
        f.PairingFactory(cadre=member, household=household)
        f.ContactCardFactory(household=household, station=station)
        f.VisitFactory(station=station, author=member, household=household, occurred_at=at(11, 4))
        ConcernFactory(station=station, raised_at=at(11, 4), category=C.INFRA_WATER)


def test_each_builder_costs_the_same_queries_at_any_size(
    staff_a, township_a, station_a, november, django_assert_num_queries
):
    standard = Standard.objects.for_county(township_a.county_id)
    for size in (1, 15):
        _grow(township_a, size)
        f.HouseholdFactory(
            village=station_a.village, group=f.VillageGroupFactory(village=station_a.village)
        )
        rows = list(
            activity.activity_by(
                "station",
                period=NOVEMBER,
                standard=standard,
                keys=township_a.villages.values_list("station", flat=True),
                township=township_a,
                user=staff_a,
            ).values()
        )
        with django_assert_num_queries(1):
            chart_data.concern_charts(period=NOVEMBER, user=staff_a, township=township_a)
        with django_assert_num_queries(1):
            chart_data.visits_chart(period=NOVEMBER, user=staff_a, township=township_a)
        with django_assert_num_queries(1):
            chart_data.group_coverage_chart(station=station_a, period=NOVEMBER, user=staff_a)
        with django_assert_num_queries(0):
            chart_data.contacts_chart(title="t", rows=rows, label=lambda row: "x")
            chart_data.coverage_chart(title="t", rows=rows, label=lambda row: "x")


def _titles(page):
    return [chart.title for chart in page.context["charts"]]


def test_each_page_titles_its_charts(client, staff_a, township_a, station_a, november, concerns):
    client.force_login(staff_a)
    shared = ["每月走访", "按类别统计的民情诉求", "民情诉求当前办理状态"]
    township = client.get(reverse("supervision:supervision_township", args=[township_a.pk]), NOV)
    assert _titles(township) == [*shared, "各村连心卡发放率", "各村结对联系户联系次数"]
    # Coverage bars are out of 100%: 高石's third fills a third of the bar, not all of it.
    widths = {bar.label: float(bar.width) for bar in township.context["charts"][3].bars}
    assert widths == {"高石村": pytest.approx(BAR_AREA / 3, abs=0.1), "白水村": 0}
    station = client.get(reverse("supervision:supervision_station", args=[station_a.pk]), NOV)
    assert _titles(station) == [*shared, "各村民小组连心卡发放率", "各站员结对联系户联系次数"]
    for title in _titles(station):
        assert title in station.text
    # 高石's own three concerns, not 白水's two.
    assert dict(_bars(station.context["charts"][1])) == {
        str(C.DISPUTE_LAND.label): "1",
        str(C.INFRA_ROAD.label): "2",
    }


def test_a_township_without_households_has_no_card_coverage_to_draw(
    client, supervisor, county, november
):
    f.TownshipFactory(county=county, name="空乡")
    client.force_login(supervisor)
    page = client.get(reverse("supervision:supervision_county", args=[county.pk]), NOV)
    assert _titles(page)[3:] == ["各乡镇连心卡发放率", "各乡镇结对联系户联系次数"]
    coverage = {bar.label: (bar.text, bar.width) for bar in page.context["charts"][3].bars}
    assert coverage["空乡"] == ("—", "0.0")  # no households: no share, not 0%


def test_concerns_count_from_the_months_first_minute_to_the_next_months(
    staff_a, township_a, station_a, november, concerns
):
    # At 00:00 on 1 November (Beijing) a policy question counts; one at 23:59 on 31 October
    # and one at 00:00 on 1 December do not.
    for when in (at(11, 1, 0, 0), at(10, 31, 23, 59), at(12, 1, 0, 0)):
        ConcernFactory(station=station_a, category=C.POLICY, state=S.ESCALATED, raised_at=when)
    counts = chart_data.concern_counts(period=NOVEMBER, user=staff_a, township=township_a)
    assert counts["category"] == {
        "infra_road": 2,
        "dispute_land": 1,
        "help_medical": 2,
        "policy": 1,
    }
    assert counts["state"] == {"escalated": 3, "on_spot": 1, "closed": 1, "station": 1}


def test_a_countys_charts_count_that_county_only(county, station_a, november, concerns, staff_b):
    # The monthly report draws without a user: another county's concern and visit are not
    # the county's. A township's visits are none of another township's staff.
    elsewhere = f.StationFactory(village=f.VillageFactory(name="外县村"))
    ConcernFactory(station=elsewhere, category=C.POLICY, state=S.ESCALATED, raised_at=at(11, 5))
    f.VisitFactory(station=elsewhere, occurred_at=at(11, 5))
    counts = chart_data.concern_counts(period=NOVEMBER, user=None, county=county)
    # Township A's five and township B's policy question.
    assert counts["category"] == {
        "infra_road": 2,
        "dispute_land": 1,
        "help_medical": 2,
        "policy": 1,
    }
    visits = dict(_bars(chart_data.visits_chart(period=NOVEMBER, user=None, county=county)))
    assert visits["2026-11"] == "6"  # township A's six in November
    township_a = station_a.village.township
    hidden = chart_data.visits_chart(period=NOVEMBER, user=staff_b, township=township_a)
    assert {text for _label, text in _bars(hidden)} == {"0"}


def test_contact_bars_are_scaled_to_the_most_done_or_due():
    # 一村 did 1 of 4 due, 二村 2 of 1: the longest bar is 4, so 一村 draws a quarter of
    # the bar and 二村 a half (a place far behind is not drawn as if it were ahead).
    rows = [
        {"name": "一村", "paired_contacts": 1, "paired_contacts_expected": 4.0},
        {"name": "二村", "paired_contacts": 2, "paired_contacts_expected": 1.0},
    ]
    chart = chart_data.contacts_chart(title="t", rows=rows, label=lambda row: row["name"])
    assert [(bar.label, bar.text, bar.width) for bar in chart.bars] == [
        ("一村", "1 / 4.0", f"{BAR_AREA / 4:.1f}"),
        ("二村", "2 / 1.0", f"{BAR_AREA / 2:.1f}"),
    ]


def test_village_groups_are_listed_by_name_with_no_group_last(client, staff_a, station_a, november):
    # Made 二组 first: the chart still lists 一组 (U+4E00) before 二组 (U+4E8C).
    for name in ("二组", "一组"):
        group = f.VillageGroupFactory(village=station_a.village, name=name)
        f.HouseholdFactory(village=station_a.village, group=group)
    client.force_login(staff_a)
    page = client.get(reverse("supervision:supervision_station", args=[station_a.pk]), NOV)
    bars = page.context["charts"][3].bars
    assert [bar.label for bar in bars] == ["一组", "二组", "未分组"]
    # Out of 100%: the ungrouped third (刘一's card of 刘一, 张二, 李四) fills a third.
    assert [float(bar.width) for bar in bars] == [0, 0, pytest.approx(BAR_AREA / 3, abs=0.1)]


def test_each_pages_charts_are_its_places_own(
    client, supervisor, county, township_a, station_a, station_b, november, concerns
):
    # A visit in township B on 5 November, and another county of the same city with a visit
    # and a concern that month: the city sees both counties, the county both townships,
    # yet each page charts its own place only.
    f.VisitFactory(station=station_b, occurred_at=at(11, 5))
    city = f.PrefectureFactory(name="邵阳市")
    county.prefecture = city
    county.save()
    elsewhere = f.StationFactory(
        village=f.VillageFactory(
            township=f.TownshipFactory(county=f.CountyFactory(prefecture=city))
        )
    )
    f.VisitFactory(station=elsewhere, occurred_at=at(11, 5))
    ConcernFactory(station=elsewhere, category=C.POLICY, state=S.ESCALATED, raised_at=at(11, 5))

    def charts(user, name, pk):
        client.force_login(user)
        return client.get(reverse(name, args=[pk]), NOV).context["charts"]

    def figures(found):
        raised = sum(int(text) for _label, text in _bars(found[2]))
        return dict(_bars(found[0]))["2026-11"], raised

    # 高石: 4 visits (2 home, field, phone; the reception is not a visit), 3 concerns.
    assert figures(charts(supervisor, "supervision:supervision_station", station_a.pk)) == ("4", 3)
    # Township A: 高石's 4 and 白水's 2 visits; 5 concerns (not B's policy question).
    page = charts(supervisor, "supervision:supervision_township", township_a.pk)
    assert figures(page) == ("6", 5)
    # The county: A's 6 and B's visit; A's 5 concerns and B's one.
    city_user = f.UserFactory(username="city", role=User.Role.PREFECTURE, prefecture=city)
    assert figures(charts(city_user, "supervision:supervision_county", county.pk)) == ("7", 6)
