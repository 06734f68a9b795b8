"""Meetings and practical deeds: logged on the phone at one of my stations, listed for
township staff and supervisors, and never shown or written outside the user's place."""

import datetime
import re
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories as f
from visits.models import Deed, Meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def phone(client, cadre_user):
    client.force_login(cadre_user)
    return client


def _now_text(**delta):
    return (timezone.localtime() + datetime.timedelta(**delta)).strftime("%Y-%m-%dT%H:%M")


def _meeting_form(attendees, **overrides):
    data = {
        "token": str(uuid.uuid4()),
        "kind": "education",
        "held_at": _now_text(hours=-2),
        "place": "村部会议室",
        "attendees": [c.pk for c in attendees],
        "villagers": "35",
        "topics": "宣讲医保缴费政策，解答群众疑问",
        "notes": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _deed_form(cadres, **overrides):
    data = {
        "token": str(uuid.uuid4()),
        "what": "协调修复三组饮水管道",
        "category": "water",
        "done_on": timezone.localdate().isoformat(),
        "money_raised": "12500.50",
        "people_helped": "46",
        "cadres": [c.pk for c in cadres],
        "household": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def meeting(station, *, attendees=(), **fields):
    fields.setdefault("kind", Meeting.Kind.EDUCATION)
    fields.setdefault("held_at", timezone.now() - datetime.timedelta(days=1))
    fields.setdefault("topics", "宣讲惠农政策")
    row = Meeting.objects.create(station=station, **fields)
    row.attendees.set(attendees)
    return row


def deed(station, *, cadres=(), **fields):
    fields.setdefault("what", "硬化村道")
    fields.setdefault("category", Deed.Category.ROAD)
    fields.setdefault("done_on", timezone.localdate())
    row = Deed.objects.create(station=station, **fields)
    row.cadres.set(cadres)
    return row


def _ticked(response, name, pk):
    return re.search(rf'name="{name}" value="{pk}"[^>]*checked', response.text) is not None


def _errors(response):
    return response.context["form"].errors


# Logging a meeting on the phone


def test_the_meeting_form_opens_with_a_token_and_me_ticked(phone, cadre_user, station_a):
    response = phone.get(reverse("visits:meeting_new", args=[station_a.pk]))
    assert response.status_code == 200
    assert 'name="token"' in response.text
    assert _ticked(response, "attendees", cadre_user.cadre.pk)
    # The four meetings, the concern-analysis meeting and the night activities.
    assert all(f'value="{kind.value}"' in response.text for kind in Meeting.Kind)


def test_a_meeting_is_logged_with_its_cadres_villagers_and_topics(
    phone, cadre_user, chief_user, station_a
):
    data = _meeting_form(
        [cadre_user.cadre, chief_user.cadre], kind="concern_analysis", notes="需跟进两件"
    )
    response = phone.post(reverse("visits:meeting_new", args=[station_a.pk]), data)
    saved = Meeting.objects.get()
    assert response.status_code == 302
    assert response.url == saved.get_absolute_url()
    assert saved.station == station_a
    assert saved.kind == Meeting.Kind.CONCERN_ANALYSIS
    assert saved.villagers == 35
    assert saved.place == "村部会议室"
    assert saved.notes == "需跟进两件"
    assert set(saved.attendees.all()) == {cadre_user.cadre, chief_user.cadre}
    assert saved.recorded_by == cadre_user
    assert saved.history.filter(history_type="+").count() == 1
    page = phone.get(response.url)
    assert "需跟进两件" in page.text and "宣讲医保缴费政策" in page.text


def test_the_same_meeting_form_sent_twice_makes_one_meeting(phone, cadre_user, station_a):
    data = _meeting_form([cadre_user.cadre])
    first = phone.post(reverse("visits:meeting_new", args=[station_a.pk]), data)
    second = phone.post(reverse("visits:meeting_new", args=[station_a.pk]), data)
    assert Meeting.objects.count() == 1
    assert first.status_code == second.status_code == 302
    assert first.url == second.url


def test_a_token_already_used_by_someone_else_is_refused(phone, cadre_user, station_a, staff_a):
    token = uuid.uuid4()
    meeting(station_a, recorded_by=staff_a, token=token, topics="乡里录入的会议")
    data = _meeting_form([cadre_user.cadre], token=str(token), topics="我的会议")
    response = phone.post(reverse("visits:meeting_new", args=[station_a.pk]), data)
    assert response.status_code == 400
    assert "表单已失效" in response.text
    assert list(Meeting.objects.values_list("topics", flat=True)) == ["乡里录入的会议"]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"villagers": "-3"}, "villagers", "确保该值大于或等于0"),
        ({"villagers": "三十"}, "villagers", "输入整数"),
        ({"topics": "  "}, "topics", "这个字段是必填项"),
        ({"topics": "字" * 2001}, "topics", "2000 字以内"),
        ({"kind": "picnic"}, "kind", "有效的选项"),
        ({"kind": None}, "kind", "这个字段是必填项"),
        ({"held_at": _now_text(days=1)}, "held_at", "时间不能晚于现在"),
        ({"held_at": "昨晚"}, "held_at", "有效的日期"),
        # "It can be logged up to %(days)s days late." has no translation yet.
        ({"held_at": _now_text(days=-400)}, "held_at", None),
        ({"attendees": []}, "attendees", "这个字段是必填项"),
        ({"token": "not-a-token"}, "token", "UUID"),
    ],
)
def test_bad_meeting_input_is_refused_and_nothing_is_written(
    phone, cadre_user, station_a, change, field, message
):
    data = _meeting_form([cadre_user.cadre])
    data.update(change)
    response = phone.post(
        reverse("visits:meeting_new", args=[station_a.pk]),
        {k: v for k, v in data.items() if v is not None},
    )
    assert response.status_code == 400
    assert field in _errors(response)
    if message:
        assert message in response.text
    assert not Meeting.objects.exists()


