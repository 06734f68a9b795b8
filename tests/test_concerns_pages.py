"""Concern pages: raising one, its page, the ledger, the inboxes and the offices."""

# Fixtures come from tests.concern_helpers by import; their use as arguments redefines them.
# ruff: noqa: F811

import datetime
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from cadres.models import Office
from tests import factories as f
from tests.concern_helpers import (  # noqa: F401 (fixtures)
    ConcernFactory,
    OfficeFactory,
    cadre_a2,
    concern_in,
    household_a,
    move,
    office_a,
    office_a2,
    office_b,
    office_user,
    other_office_user,
    raise_concern,
)
from visits.models import Concern, ConcernEvent

pytestmark = pytest.mark.django_db

S = Concern.State


def _login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def visit_a(station_a, cadre_user, household_a):
    return f.VisitFactory(
        station=station_a, author=cadre_user.cadre, household=household_a, asked="申请低保"
    )


def _raise_data(**extra):
    return {
        "token": str(uuid.uuid4()),
        "category": "help_subsistence",
        "description": "老人长期患病，申请低保",
        "urgency": "normal",
        "disposition": "raise_to_township",
        **extra,
    }


# Raising from a visit -------------------------------------------------------


def test_a_cadre_records_a_concern_from_a_visit(client, cadre_user, visit_a, household_a):
    client = _login(client, cadre_user)
    detail = client.get(reverse("visits:visit_detail", args=[visit_a.pk]))
    assert "记为民情诉求" in detail.text
    page = client.get(reverse("visits:concern_from_visit", args=[visit_a.pk]))
    assert page.status_code == 200
    assert "当场解决" in page.text and "上报乡镇" in page.text
    assert 'label="矛盾纠纷"' in page.text  # categories grouped
    response = client.post(reverse("visits:concern_from_visit", args=[visit_a.pk]), _raise_data())
    concern = Concern.objects.get()
    assert response.status_code == 302 and response.url == concern.get_absolute_url()
    assert (concern.state, concern.household, concern.raised_in) == (
        S.ESCALATED,
        household_a,
        visit_a,
    )
    assert concern.raised_by == cadre_user.cadre
    # The visit now lists it.
    assert "低保救助" in client.get(reverse("visits:visit_detail", args=[visit_a.pk])).text


def test_solved_on_the_spot_needs_what_was_done(client, cadre_user, visit_a):
    client = _login(client, cadre_user)
    url = reverse("visits:concern_from_visit", args=[visit_a.pk])
    response = client.post(url, _raise_data(disposition="solve_on_spot"))
    assert response.status_code == 400
    assert "请填写当场是如何解决的" in response.text
    assert not Concern.objects.exists()
    response = client.post(url, _raise_data(disposition="solve_on_spot", result="讲解了政策"))
    assert response.status_code == 302
    assert Concern.objects.get().state == S.ON_SPOT


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"category": ""}, "请选择诉求类别"),
        ({"category": "lottery"}, "有效"),
        ({"description": "  "}, "请填写诉求内容"),
        ({"description": "字" * 2001}, "2000 字以内"),
        ({"disposition": ""}, "请选择如何办理"),
        ({"disposition": "assign"}, "有效"),
    ],
)
def test_bad_input_is_refused_in_chinese_and_nothing_written(
    client, cadre_user, visit_a, data, message
):
    response = _login(client, cadre_user).post(
        reverse("visits:concern_from_visit", args=[visit_a.pk]), _raise_data(**data)
    )
    assert response.status_code == 400
    assert message in response.text
    assert not Concern.objects.exists()


def test_a_resent_form_records_the_concern_once(client, cadre_user, visit_a):
    client = _login(client, cadre_user)
    data = _raise_data()
    for _ in range(2):
        assert (
            client.post(reverse("visits:concern_from_visit", args=[visit_a.pk]), data).status_code
            == 302
        )
    assert Concern.objects.count() == 1


