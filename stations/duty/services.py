"""Duty days (群众工作日): rosters, swaps, held or not, and what a logged reception does.

How a roster is made
--------------------
``generate_roster`` plans a month for one station or many at once: a
``DutyDay`` on each date of the station's rule that is no public holiday (and
on the make-up workdays the station chose to keep, see
``WorkStation.is_duty_day``), the duty cadre taken from the
station's current chiefs, deputies and members who are not away and whose
assignment has started by that date. The next one on duty is always the one
who has gone longest without a duty at the station (someone never on duty
there comes first, in the order they joined), so the turn carries on across
month ends as a round robin would, and a member back from leave simply takes
the next turn.

What a (re)generation may change
--------------------------------
A roster is a plan, so only days from today on are planned; past days are
the record and are never touched. By default generation only fills gaps: a
rule date without a duty day gets one, and an unheld duty day without a
cadre (after a rotation, say) gets one. A day that exists with a cadre is
kept as it is, so a swap made by hand survives any number of generations.
``regenerate_unheld=True`` (offered explicitly on the pages, after the rule
or the members changed) re-deals the cadres of every unheld day from today on
and removes unheld days that the rule no longer names, unless they carry a
note or a reception. Held days never change.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from stations.materials.locks import refuse_if_locked
from stations.models import Assignment, DutyDay, WorkStation
from villages.workdays import Workdays

# Who takes turns on duty: the station's own staff. First secretaries,
# resident team members and liaisons have other work and are left out.
DUTY_ROLES = (Assignment.Role.CHIEF, Assignment.Role.DEPUTY, Assignment.Role.MEMBER)


class DutyError(Exception):
    """A change the roster refuses; the message is for the user."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass
class RosterResult:
    created: int = 0
    filled: int = 0
    reassigned: int = 0
    removed: int = 0
    # Stations that had days to plan but nobody to put on duty.
    unstaffed: list = field(default_factory=list)

    @property
    def changed(self):
        return self.created + self.filled + self.reassigned + self.removed


def month_bounds(year, month):
    first = datetime.date(year, month, 1)
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    return first, following - datetime.timedelta(days=1)


def rule_dates(station, year, month, workdays=None):
    """The station's duty dates in the month, holidays skipped; none when its saved rule
    cannot be read. Pass ``workdays`` (the month's calendar) when reading many stations."""
    try:
        return station.duty_dates(year, month, workdays)
    except ValidationError:
        return []


def _next_on_duty(pool, last_served, day):
    """The id of the pool member longest without a duty (never on duty first), or None."""
    eligible = [a.cadre_id for a in pool if a.start_date <= day]
    if not eligible:
        return None
    order = {cadre_id: i for i, cadre_id in enumerate(eligible)}
    return min(eligible, key=lambda c: (last_served.get(c, datetime.date.min), order[c]))


@transaction.atomic
def generate_roster(*, stations, year, month, regenerate_unheld=False, today=None):
    """Plan the month's duty days of ``stations`` (see the module's docstring for the rules).

    Costs the same handful of queries for one station or a whole township.
    """
    today = today or timezone.localdate()
    first, last = month_bounds(year, month)
    ids = [s.pk for s in stations]
    # Lock the stations: two clerks generating at once take turns instead of
    # both creating the same days.
    stations = list(WorkStation.objects.select_for_update().filter(pk__in=ids).order_by("pk"))

    pools = defaultdict(list)
    members = (
        Assignment.objects.current()
        .in_place(station=ids)
        .filter(away=False, role__in=DUTY_ROLES)
        .order_by("station_id", "start_date", "pk")
    )
    for assignment in members:
        pools[assignment.station_id].append(assignment)

    last_served = defaultdict(dict)
    before = (
        DutyDay.objects.in_place(station=ids)
        .filter(date__lt=first, cadre__isnull=False)
        .values_list("station_id", "cadre_id")
        .annotate(last=Max("date"))
        .order_by()
    )
    for station_id, cadre_id, day in before:
        last_served[station_id][cadre_id] = day

    existing = defaultdict(dict)
    month_days = (
        DutyDay.objects.in_place(station=ids)
        .filter(date__range=(first, last))
        .annotate(reception_count=Count("receptions", filter=Q(receptions__hidden_at__isnull=True)))
    )
    for duty in month_days:
        existing[duty.station_id][duty.date] = duty

    workdays = Workdays.of_month(year, month)
    plan = _Plan(today=today, regenerate_unheld=regenerate_unheld)
    for station in stations:
        plan.station(
            station,
            planned=set(rule_dates(station, year, month, workdays)),
            days=existing[station.pk],
            pool=pools[station.pk],
            served=last_served[station.pk],
        )

    DutyDay.objects.bulk_create(plan.new)
    DutyDay.objects.bulk_update(plan.changed, ["cadre"])
    DutyDay.objects.filter(pk__in=plan.removed).delete()
    return RosterResult(
        created=len(plan.new),
        filled=plan.filled,
        reassigned=len(plan.changed) - plan.filled,
        removed=len(plan.removed),
        unstaffed=plan.unstaffed,
    )


