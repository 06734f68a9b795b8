"""The moves of a station's month and the lock, service by service: what each move
writes, who may make it, where its limits are (the pages' tests are test_materials.py)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from stations.materials import locks
from stations.models import Assignment, MaterialsStandard, StationMonth
from tests import factories as f
from visits import services as visit_services
from visits.materials import services

pytestmark = pytest.mark.django_db

# Moves are made "now" = 2026-11-03 10:00 in Beijing: October is over, November is not.
NOW = timezone.make_aware(datetime.datetime(2026, 11, 3, 10))
OCT = {"year": 2026, "month": 10}


def move(user, station, name, note="", now=NOW, **month):
    return services.make_move(
        user=user, station=station, name=name, note=note, now=now, **(month or OCT)
    )


def test_each_move_records_who_and_when_and_a_send_back_clears_them(
    chief_user, staff_a, supervisor, station_a, station_a2
):
    # Another station's month is there too: each move finds its own row.
    StationMonth.objects.create(station=station_a2, **OCT)
    row = move(chief_user, station_a, "submit")
    assert (row.submitted_by, row.submitted_at, row.first_submitted_at) == (
        chief_user,
        NOW,
        NOW,
    )
    later = NOW + datetime.timedelta(days=1)
    row = move(staff_a, station_a, "review", now=later)
    assert (row.reviewed_by, row.reviewed_at) == (staff_a, later)
    assert row.approved_by is None
    latest = later + datetime.timedelta(days=1)
    row = move(supervisor, station_a, "approve", now=latest)
    assert (row.approved_by, row.approved_at, row.state) == (supervisor, latest, "approved")
    row = move(supervisor, station_a, "reopen", note="  补录  ", now=latest)
    assert row.state == "open"
    assert [row.submitted_by, row.reviewed_by, row.approved_by] == [None, None, None]
    assert [row.submitted_at, row.reviewed_at, row.approved_at] == [None, None, None]
    assert row.first_submitted_at == NOW  # on time or late goes by the first submission
    event = row.events.get(move="reopen")
    assert (event.note, event.at, event.by) == ("补录", latest, supervisor)
    again = NOW + datetime.timedelta(days=20)
    row = move(chief_user, station_a, "submit", now=again)
    assert (row.first_submitted_at, row.submitted_at) == (NOW, again)


def test_a_member_is_not_the_chief_though_the_station_has_one(chief_user, cadre_user, station_a):
    with pytest.raises(services.NotYours, match="站长"):
        move(cadre_user, station_a, "submit")


def test_a_chief_elsewhere_is_no_chief_here(station_a, station_a2):
    user = f.UserFactory(username="two-hats", role="cadre")
    cadre = f.CadreFactory(township=station_a.village.township, user=user)
    f.AssignmentFactory(cadre=cadre, station=station_a2, role=Assignment.Role.CHIEF)
    f.AssignmentFactory(cadre=cadre, station=station_a, role=Assignment.Role.MEMBER)
    with pytest.raises(services.NotYours):
        move(user, station_a, "submit")
    assert move(user, station_a2, "submit").state == "submitted"


def test_who_may_do_what_is_named(chief_user, staff_a, station_a):
    with pytest.raises(services.NotYours, match="站长"):
        move(staff_a, station_a, "submit")
    with pytest.raises(services.NotYours, match="乡镇工作人员"):
        move(chief_user, station_a, "review")
    with pytest.raises(services.NotYours, match="县考核办"):
        move(staff_a, station_a, "approve")
    # The township's send-back is of a submitted month; a reviewed one is the county's.
    move(chief_user, station_a, "submit")
    move(staff_a, station_a, "review")
    with pytest.raises(services.NotYours, match="县考核办"):
        move(staff_a, station_a, "send_back", note="x")


def test_a_superuser_reviews_and_approves_but_does_not_submit(superuser, chief_user, station_a):
    with pytest.raises(services.NotYours):
        move(superuser, station_a, "submit")
    move(chief_user, station_a, "submit")
    assert move(superuser, station_a, "review").state == "reviewed"
    assert move(superuser, station_a, "approve").state == "approved"


def test_another_townships_clerk_is_out_of_place_though_they_see_a_station(
    staff_b, station_a, station_b
):
    with pytest.raises(services.OutOfPlace):
        move(staff_b, station_a, "review")


def test_a_month_is_submitted_from_the_day_after_its_last(chief_user, station_a):
    last_day = timezone.make_aware(datetime.datetime(2026, 10, 31, 23, 50))
    with pytest.raises(services.MoveRefused, match="月份结束后"):
        move(chief_user, station_a, "submit", now=last_day)
    first = timezone.make_aware(datetime.datetime(2026, 11, 1, 0, 5))
    assert move(chief_user, station_a, "submit", now=first).state == "submitted"


def test_reasons_are_required_and_bounded(chief_user, staff_a, station_a):
    move(chief_user, station_a, "submit")
    with pytest.raises(services.MoveRefused) as missing:
        move(staff_a, station_a, "send_back", note="   ")
    assert missing.value.field == "note"
    assert str(missing.value) == missing.value.message
    with pytest.raises(services.MoveRefused, match="理由太长") as long:
        move(staff_a, station_a, "send_back", note="长" * 501)
    assert long.value.field == "note"
    assert move(staff_a, station_a, "send_back", note="长" * 500).state == "open"


@pytest.mark.parametrize(("name", "month"), [("explode", 10), ("submit", 0), ("submit", 13)])
def test_no_such_step(chief_user, station_a, name, month):
    with pytest.raises(services.MoveRefused, match="没有这一步骤"):
        move(chief_user, station_a, name, year=2026, month=month)
    assert not StationMonth.objects.exists()


@pytest.mark.parametrize(("year", "month"), [(2026, 1), (2025, 12)])
def test_the_first_and_last_months_of_a_year_are_months(chief_user, station_a, year, month):
    assert move(chief_user, station_a, "submit", year=year, month=month).state == "submitted"


def test_the_second_click_is_told_who_was_first(chief_user, station_a, station_a2):
    move(chief_user, station_a, "submit")
    with pytest.raises(services.AlreadyMoved) as second:
        move(chief_user, station_a, "submit")
    assert second.value.event.by == chief_user
    assert second.value.station_month.state == "submitted"


def test_the_standard_is_one_row_per_county_and_checked(county, other_supervisor):
    MaterialsStandard.objects.create(county=other_supervisor.county, due_day=3)
    first = services.save_standard(county=county, due_day=8, late_log_days=2)
    second = services.save_standard(county=county, due_day=10, late_log_days=4)
    assert first.pk == second.pk
    assert MaterialsStandard.objects.get(county=county).due_day == 10
    with pytest.raises(ValidationError):
        services.save_standard(county=county, due_day=31, late_log_days=2)
    assert MaterialsStandard.objects.get(county=county).due_day == 10
    assert MaterialsStandard.objects.get(county=other_supervisor.county).due_day == 3


# The lock -----------------------------------------------------------------------------


def test_the_refusal_names_the_station_the_month_and_who_opens_it(station_a):
    row = StationMonth.objects.create(station=station_a, state="reviewed", **OCT)
    refused = locks.MonthLocked(row, station_a.name)
    assert refused.message.startswith(f"{station_a.name}2026年10月的材料已经乡镇审核")
    assert "不能再修改。如需更正，请联系县里退回该月。" in refused.message
    assert str(refused) == refused.message
    assert locks.month_label(2026, 10) == "2026年10月"
    with translation.override("en"):
        assert (
            "can no longer be changed. To change them, ask the county to send the month back"
            in (refused.message)
        )
        assert locks.MonthLocked(row).message.startswith("The records of this station")


def test_only_that_stations_month_is_locked(station_a, station_a2, chief_user):
    StationMonth.objects.create(station=station_a2, state="approved", **OCT)
    day = datetime.date(2026, 10, 9)
    assert locks.locked_month(station=station_a, day=day) is None
    locks.refuse_if_locked(station=station_a, day=day)
    with pytest.raises(locks.MonthLocked) as refused:
        locks.refuse_if_locked(station=station_a2, day=day)
    assert station_a2.name in refused.value.message


def test_the_month_of_a_visit_is_its_beijing_month(station_a, chief_user):
    # 00:30 on 1 November in Beijing is 16:30 on 31 October in UTC, as the database
    # hands it back: November's, which is open, though October is locked.
    StationMonth.objects.create(station=station_a, state="approved", **OCT)
    visit = f.VisitFactory(
        station=station_a,
        author=chief_user.cadre,
        occurred_at=timezone.make_aware(datetime.datetime(2026, 11, 1, 0, 30)),
    )
    visit = type(visit).objects.get(pk=visit.pk)
    saved = visit_services.edit_visit(visit=visit, fields={"seen": "十一月的"})
    assert saved.seen == "十一月的"


def test_a_cadre_login_without_a_cadre_is_nobodys_chief(station_a):
    login = f.UserFactory(username="no-cadre", role="cadre")
    assert services.is_chief(login, station_a) is False


def test_any_one_list_makes_a_month_incomplete():
    from visits.materials.figures import Incomplete

    assert Incomplete(late_logs=1).any
    assert Incomplete(silent_members=1).any
    assert not Incomplete().any
