"""Monthly materials (issue 15): a chief submits a month, the township reviews it, the
county approves it; the station's records of that month are then locked until the county
reopens it. Every move checks role and place; the lock covers every write of the month."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from stations.duty import services as duty_services
from stations.materials.locks import MonthLocked, month_label
from stations.models import Assignment, MonthState, StationMonth
from tests import factories as f
from visits import hiding
from visits import services as visit_services
from visits.materials import selectors, services
from visits.meetings import services as meeting_services
from visits.models import Visit

pytestmark = pytest.mark.django_db


def _last_month():
    return selectors.previous_month(timezone.localdate())


def _at(year, month, day, hour=10):
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


@pytest.fixture
def chief(chief_user):
    return chief_user.cadre


@pytest.fixture
def last_visit(station_a, chief):
    """A visit of last month by the chief, written just now (so still correctable)."""
    year, month = _last_month()
    return f.VisitFactory(station=station_a, author=chief, occurred_at=_at(year, month, 15))


def _move(client, user, station, name, note="", back=""):
    year, month = _last_month()
    client.force_login(user)
    url = reverse("materials:station_move", args=[station.pk, year, month, name])
    return client.post(url, {"note": note, "back": back})


def _edit(client, user, visit, seen):
    client.force_login(user)
    data = {
        "household": visit.household_id,
        "kind": "home",
        "occurred_at": timezone.localtime(visit.occurred_at).strftime("%Y-%m-%dT%H:%M"),
        "seen": seen,
        "asked": "",
    }
    return client.post(reverse("visits:visit_edit", args=[visit.pk]), data)


def _state(station):
    year, month = _last_month()
    row = StationMonth.objects.filter(station=station, year=year, month=month).first()
    return row.state if row else MonthState.OPEN


# The Done-when walk ----------------------------------------------------------------


def test_submit_review_approve_lock_reopen_and_edit(
    client, chief_user, staff_a, supervisor, station_a, last_visit
):
    assert _move(client, chief_user, station_a, "submit").status_code == 302
    assert _state(station_a) == MonthState.SUBMITTED
    assert _move(client, staff_a, station_a, "review", back="township").status_code == 302
    assert _state(station_a) == MonthState.REVIEWED
    assert _move(client, supervisor, station_a, "approve", back="county").status_code == 302
    assert _state(station_a) == MonthState.APPROVED

    # The correction form says so before anything is typed.
    client.force_login(chief_user)
    form = client.get(reverse("visits:visit_edit", args=[last_visit.pk]))
    assert "不能再修改" in form.text
    refused = _edit(client, chief_user, last_visit, "改一改")
    assert refused.status_code == 409
    text = refused.text
    year, month = _last_month()
    assert f"{year}年{month}月" in text
    assert "已由县审定" in text or "县" in text
    assert "重新打开" in text  # how to get it reopened
    last_visit.refresh_from_db()
    assert last_visit.seen != "改一改"

    # Reopening needs a reason; with one, the month is open and the edit goes through.
    assert _move(client, supervisor, station_a, "reopen").status_code == 400
    assert _state(station_a) == MonthState.APPROVED
    assert _move(client, supervisor, station_a, "reopen", note="补录走访照片").status_code == 302
    assert _state(station_a) == MonthState.OPEN
    assert _edit(client, chief_user, last_visit, "改一改").status_code == 302
    last_visit.refresh_from_db()
    assert last_visit.seen == "改一改"

    row = StationMonth.objects.get(station=station_a)
    history = list(row.events.order_by("at", "pk").values_list("move", "from_state", "to_state"))
    assert history == [
        ("submit", "open", "submitted"),
        ("review", "submitted", "reviewed"),
        ("approve", "reviewed", "approved"),
        ("reopen", "approved", "open"),
    ]
    assert row.events.get(move="reopen").note == "补录走访照片"
    assert row.events.get(move="reopen").by == supervisor
    page = client.get(reverse("materials:station_month_of", args=[station_a.pk, year, month]))
    assert "补录走访照片" in page.text


def test_the_english_message_names_the_month_and_who_reopens_it(station_a, chief):
    year, month = _last_month()
    StationMonth.objects.create(station=station_a, year=year, month=month, state="approved")
    from django.utils import translation

    with translation.override("en"), pytest.raises(MonthLocked) as locked:
        visit_services.log_visit(
            author=chief,
            station=station_a,
            token="5f0e8a4e-5b7b-4c0b-9b57-5a1c3b0e0f11",
            fields={"occurred_at": _at(year, month, 3), "seen": "x"},
        )
    with translation.override("en"):
        message = locked.value.message
    assert month_label(year, month) in message or str(year) in message
    assert "reopen" in message and "county" in message


# Refusals: role and place ------------------------------------------------------------


def test_a_member_who_is_not_the_chief_may_not_submit(client, cadre_user, station_a):
    assert _move(client, cadre_user, station_a, "submit").status_code == 403
    assert _state(station_a) == MonthState.OPEN


def test_a_chief_of_another_station_gets_not_found(client, station_a, station_a2):
    other = f.UserFactory(username="chief2", role="cadre")
    cadre = f.CadreFactory(township=station_a2.village.township, user=other)
    f.AssignmentFactory(cadre=cadre, station=station_a2, role=Assignment.Role.CHIEF)
    assert _move(client, other, station_a, "submit").status_code == 404
    assert _state(station_a) == MonthState.OPEN


def test_a_township_clerk_of_another_township_gets_not_found(
    client, chief_user, staff_b, station_a
):
    _move(client, chief_user, station_a, "submit")
    assert _move(client, staff_b, station_a, "review").status_code == 404
    assert _state(station_a) == MonthState.SUBMITTED


def test_a_supervisor_of_another_county_gets_not_found(
    client, chief_user, staff_a, other_supervisor, station_a
):
    _move(client, chief_user, station_a, "submit")
    _move(client, staff_a, station_a, "review")
    assert _move(client, other_supervisor, station_a, "approve").status_code == 404
    assert _state(station_a) == MonthState.REVIEWED


def test_each_step_is_its_own_roles(client, chief_user, staff_a, supervisor, station_a):
    # The township cannot submit, the county cannot review, the township cannot approve.
    assert _move(client, staff_a, station_a, "submit").status_code == 403
    _move(client, chief_user, station_a, "submit")
    assert _move(client, supervisor, station_a, "review").status_code == 403
    assert _move(client, chief_user, station_a, "review").status_code == 403
    _move(client, staff_a, station_a, "review")
    assert _move(client, staff_a, station_a, "approve").status_code == 403
    # The township's send-back is for a submitted month; a reviewed one is the county's.
    assert _move(client, staff_a, station_a, "send_back", note="x").status_code == 403
    assert _state(station_a) == MonthState.REVIEWED


def test_sending_back_needs_a_reason_and_opens_the_month(client, chief_user, staff_a, station_a):
    _move(client, chief_user, station_a, "submit")
    response = _move(client, staff_a, station_a, "send_back")
    assert response.status_code == 400
    assert "请填写理由" in response.text
    assert _state(station_a) == MonthState.SUBMITTED
    assert _move(client, staff_a, station_a, "send_back", note="值班记录缺两天").status_code == 302
    assert _state(station_a) == MonthState.OPEN
    station_page = client.get(reverse("materials:station_month", args=[station_a.pk]))
    assert "值班记录缺两天" in station_page.text


def test_the_chief_may_withdraw_until_the_township_reviews(client, chief_user, staff_a, station_a):
    _move(client, chief_user, station_a, "submit")
    assert _move(client, chief_user, station_a, "withdraw").status_code == 302
    assert _state(station_a) == MonthState.OPEN
    _move(client, chief_user, station_a, "submit")
    _move(client, staff_a, station_a, "review")
    response = _move(client, chief_user, station_a, "withdraw")
    assert response.status_code == 302
    assert _state(station_a) == MonthState.REVIEWED


def test_a_month_not_yet_over_cannot_be_submitted(client, chief_user, station_a):
    today = timezone.localdate()
    client.force_login(chief_user)
    url = reverse("materials:station_move", args=[station_a.pk, today.year, today.month, "submit"])
    response = client.post(url)
    assert response.status_code == 400
    assert "月份结束后" in response.text
    assert not StationMonth.objects.exists()


def test_a_second_click_moves_the_month_once_and_says_who_was_first(client, chief_user, station_a):
    _move(client, chief_user, station_a, "submit")
    response = _move(client, chief_user, station_a, "submit")
    assert response.status_code == 302
    page = client.get(response.url)
    assert "已是" in page.text
    assert StationMonth.objects.get().events.count() == 1


@pytest.mark.parametrize(
    ("year", "month", "move"),
    [(2026, 13, "submit"), (1999, 5, "submit"), (2099, 1, "submit"), (2026, 1, "explode")],
)
def test_bad_addresses_are_not_found(client, chief_user, station_a, year, month, move):
    client.force_login(chief_user)
    url = f"/materials/stations/{station_a.pk}/{year}/{month}/{move}/"
    assert client.post(url).status_code == 404


def test_a_move_by_get_is_refused(client, chief_user, station_a):
    year, month = _last_month()
    client.force_login(chief_user)
    url = reverse("materials:station_move", args=[station_a.pk, year, month, "submit"])
    assert client.get(url).status_code == 405


def test_an_overlong_reason_is_refused_with_a_message(client, chief_user, staff_a, station_a):
    _move(client, chief_user, station_a, "submit")
    assert _move(client, staff_a, station_a, "send_back", note="长" * 501).status_code == 400
    assert _state(station_a) == MonthState.SUBMITTED


# The lock covers every write of the month -------------------------------------------


@pytest.fixture
def locked(station_a):
    year, month = _last_month()
    return StationMonth.objects.create(station=station_a, year=year, month=month, state="submitted")


def test_no_visit_or_reception_can_be_logged_in_a_locked_month(
    client, chief_user, station_a, locked
):
    year, month = _last_month()
    client.force_login(chief_user)
    household = f.HouseholdFactory(village=station_a.village)
    data = {
        "station": station_a.pk,
        "token": "0b8f5ab4-9a34-4c38-9a3c-0e6a8f0d2b11",
        "household": household.pk,
        "kind": "home",
        "occurred_at": _at(year, month, 20).strftime("%Y-%m-%dT%H:%M"),
        "seen": "补记",
    }
    response = client.post(reverse("visits:visit_new"), data)
    if timezone.localdate() - datetime.date(year, month, 20) <= datetime.timedelta(days=30):
        assert response.status_code == 409
        assert "站长撤回" in response.text
    assert not Visit.objects.filter(seen="补记").exists()


def test_services_refuse_every_write_of_a_locked_month(station_a, chief, staff_a, locked):
    year, month = _last_month()
    visit = f.VisitFactory(station=station_a, author=chief, occurred_at=_at(year, month, 9))
    duty = f.DutyDayFactory(station=station_a, date=datetime.date(year, month, 9))
    with pytest.raises(MonthLocked):
        visit_services.edit_visit(visit=visit, fields={"seen": "x"})
    with pytest.raises(MonthLocked):
        hiding.hide(obj=visit, by=staff_a)
    with pytest.raises(MonthLocked):
        duty_services.mark_held(duty_day=duty, held=True)
    with pytest.raises(MonthLocked):
        meeting_services.log_meeting(
            station=station_a,
            user=staff_a,
            token="6c1f3d8e-0a4b-4f0e-9a53-4f8d8f0b7a21",
            fields={"kind": "education", "held_at": _at(year, month, 12), "topics": "x"},
            attendees=[],
        )
    with pytest.raises(MonthLocked):
        meeting_services.log_deed(
            station=station_a,
            user=staff_a,
            token="7c1f3d8e-0a4b-4f0e-9a53-4f8d8f0b7a21",
            fields={"what": "修路", "category": "road", "done_on": datetime.date(year, month, 12)},
            cadres=[],
        )
    visit.refresh_from_db()
    duty.refresh_from_db()
    assert (visit.seen, visit.hidden_at, duty.held) != ("x", None, True)
    assert visit.hidden_at is None and not duty.held


def test_moving_a_visit_into_a_locked_month_is_refused(station_a, chief, locked):
    today = timezone.localdate()
    visit = f.VisitFactory(station=station_a, author=chief, occurred_at=timezone.now())
    year, month = _last_month()
    with pytest.raises(MonthLocked):
        visit_services.edit_visit(visit=visit, fields={"occurred_at": _at(year, month, 28)})
    visit.refresh_from_db()
    assert timezone.localdate(visit.occurred_at) == today


def test_moving_a_visit_out_of_a_locked_month_is_refused(station_a, chief, locked):
    """The month under review would lose a visit: the correction is refused though the
    day it moves to is open."""
    year, month = _last_month()
    visit = f.VisitFactory(station=station_a, author=chief, occurred_at=_at(year, month, 28))
    with pytest.raises(MonthLocked):
        visit_services.edit_visit(visit=visit, fields={"occurred_at": timezone.now()})
    visit.refresh_from_db()
    assert timezone.localdate(visit.occurred_at) == datetime.date(year, month, 28)


def test_hiding_a_visit_of_a_locked_month_says_why(client, staff_a, station_a, chief, locked):
    year, month = _last_month()
    visit = f.VisitFactory(station=station_a, author=chief, occurred_at=_at(year, month, 9))
    client.force_login(staff_a)
    response = client.post(reverse("visits:visit_hide", args=[visit.pk]), follow=True)
    assert "不能再修改" in response.text
    visit.refresh_from_db()
    assert visit.hidden_at is None


def test_concerns_and_other_months_are_not_locked(station_a, chief, staff_a, locked):
    # The current month stays open, and so does another station's last month.
    visit_services.log_visit(
        author=chief,
        station=station_a,
        token="8d2f3d8e-0a4b-4f0e-9a53-4f8d8f0b7a21",
        fields={"occurred_at": timezone.now(), "seen": "本月"},
    )
    assert Visit.objects.filter(seen="本月").exists()


def test_marking_a_duty_day_of_a_locked_month_is_a_form_error(client, staff_a, station_a, locked):
    year, month = _last_month()
    duty = f.DutyDayFactory(station=station_a, date=datetime.date(year, month, 9))
    client.force_login(staff_a)
    response = client.post(
        reverse("stations:duty_mark", args=[duty.pk]), {"held": "yes", "note": ""}
    )
    assert response.status_code == 200
    assert "不能再修改" in response.text
    duty.refresh_from_db()
    assert not duty.held


def test_the_service_refuses_a_stranger_before_anything_is_written(staff_b, station_a):
    year, month = _last_month()
    with pytest.raises(services.OutOfPlace):
        services.make_move(user=staff_b, station=station_a, year=year, month=month, name="review")
    assert not StationMonth.objects.exists()


def test_a_meeting_dated_in_a_locked_month_is_a_form_error(client, chief_user, station_a, locked):
    from tests.test_meetings_pages import _meeting_form
    from visits.models import Meeting

    year, month = _last_month()
    client.force_login(chief_user)
    held = _at(year, month, 12).strftime("%Y-%m-%dT%H:%M")
    data = _meeting_form([chief_user.cadre], held_at=held)
    response = client.post(reverse("visits:meeting_new", args=[station_a.pk]), data)
    if timezone.localdate() - datetime.date(year, month, 12) <= datetime.timedelta(days=30):
        assert response.status_code == 400
        assert "不能再修改" in response.text
    assert not Meeting.objects.exists()