def test_a_cadre_of_another_station_cannot_be_ticked(phone, cadre_user, station_a, station_b):
    outsider = f.AssignmentFactory(station=station_b).cadre
    data = _meeting_form([cadre_user.cadre, outsider])
    response = phone.post(reverse("visits:meeting_new", args=[station_a.pk]), data)
    assert response.status_code == 400
    assert "attendees" in _errors(response)
    assert "有效的选项" in response.text
    assert not Meeting.objects.exists()


def test_a_cadre_who_rotated_away_counts_only_for_days_they_served(phone, cadre_user, station_a):
    today = timezone.localdate()
    left = f.AssignmentFactory(station=station_a, end_date=today - datetime.timedelta(days=10))
    url = reverse("visits:meeting_new", args=[station_a.pk])
    after = _meeting_form([cadre_user.cadre, left.cadre], held_at=_now_text(days=-3))
    response = phone.post(url, after)
    assert response.status_code == 400
    assert "attendees" in _errors(response)
    assert left.cadre.name in response.text
    assert not Meeting.objects.exists()
    before = _meeting_form([cadre_user.cadre, left.cadre], held_at=_now_text(days=-20))
    assert phone.post(url, before).status_code == 302
    assert set(Meeting.objects.get().attendees.all()) == {cadre_user.cadre, left.cadre}


def test_a_cadre_cannot_log_at_a_station_they_do_not_serve(
    phone, cadre_user, station_a2, station_b
):
    for station in (station_a2, station_b):
        assert phone.get(reverse("visits:meeting_new", args=[station.pk])).status_code == 404
        data = _meeting_form([cadre_user.cadre])
        assert phone.post(reverse("visits:meeting_new", args=[station.pk]), data).status_code == 404
        deed_data = _deed_form([cadre_user.cadre])
        assert (
            phone.post(reverse("visits:deed_new", args=[station.pk]), deed_data).status_code == 404
        )
    assert not Meeting.objects.exists()
    assert not Deed.objects.exists()


# Logging a practical deed


def test_a_deed_is_logged_with_money_people_cadres_and_household(phone, cadre_user, station_a):
    household = f.HouseholdFactory(village=station_a.village, head_name="李桂英")
    data = _deed_form([cadre_user.cadre], household=household.pk, category="household")
    response = phone.post(reverse("visits:deed_new", args=[station_a.pk]), data)
    saved = Deed.objects.get()
    assert response.status_code == 302
    assert response.url == saved.get_absolute_url()
    assert saved.money_raised == Decimal("12500.50")
    assert saved.people_helped == 46
    assert saved.household == household
    assert saved.category == Deed.Category.HOUSEHOLD
    assert list(saved.cadres.all()) == [cadre_user.cadre]
    assert saved.recorded_by == cadre_user
    assert "李桂英" in phone.get(response.url).text


def test_a_deed_without_money_or_people_counts_zero(phone, cadre_user, station_a):
    data = _deed_form([cadre_user.cadre], money_raised="", people_helped="", category="training")
    assert phone.post(reverse("visits:deed_new", args=[station_a.pk]), data).status_code == 302
    saved = Deed.objects.get()
    assert saved.money_raised == Decimal("0")
    assert saved.people_helped == 0


