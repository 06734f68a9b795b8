"""Each station and member against each of the county's standards: what was done, what
was due, and when it was last done.

One ``Measure`` per station or member per standard (``KINDS``), met or not: the
shortfall list keeps the ones below what is due (``shortfalls``), the scorecard
ranks places by all of them (``scorecard``). Quotas are pro-rated to the
measured part of the period and rounded down (``period.due``).

=================  ============================================================
village_days       a member's days in a village (any station) against their rank
                   class's days a year, pro-rated; last: their last such day.
paired_contacts    a member's counted contacts with paired households against
                   the quota, pro-rated (``contacts.paired_contacts``); last:
                   their last visit or call to a household they are paired with.
farmer_friends     a member's farmer friends on the measured last day against the
                   friends per member (``contacts.farmer_friends``).
duty_days          a station's duty days held against what it owes: its rule's
                   days (``duty_rules.owed``) or its rostered days so far,
                   whichever is more; a missed day is one shortfall of this
                   station, never two; last: its last duty day held.
analysis_meetings  a station's concern-analysis meetings against the meetings a
                   quarter × the quarters wholly inside the measured period (none
                   owed for a month on its own); last: its last such meeting.
seven_haves        a station's seven haves met against those the county requires.
logs_missing       a station's visits and receptions in the period against one;
                   last: its last log.
=================  ============================================================

Members are those serving at the stations at some time in the measured
period, each once, at the last station they served in it (a member who
rotated mid-month appears at the new station); their figures are their whole
work in the period, wherever it was logged, since the standards are per person.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, DateTimeField, Max, OuterRef, Q, Subquery
from django.utils import timezone

from cadres.models import Cadre, village_days_for
from stations.models import Assignment, DutyDay, Pairing
from villages.workdays import Workdays
from visits.models import Meeting, VillageDay, Visit
from visits.models.concerns import next_day_start
from visits.supervision import contacts, duty_rules, upkeep
from visits.supervision.period import due

STATION_KINDS = ("duty_days", "analysis_meetings", "seven_haves", "logs_missing")
MEMBER_KINDS = ("village_days", "paired_contacts", "farmer_friends")
KINDS = MEMBER_KINDS + STATION_KINDS
MISSED_DATES_SHOWN = 5


@dataclass
class Measure:
    kind: str
    township: object
    station: object
    cadre: object = None  # the member (None: a station's measure, or not ``people``)
    actual: int = 0
    expected: int = 0
    last: datetime.date | None = None  # the last day it was done, if the kind has one
    as_of: datetime.date | None = None  # the measured last day of the period
    details: tuple = ()  # words: the haves missing, the duty days missed, the rule applied
    cadre_id: int | None = None  # the member's id (None: a station's measure)

    @property
    def behind(self):
        return self.actual < self.expected

    @property
    def share(self):
        """Done of what is due, between 0 and 1 (more than due counts as due)."""
        return min(self.actual, self.expected) / self.expected if self.expected else None

    @property
    def gap(self):
        return max(0, self.expected - self.actual)

    @property
    def days_since(self):
        """Days from the last time it was done to the measured last day (None: never or n/a)."""
        return (self.as_of - self.last).days if self.last and self.as_of else None


def measures(
    *, period, stations, standard=None, standards=None, today=None, lasts=True, people=True
):
    """Every station of ``stations`` (a scoped WorkStation queryset) and member serving
    there against each standard that owes them something; a fixed number of queries.

    The standards are one ``standard`` for all, or ``standards``: ``{county id:
    Standard}``, each station against its own county's (a city's counties differ), at
    the same cost, whatever the number of counties. Without ``lasts`` no measure has
    its ``last`` day: a scorecard ranks by what was done and due alone, and each last
    day is a lookup down a whole history (four queries, 0.1–0.15 s of a county's
    start page at city size). Without ``people`` a member's measure names its member by
    ``cadre_id`` alone (``cadre`` None): a scorecard of places needs no name, and a
    county's 2,600 members built as objects took 33 ms more than their ids."""
    scoped = stations
    stations = list(
        stations.select_related("village__township").order_by("village__township", "name", "pk")
    )
    if not stations or period.elapsed_days(today) == 0:
        return []
    if standards is None:
        standards = {s.village.township.county_id: standard for s in stations}
    as_of = period.as_of(today)
    found = _station_measures(period, standards, stations, today, as_of, lasts)
    found += _member_measures(period, standards, stations, scoped, today, as_of, lasts, people)
    return found


def _standard(standards, station):
    return standards[station.village.township.county_id]


