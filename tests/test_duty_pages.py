"""The duty-day pages (群众工作日): a station's month, the township calendar, receptions,
one duty day, the duty rule, generating a roster, marking held and swapping.

The pages take "today" from ``timezone.localdate()``, so the months used here
are counted from today: last month for days that are over, next month for
days still to come.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from stations.models import Assignment, DutyDay, WorkStation
from tests import factories as f
from visits.models import Visit

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _login(client, user):
    client.force_login(user)
    return client


def _last_month():
    previous = TODAY().replace(day=1) - datetime.timedelta(days=1)
    return previous.year, previous.month


def _next_month():
    following = TODAY().replace(day=28) + datetime.timedelta(days=4)
    return following.year, following.month


def _member(station, name, role=Assignment.Role.MEMBER, start=datetime.date(2025, 1, 1)):
    cadre = f.CadreFactory(township=station.village.township, name=name)
    f.AssignmentFactory(cadre=cadre, station=station, role=role, start_date=start)
    return cadre


def _reception(duty, visitor, *, station=None, on=None):
    station = station or duty.station
    on = on or duty.date
    return f.VisitFactory(
        station=station,
        author=duty.cadre if duty and duty.cadre else f.CadreFactory(),
        kind=Visit.Kind.RECEPTION,
        duty_day=duty,
        visitor_name=visitor,
        asked="咨询城乡居民医保缴费",
        occurred_at=timezone.make_aware(datetime.datetime.combine(on, datetime.time(10))),
    )


def _days(station, year, month):
    """{date: duty cadre's name} of the station's month."""
    days = DutyDay.objects.filter(station=station, date__year=year, date__month=month)
    return {x.date: x.cadre.name if x.cadre else None for x in days.select_related("cadre")}


@pytest.fixture
def staffed(station_a):
    """Station A (duty every Tuesday) with a chief and two members."""
    _member(station_a, "王站长", Assignment.Role.CHIEF, datetime.date(2025, 1, 1))
    _member(station_a, "李站员", start=datetime.date(2025, 2, 1))
    _member(station_a, "赵站员", start=datetime.date(2025, 3, 1))
    return station_a


def _cadre(station, name):
    return station.assignments.get(cadre__name=name).cadre


@pytest.fixture
def past_month(staffed):
    """Last month at station A: a held day with two receptions and a missed day."""
    year, month = _last_month()
    first, second, *rest = staffed.duty_dates(year, month)
    held = f.DutyDayFactory(station=staffed, date=first, cadre=_cadre(staffed, "王站长"), held=True)
    missed = f.DutyDayFactory(
        station=staffed, date=second, cadre=_cadre(staffed, "李站员"), note="站员下村"
    )
    _reception(held, "张大爷")
    _reception(held, "刘大娘")
    return {"year": year, "month": month, "held": held, "missed": missed, "unrostered": rest}


@pytest.fixture
def coming(staffed):
    """Unheld duty days next month: two of different cadres, a third of the first one's cadre."""
    year, month = _next_month()
    one, two, three = (datetime.date(year, month, n) for n in (3, 10, 17))
    return {
        "one": f.DutyDayFactory(station=staffed, date=one, cadre=_cadre(staffed, "王站长")),
        "two": f.DutyDayFactory(station=staffed, date=two, cadre=_cadre(staffed, "李站员")),
        "same": f.DutyDayFactory(station=staffed, date=three, cadre=_cadre(staffed, "王站长")),
    }


# Reading ---------------------------------------------------------------------------


def test_staff_see_their_stations_month(client, staff_a, past_month, staffed):
    year, month = past_month["year"], past_month["month"]
    response = _login(client, staff_a).get(
        reverse("stations:station_duty_month", args=[staffed.pk, year, month])
    )
    assert response.status_code == 200
    assert [d.pk for d in response.context["duties"]] == [
        past_month["held"].pk,
        past_month["missed"].pk,
    ]
    assert response.context["missing"] == past_month["unrostered"]
    assert (response.context["held"], response.context["receptions"]) == (1, 2)
    text = response.text
    assert "每周二" in text
    assert "王站长" in text and "李站员" in text and "站员下村" in text
    assert "已值班" in text and "未值班" in text
    assert reverse("stations:duty_detail", args=[past_month["held"].pk]) in text
    assert reverse("stations:station_duty_generate", args=[staffed.pk, year, month]) in text


def test_the_station_page_opens_on_this_month(client, staff_a, staffed):
    response = _login(client, staff_a).get(reverse("stations:station_duty", args=[staffed.pk]))
    assert response.status_code == 200
    today = TODAY()
    assert (response.context["year"], response.context["month"]) == (today.year, today.month)
    assert response.context["missing"] == staffed.duty_dates(today.year, today.month)


@pytest.mark.parametrize(("year", "month"), [(2026, 13), (2026, 0), (1999, 12), (2101, 1)])
def test_a_month_that_cannot_be_is_not_found(client, staff_a, staffed, year, month):
    _login(client, staff_a)
    township = staffed.village.township_id
    for url in (
        reverse("stations:station_duty_month", args=[staffed.pk, year, month]),
        reverse("stations:station_receptions_month", args=[staffed.pk, year, month]),
        reverse("stations:duty_calendar_month", args=[township, year, month]),
    ):
        assert client.get(url).status_code == 404
    for url in (
        reverse("stations:station_duty_generate", args=[staffed.pk, year, month]),
        reverse("stations:duty_calendar_generate", args=[township, year, month]),
    ):
        assert client.post(url).status_code == 404
    assert not DutyDay.objects.exists()


def test_the_township_calendar_shows_every_station_of_the_township_and_no_other(
    client, staff_a, past_month, staffed, station_a2, station_b, township_a
):
    year, month = past_month["year"], past_month["month"]
    outsider = _member(station_b, "外乡干部")
    f.DutyDayFactory(station=station_b, date=past_month["held"].date, cadre=outsider)
    response = _login(client, staff_a).get(
        reverse("stations:duty_calendar_month", args=[township_a.pk, year, month])
    )
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [r["station"] for r in rows] == sorted([staffed, station_a2], key=lambda s: s.name)
    row = next(r for r in rows if r["station"] == staffed)
    assert (row["rostered"], row["held"], row["missing"]) == (2, 1, len(past_month["unrostered"]))
    assert response.context["dates"] == staffed.duty_dates(year, month)
    text = response.text
    assert "高石村群众工作站" in text and "白水村群众工作站" in text
    assert "金石村群众工作站" not in text and "外乡干部" not in text
    assert "王站长" in text
    # Rule dates without a duty day: the rest of A's, and every one of A2's.
    unrostered = len(past_month["unrostered"]) + len(station_a2.duty_dates(year, month))
    assert response.context["totals"]["missing"] == unrostered
    assert text.count('<span class="warn small">未排班</span>') == unrostered


def test_the_calendar_opens_on_this_month(client, staff_a, township_a, staffed):
    response = _login(client, staff_a).get(reverse("stations:duty_calendar", args=[township_a.pk]))
    assert response.status_code == 200
    assert response.context["month"] == TODAY().month


def test_receptions_are_listed_per_duty_day(client, staff_a, past_month, staffed):
    year, month = past_month["year"], past_month["month"]
    _reception(None, "路过村民", station=staffed, on=past_month["unrostered"][0])
    response = _login(client, staff_a).get(
        reverse("stations:station_receptions_month", args=[staffed.pk, year, month])
    )
    assert response.status_code == 200
    held, missed = response.context["duties"]
    assert [v.visitor_name for v in held.receptions.all()] == ["张大爷", "刘大娘"]
    assert list(missed.receptions.all()) == []
    assert (response.context["total"], response.context["off_duty"]) == (2, 1)
    text = response.text
    assert "张大爷" in text and "刘大娘" in text and "没有接访登记" in text
    assert "路过村民" not in text
    this_month = client.get(reverse("stations:station_receptions", args=[staffed.pk]))
    assert this_month.status_code == 200
    assert this_month.context["month"] == TODAY().month


def test_a_duty_day_shows_its_cadre_state_receptions_and_forms(client, staff_a, past_month):
    held = past_month["held"]
    response = _login(client, staff_a).get(reverse("stations:duty_detail", args=[held.pk]))
    assert response.status_code == 200
    assert response.context["reception_count"] == 2
    text = response.text
    assert "王站长" in text and "已值班" in text
    assert reverse("stations:duty_mark", args=[held.pk]) in text
    # A day that is over cannot be swapped: no swap form.
    assert reverse("stations:duty_swap", args=[held.pk]) not in text


def test_a_coming_duty_day_offers_the_swap_with_days_of_other_cadres(client, staff_a, coming):
    response = _login(client, staff_a).get(reverse("stations:duty_detail", args=[coming["one"].pk]))
    assert "待值班" in response.text
    assert reverse("stations:duty_swap", args=[coming["one"].pk]) in response.text
    choices = list(response.context["swap_form"].fields["other"].queryset)
    assert choices == [coming["two"]]


# Generating a roster ---------------------------------------------------------------


def test_generating_next_months_roster_from_the_station_page(client, staff_a, staffed):
    year, month = _next_month()
    dates = staffed.duty_dates(year, month)
    response = _login(client, staff_a).post(
        reverse("stations:station_duty_generate", args=[staffed.pk, year, month]), follow=True
    )
    assert response.redirect_chain[-1][0] == reverse(
        "stations:station_duty_month", args=[staffed.pk, year, month]
    )
    assert f"排班表已生成：新增 {len(dates)} 个工作日" in response.text
    names = ["王站长", "李站员", "赵站员"]
    assert _days(staffed, year, month) == {day: names[i % 3] for i, day in enumerate(dates)}
    assert [d.date for d in response.context["duties"]] == dates
    assert response.context["missing"] == []

    again = client.post(
        reverse("stations:station_duty_generate", args=[staffed.pk, year, month]), follow=True
    )
    assert "无需改动" in again.text


def test_re_dealing_from_the_page_undoes_a_hand_swap(client, staff_a, staffed):
    year, month = _next_month()
    url = reverse("stations:station_duty_generate", args=[staffed.pk, year, month])
    _login(client, staff_a).post(url)
    first, second = DutyDay.objects.filter(station=staffed).order_by("date")[:2]
    client.post(reverse("stations:duty_swap", args=[first.pk]), {"other": second.pk})
    assert _days(staffed, year, month)[first.date] == "李站员"

    client.post(url)  # fills gaps only
    assert _days(staffed, year, month)[first.date] == "李站员"
    response = client.post(url, {"regenerate_unheld": "on"}, follow=True)
    assert "重排 2 个" in response.text
    assert _days(staffed, year, month)[first.date] == "王站长"


def test_generating_a_station_without_members_warns(client, staff_a, station_a):
    year, month = _next_month()
    response = _login(client, staff_a).post(
        reverse("stations:station_duty_generate", args=[station_a.pk, year, month]), follow=True
    )
    assert "高石村群众工作站有工作日无人值班" in response.text
    days = _days(station_a, year, month)
    assert len(days) == len(station_a.duty_dates(year, month))
    assert set(days.values()) == {None}
    assert response.text.count('<span class="warn">未排班</span>') == len(days)


def test_generating_every_station_of_the_township_from_the_calendar(
    client, staff_a, staffed, station_a2, station_b, township_a
):
    _member(station_a2, "白水站员")
    _member(station_b, "金石站员")
    year, month = _next_month()
    response = _login(client, staff_a).post(
        reverse("stations:duty_calendar_generate", args=[township_a.pk, year, month]), follow=True
    )
    assert response.redirect_chain[-1][0] == reverse(
        "stations:duty_calendar_month", args=[township_a.pk, year, month]
    )
    assert "排班表已生成" in response.text
    assert len(_days(staffed, year, month)) == len(staffed.duty_dates(year, month))
    assert set(_days(station_a2, year, month).values()) == {"白水站员"}
    assert not DutyDay.objects.filter(station=station_b).exists()
    assert response.context["totals"]["missing"] == 0
    assert "白水站员" in response.text


# The duty rule ---------------------------------------------------------------------


def test_changing_the_duty_rule(client, staff_a, staffed):
    url = reverse("stations:station_duty_rule", args=[staffed.pk])
    _login(client, staff_a)
    assert client.get(url).status_code == 200
    response = client.post(url, {"duty_rule": "month_days", "duty_days": "25，5， 15"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("stations:station_duty", args=[staffed.pk])
    assert "值班规则已保存" in response.text
    assert "每月5日、15日、25日" in response.text
    staffed.refresh_from_db()
    assert (staffed.duty_rule, staffed.duty_days) == ("month_days", "5,15,25")


@pytest.mark.parametrize(
    ("rule", "days", "message"),
    [
        ("weekdays", "8", "星期请填 1（周一）到 7（周日）的数字，例如 2 或 2,5。"),
        ("weekdays", "abc", "星期请填 1（周一）到 7（周日）的数字，例如 2 或 2,5。"),
        ("weekdays", "0,2", "星期请填 1（周一）到 7（周日）的数字，例如 2 或 2,5。"),
        ("month_days", "32", "每月日期请填 1 到 31 的数字，例如 5,15,25。"),
        ("month_days", "abc", "每月日期请填 1 到 31 的数字，例如 5,15,25。"),
        ("month_days", "", "请填写值班日，例如 2 表示每星期二，或 5,15,25。"),
    ],
)
def test_a_bad_duty_rule_says_why_in_chinese_and_saves_nothing(
    client, staff_a, staffed, rule, days, message
):
    response = _login(client, staff_a).post(
        reverse("stations:station_duty_rule", args=[staffed.pk]),
        {"duty_rule": rule, "duty_days": days},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["duty_days"] == [message]
    assert message in response.text
    assert "尚未保存。请检查下面标出的项目。" in response.text
    staffed.refresh_from_db()
    assert (staffed.duty_rule, staffed.duty_days) == ("weekdays", "2")


# Held or not -----------------------------------------------------------------------


def test_marking_a_day_held_then_not_held(client, staff_a, past_month):
    missed = past_month["missed"]
    url = reverse("stations:duty_mark", args=[missed.pk])
    response = _login(client, staff_a).post(url, {"held": "yes", "note": ""}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("stations:duty_detail", args=[missed.pk])
    assert "的工作日已保存" in response.text
    missed.refresh_from_db()
    assert (missed.held, missed.note) == (True, "")

    client.post(url, {"held": "no", "note": "暴雨停课"})
    missed.refresh_from_db()
    assert (missed.held, missed.note) == (False, "暴雨停课")


@pytest.mark.parametrize(
    ("which", "data", "message"),
    [
        ("coming", {"held": "yes"}, "工作日还未到，不能标记为已值班。"),
        ("received", {"held": "no", "note": "没来"}, "这个工作日已有接访登记，说明已经值班。"),
        ("coming", {"note": "没来"}, "请选择已值班或未值班。"),
    ],
)
def test_a_refused_mark_says_why_and_changes_nothing(
    client, staff_a, past_month, coming, which, data, message
):
    duty = coming["one"] if which == "coming" else past_month["held"]
    before = (duty.held, duty.note)
    response = _login(client, staff_a).post(reverse("stations:duty_mark", args=[duty.pk]), data)
    assert response.status_code == 200
    assert message in response.text
    duty.refresh_from_db()
    assert (duty.held, duty.note) == before


# Swapping --------------------------------------------------------------------------


def test_swapping_two_duties_through_the_page(client, staff_a, staffed, coming):
    one, two = coming["one"], coming["two"]
    response = _login(client, staff_a).post(
        reverse("stations:duty_swap", args=[one.pk]), {"other": two.pk}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse(
        "stations:station_duty_month", args=[staffed.pk, one.date.year, one.date.month]
    )
    assert "的值班已对调" in response.text
    one.refresh_from_db()
    two.refresh_from_db()
    assert (one.cadre.name, two.cadre.name) == ("李站员", "王站长")


def test_refused_swaps_say_why_and_change_nothing(
    client, staff_a, staffed, station_b, past_month, coming
):
    _login(client, staff_a)
    elsewhere = f.DutyDayFactory(
        station=station_b, date=coming["two"].date, cadre=_member(station_b, "外乡干部")
    )
    held_coming = coming["two"]
    invalid_choice = "请选择本站今天及以后、未值班、由其他干部值班的工作日。"
    cases = [
        # (the day whose page the swap is sent from, the other day, the message)
        (coming["one"], past_month["missed"], invalid_choice),  # over
        (coming["one"], coming["same"], invalid_choice),  # the same cadre
        (coming["one"], elsewhere, invalid_choice),  # another station
        (coming["one"], coming["one"], invalid_choice),  # itself
        (past_month["missed"], coming["one"], "只能对调今天及以后的工作日。"),
        (past_month["held"], coming["two"], "已值班的工作日不能对调。"),
    ]
    before = {d.pk: d.cadre_id for d in DutyDay.objects.all()}
    for duty, other, message in cases:
        response = client.post(reverse("stations:duty_swap", args=[duty.pk]), {"other": other.pk})
        assert response.status_code == 200, (duty, other)
        assert message in response.text, (duty, other)
    response = client.post(reverse("stations:duty_swap", args=[coming["one"].pk]), {})
    assert "请选择要对调的工作日。" in response.text
    # A day marked held in between is refused too.
    DutyDay.objects.filter(pk=held_coming.pk).update(held=True)
    response = client.post(
        reverse("stations:duty_swap", args=[coming["one"].pk]), {"other": held_coming.pk}
    )
    assert invalid_choice in response.text
    assert {d.pk: d.cadre_id for d in DutyDay.objects.all()} == before


# Access: role, place, method -------------------------------------------------------


@pytest.fixture
def targets(staffed, past_month, coming, township_a):
    year, month = _next_month()
    held, one, two = past_month["held"], coming["one"], coming["two"]
    pk, t = staffed.pk, township_a.pk
    return {
        "stations:station_duty": ("get", reverse("stations:station_duty", args=[pk]), None),
        "stations:station_duty_month": (
            "get",
            reverse("stations:station_duty_month", args=[pk, year, month]),
            None,
        ),
        "stations:station_receptions": (
            "get",
            reverse("stations:station_receptions", args=[pk]),
            None,
        ),
        "stations:station_receptions_month": (
            "get",
            reverse("stations:station_receptions_month", args=[pk, year, month]),
            None,
        ),
        "stations:duty_detail": ("get", reverse("stations:duty_detail", args=[held.pk]), None),
        "stations:duty_calendar": ("get", reverse("stations:duty_calendar", args=[t]), None),
        "stations:duty_calendar_month": (
            "get",
            reverse("stations:duty_calendar_month", args=[t, year, month]),
            None,
        ),
        "stations:station_duty_rule": (
            "get",
            reverse("stations:station_duty_rule", args=[pk]),
            None,
        ),
        "station_duty_rule_post": (
            "post",
            reverse("stations:station_duty_rule", args=[pk]),
            {"duty_rule": "month_days", "duty_days": "5"},
        ),
        "stations:station_duty_generate": (
            "post",
            reverse("stations:station_duty_generate", args=[pk, year, month]),
            {"regenerate_unheld": "on"},
        ),
        "stations:duty_calendar_generate": (
            "post",
            reverse("stations:duty_calendar_generate", args=[t, year, month]),
            {"regenerate_unheld": "on"},
        ),
        "stations:duty_mark": (
            "post",
            reverse("stations:duty_mark", args=[past_month["missed"].pk]),
            {"held": "yes", "note": "补记"},
        ),
        "stations:duty_swap": (
            "post",
            reverse("stations:duty_swap", args=[one.pk]),
            {"other": two.pk},
        ),
    }


READS = [
    "stations:station_duty",
    "stations:station_duty_month",
    "stations:station_receptions",
    "stations:station_receptions_month",
    "stations:duty_detail",
    "stations:duty_calendar",
    "stations:duty_calendar_month",
]
WRITES = [
    "stations:station_duty_rule",
    "station_duty_rule_post",
    "stations:station_duty_generate",
    "stations:duty_calendar_generate",
    "stations:duty_mark",
    "stations:duty_swap",
]
POST_ONLY = [
    "stations:station_duty_generate",
    "stations:duty_calendar_generate",
    "stations:duty_mark",
    "stations:duty_swap",
]


def _snapshot():
    duties = DutyDay.objects.order_by("pk").values_list("pk", "date", "cadre", "held", "note")
    rules = WorkStation.objects.order_by("pk").values_list("pk", "duty_rule", "duty_days")
    return list(duties), list(rules)


def _send(client, target):
    method, url, data = target
    return client.post(url, data or {}) if method == "post" else client.get(url)


@pytest.mark.parametrize("name", READS)
def test_staff_open_every_duty_page(client, staff_a, targets, name):
    assert _send(_login(client, staff_a), targets[name]).status_code == 200


@pytest.mark.parametrize("name", [n for n in WRITES if n != "stations:station_duty_rule"])
def test_staff_change_the_roster_through_every_write(client, staff_a, targets, name):
    before = _snapshot()
    response = _send(_login(client, staff_a), targets[name])
    assert response.status_code == 302
    assert _snapshot() != before


@pytest.mark.parametrize("name", READS)
def test_a_supervisor_reads_every_duty_page_without_forms(client, supervisor, targets, name):
    response = _send(_login(client, supervisor), targets[name])
    assert response.status_code == 200
    for action in ("/generate/", "/mark/", "/swap/", "/duty/rule/"):
        assert action not in response.text


@pytest.mark.parametrize("name", WRITES)
def test_a_supervisor_may_not_change_anything(client, supervisor, targets, name):
    before = _snapshot()
    response = _send(_login(client, supervisor), targets[name])
    assert response.status_code == 403
    assert _snapshot() == before


@pytest.mark.parametrize("name", READS + WRITES)
def test_cadres_may_not_use_the_duty_pages(client, cadre_user, targets, name):
    before = _snapshot()
    response = _send(_login(client, cadre_user), targets[name])
    assert response.status_code == 403
    assert _snapshot() == before


@pytest.mark.parametrize("name", READS + WRITES)
def test_anonymous_users_are_sent_to_login(client, targets, name):
    before = _snapshot()
    response = _send(client, targets[name])
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert _snapshot() == before


@pytest.mark.parametrize("name", READS + WRITES)
def test_another_townships_staff_find_none_of_the_duty_pages(client, staff_b, targets, name):
    before = _snapshot()
    response = _send(_login(client, staff_b), targets[name])
    assert response.status_code == 404
    assert _snapshot() == before


@pytest.mark.parametrize("name", READS)
def test_another_countys_supervisor_finds_none_of_the_duty_pages(
    client, other_supervisor, targets, name
):
    assert _send(_login(client, other_supervisor), targets[name]).status_code == 404


def test_another_townships_staff_cannot_swap_in_a_day_of_ours(client, staff_b, station_b, coming):
    theirs = f.DutyDayFactory(
        station=station_b, date=coming["one"].date, cadre=_member(station_b, "金石站员")
    )
    before = _snapshot()
    response = _login(client, staff_b).post(
        reverse("stations:duty_swap", args=[theirs.pk]), {"other": coming["two"].pk}
    )
    assert response.status_code == 200
    assert "请选择本站今天及以后、未值班、由其他干部值班的工作日。" in response.text
    assert _snapshot() == before


@pytest.mark.parametrize("name", POST_ONLY)
def test_post_only_routes_refuse_get(client, staff_a, targets, name):
    before = _snapshot()
    _method, url, _data = targets[name]
    assert _login(client, staff_a).get(url).status_code == 405
    assert _snapshot() == before


@pytest.mark.parametrize("name", READS)
def test_read_only_pages_refuse_post(client, staff_a, targets, name):
    _method, url, _data = targets[name]
    assert _login(client, staff_a).post(url).status_code == 405


def test_a_superuser_may_generate(client, superuser, staffed):
    year, month = _next_month()
    _login(client, superuser).post(
        reverse("stations:station_duty_generate", args=[staffed.pk, year, month])
    )
    assert len(_days(staffed, year, month)) == len(staffed.duty_dates(year, month))


# Query budgets ---------------------------------------------------------------------


def _grow_month(station, year, month, start, stop):
    """Duty days on days start..stop-1 of the month, each with its duty cadre and a reception."""
    for n in range(start, stop):
        duty = f.DutyDayFactory(
            station=station,
            date=datetime.date(year, month, n),
            cadre=_member(station, f"站员{n}"),
            held=True,
        )
        _reception(duty, f"来访{n}")


@pytest.mark.parametrize(
    "name", ["stations:station_duty_month", "stations:station_receptions_month", "rule"]
)
def test_station_pages_cost_the_same_queries_at_any_size(
    client, staff_a, station_a, django_assert_max_num_queries, name
):
    year, month = _last_month()
    url = {
        "stations:station_duty_month": reverse(
            "stations:station_duty_month", args=[station_a.pk, year, month]
        ),
        "stations:station_receptions_month": reverse(
            "stations:station_receptions_month", args=[station_a.pk, year, month]
        ),
        "rule": reverse("stations:station_duty_rule", args=[station_a.pk]),
    }[name]
    _login(client, staff_a)
    for start, stop in ((1, 2), (2, 11)):
        _grow_month(station_a, year, month, start, stop)
        with django_assert_max_num_queries(10):
            response = client.get(url)
        assert response.status_code == 200
    assert DutyDay.objects.count() == 10
    shown = {
        "stations:station_duty_month": "站员10",
        "stations:station_receptions_month": "来访10",
    }.get(name)
    assert shown is None or shown in response.text


def test_the_calendar_costs_the_same_queries_at_any_size(
    client, staff_a, township_a, django_assert_max_num_queries
):
    year, month = _last_month()
    _login(client, staff_a)
    url = reverse("stations:duty_calendar_month", args=[township_a.pk, year, month])
    for size in (1, 19):
        for _ in range(size):
            station = f.StationFactory(village=f.VillageFactory(township=township_a))
            first = station.duty_dates(year, month)[0]
            duty = f.DutyDayFactory(station=station, date=first, cadre=_member(station, "甲"))
            _reception(duty, "来访")
        with django_assert_max_num_queries(10):
            response = client.get(url)
        assert response.status_code == 200
    assert len(response.context["rows"]) == 20


def test_a_duty_day_costs_the_same_queries_at_any_size(
    client, staff_a, staffed, django_assert_max_num_queries
):
    year, month = _next_month()
    duty = f.DutyDayFactory(
        station=staffed, date=datetime.date(year, month, 1), cadre=_cadre(staffed, "王站长")
    )
    _login(client, staff_a)
    url = reverse("stations:duty_detail", args=[duty.pk])
    for start, stop in ((2, 3), (3, 12)):
        for n in range(start, stop):
            f.DutyDayFactory(
                station=staffed, date=datetime.date(year, month, n), cadre=_cadre(staffed, "李站员")
            )
            _reception(duty, f"来访{n}")
        with django_assert_max_num_queries(10):
            response = client.get(url)
        assert response.status_code == 200
    assert len(response.context["swap_form"].fields["other"].queryset) == 10
    assert response.context["reception_count"] == 10
