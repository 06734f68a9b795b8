"""催办: township staff chase an office about an overdue concern (issue 14).

A reminder is an event on the concern's timeline naming the office; the office's
inbox says how often and when last; the supervision pages count them. Only on an
overdue, unfinished concern, once a (Beijing) day, by the concern's township staff.
"""

# Fixtures come from tests.concern_helpers by import; their use as arguments redefines them.
# ruff: noqa: F811

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories as f
from tests.concern_helpers import (  # noqa: F401 (fixtures)
    ConcernFactory,
    assign_data,
    move,
    office_a,
    office_a2,
    office_b,
    office_user,
    other_office_user,
    raise_concern,
)
from tests.supervision_helpers import SHANGHAI, at
from visits.concerns import flow
from visits.concerns import services as services
from visits.models import Concern, ConcernEvent

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 2)  # a Wednesday


def _clock(monkeypatch, moment):
    monkeypatch.setattr(timezone, "now", lambda: moment.astimezone(datetime.UTC))


@pytest.fixture(autouse=True)
def _wednesday(monkeypatch):
    _clock(monkeypatch, at(12, 2, 10))


@pytest.fixture
def overdue(station_a, office_a):
    """Assigned on 20 November, due 30 November: overdue on 2 December."""
    return ConcernFactory(
        station=station_a,
        assigned=True,
        office=office_a,
        raised_at=at(11, 20),
        deadline=datetime.date(2026, 11, 30),
        description="村道塌方待修",
    )


def _remind(client, concern, *, version=None, note="", back=None):
    data = {"remind-version": concern.version if version is None else version, "remind-note": note}
    if back:
        data["next"] = back
    return client.post(reverse("visits:concern_move", args=[concern.pk, "remind"]), data)


def _inbox(township):
    return reverse("concerns:township_concerns", args=[township.pk]) + "?tab=overdue"


def test_township_staff_remind_from_the_overdue_list_and_the_office_sees_it(
    client, staff_a, township_a, overdue, office_a, office_user
):
    client.force_login(staff_a)
    page = client.get(_inbox(township_a))
    assert "向民政办催办" in page.text
    response = _remind(client, overdue, note="请本周内回复", back=_inbox(township_a))
    assert response.status_code == 302 and response.url == _inbox(township_a)
    event = ConcernEvent.objects.get(move="remind")
    assert (event.concern, event.office, event.actor, event.note) == (
        overdue,
        office_a,
        staff_a,
        "请本周内回复",
    )
    overdue.refresh_from_db()
    assert overdue.state == Concern.State.ASSIGNED  # a record, not a change of state
    again = client.get(_inbox(township_a))
    assert "今天已催办" in again.text and "向民政办催办" not in again.text
    timeline = client.get(overdue.get_absolute_url()).text
    assert "催办" in timeline and "请本周内回复" in timeline
    client.force_login(office_user)
    inbox = client.get(reverse("concerns:office_concerns", args=[office_a.pk]))
    assert "已催办 1 次，最近一次 2026年12月2日" in inbox.text


def test_a_second_reminder_the_same_day_is_refused_and_the_next_day_counts(
    client, monkeypatch, staff_a, township_a, overdue, office_user, office_a
):
    client.force_login(staff_a)
    _clock(monkeypatch, at(12, 2, 9, 5))
    assert _remind(client, overdue).status_code == 302
    overdue.refresh_from_db()
    _clock(monkeypatch, at(12, 2, 23, 50))
    refused = _remind(client, overdue)
    assert refused.status_code == 400
    assert "今天 09:05 已由" in refused.text and "每天催办一次即可" in refused.text
    refused = _remind(client, overdue, back=_inbox(township_a))
    assert refused.status_code == 302
    assert "每天催办一次即可" in client.get(refused.url).text
    assert ConcernEvent.objects.filter(move="remind").count() == 1
    # Midnight in Beijing is a new day (16:00 UTC).
    _clock(monkeypatch, at(12, 3, 0, 10))
    assert _remind(client, overdue).status_code == 302
    assert ConcernEvent.objects.filter(move="remind").count() == 2
    client.force_login(office_user)
    inbox = client.get(reverse("concerns:office_concerns", args=[office_a.pk]))
    assert "已催办 2 次，最近一次 2026年12月3日" in inbox.text


def test_a_reminder_sent_twice_by_a_double_click_records_one(client, staff_a, overdue):
    client.force_login(staff_a)
    version = overdue.version
    first = _remind(client, overdue, version=version)
    second = _remind(client, overdue, version=version)
    assert (first.status_code, second.status_code) == (302, 302)
    assert ConcernEvent.objects.filter(move="remind").count() == 1