def _station_measures(period, standards, stations, today, as_of, lasts):
    ids = [s.pk for s in stations]
    # Logged or not is all a station is measured on: no households reached counted.
    logged = contacts.visit_counts(period=period, by="station", station=ids, reached=False)
    duties = upkeep.duty_days(period=period, by="station", today=today, station=ids)
    settled = period.settled(today)
    missed = _missed_duty_days(period, ids, settled)
    last_duty, last_log, last_meeting = {}, {}, {}
    if lasts:
        last_duty = _last(DutyDay.objects.filter(held=True), "station", "date", as_of, ids)
        last_log = _last(Visit.objects.all(), "station", "occurred_at", as_of, ids)
    quarters = period.whole_quarters(today)
    meetings = {}
    if quarters and any(s.analysis_meetings_per_quarter for s in standards.values()):
        analysis = Meeting.objects.filter(kind=Meeting.Kind.CONCERN_ANALYSIS)
        meetings = _count(
            analysis.in_place(station=ids).filter(
                held_at__gte=period.since, held_at__lt=period.until
            ),
            "station",
        )
        if lasts:
            last_meeting = _last(analysis, "station", "held_at", as_of, ids)
    workdays = Workdays.between(period.start, max(period.start, settled))
    found = []
    for station in stations:
        standard = _standard(standards, station)
        meetings_due = standard.analysis_meetings_per_quarter * quarters
        required = standard.required_haves()

        def add(kind, station=station, **values):
            found.append(
                Measure(
                    kind=kind,
                    township=station.village.township,
                    station=station,
                    as_of=as_of,
                    **values,
                )
            )

        duty = duties.get(station.pk, {})
        owed = duty_rules.owed(
            station, standard, start=period.start, as_of=settled, workdays=workdays
        )
        days = missed.get(station.pk, [])
        add(
            "duty_days",
            actual=duty.get("duty_held", 0),
            expected=max(owed.days, duty.get("duty_due", 0)),
            last=last_duty.get(station.pk),
            details=(owed.rule, *(f"{day:%m-%d}" for day in days[:MISSED_DATES_SHOWN])),
        )
        if meetings_due:
            add(
                "analysis_meetings",
                actual=meetings.get(station.pk, 0),
                expected=meetings_due,
                last=last_meeting.get(station.pk),
            )
        if required:
            missing = tuple(label for name, label in required if not getattr(station, name))
            add(
                "seven_haves",
                actual=len(required) - len(missing),
                expected=len(required),
                details=missing,
            )
        add(
            "logs_missing",
            actual=logged.get(station.pk, {}).get("logged", 0),
            expected=1,
            last=last_log.get(station.pk),
        )
    return found


def _missed_duty_days(period, station_ids, settled):
    """``{station id: [dates]}``: duty days on the roster by ``settled`` not held; one query."""
    rows = (
        DutyDay.objects.in_place(station=station_ids)
        .filter(date__gte=period.start, date__lte=settled, held=False)
        .order_by("station_id", "date")
        .values_list("station_id", "date")
    )
    missed = {}
    for station_id, day in rows:
        missed.setdefault(station_id, []).append(day)
    return missed


def _count(rows, key):
    return dict(rows.order_by().values_list(key).annotate(n=Count("pk")).values_list(key, "n"))


def _last(rows, key, field, as_of, keys):
    """``{key: the last local day of field}`` among ``rows`` up to ``as_of``, for each of
    ``keys`` (ids of what ``key`` points at, or a subquery of them) that has one; one query.

    Each key's latest row is looked up on its own, down the (key, time) index, instead
    of a maximum grouped over the place's whole history: at city size that read all of
    a county's 165,000 visits, 0.1–0.3 s for each of these dates on its start page.
    """
    if isinstance(rows.model._meta.get_field(field), DateTimeField):
        rows = rows.filter(**{f"{field}__lt": next_day_start(as_of)})
    else:
        rows = rows.filter(**{f"{field}__lte": as_of})
    latest = rows.filter(**{key: OuterRef("pk")}).order_by(f"-{field}").values(field)[:1]
    owners = rows.model._meta.get_field(key).related_model._base_manager
    found = owners.filter(pk__in=keys).annotate(last=Subquery(latest)).values_list("pk", "last")
    return _days(found)


def _last_paired_contact(cadres, as_of):
    """``{cadre id: the last local day up to as_of they visited or called a household they
    are (or were) paired with}``; one query.

    Read per pairing, down the household's (household, time) index: per cadre, down
    their own visits, it went through every visit of one never paired (0.2 s a county).
    """
    latest = (
        Visit.objects.filter(
            household=OuterRef("household"),
            author=OuterRef("cadre"),
            occurred_at__lt=next_day_start(as_of),
        )
        .order_by("-occurred_at")
        .values("occurred_at")[:1]
    )
    found = (
        Pairing.objects.filter(cadre__in=cadres)
        .order_by()
        .values("cadre")
        .annotate(last=Max(Subquery(latest)))
        .values_list("cadre", "last")
    )
    return _days(found)


