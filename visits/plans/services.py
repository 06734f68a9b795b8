"""Writes of the annual plans: start a year's plan (empty or copied from last year's), save
its targets, and move it: submitted by the chief or the township, approved or sent back by
the township. Each write runs in one transaction on the plan's row, locked.

Who writes: the station's current chief (站长) and the township's staff, while the plan is
a draft; the township approves. Members, the county and the city read only (a 403 on the
pages); a station outside the user's place is ``OutOfPlace`` (a 404).
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cadres.models import User
from stations.models import AnnualPlan, PlanItem, PlanState, WorkStation
from visits.materials.services import is_chief

S = PlanState
REASON_MAX = 500


class PlanRefused(Exception):
    """Nothing was written; the message is for the user."""

    def __init__(self, message, *, field=None):
        super().__init__(message)
        self.message = str(message)
        self.field = field


class NotYours(PlanRefused):
    """The user's role or part at the station does not make this write (a 403)."""


class OutOfPlace(PlanRefused):
    """The station is not in the user's part of the county (a 404)."""


def is_township(user) -> bool:
    return user.is_superuser or user.role == User.Role.TOWNSHIP


def may_write(user, station) -> bool:
    """The station's chief or the township's staff (the place is checked apart)."""
    return is_township(user) or is_chief(user, station)


def _check_place(user, station):
    if not WorkStation.objects.visible_to(user).filter(pk=station.pk).exists():
        raise OutOfPlace(_("This station is not in your part of the county."))


def _check_writer(user, station):
    _check_place(user, station)
    if not may_write(user, station):
        raise NotYours(_("Only the station's chief or the township's staff can write its plan."))


def _check_draft(plan):
    if plan.state != S.DRAFT:
        raise PlanRefused(
            _(
                "The plan for %(year)s is %(state)s and can no longer be changed. To change "
                "it, ask the township to send it back."
            )
            % {"year": plan.year, "state": plan.get_state_display()}
        )


@transaction.atomic
def start_plan(*, user, station, year: int, copy: bool = False) -> AnnualPlan:
    """A new draft plan of ``station`` for ``year``; with ``copy``, last year's targets."""
    _check_writer(user, station)
    if AnnualPlan.objects.in_place(station=station).of_year(year).exists():
        raise PlanRefused(
            _("The station already has a plan for %(year)s.") % {"year": year}, field="year"
        )
    source = None
    if copy:
        source = AnnualPlan.objects.in_place(station=station).of_year(year - 1).first()
        if source is None:
            raise PlanRefused(
                _("The station has no plan for %(year)s to copy.") % {"year": year - 1},
                field="year",
            )
    try:
        with transaction.atomic():
            plan = AnnualPlan.objects.create(
                station=station,
                year=year,
                written_by=user,
                notes=source.notes if source else "",
            )
    except IntegrityError:  # another click made it first
        raise PlanRefused(
            _("The station already has a plan for %(year)s.") % {"year": year}, field="year"
        ) from None
    if source is not None:
        PlanItem.objects.bulk_create(
            PlanItem(plan=plan, measure=i.measure, target=i.target, note=i.note, unit=i.unit)
            for i in source.items.all()
        )
    return plan


@dataclass(frozen=True)
class Target:
    measure: str
    target: object  # a Decimal or an int, checked by the form
    note: str = ""
    unit: str = ""  # a deed measure's target in a unit (米); "" for a count


@transaction.atomic
def save_targets(*, user, plan: AnnualPlan, targets: list[Target], notes: str) -> AnnualPlan:
    """Replace the plan's items by ``targets`` (a measure left out is no longer planned)."""
    plan = AnnualPlan.objects.select_for_update().select_related("station").get(pk=plan.pk)
    _check_writer(user, plan.station)
    _check_draft(plan)
    plan.items.all().delete()
    PlanItem.objects.bulk_create(
        PlanItem(plan=plan, measure=t.measure, target=t.target, note=t.note, unit=t.unit)
        for t in targets
    )
    plan.notes = notes
    plan.written_by = user
    plan.save()
    return plan


MOVES = {
    # name: (from states, to state, label)
    "submit": ((S.DRAFT,), S.SUBMITTED, gettext_lazy("Submit to the township")),
    "approve": ((S.SUBMITTED,), S.APPROVED, gettext_lazy("Approve the plan")),
    "send_back": ((S.SUBMITTED, S.APPROVED), S.DRAFT, gettext_lazy("Send back to the station")),
}


def moves_for(user, plan) -> list[tuple[str, str]]:
    """(name, label) of the moves ``user`` may make on ``plan`` now."""
    found = []
    for name, (sources, _target, label) in MOVES.items():
        if plan.state not in sources:
            continue
        if name == "submit" and not may_write(user, plan.station):
            continue
        if name != "submit" and not is_township(user):
            continue
        found.append((name, label))
    return found


@transaction.atomic
def move_plan(*, user, plan: AnnualPlan, name: str, note: str = "", now=None) -> AnnualPlan:
    """Make the move ``name``; PlanRefused (and its kinds) when it is not the user's or not now."""
    now = now or timezone.now()
    if name not in MOVES:
        raise PlanRefused(_("There is no such step."))
    plan = AnnualPlan.objects.select_for_update().select_related("station").get(pk=plan.pk)
    _check_place(user, plan.station)
    if name == "submit":
        _check_writer(user, plan.station)
    elif not is_township(user):
        raise NotYours(_("Only the township's staff can do this."))
    sources, target, _label = MOVES[name]
    if plan.state not in sources:
        raise PlanRefused(
            _("The plan is %(state)s; nothing was changed.") % {"state": plan.get_state_display()}
        )
    if name == "submit" and not plan.items.exists():
        raise PlanRefused(_("Give at least one target before submitting the plan."))
    note = note.strip()
    if name == "send_back" and not note:
        raise PlanRefused(_("Give the reason: the station reads it."), field="note")
    if len(note) > REASON_MAX:
        raise PlanRefused(
            _("The reason is too long (at most %(n)s characters).") % {"n": REASON_MAX},
            field="note",
        )
    plan.state = target
    if target == S.SUBMITTED:
        plan.submitted_at, plan.submitted_by, plan.returned_note = now, user, ""
    elif target == S.APPROVED:
        plan.approved_at, plan.approved_by = now, user
    else:
        plan.returned_note = note
        plan.submitted_at = plan.submitted_by = plan.approved_at = plan.approved_by = None
    plan.save()
    return plan