def test_township_staff_may_only_escalate_from_a_visit(client, staff_a, visit_a):
    client = _login(client, staff_a)
    page = client.get(reverse("visits:concern_from_visit", args=[visit_a.pk]))
    assert "当场解决" not in page.text
    refused = client.post(
        reverse("visits:concern_from_visit", args=[visit_a.pk]),
        _raise_data(disposition="solve_on_spot"),
    )
    assert refused.status_code == 400
    assert not Concern.objects.exists()


def test_raising_from_a_visit_respects_place_role_and_method(
    client, cadre_a2, staff_b, office_user, supervisor, visit_a
):
    url = reverse("visits:concern_from_visit", args=[visit_a.pk])
    assert client.get(url).status_code == 302  # anonymous: to the login page
    assert _login(client, cadre_a2).get(url).status_code == 404
    assert _login(client, staff_b).get(url).status_code == 404
    assert _login(client, office_user).get(url).status_code == 403
    assert _login(client, supervisor).get(url).status_code == 403
    assert _login(client, cadre_a2).put(url).status_code == 405


def test_office_staff_cannot_read_visit_logs(client, office_user, visit_a):
    # Not their role's page at all: a 403 (the queryset would hide it too).
    assert (
        _login(client, office_user)
        .get(reverse("visits:visit_detail", args=[visit_a.pk]))
        .status_code
        == 403
    )


# Township staff enter one directly -----------------------------------------


def test_township_staff_enter_a_concern_and_find_the_household(
    client, staff_a, household_a, station_a
):
    client = _login(client, staff_a)
    found = client.get(reverse("visits:concern_new"), {"q": "zqj", "description": "路灯坏了"})
    assert found.status_code == 200
    assert "张秋菊" in found.text and "路灯坏了" in found.text
    response = client.post(
        reverse("visits:concern_new"), _raise_data(household=household_a.pk, category="infra_power")
    )
    assert response.status_code == 302
    concern = Concern.objects.get()
    assert (concern.station, concern.state, concern.raised_by) == (station_a, S.ESCALATED, None)
    assert concern.created_by == staff_a


def test_entering_a_concern_needs_a_village_or_household_of_the_township(
    client, staff_a, station_b
):
    client = _login(client, staff_a)
    response = client.post(reverse("visits:concern_new"), _raise_data())
    assert response.status_code == 400
    assert "请选择村或农户" in response.text
    foreign = f.HouseholdFactory(village=station_b.village)
    response = client.post(reverse("visits:concern_new"), _raise_data(household=foreign.pk))
    assert response.status_code == 400
    assert not Concern.objects.exists()


def test_only_township_staff_enter_concerns_directly(client, cadre_user, supervisor, office_user):
    url = reverse("visits:concern_new")
    assert client.get(url).status_code == 302
    for user in (cadre_user, supervisor, office_user):
        assert _login(client, user).get(url).status_code == 403


# The concern's page ---------------------------------------------------------


@pytest.fixture
def assigned(station_a, cadre_user, staff_a, office_a, office_user, household_a):
    return concern_in(
        S.ASSIGNED,
        station=station_a,
        cadre=cadre_user,
        staff=staff_a,
        office=office_a,
        office_user=office_user,
        household=household_a,
    )


def test_the_concern_page_shows_the_timeline_and_only_the_users_moves(
    client, assigned, staff_a, office_user, cadre_user, supervisor
):
    page = _login(client, staff_a).get(assigned.get_absolute_url())
    assert page.status_code == 200
    assert "办理过程" in page.text and "批办到站所" in page.text
    assert "改批" in page.text and "站所办结" in page.text and "解释说明后销号" in page.text
    office_page = _login(client, office_user).get(assigned.get_absolute_url())
    assert "站所办结" in office_page.text and "改批" not in office_page.text
    # They must be able to call the household: masked, with a logged "show" (test_privacy.py).
    assert "139****1234" in office_page.text and "13907391234" not in office_page.text
    assert reverse("visits:concern_phone", args=[assigned.pk]) in office_page.text
    cadre_page = _login(client, cadre_user).get(assigned.get_absolute_url())
    assert "站所办结" not in cadre_page.text
    county_page = _login(client, supervisor).get(assigned.get_absolute_url())
    assert county_page.status_code == 200
    assert "<form" not in county_page.text.split("<main")[1]
    assert "13907391234" not in county_page.text