def test_only_an_overdue_unfinished_concern_can_be_reminded(
    client, staff_a, station_a, office_a, office_user, overdue
):
    client.force_login(staff_a)
    on_time = ConcernFactory(
        station=station_a, assigned=True, office=office_a, deadline=TODAY, raised_at=at(11, 25)
    )
    page = client.get(on_time.get_absolute_url())
    assert "催办" not in page.text  # not offered
    refused = _remind(client, on_time)
    assert refused.status_code == 400 and "只有已逾期的诉求才能催办" in refused.text
    done = move(overdue, "done", office_user, result="已修复")
    refused = _remind(client, done)
    assert refused.status_code == 409  # done: not in a state a reminder starts from
    assert not ConcernEvent.objects.filter(move="remind").exists()


def test_only_the_concerns_township_staff_send_reminders(
    client, overdue, staff_b, office_user, cadre_user, supervisor, township_a
):
    for user, status in ((staff_b, 404), (office_user, 403), (cadre_user, 403), (supervisor, 403)):
        client.force_login(user)
        assert _remind(client, overdue).status_code == status, user
    assert not ConcernEvent.objects.filter(move="remind").exists()
    client.force_login(supervisor)
    assert "向民政办催办" not in client.get(_inbox(township_a)).text
    assert not flow.may_make(supervisor, flow.MOVES["remind"], overdue)


def test_reminders_to_the_office_it_was_taken_from_stay_on_the_timeline_only(
    client, monkeypatch, staff_a, overdue, office_a2, other_office_user, office_user, office_a
):
    client.force_login(staff_a)
    _remind(client, overdue)
    overdue.refresh_from_db()
    _clock(monkeypatch, at(12, 3, 9))
    move(overdue, "reassign", staff_a, note="转司法所", **assign_data(office_a2, TODAY))
    client.force_login(other_office_user)
    inbox = client.get(reverse("concerns:office_concerns", args=[office_a2.pk]))
    assert "村道塌方待修" in inbox.text and "已催办" not in inbox.text


def test_the_supervision_pages_count_the_reminders_of_the_period(
    client, monkeypatch, staff_a, supervisor, township_a, county, station_a, station_b, office_a
):
    """By hand: November in township A holds 3 reminders (3 and 10 November on one
    concern, 30 November 23:30 Beijing on another); 1 December 00:10 is December's;
    a hidden concern's and township B's are not counted. (The county page leaves the
    figure out: its query budget is the bench's.)"""
    first, second, hidden = (
        ConcernFactory(
            station=station_a,
            assigned=True,
            office=office_a,
            raised_at=at(10, 1),
            deadline=datetime.date(2026, 10, 20),
        )
        for _ in range(3)
    )
    elsewhere = ConcernFactory(
        station=station_b, assigned=True, raised_at=at(10, 1), deadline=datetime.date(2026, 10, 20)
    )
    reminded = [
        (first, at(11, 3, 9)),
        (first, at(11, 10, 9)),
        (second, at(11, 30, 23, 30)),
        (second, at(12, 1, 0, 10)),
        (hidden, at(11, 5)),
        (elsewhere, at(11, 5)),
    ]
    for concern, moment in reminded:
        _clock(monkeypatch, moment)
        concern.refresh_from_db()
        staff = staff_a if concern.township_id == township_a.pk else None
        move(concern, "remind", staff or _staff_of(concern))
    hidden.hidden_at = at(12, 1)
    hidden.save()
    _clock(monkeypatch, at(12, 15))
    client.force_login(staff_a)
    url = reverse("supervision:supervision_township", args=[township_a.pk])
    assert _reminders(client.get(url, {"month": "2026-11"}).text) == "3"
    assert _reminders(client.get(url, {"month": "2026-12"}).text) == "1"
    client.force_login(supervisor)  # the county's supervisor reads township A's too
    assert _reminders(client.get(url, {"month": "2026-11"}).text) == "3"


def _staff_of(concern):
    return f.UserFactory(role="township", township=concern.township)


def _reminders(html):
    marker = "<dt>催办次数</dt>"
    assert marker in html
    after = html.split(marker, 1)[1]
    value = after.split("<dd", 1)[1].split(">", 1)[1].split("</dd>", 1)[0]
    assert "期内乡镇工作人员就已逾期的诉求向承办站所发出的催办次数" in after.split("</div>", 1)[0]
    return value.strip()


def test_the_day_boundary_is_beijings(monkeypatch, staff_a, overdue):
    """23:59 and 00:01 Beijing are two days, though both fall on the same UTC day."""
    _clock(monkeypatch, datetime.datetime(2026, 12, 2, 23, 59, tzinfo=SHANGHAI))
    move(overdue, "remind", staff_a)
    overdue.refresh_from_db()
    _clock(monkeypatch, datetime.datetime(2026, 12, 3, 0, 1, tzinfo=SHANGHAI))
    move(overdue, "remind", staff_a)
    assert ConcernEvent.objects.filter(move="remind").count() == 2


# The day's bounds and the clock a move is made by -------------------------------------


