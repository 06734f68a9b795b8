"""Supervision pages: the drill-down from the county to one visit, who may open
which page, the period picker's refusals, the standards form, query budgets."""

# Fixtures come from tests.supervision_helpers by import; their use as arguments redefines them.
# ruff: noqa: F811

import datetime
import re

import pytest
from django.urls import reverse

from stations.models import WorkStation
from tests import factories as f
from tests.supervision_helpers import at, freeze, november  # noqa: F401
from villages.models import Standard

pytestmark = pytest.mark.django_db

NOV = {"month": "2026-11"}


@pytest.fixture(autouse=True)
def _december(monkeypatch):
    freeze(monkeypatch)


def _login(client, user):
    client.force_login(user)
    return client


def urls(county, township, station, cadre):
    return {
        "county": reverse("supervision:supervision_county", args=[county.pk]),
        "county_shortfalls": reverse("supervision:supervision_county_shortfalls", args=[county.pk]),
        "standard": reverse("supervision:supervision_standard", args=[county.pk]),
        "township": reverse("supervision:supervision_township", args=[township.pk]),
        "township_shortfalls": reverse(
            "supervision:supervision_township_shortfalls", args=[township.pk]
        ),
        "station": reverse("supervision:supervision_station", args=[station.pk]),
        "member": reverse("supervision:supervision_member", args=[cadre.pk]),
    }


# The drill-down -------------------------------------------------------------


def test_a_supervisor_drills_from_the_county_down_to_one_visit(
    client, supervisor, november, township_a, township_b, station_a2
):
    _login(client, supervisor)
    county = client.get(reverse("supervision:supervision_county", args=[supervisor.county_id]), NOV)
    assert county.status_code == 200
    rows = {row["township"].name: row for row in county.context["rows"]}
    assert set(rows) == {township_a.name, township_b.name}
    assert rows[township_a.name]["visits"] == 6 and rows[township_a.name]["receptions"] == 1
    township_url = reverse("supervision:supervision_township", args=[township_a.pk])
    assert f'href="{township_url}?month=2026-11"' in county.text

    township = client.get(township_url, NOV)
    by_station = {row["station"].pk: row for row in township.context["rows"]}
    assert by_station[station_a2.pk]["visits"] == 2
    station_url = reverse("supervision:supervision_station", args=[station_a2.pk])
    assert f'href="{station_url}?month=2026-11"' in township.text

    station = client.get(station_url, NOV)
    members = {row["cadre"].name: row for row in station.context["members"]}
    # 王明 moved here on 16 November: only what he logged here counts here.
    assert members["王明"]["visits"] == 2 and members["王明"]["village_days"] == 2
    member_url = reverse("supervision:supervision_member", args=[november.wang.pk])
    assert f'href="{member_url}?month=2026-11"' in station.text

    member = client.get(member_url, NOV)
    assert member.context["totals"]["visits"] == 5
    assert member.context["totals"]["village_days"] == 4
    per_station = {row["station"].name: row["visits"] for row in member.context["per_station"]}
    assert per_station == {"高石村群众工作站": 3, "白水村群众工作站": 2}
    visit_url = november.late_evening.get_absolute_url()
    assert f'href="{visit_url}"' in member.text
    # The visit of 30 November 23:30 Beijing time is listed under November.
    assert "2026-11-30 23:30" in member.text
    assert client.get(visit_url).status_code == 200


def test_the_pages_draw_their_charts_as_inline_svg(client, supervisor, november, township_a):
    _login(client, supervisor)
    county = client.get(reverse("supervision:supervision_county", args=[supervisor.county_id]), NOV)
    township = client.get(reverse("supervision:supervision_township", args=[township_a.pk]), NOV)
    for page in (county, township):
        # Visits per month, card coverage, paired contacts; no concerns, so no concern charts.
        assert page.text.count("<svg") == 3
        # No inline script (the CSP forbids it); the base template's own files are fine.
        assert not re.search(r"<script(?![^>]*\bsrc=)", page.text)
    # Card coverage by village: 高石村 1 of 3 households.
    assert "33.3%" in township.text
    # Visits per month, the twelve months up to November 2026.
    assert "2025-12" in township.text and "2026-11" in township.text