def test_the_concern_page_is_a_404_outside_the_users_place(
    client, assigned, cadre_a2, staff_b, other_office_user, other_supervisor
):
    for user in (cadre_a2, staff_b, other_office_user, other_supervisor):
        assert _login(client, user).get(assigned.get_absolute_url()).status_code == 404


def test_the_concern_page_needs_login_and_get(client, assigned, staff_a):
    assert client.get(assigned.get_absolute_url()).status_code == 302
    assert _login(client, staff_a).post(assigned.get_absolute_url()).status_code == 405
    assert client.get(reverse("visits:concern_move", args=[assigned.pk, "done"])).status_code == 405
    assert (
        client.post(reverse("visits:concern_move", args=[assigned.pk, "teleport"])).status_code
        == 404
    )


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("reassign", {"deadline": "2020-01-01", "note": "改批"}, "办结时限不能早于今天"),
        ("reassign", {"deadline": "2099-01-01", "note": "改批"}, "办结时限不能超过一年"),
        ("reassign", {"deadline": "明天", "note": "改批"}, "有效"),
        ("reassign", {"note": ""}, "请填写改批原因"),
        ("reassign", {"office": "foreign"}, "请选择本乡镇的业务站所"),
        ("done", {"result": ""}, "请填写办理结果"),
        ("explain", {"explanation": ""}, "请填写向群众作出的解释"),
    ],
)
def test_bad_move_input_is_refused_in_chinese_and_nothing_written(
    client, assigned, staff_a, office_a, office_b, name, data, message
):
    values = {
        "version": assigned.version,
        "office": office_a.pk,
        "deadline": timezone.localdate() + datetime.timedelta(days=3),
        **data,
    }
    if values["office"] == "foreign":
        values["office"] = office_b.pk
    response = _login(client, staff_a).post(
        reverse("visits:concern_move", args=[assigned.pk, name]),
        {f"{name}-{k}": v for k, v in values.items()},
    )
    assert response.status_code == 400
    assert message in response.text
    assert ConcernEvent.objects.filter(concern=assigned).count() == 2
    assigned.refresh_from_db()
    assert assigned.state == S.ASSIGNED


def test_feedback_cannot_be_dated_before_done_or_in_the_future(
    client, station_a, cadre_user, staff_a, office_a, office_user
):
    done = concern_in(
        S.DONE,
        station=station_a,
        cadre=cadre_user,
        staff=staff_a,
        office=office_a,
        office_user=office_user,
    )
    client = _login(client, cadre_user)
    url = reverse("visits:concern_move", args=[done.pk, "feedback"])
    today = timezone.localdate()
    for day, message in (
        (today + datetime.timedelta(1), "不能晚于今天"),
        (today - datetime.timedelta(1), "不能早于办结日期"),
    ):
        response = client.post(
            url, {"feedback-version": done.version, "feedback-how": "phone", "feedback-on": day}
        )
        assert response.status_code == 400
        assert message in response.text
    done.refresh_from_db()
    assert done.state == S.DONE


def test_the_concern_page_costs_the_same_queries_however_long_its_timeline(
    client, assigned, staff_a, office_a, django_assert_max_num_queries
):
    client = _login(client, staff_a)
    for size in (1, 15):
        for i in range(size):
            move(
                assigned,
                "reassign",
                staff_a,
                office=office_a,
                deadline=timezone.localdate() + datetime.timedelta(days=i + 1),
                note="改批",
            )
        with django_assert_max_num_queries(9):
            assert client.get(assigned.get_absolute_url()).status_code == 200


# The ledger -----------------------------------------------------------------