class _Plan:
    """What generation does to each station's days, collected for a few bulk writes."""

    def __init__(self, *, today, regenerate_unheld):
        self.today, self.regenerate = today, regenerate_unheld
        self.new, self.changed, self.removed, self.unstaffed = [], [], [], []
        self.filled = 0

    def station(self, station, *, planned, days, pool, served):
        short_handed = False
        for day in sorted(planned | set(days)):
            duty = days.get(day)
            if day >= self.today and (duty is None or not duty.held):
                duty = self.day(station, day, duty, planned=planned, pool=pool, served=served)
                short_handed |= duty is not None and duty.cadre_id is None
            if duty is not None and duty.cadre_id is not None:
                served[duty.cadre_id] = day
        if short_handed:
            self.unstaffed.append(station)

    def day(self, station, day, duty, *, planned, pool, served):
        """Plan one unheld day from today on; returns the day as it will be, or None if removed."""
        if duty is None:
            duty = DutyDay(station=station, date=day, cadre_id=_next_on_duty(pool, served, day))
            self.new.append(duty)
            return duty
        if self.regenerate and day not in planned and not duty.note and not duty.reception_count:
            self.removed.append(duty.pk)
            return None
        if duty.cadre_id is None or self.regenerate:
            cadre_id = _next_on_duty(pool, served, day)
            if cadre_id is not None and cadre_id != duty.cadre_id:
                self.filled += duty.cadre_id is None
                duty.cadre_id = cadre_id
                self.changed.append(duty)
        return duty


@transaction.atomic
def swap_duties(*, first, second, today=None):
    """Exchange the duty cadres of two unheld duty days of one station, from today on."""
    today = today or timezone.localdate()
    if first.pk == second.pk:
        raise DutyError(_("Choose two different duty days to swap."))
    if first.station_id != second.station_id:
        raise DutyError(_("Only duty days of the same station can be swapped."))
    rows = DutyDay.objects.select_for_update().filter(pk__in=[first.pk, second.pk])
    locked = {d.pk: d for d in rows}
    if len(locked) != 2:
        raise DutyError(_("One of the duty days was removed meanwhile: reload and try again."))
    one, other = locked[first.pk], locked[second.pk]
    if one.held or other.held:
        raise DutyError(_("A duty day that was held cannot be swapped."))
    if min(one.date, other.date) < today:
        raise DutyError(_("Only duty days from today on can be swapped."))
    for day in (one, other):
        refuse_if_locked(station=day.station_id, day=day.date)
    if one.cadre_id == other.cadre_id:
        raise DutyError(_("Both duty days have the same cadre: there is nothing to swap."))
    one.cadre_id, other.cadre_id = other.cadre_id, one.cadre_id
    DutyDay.objects.bulk_update([one, other], ["cadre"])
    first.cadre_id, second.cadre_id = one.cadre_id, other.cadre_id
    return one, other


@transaction.atomic
def mark_held(*, duty_day, held=True, note=None, today=None):
    """Record whether the duty day was held (``note`` says why not, or anything else).

    A day still to come cannot be held yet, and a day with receptions logged
    on it was held: both are refused with a ``DutyError``.
    """
    today = today or timezone.localdate()
    duty = DutyDay.objects.select_for_update().get(pk=duty_day.pk)
    refuse_if_locked(station=duty.station_id, day=duty.date)
    if held and duty.date > today:
        raise DutyError(_("A duty day that has not come yet cannot be marked held."))
    if not held and duty.receptions.exists():
        raise DutyError(_("Receptions were logged on this duty day, so it was held."))
    duty.held = held
    if note is not None:
        duty.note = note
    duty.save(update_fields=["held", "note"])
    duty_day.held, duty_day.note = duty.held, duty.note
    return duty_day


@transaction.atomic
def record_reception(*, station, day, cadre=None):
    """Mark the station's duty on ``day`` as held, because a reception was logged then.

    Called by the reception logger; returns the ``DutyDay`` to link the
    reception to, or ``None``. The duty day is created when the station's
    rule says ``day`` is a duty day but no roster was generated for it; it
    takes ``cadre`` (the cadre who logged the reception) as duty cadre when
    the day had none. On a day that is neither rostered nor a duty day under
    the rule (a weekday-rule station on another weekday, say), nothing
    changes and ``None`` is returned: the reception is kept, but no duty was
    held.
    """
    duty = DutyDay.objects.select_for_update().in_place(station=station).filter(date=day).first()
    if duty is None:
        try:
            if not station.is_duty_day(day):
                return None
        except ValidationError:  # a rule saved before validation: no duty day under it
            return None
        duty, _created = DutyDay.objects.get_or_create(station=station, date=day)
    fields = []
    if not duty.held:
        duty.held = True
        fields.append("held")
    if duty.cadre_id is None and cadre is not None:
        duty.cadre = cadre
        fields.append("cadre")
    if fields:
        duty.save(update_fields=fields)
    return duty