def test_township_staff_see_their_township_only(
    client, staff_a, november, county, township_b, station_b
):
    _login(client, staff_a)
    station_a = WorkStation.objects.get(village__name="高石村")
    other_cadre = f.CadreFactory(township=township_b)
    mine = urls(county, station_a.village.township, station_a, november.wang)
    theirs = urls(county, township_b, station_b, other_cadre)
    for name in ("township", "township_shortfalls", "station", "member"):
        assert client.get(mine[name], NOV).status_code == 200, name
        assert client.get(theirs[name], NOV).status_code == 404, name
    # The county's pages are the supervisor's.
    for name in ("county", "county_shortfalls", "standard"):
        assert client.get(mine[name], NOV).status_code == 403, name


def test_a_supervisor_sees_every_township_of_their_county_only(
    client, supervisor, other_supervisor, november, county, township_a, station_a
):
    mine = urls(county, township_a, station_a, november.wang)
    _login(client, supervisor)
    for name, url in mine.items():
        assert client.get(url, NOV).status_code == 200, name
    _login(client, other_supervisor)
    for name, url in mine.items():
        assert client.get(url, NOV).status_code == 404, name


def test_cadres_may_not_open_supervision_pages(client, cadre_user, county, township_a, station_a):
    _login(client, cadre_user)
    for name, url in urls(county, township_a, station_a, cadre_user.cadre).items():
        assert client.get(url).status_code == 403, name


def test_anonymous_users_are_sent_to_log_in(client, county, township_a, station_a, cadre_user):
    for name, url in urls(county, township_a, station_a, cadre_user.cadre).items():
        response = client.get(url)
        assert response.status_code == 302, name
        assert response.url.startswith(reverse("login")), name


def test_the_pages_only_read(client, supervisor, county, township_a, station_a, cadre_user):
    _login(client, supervisor)
    for name, url in urls(county, township_a, station_a, cadre_user.cadre).items():
        if name != "standard":
            assert client.post(url).status_code == 405, name


def test_the_county_page_filters_townships_by_name(client, supervisor, township_a, township_b):
    _login(client, supervisor)
    page = client.get(
        reverse("supervision:supervision_county", args=[supervisor.county_id]), {"q": "石门"}
    )
    assert [row["township"] for row in page.context["rows"]] == [township_a]


def test_the_visit_list_filters_by_kind(client, staff_a, november, station_a):
    _login(client, staff_a)
    url = reverse("supervision:supervision_station", args=[station_a.pk])
    page = client.get(url, {**NOV, "kind": "phone"})
    assert [v.kind for v in page.context["page"]] == ["phone"]
    page = client.get(url, NOV)
    assert len(page.context["page"]) == 5


def test_the_shortfall_list_filters_by_kind(client, supervisor, november, station_b):
    _login(client, supervisor)
    url = reverse("supervision:supervision_county_shortfalls", args=[supervisor.county_id])
    page = client.get(url, {**NOV, "kind": "logs_missing"})
    assert [(s.kind, s.station) for s in page.context["shortfalls"]] == [
        ("logs_missing", station_b)
    ]
    assert station_b.name in page.text


def test_staff_of_one_township_are_not_offered_a_township_filter(client, staff_a, township_a):
    _login(client, staff_a)
    page = client.get(reverse("supervision:supervision_township_shortfalls", args=[township_a.pk]))
    assert "township" not in page.context["filter"].form.fields


# The period picker -----------------------------------------------------------


def test_no_period_means_this_month(client, staff_a, township_a):
    page = _login(client, staff_a).get(
        reverse("supervision:supervision_township", args=[township_a.pk])
    )
    assert page.status_code == 200
    period = page.context["period"]
    assert (period.start, period.end) == (datetime.date(2026, 12, 1), datetime.date(2026, 12, 31))