def _days(found):
    """``{key: local day}`` of ``(key, date or moment)`` pairs, the keys without one left out.

    The zone is read once: ``timezone.localdate`` per moment looked it up each time
    (a third of a second for a county's 6,000 members and stations).
    """
    zone = timezone.get_current_timezone()
    return {
        key: value.astimezone(zone).date() if isinstance(value, datetime.datetime) else value
        for key, value in found
        if value is not None
    }


def _serving(period, stations, as_of):
    """The assignments at ``stations`` that lasted into the period (up to ``as_of``)."""
    return (
        Assignment.objects.in_place(station=stations)
        .filter(start_date__lte=as_of)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=period.start))
    )


def serving_members(period, stations, as_of):
    """Each member serving at ``stations`` in the period, once: their last assignment there."""
    serving = (
        _serving(period, stations, as_of)
        .select_related("cadre")
        .order_by("cadre_id", "-start_date", "-pk")
    )
    latest = {}
    for assignment in serving:
        latest.setdefault(assignment.cadre_id, assignment)
    return list(latest.values())


def _paired_contacts(period, today, quotas, members):
    """``contacts.paired_contacts`` per cadre, each against their county's quota
    (``quotas``: ``{cadre id: quota}``): a query per quota, not per county; with one
    quota for all, the query asks for ``members`` (a subquery of the cadre ids)."""
    cadres_by_quota = {}
    for cadre_id, quota in quotas.items():
        cadres_by_quota.setdefault(quota, []).append(cadre_id)
    if len(cadres_by_quota) == 1:
        (quota,) = cadres_by_quota
        return contacts.paired_contacts(
            period=period, quota=quota, by="cadre", today=today, cadre=members
        )
    found = {}
    for quota, cadre_ids in sorted(cadres_by_quota.items()):
        found |= contacts.paired_contacts(
            period=period, quota=quota, by="cadre", today=today, cadre=cadre_ids
        )
    return found


def _members(period, scoped, as_of, people):
    """``(cadre id, station id, rank class, cadre or None)`` of each member serving at the
    stations in the period, once, at their last station there (``serving_members``)."""
    if people:
        return [
            (a.cadre_id, a.station_id, a.cadre.rank_class, a.cadre)
            for a in serving_members(period, scoped, as_of)
        ]
    rows = (
        _serving(period, scoped, as_of)
        .order_by("cadre_id", "-start_date", "-pk")
        .values_list("cadre_id", "station_id", "cadre__rank_class")
    )
    latest = {}
    for row in rows:
        latest.setdefault(row[0], (*row, None))
    return list(latest.values())


def _member_measures(period, standards, stations, scoped, today, as_of, lasts, people):
    serving = _members(period, scoped, as_of, people)
    if not serving:
        return []
    # The members as a subquery: a county's 2,600 ids written out into each of the
    # six queries below took longer to send than to answer.
    members = _serving(period, scoped, as_of).values("cadre")
    by_station = {s.pk: s for s in stations}
    standard_of = {
        cadre_id: _standard(standards, by_station[station_id])
        for cadre_id, station_id, _rank, _cadre in serving
    }
    fraction = period.year_fraction(today)
    days = contacts.village_days(period=period, cadres=Cadre.objects.filter(pk__in=members))
    pairs = _paired_contacts(
        period,
        today,
        {pk: standard.contacts_per_paired_household for pk, standard in standard_of.items()},
        members,
    )
    friends = contacts.farmer_friends(period=period, today=today, cadre=members)
    last_day, last_pair = {}, {}
    if lasts:
        # As author or companion, as the days are counted (``VillageDay``).
        last_day = _last(VillageDay.objects.all(), "cadre", "day", as_of, members)
        last_pair = _last_paired_contact(members, as_of)
    found = []
    for cadre_id, station_id, rank_class, cadre in serving:
        station = by_station[station_id]
        standard = standard_of[cadre_id]

        def add(kind, cadre=cadre, cadre_id=cadre_id, station=station, **values):
            found.append(
                Measure(
                    kind=kind,
                    township=station.village.township,
                    station=station,
                    cadre=cadre,
                    cadre_id=cadre_id,
                    as_of=as_of,
                    **values,
                )
            )

        days_due = due(village_days_for(standard, rank_class) * fraction)
        if days_due:
            add(
                "village_days",
                actual=days.get(cadre_id, 0),
                expected=days_due,
                last=last_day.get(cadre_id),
            )
        paired = pairs.get(cadre_id)
        if paired and paired["paired_contacts_due"]:
            add(
                "paired_contacts",
                actual=paired["paired_contacts"],
                expected=paired["paired_contacts_due"],
                last=last_pair.get(cadre_id),
            )
        if standard.farmer_friends_per_member:
            add(
                "farmer_friends",
                actual=friends.get(cadre_id, 0),
                expected=standard.farmer_friends_per_member,
            )
    return found
