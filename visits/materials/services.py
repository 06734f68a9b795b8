"""The moves of a station's month (``visits.materials.flow``): submit, withdraw, review,
send back, approve, reopen; each with its history row, in one transaction.

The month's row is locked (``select_for_update``) and read afresh before the move, so
of two clicks (or two people) only the first moves it: the second is told who was first
(``AlreadyMoved``). Each move checks the actor's role and place: a login outside the
station's place gets ``OutOfPlace`` (the pages answer 404), a login of the wrong role or
a member who is not the chief gets ``MoveRefused`` (403).
"""

import calendar
import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cadres.models import User
from stations.models import (
    Assignment,
    MaterialsStandard,
    StationMonth,
    StationMonthEvent,
    WorkStation,
)
from visits.materials import flow

S = flow.S
REASON_MAX = 500


class MoveRefused(Exception):
    """The move is not this user's to make, or not now; the message is for the user."""

    def __init__(self, message, *, field=None):
        super().__init__(message)
        self.message = message
        self.field = field  # the form field the message belongs to, if any


class NotYours(MoveRefused):
    """The user's role, or their part at the station, does not make this move (a 403)."""


class OutOfPlace(MoveRefused):
    """The station is not in the user's part of the county (a 404 on the pages)."""


class AlreadyMoved(Exception):
    """The month is no longer where the page showed it: someone moved it first."""

    def __init__(self, station_month, event):
        super().__init__(station_month.pk)
        self.station_month = station_month
        self.event = event


def is_chief(user, station) -> bool:
    """Whether ``user`` is a current chief (站长) of ``station``."""
    cadre = getattr(user, "cadre", None) if user.role == User.Role.CADRE else None
    if cadre is None:
        return False
    return (
        Assignment.objects.current()
        .in_place(station=station)
        .filter(cadre=cadre, role=Assignment.Role.CHIEF)
        .exists()
    )


def plays(user, actor) -> bool:
    """Whether ``user``'s role is ``actor``'s (for a chief: a cadre; which station's chief
    is ``may_make``'s question)."""
    if actor == flow.CHIEF:
        return user.role == User.Role.CADRE
    if user.is_superuser:
        return True
    return user.role == (User.Role.TOWNSHIP if actor == flow.TOWNSHIP else User.Role.COUNTY)


def may_make(user, move, station) -> bool:
    """Whether ``user`` plays ``move``'s part for ``station`` (its place is checked apart)."""
    if move.actor == flow.CHIEF:
        return is_chief(user, station)
    return plays(user, move.actor)


def month_over(year, month, today) -> bool:
    return today > datetime.date(year, month, calendar.monthrange(year, month)[1])


ACTOR_ONLY = {
    flow.CHIEF: gettext_lazy("Only the station's chief can do this."),
    flow.TOWNSHIP: gettext_lazy("Only the township's staff can do this."),
    flow.COUNTY: gettext_lazy("Only the county's supervisor can do this."),
}


def _refuse_stranger(user, name, station):
    """OutOfPlace for a station outside the user's place; NotYours when no move called
    ``name`` is a move of the user's role, whatever the month's state."""
    if not WorkStation.objects.visible_to(user).filter(pk=station.pk).exists():
        raise OutOfPlace(_("This station is not in your part of the county."))
    actors = [m.actor for m in flow.FLOW if m.name == name]
    if not any(plays(user, actor) for actor in actors):
        raise NotYours(str(ACTOR_ONLY[actors[0]]))


def _check(user, move, station, *, year, month, note, today):
    if not may_make(user, move, station):
        # Another station's chief, or the same name from another state is another's move
        # (a send-back by the county).
        raise NotYours(str(ACTOR_ONLY[move.actor]))
    if move.name == "submit" and not month_over(year, month, today):
        raise MoveRefused(_("A month can be submitted once it is over."))
    if move.reason_required and not note.strip():
        raise MoveRefused(_("Give the reason: the station reads it."), field="note")
    if len(note) > REASON_MAX:
        too_long = _("The reason is too long (at most %(n)s characters).") % {"n": REASON_MAX}
        raise MoveRefused(too_long, field="note")


@transaction.atomic
def make_move(
    *, user, station, year: int, month: int, name: str, note: str = "", now=None
) -> StationMonth:
    """Make the move ``name`` on ``station``'s month; returns the row as moved.

    Raises ``OutOfPlace``/``MoveRefused`` (nothing written) or ``AlreadyMoved`` when
    the month is no longer in a state the move starts from.
    """
    now = now or timezone.now()
    if name not in flow.NAMES or not 1 <= month <= 12:
        raise MoveRefused(_("There is no such step."))
    _refuse_stranger(user, name, station)
    # Waits for the writes under way at the station (``stations.materials.locks``): a
    # month is submitted with all of them, or they are refused.
    list(WorkStation.objects.select_for_update().filter(pk=station.pk).values_list("pk"))
    row, _created = StationMonth.objects.get_or_create(station=station, year=year, month=month)
    row = StationMonth.objects.select_for_update().get(pk=row.pk)
    move = flow.move_from(name, row.state)
    if move is None:
        # The page offered a move from the state it showed: someone was first.
        raise AlreadyMoved(row, row.events.select_related("by").order_by("-at", "-pk").first())
    _check(user, move, station, year=year, month=month, note=note, today=timezone.localdate(now))
    _apply(row, move, user=user, now=now)
    row.save()
    StationMonthEvent.objects.create(
        station_month=row,
        move=move.name,
        from_state=move.source,
        to_state=move.target,
        by=user,
        at=now,
        note=note.strip(),
    )
    return row


def _apply(row, move, *, user, now):
    row.state = move.target
    if move.target == S.SUBMITTED:
        row.submitted_at, row.submitted_by = now, user
        row.first_submitted_at = row.first_submitted_at or now
    elif move.target == S.REVIEWED:
        row.reviewed_at, row.reviewed_by = now, user
    elif move.target == S.APPROVED:
        row.approved_at, row.approved_by = now, user
    else:  # back to open: the steps taken are in the history rows
        row.submitted_at = row.submitted_by = None
        row.reviewed_at = row.reviewed_by = None
        row.approved_at = row.approved_by = None


@transaction.atomic
def save_standard(*, county, due_day: int, late_log_days: int):
    """Save the county's standard for monthly materials (due day, days before a log is late)."""
    standard = MaterialsStandard.objects.select_for_update().in_place(county=county).first()
    standard = standard or MaterialsStandard(county=county)
    standard.due_day, standard.late_log_days = due_day, late_log_days
    standard.full_clean()
    standard.save()
    return standard