def test_a_range_of_days_is_measured_day_by_day(client, staff_a, november, station_a2):
    _login(client, staff_a)
    url = reverse("supervision:supervision_station", args=[station_a2.pk])
    page = client.get(url, {"start": "2026-11-30", "end": "2026-12-01"})
    assert page.status_code == 200
    # 30 Nov 23:30 and 1 Dec 00:30, not 20 Nov.
    assert page.context["totals"]["visits"] == 2
    assert page.context["period_query"] == "start=2026-11-30&end=2026-12-01"


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"month": "2026-13"}, "month", "输入一个有效的日期。"),
        ({"month": "十一月"}, "month", "输入一个有效的日期。"),
        ({"start": "2026-11-31", "end": "2026-12-01"}, "start", "输入一个有效的日期。"),
        ({"start": "abc", "end": "2026-12-01"}, "start", "输入一个有效的日期。"),
        ({"start": "2026-11-30", "end": "2026-11-01"}, "end", None),
        ({"start": "2026-11-01"}, "end", None),
        ({"end": "2026-11-01"}, "start", None),
        ({"start": "2025-01-01", "end": "2026-12-31"}, "end", None),
        ({"month": "1900-01"}, "month", None),
        ({"start": "0001-01-01", "end": "0001-01-02"}, "start", None),
    ],
)
def test_bad_dates_are_refused_with_a_message_and_no_figures(
    client, staff_a, supervisor, township_a, station_a, cadre_user, county, query, field, message
):
    for user, names in (
        (staff_a, ("township", "township_shortfalls", "station", "member")),
        (supervisor, ("county", "county_shortfalls")),
    ):
        _login(client, user)
        pages = urls(county, township_a, station_a, cadre_user.cadre)
        for name in names:
            response = client.get(pages[name], query)
            assert response.status_code == 400, (name, query)
            assert field in response.context["period_form"].errors, (name, query)
            assert "totals" not in response.context and "shortfalls" not in response.context
            if message:
                assert message in response.text


# The standards ---------------------------------------------------------------


def _standard_post(**changes):
    data = {
        "village_days_leadership": 10,
        "village_days_section": 10,
        "village_days_ordinary": 5,
        "contacts_per_paired_household": 3,
        "farmer_friends_per_member": 10,
        "station_days_per_week": 1,
        "analysis_meetings_per_quarter": 1,
        "seven_haves_required": [n for n, _l in WorkStation.SEVEN_HAVES],
        "red_below_percent": 50,
    }
    data.update(changes)
    return data


def test_the_standards_form_shows_the_defaults_without_writing(client, supervisor, county):
    page = _login(client, supervisor).get(
        reverse("supervision:supervision_standard", args=[county.pk])
    )
    assert page.status_code == 200
    assert page.context["form"].initial["village_days_ordinary"] == 5
    assert not Standard.objects.exists()


def test_the_supervisor_saves_the_county_standards(client, supervisor, county):
    _login(client, supervisor)
    url = reverse("supervision:supervision_standard", args=[county.pk])
    response = client.post(
        url,
        _standard_post(
            contacts_per_paired_household=4,
            seven_haves_required=["has_office", "has_work_log"],
        ),
    )
    assert response.status_code == 302
    standard = Standard.objects.get(county=county)
    assert standard.contacts_per_paired_household == 4
    assert standard.seven_haves_required == ["has_office", "has_work_log"]
    # Saving again changes the same row.
    client.post(url, _standard_post(village_days_ordinary=6))
    assert Standard.objects.get().village_days_ordinary == 6


def test_a_bad_standard_is_refused_and_nothing_is_written(client, supervisor, county):
    _login(client, supervisor)
    url = reverse("supervision:supervision_standard", args=[county.pk])
    response = client.post(url, _standard_post(station_days_per_week=8))
    assert response.status_code == 400
    assert "station_days_per_week" in response.context["form"].errors
    assert "确保该值小于或等于7。" in response.text
    response = client.post(url, _standard_post(seven_haves_required=["has_garden"]))
    assert "seven_haves_required" in response.context["form"].errors
    assert not Standard.objects.exists()