def test_the_same_deed_form_sent_twice_makes_one_deed(phone, cadre_user, station_a):
    data = _deed_form([cadre_user.cadre])
    first = phone.post(reverse("visits:deed_new", args=[station_a.pk]), data)
    second = phone.post(reverse("visits:deed_new", args=[station_a.pk]), data)
    assert Deed.objects.count() == 1
    assert first.url == second.url


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"money_raised": "-100"}, "money_raised", "确保该值大于或等于0"),
        ({"money_raised": "12.345"}, "money_raised", "确认小数不超过 2 位"),
        ({"money_raised": "一万"}, "money_raised", "输入一个数字"),
        ({"people_helped": "-1"}, "people_helped", "确保该值大于或等于0"),
        ({"what": ""}, "what", "这个字段是必填项"),
        ({"category": "party"}, "category", "有效的选项"),
        (
            {"done_on": (timezone.localdate() + datetime.timedelta(days=2)).isoformat()},
            "done_on",
            "日期不能晚于今天",
        ),
        ({"done_on": "上周"}, "done_on", "有效的日期"),
        ({"cadres": []}, "cadres", "这个字段是必填项"),
    ],
)
def test_bad_deed_input_is_refused_and_nothing_is_written(
    phone, cadre_user, station_a, change, field, message
):
    data = _deed_form([cadre_user.cadre])
    data.update(change)
    response = phone.post(reverse("visits:deed_new", args=[station_a.pk]), data)
    assert response.status_code == 400
    assert field in _errors(response)
    assert message in response.text
    assert not Deed.objects.exists()


def test_a_household_of_another_village_cannot_be_chosen(phone, cadre_user, station_a, station_a2):
    elsewhere = f.HouseholdFactory(village=station_a2.village)
    data = _deed_form([cadre_user.cadre], household=elsewhere.pk)
    response = phone.post(reverse("visits:deed_new", args=[station_a.pk]), data)
    assert response.status_code == 400
    assert "household" in _errors(response)
    assert not Deed.objects.exists()


def test_finding_a_household_keeps_what_was_typed(phone, cadre_user, station_a, station_a2):
    f.HouseholdFactory(village=station_a.village, head_name="张三")
    f.HouseholdFactory(village=station_a2.village, head_name="张四")
    response = phone.get(
        reverse("visits:deed_new", args=[station_a.pk]),
        {"q": "张", "what": "帮助申请危房改造", "cadres": [cadre_user.cadre.pk]},
    )
    assert response.status_code == 200
    assert "张三" in response.text
    assert "张四" not in response.text  # another village: not this station's household
    assert 'value="帮助申请危房改造"' in response.text
    assert _ticked(response, "cadres", cadre_user.cadre.pk)
    assert not Deed.objects.exists()


# Township staff enter; supervisors only read


def test_township_staff_enter_a_meeting_at_any_station_of_their_township(
    client, staff_a, station_a2
):
    member = f.AssignmentFactory(station=station_a2).cadre
    client.force_login(staff_a)
    response = client.post(
        reverse("visits:meeting_new", args=[station_a2.pk]), _meeting_form([member])
    )
    assert response.status_code == 302
    saved = Meeting.objects.get()
    assert saved.station == station_a2
    assert saved.recorded_by == staff_a


def test_township_staff_cannot_enter_in_another_township(client, staff_b, station_a, cadre_user):
    client.force_login(staff_b)
    url = reverse("visits:meeting_new", args=[station_a.pk])
    assert client.post(url, _meeting_form([cadre_user.cadre])).status_code == 404
    assert not Meeting.objects.exists()


def test_supervisors_cannot_log(client, supervisor, station_a, cadre_user):
    client.force_login(supervisor)
    assert client.get(reverse("visits:meeting_new", args=[station_a.pk])).status_code == 403
    url = reverse("visits:deed_new", args=[station_a.pk])
    assert client.post(url, _deed_form([cadre_user.cadre])).status_code == 403
    assert not Deed.objects.exists()


