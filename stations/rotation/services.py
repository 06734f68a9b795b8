"""Rotation (轮岗): a cadre moves from one station to another on a date, in one step.

What one rotation writes, all in one transaction (or nothing at all):

- the old assignment ends the day before the move date, and the new one
  starts on the move date, so each day belongs to exactly one station;
- the cadre's current pairings with households of the old station's village
  end the day before, and the named successor (a current member of the old
  station, not away) is paired with the same households from the move date
  (unless already paired with them); pairings elsewhere are left alone;
- the cadre's open follow-ups from visits at the old station (carried by
  them, or written by them when no carrier was recorded) are carried by the
  successor from now on;
- the cadre's unheld duty days at the old station from the move date on are
  left without a duty cadre: generating the roster fills exactly those gaps
  and changes nothing else, so hand swaps survive.

django-simple-history keeps the earlier versions of the assignment, the
pairings and the visits, with the user and a reason naming the rotation.
The move date may be in the past (a move recorded late) but not in the
future: an assignment with an end date no longer counts as current, so
recording it early would move the cadre at once.
"""

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from stations.models import Assignment, DutyDay, Pairing
from visits.models import Visit

REASON_LENGTH = 100  # simple_history's history_change_reason column


class RotationError(Exception):
    """A rotation refused; ``field`` names the form field the message belongs to."""

    def __init__(self, message, *, field=None):
        super().__init__(message)
        self.message, self.field = message, field


@dataclass
class Rotation:
    old: Assignment
    new: Assignment
    successor: object
    pairings: int
    follow_ups: int
    duties: int


def handover(assignment):
    """The mover's pairings and open follow-ups at the station they leave (querysets)."""
    cadre, station = assignment.cadre_id, assignment.station
    pairings = Pairing.objects.current().in_place(village=station.village_id).filter(cadre=cadre)
    follow_ups = (
        Visit.objects.open_follow_ups()
        .in_place(station=station)
        .filter(Q(follow_up_owner=cadre) | Q(follow_up_owner__isnull=True, author=cadre))
    )
    return pairings, follow_ups


def _check(assignment, *, to_station, role, on, successor, today, has_handover):
    cadre, station = assignment.cadre, assignment.station
    if to_station.pk == station.pk:
        raise RotationError(
            _("Choose a station other than the one the cadre leaves."), field="to_station"
        )
    if to_station.village.township_id != cadre.township_id:
        raise RotationError(
            _("%(station)s is in another township than the cadre.") % {"station": to_station},
            field="to_station",
        )
    if on > today:
        raise RotationError(
            _("The move date cannot be in the future: record the rotation on the day it happens."),
            field="on",
        )
    if on <= assignment.start_date:
        raise RotationError(
            _("The move date must come after the assignment began (%(start)s).")
            % {"start": assignment.start_date.isoformat()},
            field="on",
        )
    current = Assignment.objects.current().in_place(station=to_station)
    if current.filter(cadre=cadre).exists():
        raise RotationError(
            _("%(cadre)s already serves at %(station)s.") % {"cadre": cadre, "station": to_station},
            field="to_station",
        )
    if role == Assignment.Role.CHIEF:
        chief = current.filter(role=Assignment.Role.CHIEF).select_related("cadre").first()
        if chief is not None:
            raise RotationError(
                _(
                    "%(station)s already has a current chief, %(chief)s: choose another role, "
                    "or end that assignment first."
                )
                % {"station": to_station, "chief": chief.cadre},
                field="role",
            )
    _check_successor(assignment, successor=successor, has_handover=has_handover)


def _check_successor(assignment, *, successor, has_handover):
    cadre, station = assignment.cadre, assignment.station
    if successor is None:
        if has_handover:
            raise RotationError(
                _(
                    "Name a successor: %(cadre)s has paired households or open follow-ups "
                    "at %(station)s to hand over."
                )
                % {"cadre": cadre, "station": station},
                field="successor",
            )
        return
    if successor.pk == cadre.pk:
        raise RotationError(
            _("The successor must be someone other than the cadre who moves."), field="successor"
        )
    membership = (
        Assignment.objects.current().in_place(station=station).filter(cadre=successor).first()
    )
    if membership is None:
        raise RotationError(
            _("%(successor)s is not a current member of %(station)s.")
            % {"successor": successor, "station": station},
            field="successor",
        )
    if membership.away:
        raise RotationError(
            _("%(successor)s is away and cannot take over now.") % {"successor": successor},
            field="successor",
        )


@transaction.atomic
def rotate(*, assignment, to_station, role, on, successor=None, by=None, today=None):
    """Move ``assignment``'s cadre to ``to_station`` in ``role`` from ``on`` (see the module).

    Raises ``RotationError`` (nothing written) when the move cannot be made.
    """
    today = today or timezone.localdate()
    # Lock the assignment: a second click (or a second clerk) finds it ended.
    locked = (
        Assignment.objects.select_for_update()
        .filter(pk=assignment.pk, end_date__isnull=True)
        .first()
    )
    if locked is None:
        raise RotationError(_("This assignment has already ended."))
    pairings, follow_ups = handover(assignment)
    pairings, follow_ups = list(pairings), list(follow_ups)
    _check(
        assignment,
        to_station=to_station,
        role=role,
        on=on,
        successor=successor,
        today=today,
        has_handover=bool(pairings or follow_ups),
    )
    reason = _("Rotation from %(old)s to %(new)s") % {"old": assignment.station, "new": to_station}
    reason = reason[:REASON_LENGTH]
    the_day_before = on - datetime.timedelta(days=1)

    locked.end_date = the_day_before
    new = Assignment(cadre=assignment.cadre, station=to_station, role=role, start_date=on)
    for row in (locked, new):
        row._change_reason = reason
        if by is not None:
            row._history_user = by
    locked.save(update_fields=["end_date"])
    try:
        with transaction.atomic():
            new.save()
    except IntegrityError as error:
        # Another clerk named a chief of the new station at the same moment.
        raise RotationError(
            _("Someone else changed the station's members at the same moment: try again."),
            field="role",
        ) from error
    assignment.end_date = the_day_before

    history = {"default_user": by, "default_change_reason": reason}
    _hand_over_pairings(pairings, successor=successor, on=on, history=history)
    now = timezone.now()
    for visit in follow_ups:
        visit.follow_up_owner = successor
        visit.updated_at = now
    bulk_update_with_history(follow_ups, Visit, ["follow_up_owner", "updated_at"], **history)
    duties = (
        DutyDay.objects.in_place(station=assignment.station)
        .filter(cadre=assignment.cadre, held=False, date__gte=on)
        .update(cadre=None)
    )
    return Rotation(
        old=locked,
        new=new,
        successor=successor,
        pairings=len(pairings),
        follow_ups=len(follow_ups),
        duties=duties,
    )


def _hand_over_pairings(pairings, *, successor, on, history):
    if not pairings:
        return
    the_day_before = on - datetime.timedelta(days=1)
    already = set(
        Pairing.objects.current()
        .filter(cadre=successor, household__in=[p.household_id for p in pairings])
        .values_list("household_id", flat=True)
    )
    for pairing in pairings:
        pairing.end_date = max(the_day_before, pairing.start_date)
    bulk_update_with_history(pairings, Pairing, ["end_date"], **history)
    taken_over = [
        Pairing(
            cadre=successor, household_id=p.household_id, village_id=p.village_id, start_date=on
        )
        for p in pairings
        if p.household_id not in already
    ]
    bulk_create_with_history(taken_over, Pairing, **history)