def test_only_the_county_supervisor_edits_the_standards(client, staff_a, other_supervisor, county):
    url = reverse("supervision:supervision_standard", args=[county.pk])
    assert _login(client, staff_a).post(url, _standard_post()).status_code == 403
    assert _login(client, other_supervisor).post(url, _standard_post()).status_code == 404
    assert not Standard.objects.exists()


def test_the_cadre_start_page_uses_the_county_quota(client, cadre_user, station_a, county):
    household = f.HouseholdFactory(village=station_a.village, head_name="赵六")
    f.PairingFactory(cadre=cadre_user.cadre, household=household)
    f.VisitFactory(station=station_a, author=cadre_user.cadre, household=household)
    _login(client, cadre_user)
    assert "今年联系 1/3 次" in client.get(reverse("visits:today")).text
    Standard.objects.create(county=county, contacts_per_paired_household=5)
    assert "今年联系 1/5 次" in client.get(reverse("visits:today")).text


def test_the_overview_pages_link_to_supervision(client, supervisor, staff_a, county, township_a):
    page = _login(client, supervisor).get(reverse("supervision:county_overview", args=[county.pk]))
    assert reverse("supervision:supervision_county", args=[county.pk]) in page.text
    page = _login(client, staff_a).get(
        reverse("supervision:township_overview", args=[township_a.pk])
    )
    assert reverse("supervision:supervision_township", args=[township_a.pk]) in page.text


# Query budgets -----------------------------------------------------------------


def _grow(township, wang, size):
    """``size`` more stations in the township, each with a member, a paired household,
    a card, a duty day and a visit in November; and ``size`` more visits by 王明."""
    station_a2 = WorkStation.objects.get(village__name="白水村")
    for _ in range(size):
        station = f.StationFactory(village=f.VillageFactory(township=township))
        member = f.CadreFactory(township=township)
        f.AssignmentFactory(cadre=member, station=station)
        household = f.HouseholdFactory(village=station.village)
        f.PairingFactory(cadre=member, household=household)
        f.ContactCardFactory(household=household, station=station)
        f.DutyDayFactory(station=station, date=datetime.date(2026, 11, 3), cadre=member)
        f.VisitFactory(station=station, author=member, household=household, occurred_at=at(11, 4))
        f.VisitFactory(station=station_a2, author=wang, household=None, occurred_at=at(11, 6))


@pytest.mark.parametrize(
    ("name", "budget"),
    # +2 county and township, +1 station: a finished month whose card rollups are not
    # written yet asks them first, then the households (per row and in total).
    [
        ("county", 27),  # +1: concerns by category and state; +5: meetings and deeds
        # +5: missed duty dates, last duty day held, last log, last village day, last
        # paired contact (the shortfalls' "for how long"); +1: the period's public holidays
        ("county_shortfalls", 19),
        ("township", 33),  # +1: concerns by category and state; +5 meetings, +6 ratings
        ("township_shortfalls", 19),  # +1: the period's public holidays
        ("station", 33),  # +2: concerns, cards by village group; +3 meetings, +6 ratings
        # +3: meetings and deeds; +3: paired households (with their tags), days together
        ("member", 26),
    ],
)
def test_each_page_costs_the_same_queries_at_any_size(
    client,
    supervisor,
    november,
    county,
    township_a,
    station_a2,
    name,
    budget,
    django_assert_max_num_queries,
):
    _login(client, supervisor)
    url = urls(county, township_a, station_a2, november.wang)[name]
    for size in (1, 20):
        _grow(township_a, november.wang, size)
        with django_assert_max_num_queries(budget):
            response = client.get(url, NOV)
        assert response.status_code == 200


def test_the_standards_say_which_duty_rule_applies_to_which_station(client, supervisor, county):
    page = _login(client, supervisor).get(
        reverse("supervision:supervision_standard", args=[county.pk])
    )
    assert "按每月固定日期值班的工作站（如5、15、25日）按本站规则的日期考核" in page.text
    assert page.context["form"].initial["red_below_percent"] == 50