def test_the_ledger_shows_each_user_their_part_only(
    client, station_a, station_a2, station_b, cadre_user, staff_a, office_a, office_user
):
    mine = ConcernFactory(station=station_a, description="高石村的诉求")
    ConcernFactory(station=station_a2, description="白水村的诉求")
    ConcernFactory(station=station_b, description="金石村的诉求")
    ConcernFactory(station=station_a2, assigned=True, office=office_a, description="批给民政办的")
    text = _login(client, cadre_user).get(reverse("visits:concern_list")).text
    assert "高石村的诉求" in text and "白水村的诉求" not in text and "金石村" not in text
    text = _login(client, staff_a).get(reverse("visits:concern_list")).text
    assert "高石村的诉求" in text and "白水村的诉求" in text and "金石村的诉求" not in text
    text = _login(client, office_user).get(reverse("visits:concern_list")).text
    assert "批给民政办的" in text and "高石村的诉求" not in text
    assert mine.get_absolute_url() not in text


def test_the_ledger_filters_pages_and_refuses_forged_links(client, staff_a, station_a):
    for i in range(25):
        ConcernFactory(station=station_a, description=f"诉求{i:02d}")
    client = _login(client, staff_a)
    first = client.get(reverse("visits:concern_list"))
    assert first.context["page"].next_cursor
    second = client.get(
        reverse("visits:concern_list"), {"show": "open", "after": first.context["page"].next_cursor}
    )
    assert len(first.context["page"]) + len(second.context["page"]) == 25
    assert client.get(reverse("visits:concern_list"), {"after": "!!"}).status_code == 404
    assert client.get(reverse("visits:concern_list"), {"show": "nonsense"}).status_code == 404
    assert client.get(reverse("visits:concern_list"), {"show": "closed"}).context["page"].rows == []
    assert client.post(reverse("visits:concern_list")).status_code == 405


def test_the_ledger_costs_the_same_queries_at_any_size(
    client, staff_a, station_a, office_a, django_assert_max_num_queries
):
    client = _login(client, staff_a)
    for size in (2, 30):
        for _ in range(size):
            ConcernFactory(station=station_a, assigned=True, office=office_a)
        for show in ("open", "overdue"):
            with django_assert_max_num_queries(5):
                assert client.get(reverse("visits:concern_list"), {"show": show}).status_code == 200


# The township's inbox ---------------------------------------------------------


def test_the_township_inbox_has_what_waits_and_overdue_flagged(
    client, staff_a, township_a, station_a, office_a
):
    ConcernFactory(station=station_a, description="等待批办的诉求")
    long_ago = timezone.now() - datetime.timedelta(days=30)
    ConcernFactory(
        station=station_a,
        assigned=True,
        office=office_a,
        raised_at=long_ago,
        description="逾期的诉求",
    )
    client = _login(client, staff_a)
    page = client.get(reverse("concerns:township_concerns", args=[township_a.pk]))
    assert page.status_code == 200
    assert "等待批办的诉求" in page.text and "逾期的诉求" not in page.text
    assert "待批办 (1)" in page.text and "逾期 (1)" in page.text
    assert "办结率" in page.text
    overdue = client.get(
        reverse("concerns:township_concerns", args=[township_a.pk]), {"tab": "overdue"}
    )
    assert "逾期的诉求" in overdue.text and "已逾期" in overdue.text
    assert (
        client.get(
            reverse("concerns:township_concerns", args=[township_a.pk]), {"tab": "x"}
        ).status_code
        == 404
    )


def test_the_township_inbox_access(
    client, township_a, staff_b, cadre_user, office_user, supervisor, other_supervisor, staff_a
):
    url = reverse("concerns:township_concerns", args=[township_a.pk])
    assert client.get(url).status_code == 302
    assert _login(client, staff_b).get(url).status_code == 404
    assert _login(client, other_supervisor).get(url).status_code == 404
    assert _login(client, cadre_user).get(url).status_code == 403
    assert _login(client, office_user).get(url).status_code == 403
    assert _login(client, supervisor).get(url).status_code == 200
    assert _login(client, staff_a).post(url).status_code == 405