def test_a_reminder_is_judged_on_the_day_it_is_sent_not_the_day_it_is_read(
    monkeypatch, staff_a, overdue
):
    """Sent (with ``now``) on 30 November, when it was not yet overdue (due that day), it is
    refused though it is overdue by the clock of 2 December."""
    with pytest.raises(services.MoveNotNow, match="只有已逾期的诉求才能催办"):
        services.make_move(
            concern=overdue, move="remind", user=staff_a, data={}, now=at(11, 30, 18)
        )
    assert not ConcernEvent.objects.filter(move="remind").exists()


def test_the_days_bounds_are_beijing_midnights(monkeypatch, staff_a, overdue):
    """A reminder at 00:00:00 refuses another that day; one at the next midnight does not
    count for the day before."""
    services.make_move(concern=overdue, move="remind", user=staff_a, data={}, now=at(12, 2, 0, 0))
    overdue.refresh_from_db()
    with pytest.raises(services.MoveNotNow, match="每天催办一次即可"):
        services.make_move(concern=overdue, move="remind", user=staff_a, data={}, now=at(12, 2, 12))
    overdue.refresh_from_db()  # the refusal rolled its claim back
    services.make_move(concern=overdue, move="remind", user=staff_a, data={}, now=at(12, 3, 0, 0))
    overdue.refresh_from_db()
    # Recorded late for the 1st (the 3rd's midnight is no part of the 2nd, nor the 1st).
    services.make_move(concern=overdue, move="remind", user=staff_a, data={}, now=at(12, 1, 9))
    assert ConcernEvent.objects.filter(move="remind").count() == 3


def test_other_moves_that_day_do_not_count_as_a_reminder(staff_a, overdue, office_user):
    move(overdue, "acknowledge", office_user)
    overdue.refresh_from_db()
    move(overdue, "remind", staff_a)
    assert ConcernEvent.objects.filter(move="remind").count() == 1


def test_a_refusal_names_a_sender_whose_login_is_gone_with_a_dash(client, overdue, staff_a):
    gone = f.UserFactory(role="township", township=overdue.township, username="gone")
    move(overdue, "remind", gone)
    gone.delete()
    overdue.refresh_from_db()
    client.force_login(staff_a)
    refused = _remind(client, overdue)
    assert refused.status_code == 400 and "已由—催办过" in refused.text


def test_a_reminder_does_not_spoil_the_result_the_office_is_writing(
    client, monkeypatch, staff_a, cadre_user, station_a, office_a, office_user
):
    """Raised and assigned through the real moves (their events come before the page's
    version), due 30 November; the office's page is read before the reminder."""
    concern = raise_concern(cadre_user, station_a, now=at(11, 20))
    concern = move(
        concern, "assign", staff_a, now=at(11, 20), **assign_data(office_a, TODAY.replace(day=1))
    )
    client.force_login(office_user)
    page = client.get(concern.get_absolute_url())
    shown = concern.version
    assert f'name="done-version" value="{shown}"' in page.text
    move(concern, "remind", staff_a)  # while the office writes
    assert concern.version == shown + 1
    response = client.post(
        reverse("visits:concern_move", args=[concern.pk, "done"]),
        {"done-version": shown, "done-result": "已修复村道"},
    )
    assert response.status_code == 302
    concern.refresh_from_db()
    assert (concern.state, concern.result) == (Concern.State.DONE, "已修复村道")
    moves = list(concern.events.order_by("version").values_list("move", flat=True))
    assert moves == ["raise_to_township", "assign", "remind", "done"]


def test_a_move_going_on_from_a_reminder_keeps_its_moment(staff_a, overdue, office_user):
    stale = overdue.version
    move(overdue, "remind", staff_a)
    concern, made = services.make_move(
        concern=overdue,
        move="done",
        user=office_user,
        data={"result": "已修复"},
        expected_version=stale,
        now=at(12, 2, 11, 30),
    )
    assert made and concern.done_at == at(12, 2, 11, 30)
    assert concern.events.get(move="done").at == at(12, 2, 11, 30)


def test_a_reminder_and_a_move_in_between_still_conflict(client, staff_a, overdue, office_user):
    version = overdue.version
    move(overdue, "remind", staff_a)
    overdue.refresh_from_db()
    move(overdue, "acknowledge", office_user)
    client.force_login(office_user)
    response = client.post(
        reverse("visits:concern_move", args=[overdue.pk, "done"]),
        {"done-version": version, "done-result": "已修复村道"},
    )
    assert response.status_code == 409
    overdue.refresh_from_db()
    assert overdue.state == Concern.State.ASSIGNED


def test_a_second_clerk_on_a_stale_page_is_told_of_the_first_reminder(
    client, staff_a, overdue, township_a
):
    colleague = f.UserFactory(role="township", township=township_a, first_name="赵干事")
    version = overdue.version
    move(overdue, "remind", colleague)
    client.force_login(staff_a)
    refused = _remind(client, overdue, version=version)
    assert refused.status_code == 400 and "已由赵干事催办过" in refused.text
    assert ConcernEvent.objects.filter(move="remind").count() == 1
