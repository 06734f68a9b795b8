"""Rotation (轮岗): a cadre moves from one station to another on a date, in one step.

The old assignment ends the day before, the new one starts on the date, the
cadre's paired households and open follow-ups at the old station go to a
named successor, their unheld duty days there from the date on are left open,
and the history keeps who did it and why. A refused move writes nothing. The
cards that list the cadre at the old station turn stale and are reissued.
"""

import datetime
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone, translation

from stations.cards import services as cards
from stations.models import Assignment, ContactCard, DutyDay, Pairing
from stations.rotation import services as rotation
from tests import factories as f
from visits.models import Visit

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 10)
ON = datetime.date(2026, 3, 2)
THE_DAY_BEFORE = datetime.date(2026, 3, 1)
START = datetime.date(2025, 1, 1)  # AssignmentFactory's start date
WEEK = datetime.timedelta(days=7)


@pytest.fixture(autouse=True)
def _site_language():
    """The clerk reads the site's language (Chinese), whatever an earlier test left active:
    a request with an English cookie leaves English active in the test's thread."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture
def mover(cadre_user):
    """The member of station A (高石村) who moves."""
    return cadre_user.cadre


@pytest.fixture
def old(mover, station_a):
    return Assignment.objects.get(cadre=mover, station=station_a)


@pytest.fixture
def successor(station_a):
    cadre = f.CadreFactory(township=station_a.village.township, name="接班人")
    f.AssignmentFactory(cadre=cadre, station=station_a)
    return cadre


def _move(old, to_station, *, on=ON, role=Assignment.Role.MEMBER, successor=None, by=None):
    return rotation.rotate(
        assignment=old,
        to_station=to_station,
        role=role,
        on=on,
        successor=successor,
        by=by,
        today=TODAY,
    )


def _everything():
    """What a rotation may write: compared before and after a refusal."""
    return (
        list(
            Assignment.objects.order_by("pk").values_list(
                "pk", "cadre", "station", "role", "start_date", "end_date", "away"
            )
        ),
        list(
            Pairing.objects.order_by("pk").values_list(
                "pk", "cadre", "household", "start_date", "end_date"
            )
        ),
        list(Visit.objects.order_by("pk").values_list("pk", "follow_up_owner", "updated_at")),
        list(DutyDay.objects.order_by("pk").values_list("pk", "cadre", "held")),
        Assignment.history.count(),
        Pairing.history.count(),
        Visit.history.count(),
    )


def _pair(cadre, station, n):
    households = [f.HouseholdFactory(village=station.village) for _ in range(n)]
    for household in households:
        f.PairingFactory(cadre=cadre, household=household)
    return households


def _follow_up(station, author, **fields):
    return f.VisitFactory(station=station, author=author, follow_up=True, **fields)


# The service ---------------------------------------------------------------------


def test_the_old_assignment_ends_the_day_before_and_the_new_one_starts_on_the_move_date(
    old, mover, station_a, station_a2, staff_a
):
    done = _move(old, station_a2, role=Assignment.Role.DEPUTY, by=staff_a)

    old.refresh_from_db()
    assert old.end_date == THE_DAY_BEFORE
    assert old.role == Assignment.Role.MEMBER
    new = Assignment.objects.current().get(cadre=mover)
    assert (new.station, new.role, new.start_date, new.end_date) == (
        station_a2,
        Assignment.Role.DEPUTY,
        ON,
        None,
    )
    assert (done.old, done.new) == (old, new)
    assert (done.successor, done.pairings, done.follow_ups, done.duties) == (None, 0, 0, 0)
    # Each day belongs to exactly one station.
    assert not Assignment.objects.filter(cadre=mover, station=station_a, end_date=None).exists()
    assert Assignment.objects.filter(cadre=mover).count() == 2


def test_the_move_may_be_recorded_late_or_on_the_day_itself(old, mover, station_a2):
    _move(old, station_a2, on=TODAY)
    new = Assignment.objects.current().get(cadre=mover)
    assert new.start_date == TODAY
    old.refresh_from_db()
    assert old.end_date == TODAY - datetime.timedelta(days=1)


def test_a_chief_leaves_the_old_station_without_a_chief_and_may_lead_the_new_one(
    chief_user, station_a, station_a2
):
    chief = chief_user.cadre
    old = Assignment.objects.get(cadre=chief)
    _move(old, station_a2, role=Assignment.Role.CHIEF)
    assert not Assignment.objects.current().filter(station=station_a, role="chief").exists()
    assert Assignment.objects.current().get(station=station_a2, role="chief").cadre == chief


def test_paired_households_of_the_old_village_go_to_the_successor_once(
    old, mover, successor, chief_user, station_a, station_a2
):
    h1, h2, shared = _pair(mover, station_a, 3)
    kept_start = datetime.date(2025, 6, 1)
    f.PairingFactory(cadre=successor, household=shared, start_date=kept_start)
    elsewhere = _pair(mover, station_a2, 1)[0]  # a household of another village
    others = f.PairingFactory(cadre=chief_user.cadre, household=h1)  # the chief's own pairing
    ended = f.PairingFactory(
        cadre=mover,
        household=f.HouseholdFactory(village=station_a.village),
        end_date=datetime.date(2025, 6, 30),
    )

    done = _move(old, station_a2, successor=successor)

    assert done.pairings == 3
    assert done.successor == successor
    mine = Pairing.objects.filter(cadre=mover, household__in=[h1, h2, shared])
    assert set(mine.values_list("end_date", flat=True)) == {THE_DAY_BEFORE}
    assert not Pairing.objects.current().filter(cadre=mover, household__village=station_a.village)
    taken_over = {
        p.household: p.start_date for p in Pairing.objects.current().filter(cadre=successor)
    }
    # Not duplicated: the household already paired with the successor keeps that pairing.
    assert taken_over == {h1: ON, h2: ON, shared: kept_start}
    assert Pairing.objects.filter(cadre=successor, household=shared).count() == 1
    # Pairings elsewhere, other cadres' pairings and ended ones are left alone.
    assert Pairing.objects.current().filter(cadre=mover).get().household == elsewhere
    others.refresh_from_db()
    assert (others.cadre, others.end_date) == (chief_user.cadre, None)
    ended.refresh_from_db()
    assert ended.end_date == datetime.date(2025, 6, 30)
    assert not Pairing.objects.filter(cadre=successor, household=ended.household).exists()


def test_open_follow_ups_at_the_old_station_are_carried_by_the_successor(
    old, mover, successor, chief_user, station_a, station_a2
):
    chief = chief_user.cadre
    written = _follow_up(station_a, mover)  # no carrier recorded: the author carries it
    carried = _follow_up(station_a, mover, follow_up_owner=mover)
    by_another = _follow_up(station_a, chief, follow_up_owner=mover)
    closed = _follow_up(
        station_a, mover, follow_up_owner=mover, follow_up_closed_on=datetime.date(2026, 2, 1)
    )
    no_follow_up = f.VisitFactory(station=station_a, author=mover, follow_up_owner=mover)
    handed_on = _follow_up(station_a, mover, follow_up_owner=chief)
    other_station = _follow_up(station_a2, mover, follow_up_owner=mover)
    before = {v.pk: v.updated_at for v in Visit.objects.all()}

    done = _move(old, station_a2, successor=successor)

    assert done.follow_ups == 3
    carried_now = set(Visit.objects.open_follow_ups().filter(follow_up_owner=successor))
    assert carried_now == {written, carried, by_another}
    for visit in carried_now:
        assert visit.updated_at > before[visit.pk]
    owners = dict(Visit.objects.values_list("pk", "follow_up_owner"))
    assert owners[closed.pk] == mover.pk
    assert owners[no_follow_up.pk] == mover.pk
    assert owners[handed_on.pk] == chief.pk
    assert owners[other_station.pk] == mover.pk
    # The visits themselves still say who wrote them.
    assert Visit.objects.get(pk=written.pk).author == mover


def test_unheld_duty_days_from_the_move_date_on_are_left_without_a_duty_cadre(
    old, mover, chief_user, station_a, station_a2
):
    def duty(date, **fields):
        return f.DutyDayFactory(station=station_a, date=date, **fields)

    before_the_move = duty(ON - WEEK, cadre=mover)
    on_the_day = duty(ON, cadre=mover)
    later = duty(ON + WEEK, cadre=mover)
    held = duty(ON + 2 * WEEK, cadre=mover, held=True)
    the_chiefs = duty(ON + 3 * WEEK, cadre=chief_user.cadre)
    third = f.StationFactory(village=f.VillageFactory(township=station_a.village.township))
    f.AssignmentFactory(cadre=mover, station=third)
    at_another_station = f.DutyDayFactory(station=third, date=ON + WEEK, cadre=mover)

    done = _move(old, station_a2)

    assert done.duties == 2
    cadres = dict(DutyDay.objects.values_list("pk", "cadre"))
    assert cadres[on_the_day.pk] is None
    assert cadres[later.pk] is None
    assert cadres[before_the_move.pk] == mover.pk
    assert cadres[held.pk] == mover.pk
    assert cadres[the_chiefs.pk] == chief_user.cadre.pk
    assert cadres[at_another_station.pk] == mover.pk
    assert DutyDay.objects.get(pk=held.pk).held


def test_history_keeps_the_earlier_versions_with_the_user_and_the_rotation_as_reason(
    old, mover, successor, station_a, station_a2, staff_a
):
    (household,) = _pair(mover, station_a, 1)
    visit = _follow_up(station_a, mover)
    pairing = Pairing.objects.get(cadre=mover)
    reason = f"从{station_a.name}轮岗到{station_a2.name}"

    done = _move(old, station_a2, successor=successor, by=staff_a)

    ended = old.history.order_by("history_date", "history_id")
    assert [h.end_date for h in ended] == [None, THE_DAY_BEFORE]
    latest = ended.last()
    assert (latest.history_user, latest.history_change_reason) == (staff_a, reason)
    started = done.new.history.get()
    assert (started.history_type, started.history_user) == ("+", staff_a)
    assert started.history_change_reason == reason

    pairing_rows = pairing.history.order_by("history_date", "history_id")
    assert [h.end_date for h in pairing_rows] == [None, THE_DAY_BEFORE]
    assert (pairing_rows.last().history_user, pairing_rows.last().history_change_reason) == (
        staff_a,
        reason,
    )
    taken = Pairing.objects.get(cadre=successor, household=household).history.get()
    assert (taken.history_type, taken.history_user, taken.history_change_reason) == (
        "+",
        staff_a,
        reason,
    )

    visit_rows = visit.history.order_by("history_date", "history_id")
    assert [h.follow_up_owner_id for h in visit_rows] == [None, successor.pk]
    assert (visit_rows.last().history_user, visit_rows.last().history_change_reason) == (
        staff_a,
        reason,
    )


def test_nobody_need_be_named_when_there_is_nothing_to_hand_over(old, mover, station_a, station_a2):
    # Paired elsewhere and a closed follow-up: nothing at the old station to hand over.
    _pair(mover, station_a2, 1)
    _follow_up(station_a, mover, follow_up_closed_on=datetime.date(2026, 2, 1))
    done = _move(old, station_a2)
    assert done.new.station == station_a2
    assert done.successor is None


def _case_same_station(s):
    return {"to_station": s.station_a}


def _case_another_township(s):
    return {"to_station": s.station_b}


def _case_future(s):
    return {"on": TODAY + datetime.timedelta(days=1)}


def _case_on_the_start(s):
    return {"on": START}


def _case_before_the_start(s):
    return {"on": START - datetime.timedelta(days=1)}


def _case_already_serves_there(s):
    f.AssignmentFactory(cadre=s.mover, station=s.station_a2, start_date=datetime.date(2025, 5, 1))
    return {}


def _case_second_chief(s):
    f.AssignmentFactory(
        cadre=f.CadreFactory(township=s.township, name="白站长"),
        station=s.station_a2,
        role=Assignment.Role.CHIEF,
    )
    return {"role": Assignment.Role.CHIEF}


def _case_no_successor(s):
    return {"successor": None}


def _case_successor_of_another_station(s):
    cadre = f.CadreFactory(township=s.township, name="外站人")
    f.AssignmentFactory(cadre=cadre, station=s.station_a2)
    return {"successor": cadre}


def _case_successor_who_left(s):
    cadre = f.CadreFactory(township=s.township, name="已离站")
    f.AssignmentFactory(cadre=cadre, station=s.station_a, end_date=datetime.date(2025, 12, 31))
    return {"successor": cadre}


def _case_successor_away(s):
    Assignment.objects.filter(cadre=s.successor).update(away=True)
    return {}


def _case_successor_is_the_mover(s):
    return {"successor": s.mover}


REFUSALS = [
    (_case_same_station, "to_station", "请选择与原工作站不同的工作站。"),
    (_case_another_township, "to_station", "金石村群众工作站与该干部不在同一乡镇。"),
    (_case_future, "on", "轮岗日期不能晚于今天：请在轮岗当天登记。"),
    (_case_on_the_start, "on", "轮岗日期必须晚于原任职开始日期（2025-01-01）。"),
    (_case_before_the_start, "on", "轮岗日期必须晚于原任职开始日期（2025-01-01）。"),
    (_case_already_serves_there, "to_station", "已在白水村群众工作站任职。"),
    (_case_second_chief, "role", "白水村群众工作站已有现任站长白站长"),
    (_case_no_successor, "successor", "请指定接替人："),
    (_case_successor_of_another_station, "successor", "外站人不是高石村群众工作站的现任成员。"),
    (_case_successor_who_left, "successor", "已离站不是高石村群众工作站的现任成员。"),
    (_case_successor_away, "successor", "接班人暂离岗位，目前无法接手。"),
    (_case_successor_is_the_mover, "successor", "接替人不能是轮岗的干部本人。"),
]


@pytest.mark.parametrize(
    ("case", "field", "says"), REFUSALS, ids=[c.__name__[6:] for c, *_ in REFUSALS]
)
def test_a_move_that_cannot_be_made_is_refused_and_writes_nothing(
    case, field, says, old, mover, successor, station_a, station_a2, station_b, staff_a
):
    # Something of everything to hand over, so a half-made move would show.
    _pair(mover, station_a, 2)
    _follow_up(station_a, mover)
    f.DutyDayFactory(station=station_a, date=ON + WEEK, cadre=mover)
    scene = SimpleNamespace(
        mover=mover,
        successor=successor,
        station_a=station_a,
        station_a2=station_a2,
        station_b=station_b,
        township=station_a.village.township,
    )
    kwargs = {"to_station": station_a2, "successor": successor, "by": staff_a}
    kwargs.update(case(scene))
    before = _everything()

    with pytest.raises(rotation.RotationError) as refused:
        _move(old, **kwargs)

    assert refused.value.field == field
    assert says in refused.value.message
    assert _everything() == before


def test_a_successor_is_needed_for_open_follow_ups_alone(old, mover, station_a, station_a2):
    _follow_up(station_a, mover)
    before = _everything()
    with pytest.raises(rotation.RotationError, match="请指定接替人") as refused:
        _move(old, station_a2)
    assert refused.value.field == "successor"
    assert _everything() == before


def test_a_second_rotation_of_the_same_assignment_is_refused(
    old, mover, successor, station_a, station_a2
):
    _pair(mover, station_a, 1)
    _move(old, station_a2, successor=successor)
    third = f.StationFactory(village=f.VillageFactory(township=station_a.village.township))
    before = _everything()

    # Whether the clerk's copy of the assignment is the one already moved or an older read.
    for stale_copy in (old, Assignment.objects.get(pk=old.pk)):
        with pytest.raises(rotation.RotationError, match="这项任职已经结束。") as refused:
            _move(stale_copy, third, successor=successor)
        assert refused.value.field is None
    assert _everything() == before
    assert not Assignment.objects.filter(station=third).exists()


def test_a_chief_named_at_the_same_moment_is_refused_and_the_old_assignment_stays(
    old, mover, successor, station_a, station_a2, monkeypatch
):
    # The checks passed, then another clerk named a chief of the new station:
    # the database refuses the second chief and the whole move is undone.
    _pair(mover, station_a, 1)
    monkeypatch.setattr(rotation, "_check", lambda *args, **kwargs: None)
    f.AssignmentFactory(station=station_a2, role=Assignment.Role.CHIEF)
    before = _everything()
    with pytest.raises(rotation.RotationError, match="有人同时修改了该站成员") as refused:
        _move(old, station_a2, role=Assignment.Role.CHIEF, successor=successor)
    assert refused.value.field == "role"
    assert _everything() == before


# Stale contact cards after a rotation ----------------------------------------------


def test_cards_listing_a_rotated_cadre_turn_stale_and_reissuing_clears_them(
    client, old, mover, successor, chief_user, station_a, station_a2, staff_a
):
    households = [f.HouseholdFactory(village=station_a.village) for _ in range(3)]
    issued = cards.issue_for_village(station=station_a, by=staff_a, today=TODAY)
    f.HouseholdFactory(village=station_a2.village)
    at_a2 = cards.issue_for_village(station=station_a2, by=staff_a, today=TODAY)
    assert mover.name in set(issued[0].lines.values_list("name", flat=True))
    assert not cards.stale_cards().exists()

    _move(old, station_a2, by=staff_a)

    # The old station's cards print someone who left; the new station's miss who joined
    # (a card is stale when anything it prints changes: issue 16).
    assert set(cards.stale_cards()) == set(issued) | set(at_a2)
    client.force_login(staff_a)
    township = station_a.village.township_id
    page = client.get(reverse("stations:card_stale", args=[township]))
    assert [(r["station"], r["stale"], r["departed"]) for r in page.context["rows"]] == [
        (station_a2, 1, []),
        (station_a, 3, [mover.name]),
    ]
    assert "补发全部4张待更新的连心卡" in page.text

    response = client.post(
        reverse("stations:card_reissue_stale", args=[township]),
        {"station": station_a.pk},
        follow=True,
    )
    assert "已补发3张过期连心卡" in response.text
    assert set(cards.stale_cards()) == set(at_a2)  # the other station's, reissued apart
    new = ContactCard.objects.valid().filter(station=station_a)
    assert {c.household for c in new} == set(households)
    names = set(new.first().lines.values_list("name", flat=True))
    assert mover.name not in names
    assert {chief_user.cadre.name, successor.name} <= names


# The pages -------------------------------------------------------------------------


def _station_url(station):
    return reverse("stations:rotation_station", args=[station.pk])


def _form_url(assignment):
    return reverse("stations:rotation_new", args=[assignment.pk])


def _form(to_station, successor=None, **changes):
    data = {
        "to_station": to_station.pk,
        "role": "member",
        "on": timezone.localdate().isoformat(),
        "successor": successor.pk if successor else "",
    }
    data.update(changes)
    return data


def _errors(response):
    return response.context["form"].errors


def test_staff_see_the_current_members_each_with_a_link_to_move_them(
    client, staff_a, old, mover, successor, chief_user, station_a
):
    Assignment.objects.filter(cadre=successor).update(away=True)
    gone = f.AssignmentFactory(
        cadre=f.CadreFactory(township=station_a.village.township, name="老站员"),
        station=station_a,
        end_date=datetime.date(2025, 12, 31),
    )
    client.force_login(staff_a)
    response = client.get(_station_url(station_a))
    assert response.status_code == 200
    members = list(response.context["members"])
    assert members[0].cadre == chief_user.cadre  # chief first
    assert {a.cadre for a in members} == {chief_user.cadre, mover, successor}
    for a in members:
        assert _form_url(a) in response.text
    assert _form_url(gone) not in response.text
    assert "老站员" not in response.text
    assert "暂离" in response.text
    assert "轮岗到其他工作站" in response.text


def test_the_station_page_links_to_rotation_for_township_staff_only(
    client, staff_a, supervisor, station_a
):
    link = _station_url(station_a)
    client.force_login(staff_a)
    assert link in client.get(station_a.get_absolute_url()).text
    client.force_login(supervisor)
    page = client.get(station_a.get_absolute_url())
    assert page.status_code == 200
    assert link not in page.text


def test_the_form_shows_what_will_be_handed_over(
    client, staff_a, old, mover, successor, station_a, station_a2
):
    _pair(mover, station_a, 2)
    _pair(mover, station_a2, 1)  # elsewhere: stays with the cadre
    _follow_up(station_a, mover)
    client.force_login(staff_a)
    response = client.get(_form_url(old))
    assert response.status_code == 200
    assert (response.context["pairings"], response.context["follow_ups"]) == (2, 1)
    assert "需移交的结对联系户" in response.text
    assert "需移交的跟进事项" in response.text
    assert f"自 2025-01-01 起任{station_a.name}站员。" in response.text
    assert response.context["form"]["on"].value() == timezone.localdate()


def test_the_choices_offer_only_stations_and_successors_the_move_accepts(
    client, staff_a, old, mover, successor, chief_user, station_a, station_a2, station_b
):
    township = station_a.village.township
    serving_too = f.StationFactory(village=f.VillageFactory(township=township, name="兼任村"))
    f.AssignmentFactory(cadre=mover, station=serving_too)
    left_before = f.StationFactory(village=f.VillageFactory(township=township, name="旧任村"))
    f.AssignmentFactory(
        cadre=mover,
        station=left_before,
        start_date=datetime.date(2024, 1, 1),
        end_date=datetime.date(2024, 12, 31),
    )
    away = f.CadreFactory(township=township, name="暂离人")
    f.AssignmentFactory(cadre=away, station=station_a, away=True)
    f.AssignmentFactory(
        cadre=f.CadreFactory(township=township, name="已离人"),
        station=station_a,
        end_date=datetime.date(2025, 12, 31),
    )
    f.AssignmentFactory(cadre=f.CadreFactory(township=township, name="外站人"), station=station_a2)

    client.force_login(staff_a)
    form = client.get(_form_url(old)).context["form"]

    stations = set(form.fields["to_station"].queryset)
    assert stations == {station_a2, left_before}
    successors = set(form.fields["successor"].queryset)
    assert successors == {chief_user.cadre, successor}


def test_a_post_moves_the_cadre_and_tells_what_was_handed_over(
    client, staff_a, old, mover, successor, station_a, station_a2
):
    today = timezone.localdate()
    _pair(mover, station_a, 2)
    _follow_up(station_a, mover)
    f.DutyDayFactory(station=station_a, date=today + WEEK, cadre=mover)
    client.force_login(staff_a)

    response = client.post(_form_url(old), _form(station_a2, successor, role="deputy"))

    assert response.status_code == 302
    assert response.url == reverse("cadres:cadre_detail", args=[mover.pk])
    new = Assignment.objects.current().get(cadre=mover)
    assert (new.station, new.role, new.start_date) == (station_a2, "deputy", today)
    old.refresh_from_db()
    assert old.end_date == today - datetime.timedelta(days=1)
    assert Pairing.objects.current().filter(cadre=successor).count() == 2
    assert Visit.objects.open_follow_ups().get().follow_up_owner == successor
    assert DutyDay.objects.get().cadre is None
    assert old.history.first().history_user == staff_a
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert message == (
        f"{mover.name}于{today.isoformat()}从{station_a.name}轮岗到{station_a2.name}。"
        f" 2 户结对联系户和 1 件跟进事项已移交给{successor.name}。"
        f" {station_a.name}有 1 个工作日现无人值班：请生成排班表补齐。"
    )
    page = client.get(response.url)
    assert page.status_code == 200
    assert message in page.text


def test_a_post_with_nothing_to_hand_over_needs_no_successor(
    client, staff_a, old, mover, station_a, station_a2
):
    client.force_login(staff_a)
    response = client.post(_form_url(old), _form(station_a2), follow=True)
    assert response.redirect_chain[-1][0] == reverse("cadres:cadre_detail", args=[mover.pk])
    assert Assignment.objects.current().get(cadre=mover).station == station_a2
    assert "已移交" not in response.text
    assert "轮岗到" in response.text


@pytest.mark.parametrize(
    ("changes", "field", "says"),
    [
        ({"on": "2999-01-01"}, "on", "轮岗日期不能晚于今天：请在轮岗当天登记。"),
        ({"on": "2025-01-01"}, "on", "轮岗日期必须晚于原任职开始日期（2025-01-01）。"),
        ({"on": "明天"}, "on", "请按 2026-03-01 的格式填写轮岗日期。"),
        ({"on": ""}, "on", "请填写轮岗日期，例如 2026-03-01。"),
        ({"successor": ""}, "successor", "请指定接替人："),
        ({"to_station": ""}, "to_station", "请选择干部调往的工作站。"),
        ({"role": "chief"}, "role", "已有现任站长"),
        ({"role": "boss"}, "role", None),
    ],
    ids=[
        "future",
        "on-the-start",
        "not-a-date",
        "no-date",
        "no-successor",
        "no-station",
        "second-chief",
        "unknown-role",
    ],
)
def test_a_refused_post_shows_the_message_on_its_field_and_writes_nothing(
    client, staff_a, old, mover, successor, station_a, station_a2, changes, field, says
):
    _pair(mover, station_a, 1)
    f.AssignmentFactory(station=station_a2, role=Assignment.Role.CHIEF)
    client.force_login(staff_a)
    before = _everything()

    response = client.post(_form_url(old), {**_form(station_a2, successor), **changes})

    assert response.status_code == 200
    errors = _errors(response)
    assert list(errors) == [field]
    if says is not None:
        assert says in errors[field][0]
        assert says in response.text
    assert "尚未保存。请检查下面标出的项目。" in response.text
    assert _everything() == before


def test_a_station_or_successor_not_offered_is_refused_on_its_field(
    client, staff_a, old, mover, successor, station_a, station_a2, station_b
):
    _pair(mover, station_a, 1)
    outsider = f.CadreFactory(township=station_a.village.township, name="外站人")
    f.AssignmentFactory(cadre=outsider, station=station_a2)
    client.force_login(staff_a)
    before = _everything()

    elsewhere = client.post(_form_url(old), _form(station_b, successor))
    assert _errors(elsewhere) == {"to_station": ["请选择该干部所在乡镇的其他工作站。"]}
    same = client.post(_form_url(old), _form(station_a, successor))
    assert _errors(same) == {"to_station": ["请选择该干部所在乡镇的其他工作站。"]}
    for who in (outsider, mover):
        response = client.post(_form_url(old), _form(station_a2, who))
        assert _errors(response) == {
            "successor": [f"请从{station_a.name}未暂离的成员中选择接替人。"]
        }
    assert _everything() == before


def test_a_second_post_for_a_moved_assignment_is_not_found(client, staff_a, old, mover, station_a2):
    client.force_login(staff_a)
    assert client.post(_form_url(old), _form(station_a2)).status_code == 302
    before = _everything()
    assert client.post(_form_url(old), _form(station_a2)).status_code == 404
    assert client.get(_form_url(old)).status_code == 404
    assert _everything() == before


@pytest.mark.parametrize("who", ["supervisor", "cadre_user", "chief_user"])
def test_only_township_staff_may_move_cadres(request, client, who, old, station_a, station_a2):
    client.force_login(request.getfixturevalue(who))
    before = _everything()
    assert client.get(_station_url(station_a)).status_code == 403
    assert client.get(_form_url(old)).status_code == 403
    assert client.post(_form_url(old), _form(station_a2)).status_code == 403
    assert _everything() == before


def test_anonymous_visitors_are_sent_to_log_in(client, old, station_a, station_a2):
    for url in (_station_url(station_a), _form_url(old)):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    response = client.post(_form_url(old), _form(station_a2))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert Assignment.objects.get(pk=old.pk).end_date is None


def test_another_townships_staff_find_neither_station_nor_assignment(
    client, staff_b, old, station_a, station_b
):
    client.force_login(staff_b)
    before = _everything()
    assert client.get(_station_url(station_a)).status_code == 404
    assert client.get(_form_url(old)).status_code == 404
    assert client.post(_form_url(old), _form(station_b)).status_code == 404
    assert _everything() == before


@pytest.mark.parametrize("n", [1, 30])
def test_the_rotation_pages_run_a_fixed_number_of_queries(
    client, staff_a, old, mover, station_a, n, django_assert_max_num_queries
):
    township = station_a.village.township
    for _ in range(n):
        f.AssignmentFactory(cadre=f.CadreFactory(township=township), station=station_a)
        f.StationFactory(village=f.VillageFactory(township=township))
    _pair(mover, station_a, n)
    for _ in range(n):
        _follow_up(station_a, mover)
    client.force_login(staff_a)

    with django_assert_max_num_queries(5):
        response = client.get(_station_url(station_a))
    assert len(response.context["members"]) == n + 1
    with django_assert_max_num_queries(8):
        response = client.get(_form_url(old))
    assert (response.context["pairings"], response.context["follow_ups"]) == (n, n)
    assert len(response.context["form"].fields["successor"].choices) == n + 1  # with the blank