def test_the_township_inbox_costs_the_same_queries_at_any_size(
    client, staff_a, township_a, station_a, office_a, django_assert_max_num_queries
):
    client = _login(client, staff_a)
    url = reverse("concerns:township_concerns", args=[township_a.pk])
    for size in (2, 30):
        for _ in range(size):
            ConcernFactory(station=station_a)
            ConcernFactory(station=station_a, assigned=True, office=office_a)
        for tab in ("escalated", "overdue", "assigned"):
            # session, user, the user's township (scope), the township, tab counts,
            # the month's figures, the rows.
            with django_assert_max_num_queries(7):
                assert client.get(url, {"tab": tab}).status_code == 200


# An office's inbox ---------------------------------------------------------------


def test_an_office_sees_its_own_assignments_earliest_deadline_first(
    client, office_user, office_a, office_a2, station_a
):
    today = timezone.localdate()
    ConcernFactory(
        station=station_a,
        assigned=True,
        office=office_a,
        deadline=today + datetime.timedelta(9),
        description="九天后到期",
    )
    ConcernFactory(
        station=station_a,
        assigned=True,
        office=office_a,
        deadline=today - datetime.timedelta(2),
        description="已过期两天",
    )
    ConcernFactory(station=station_a, assigned=True, office=office_a2, description="司法所的事")
    page = _login(client, office_user).get(reverse("concerns:office_concerns", args=[office_a.pk]))
    assert page.status_code == 200
    assert page.text.index("已过期两天") < page.text.index("九天后到期")
    assert "司法所的事" not in page.text and "已逾期" in page.text


def test_an_office_inbox_is_a_404_for_other_offices_and_townships(
    client, office_a, office_user, other_office_user, staff_a, staff_b, cadre_user, supervisor
):
    url = reverse("concerns:office_concerns", args=[office_a.pk])
    assert client.get(url).status_code == 302
    assert _login(client, other_office_user).get(url).status_code == 404
    assert _login(client, staff_b).get(url).status_code == 404
    assert _login(client, cadre_user).get(url).status_code == 403
    assert _login(client, staff_a).get(url).status_code == 200
    assert _login(client, supervisor).get(url).status_code == 200
    assert _login(client, office_user).post(url).status_code == 405


def test_the_office_inbox_costs_the_same_queries_at_any_size(
    client, office_user, office_a, station_a, django_assert_max_num_queries
):
    client = _login(client, office_user)
    for size in (2, 30):
        for _ in range(size):
            ConcernFactory(station=station_a, assigned=True, office=office_a)
        with django_assert_max_num_queries(6):
            assert (
                client.get(reverse("concerns:office_concerns", args=[office_a.pk])).status_code
                == 200
            )


# Offices --------------------------------------------------------------------------


def test_township_staff_add_and_edit_their_offices(client, staff_a, township_a):
    client = _login(client, staff_a)
    url = reverse("concerns:township_offices", args=[township_a.pk])
    response = client.post(url, {"name": " 国土 资源所 ", "kind": "land", "active": "on"})
    assert response.status_code == 302
    office = Office.objects.get()
    assert (office.township, office.name) == (township_a, "国土 资源所")
    duplicate = client.post(url, {"name": "国土 资源所", "kind": "land"})
    assert duplicate.status_code == 400 and "本乡镇已有同名的业务站所" in duplicate.text
    empty = client.post(url, {"name": "  ", "kind": "land"})
    assert empty.status_code == 400 and "请填写业务站所名称" in empty.text
    edit = client.post(
        reverse("concerns:office_edit", args=[office.pk]), {"name": "自然资源所", "kind": "land"}
    )
    assert edit.status_code == 302
    office.refresh_from_db()
    assert (office.name, office.active) == ("自然资源所", False)
    assert Office.objects.count() == 1