def test_anonymous_users_are_sent_to_the_login(client, station_a):
    for url in (
        reverse("visits:meeting_new", args=[station_a.pk]),
        reverse("visits:station_work", args=[station_a.pk]),
        reverse("visits:meeting_list"),
        reverse("visits:deed_list"),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_wrong_methods_are_refused(phone, station_a):
    assert phone.put(reverse("visits:meeting_new", args=[station_a.pk])).status_code == 405
    assert phone.post(reverse("visits:station_work", args=[station_a.pk])).status_code == 405


# My station's meetings and deeds


def test_the_start_page_links_to_my_stations_meetings_and_deeds(phone, station_a):
    response = phone.get(reverse("visits:today"))
    assert reverse("visits:station_work", args=[station_a.pk]) in response.text


def test_my_station_page_lists_its_meetings_and_deeds_only(
    phone, cadre_user, station_a, station_a2
):
    meeting(station_a, attendees=[cadre_user.cadre], topics="秋收防火宣讲")
    meeting(station_a2, topics="别站的会议")
    deed(station_a, what="修缮村道排水沟")
    deed(station_a2, what="别站的实事")
    url = reverse("visits:station_work", args=[station_a.pk])
    meetings_tab = phone.get(url)
    assert "秋收防火宣讲" in meetings_tab.text and "别站的会议" not in meetings_tab.text
    assert reverse("visits:meeting_new", args=[station_a.pk]) in meetings_tab.text
    deeds_tab = phone.get(url, {"show": "deeds"})
    assert "修缮村道排水沟" in deeds_tab.text and "别站的实事" not in deeds_tab.text
    assert phone.get(url, {"show": "nonsense"}).status_code == 404
    assert phone.get(url, {"after": "!!!"}).status_code == 404
    assert phone.get(reverse("visits:station_work", args=[station_a2.pk])).status_code == 404


def test_my_station_page_pages_through_older_meetings(phone, station_a):
    for day in range(25):
        meeting(
            station_a,
            topics=f"第{day}次夜学",
            held_at=timezone.now() - datetime.timedelta(days=day, hours=1),
        )
    url = reverse("visits:station_work", args=[station_a.pk])
    first = phone.get(url)
    assert "第0次夜学" in first.text and "第24次夜学" not in first.text
    cursor = first.context["page"].next_cursor
    second = phone.get(url, {"after": cursor})
    assert "第24次夜学" in second.text and "第0次夜学" not in second.text


def test_a_meeting_or_deed_outside_my_place_is_not_found(
    client, phone, staff_b, station_a, station_b
):
    mine, theirs = meeting(station_a), meeting(station_b)
    their_deed = deed(station_b)
    assert phone.get(mine.get_absolute_url()).status_code == 200
    assert phone.get(theirs.get_absolute_url()).status_code == 404
    assert phone.get(their_deed.get_absolute_url()).status_code == 404
    client.force_login(staff_b)
    assert client.get(mine.get_absolute_url()).status_code == 404
    assert client.get(theirs.get_absolute_url()).status_code == 200


# The township and county lists


@pytest.fixture
def both_townships(station_a, station_a2, station_b):
    meeting(station_a, kind=Meeting.Kind.NIGHT_PATROL, topics="石门夜巡")
    meeting(station_a2, kind=Meeting.Kind.APPRAISAL, topics="白水评议")
    meeting(station_b, kind=Meeting.Kind.NIGHT_PATROL, topics="金石夜巡")
    deed(station_a, what="石门修路", category=Deed.Category.ROAD)
    deed(station_b, what="金石打井", category=Deed.Category.WATER)


def test_township_staff_read_their_townships_meetings_and_deeds_only(
    client, staff_a, both_townships
):
    client.force_login(staff_a)
    meetings = client.get(reverse("visits:meeting_list"))
    assert meetings.status_code == 200
    assert "石门夜巡" in meetings.text and "白水评议" in meetings.text
    assert "金石夜巡" not in meetings.text
    deeds = client.get(reverse("visits:deed_list"))
    assert "石门修路" in deeds.text and "金石打井" not in deeds.text


def test_the_county_supervisor_reads_every_township_of_their_county_only(
    client, supervisor, other_supervisor, both_townships
):
    client.force_login(supervisor)
    meetings = client.get(reverse("visits:meeting_list"))
    assert "石门夜巡" in meetings.text and "金石夜巡" in meetings.text
    client.force_login(other_supervisor)
    assert "石门夜巡" not in client.get(reverse("visits:meeting_list")).text
    assert "石门修路" not in client.get(reverse("visits:deed_list")).text


def test_cadres_use_their_station_page_not_the_lists(phone):
    assert phone.get(reverse("visits:meeting_list")).status_code == 403
    assert phone.get(reverse("visits:deed_list")).status_code == 403


def test_the_lists_filter_by_station_kind_and_category(
    client, supervisor, station_a, both_townships
):
    client.force_login(supervisor)
    patrols = client.get(reverse("visits:meeting_list"), {"kind": "night_patrol"})
    assert "石门夜巡" in patrols.text and "金石夜巡" in patrols.text
    assert "白水评议" not in patrols.text
    at_a = client.get(reverse("visits:meeting_list"), {"station": station_a.pk})
    assert "石门夜巡" in at_a.text and "金石夜巡" not in at_a.text
    wells = client.get(reverse("visits:deed_list"), {"category": "water"})
    assert "金石打井" in wells.text and "石门修路" not in wells.text


def test_a_meeting_late_on_the_last_evening_is_listed_under_that_day(client, staff_a, station_a):
    late = datetime.datetime(2026, 10, 31, 23, 30, tzinfo=datetime.UTC) + datetime.timedelta(
        hours=-8
    )  # 23:30 on 31 October, Beijing time
    meeting(station_a, topics="十月最后一晚夜谈", held_at=late)
    meeting(station_a, topics="十一月一日夜学", held_at=late + datetime.timedelta(hours=1))
    client.force_login(staff_a)
    october = client.get(
        reverse("visits:meeting_list"), {"since": "2026-10-01", "until": "2026-10-31"}
    )
    assert "十月最后一晚夜谈" in october.text and "十一月一日夜学" not in october.text
    november = client.get(
        reverse("visits:meeting_list"), {"since": "2026-11-01", "until": "2026-11-30"}
    )
    assert "十一月一日夜学" in november.text and "十月最后一晚夜谈" not in november.text
    deed(station_a, what="十月实事", done_on=datetime.date(2026, 10, 31))
    deeds = client.get(reverse("visits:deed_list"), {"since": "2026-11-01"})
    assert "十月实事" not in deeds.text


def test_a_station_of_another_township_cannot_be_forged_into_the_filter(
    client, staff_a, station_b, both_townships
):
    client.force_login(staff_a)
    response = client.get(reverse("visits:meeting_list"), {"station": station_b.pk})
    assert response.status_code == 200
    assert "有效的选项" in response.text
    assert "金石夜巡" not in response.text and "石门夜巡" not in response.text


def test_township_staff_get_an_entry_link_once_a_station_is_chosen(
    client, staff_a, supervisor, station_a
):
    client.force_login(staff_a)
    response = client.get(reverse("visits:meeting_list"), {"station": station_a.pk})
    assert reverse("visits:meeting_new", args=[station_a.pk]) in response.text
    client.force_login(supervisor)
    response = client.get(reverse("visits:meeting_list"), {"station": station_a.pk})
    assert reverse("visits:meeting_new", args=[station_a.pk]) not in response.text


# Query budgets: the same number of queries for 1 row and for 30


def _fill(station, cadres, n):
    for i in range(n):
        meeting(
            station,
            attendees=cadres,
            held_at=timezone.now() - datetime.timedelta(hours=i + 1),
            topics=f"会议{i}",
        )
        deed(
            station,
            cadres=cadres,
            what=f"实事{i}",
            household=f.HouseholdFactory(village=station.village),
        )


@pytest.mark.parametrize("rows", [1, 30])
def test_the_station_page_costs_the_same_for_1_and_30_rows(
    phone, cadre_user, chief_user, station_a, rows, django_assert_max_num_queries
):
    _fill(station_a, [cadre_user.cadre, chief_user.cadre], rows)
    url = reverse("visits:station_work", args=[station_a.pk])
    with django_assert_max_num_queries(9):
        assert phone.get(url).status_code == 200
    with django_assert_max_num_queries(9):
        assert phone.get(url, {"show": "deeds"}).status_code == 200


@pytest.mark.parametrize("rows", [1, 30])
def test_the_lists_cost_the_same_for_1_and_30_rows(
    client, supervisor, cadre_user, chief_user, station_a, rows, django_assert_max_num_queries
):
    _fill(station_a, [cadre_user.cadre, chief_user.cadre], rows)
    client.force_login(supervisor)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("visits:meeting_list")).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("visits:deed_list"), {"category": "road"}).status_code == 200


@pytest.mark.parametrize("rows", [1, 30])
def test_the_meeting_form_costs_the_same_however_many_cadres_serve(
    phone, cadre_user, station_a, rows, django_assert_max_num_queries
):
    for _ in range(rows):
        f.AssignmentFactory(station=station_a)
    with django_assert_max_num_queries(8):
        assert phone.get(reverse("visits:meeting_new", args=[station_a.pk])).status_code == 200
    data = _meeting_form([])
    data["attendees"] = [a.cadre_id for a in station_a.assignments.all()]
    # +1: whether the station's month is submitted (locked); +1 on PostgreSQL: the
    # station's row held until the meeting commits (``stations.materials.locks``).
    with django_assert_max_num_queries(26):
        assert (
            phone.post(reverse("visits:meeting_new", args=[station_a.pk]), data).status_code == 302
        )