def test_closed_offices_are_not_offered_for_assignment(
    client, staff_a, station_a, cadre_user, office_a, office_a2
):
    office_a2.active = False
    office_a2.save()
    concern = raise_concern(cadre_user, station_a)
    page = _login(client, staff_a).get(concern.get_absolute_url())
    assert "民政办" in page.text and "司法所" not in page.text


def test_offices_pages_access(
    client, township_a, office_a, staff_b, supervisor, cadre_user, office_user, staff_a
):
    url = reverse("concerns:township_offices", args=[township_a.pk])
    assert client.get(url).status_code == 302
    assert _login(client, staff_b).get(url).status_code == 404
    assert (
        _login(client, staff_b).get(reverse("concerns:office_edit", args=[office_a.pk])).status_code
        == 404
    )
    assert _login(client, cadre_user).get(url).status_code == 403
    assert _login(client, office_user).get(url).status_code == 403
    county = _login(client, supervisor)
    assert county.get(url).status_code == 200
    assert county.post(url, {"name": "林业站", "kind": "forestry"}).status_code == 403
    assert county.get(reverse("concerns:office_edit", args=[office_a.pk])).status_code == 403
    assert _login(client, staff_a).delete(url).status_code == 405
    assert Office.objects.count() == 1


def test_the_offices_page_costs_the_same_queries_at_any_size(
    client, staff_a, township_a, station_a, django_assert_max_num_queries
):
    client = _login(client, staff_a)
    for size in (2, 20):
        for _ in range(size):
            office = OfficeFactory(township=township_a)
            ConcernFactory(station=station_a, assigned=True, office=office)
        with django_assert_max_num_queries(5):
            assert (
                client.get(reverse("concerns:township_offices", args=[township_a.pk])).status_code
                == 200
            )


# The cadre's start page --------------------------------------------------------------


def test_the_start_page_shows_the_concerns_i_carry_overdue_first(
    client, cadre_user, chief_user, station_a, office_a
):
    today = timezone.localdate()
    me = cadre_user.cadre
    ConcernFactory(station=station_a, raised_by=me, description="还在站里办")
    ConcernFactory(
        station=station_a,
        raised_by=me,
        assigned=True,
        office=office_a,
        deadline=today - datetime.timedelta(days=1),
        description="过期一天",
    )
    ConcernFactory(station=station_a, raised_by=chief_user.cadre, description="站长的诉求")
    ConcernFactory(station=station_a, raised_by=me, state=S.CLOSED, description="已经销号")
    text = _login(client, cadre_user).get(reverse("visits:today")).text
    assert "我的待办事项" in text
    assert text.index("过期一天") < text.index("还在站里办")
    assert "已逾期" in text
    assert "站长的诉求" not in text and "已经销号" not in text


def test_the_start_page_with_concerns_stays_within_its_budget(
    client, cadre_user, station_a, office_a, django_assert_max_num_queries
):
    client = _login(client, cadre_user)
    for size in (2, 25):
        for _ in range(size):
            ConcernFactory(
                station=station_a, raised_by=cadre_user.cadre, assigned=True, office=office_a
            )
        # The start page's budget (9, tests/test_visit_today.py) plus one for this section.
        with django_assert_max_num_queries(10):
            assert client.get(reverse("visits:today")).status_code == 200


def test_the_raising_pages_cost_the_same_queries_at_any_size(
    client, staff_a, cadre_user, station_a, visit_a, django_assert_max_num_queries
):
    for size in (2, 40):
        for i in range(size):
            f.HouseholdFactory(village=station_a.village, head_name=f"张{i}")
            f.VillageFactory(township=station_a.village.township)
        client.force_login(staff_a)
        with django_assert_max_num_queries(6):
            assert client.get(reverse("visits:concern_new"), {"q": "z"}).status_code == 200
        client.force_login(cadre_user)
        with django_assert_max_num_queries(6):
            assert (
                client.get(reverse("visits:concern_from_visit", args=[visit_a.pk])).status_code
                == 200
            )


def test_entering_a_concern_is_get_or_post_only(client, staff_a):
    assert _login(client, staff_a).delete(reverse("visits:concern_new")).status_code == 405
