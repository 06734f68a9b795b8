"""Who and which station is behind on what (差距清单), against the county's standards.

``shortfalls`` compares the activity of a period (``activity``) with the
county's ``Standard``, quotas pro-rated to the measured part of the period
and rounded down (``period.due``):

=================  ============================================================
village_days       a cadre's days in a village (any station) < their rank class's
                   days a year, pro-rated.
paired_contacts    a cadre's counted contacts with paired households < the quota,
                   pro-rated (see ``contacts.paired_contacts``).
farmer_friends     a cadre's pairings on the measured last day < the farmer
                   friends per member.
duty_missed        a station's duty days due by the measured last day but not
                   marked held (held < scheduled).
duty_standard      a station's duty days held < its duty days a week, pro-rated.
analysis_meetings  a station's concern-analysis meetings (民情分析会, logged as
                   meetings) < the meetings a quarter × the calendar quarters wholly
                   inside the measured period (none owed for a month on its own).
seven_haves        a station lacks one of the seven haves the county requires.
logs_missing       a station with no visit and no reception logged in the period.
=================  ============================================================

Cadres are those serving at the stations at some time in the measured
period, each listed once, at the last station they served in it (a cadre who
rotated mid-month appears at the new station); their figures are their whole
work in the period, wherever it was logged, since the standards are per
person.
"""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from cadres.models import Cadre, village_days_for
from stations.models import Assignment
from visits.models import Meeting
from visits.supervision import contacts, upkeep
from visits.supervision.period import due

KINDS = {
    "village_days": _("days in a village"),
    "paired_contacts": _("contacts with paired households"),
    "farmer_friends": _("farmer friends"),
    "duty_missed": _("duty days not held"),
    "duty_standard": _("duty days below the standard"),
    "analysis_meetings": _("concern-analysis meetings"),
    "seven_haves": _("seven haves not met"),
    "logs_missing": _("no logs in the period"),
}
ORDER = {kind: i for i, kind in enumerate(KINDS)}


@dataclass
class Shortfall:
    kind: str
    township: object
    station: object
    cadre: object = None
    actual: float | int | None = None
    expected: float | int | None = None
    missing: tuple = ()  # labels of the unmet seven haves

    @property
    def label(self):
        return KINDS[self.kind]


def shortfalls(*, period, standard, stations, today=None, kinds=None):
    """The shortfalls of ``stations`` (a scoped WorkStation queryset) and their cadres.

    Sorted by township, station, kind and cadre; ``kinds`` keeps only those
    kinds. About eight queries, whatever the number of stations and cadres.
    """
    stations = list(
        stations.select_related("village__township").order_by("village__township", "name", "pk")
    )
    if not stations or period.elapsed_days(today) == 0:
        return []
    found = _station_shortfalls(period, standard, stations, today)
    found += _cadre_shortfalls(period, standard, stations, today)
    if kinds:
        found = [s for s in found if s.kind in kinds]
    position = {s.pk: i for i, s in enumerate(stations)}
    found.sort(
        key=lambda s: (
            position[s.station.pk],
            ORDER[s.kind],
            s.cadre.name if s.cadre else "",
            s.cadre.pk if s.cadre else 0,
        )
    )
    return found


def _station_shortfalls(period, standard, stations, today):
    ids = [s.pk for s in stations]
    logged = contacts.visit_counts(period=period, by="station", station=ids)
    duties = upkeep.duty_days(period=period, by="station", today=today, station=ids)
    standard_due = due(standard.station_days_per_week * period.week_fraction(today))
    meetings_due = standard.analysis_meetings_per_quarter * period.whole_quarters(today)
    meetings = _analysis_meetings(period, ids) if meetings_due else {}
    required = standard.required_haves()
    found = []
    for station in stations:
        township = station.village.township

        def add(kind, station=station, township=township, **values):
            found.append(Shortfall(kind=kind, township=township, station=station, **values))

        duty = duties.get(station.pk, {})
        held, missed = duty.get("duty_held", 0), duty.get("duty_missed", 0)
        if missed:
            add("duty_missed", actual=duty.get("duty_due", 0) - missed, expected=duty["duty_due"])
        if held < standard_due:
            add("duty_standard", actual=held, expected=standard_due)
        if meetings_due and meetings.get(station.pk, 0) < meetings_due:
            add("analysis_meetings", actual=meetings.get(station.pk, 0), expected=meetings_due)
        missing = tuple(label for name, label in required if not getattr(station, name))
        if missing:
            add(
                "seven_haves",
                actual=len(required) - len(missing),
                expected=len(required),
                missing=missing,
            )
        if not logged.get(station.pk, {}).get("logged"):
            add("logs_missing", actual=0)
    return found


def _analysis_meetings(period, station_ids):
    """Concern-analysis meetings held per station in the period: ``{station id: n}``."""
    rows = (
        Meeting.objects.in_place(station=station_ids)
        .filter(
            kind=Meeting.Kind.CONCERN_ANALYSIS,
            held_at__gte=period.since,
            held_at__lt=period.until,
        )
        .order_by()
        .values("station")
        .annotate(n=Count("pk"))
    )
    return {row["station"]: row["n"] for row in rows}


def _cadre_shortfalls(period, standard, stations, today):
    as_of = period.as_of(today)
    serving = list(
        Assignment.objects.in_place(station=stations)
        .filter(start_date__lte=as_of)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=period.start))
        .select_related("cadre")
        .order_by("cadre_id", "-start_date", "-pk")
    )
    # A cadre is listed once, at the last station they served in the period.
    latest = {}
    for assignment in serving:
        latest.setdefault(assignment.cadre_id, assignment)
    serving = list(latest.values())
    cadre_ids = sorted(latest)
    if not cadre_ids:
        return []
    fraction = period.year_fraction(today)
    days = contacts.village_days(period=period, cadres=Cadre.objects.filter(pk__in=cadre_ids))
    pairs = contacts.paired_contacts(
        period=period,
        quota=standard.contacts_per_paired_household,
        by="cadre",
        today=today,
        cadre=cadre_ids,
    )
    friends = contacts.farmer_friends(period=period, today=today, cadre=cadre_ids)
    by_station = {s.pk: s for s in stations}
    found = []
    for assignment in serving:
        cadre, station = assignment.cadre, by_station[assignment.station_id]

        def add(kind, cadre=cadre, station=station, **values):
            found.append(
                Shortfall(
                    kind=kind,
                    township=station.village.township,
                    station=station,
                    cadre=cadre,
                    **values,
                )
            )

        days_due = due(village_days_for(standard, cadre.rank_class) * fraction)
        if days.get(cadre.pk, 0) < days_due:
            add("village_days", actual=days.get(cadre.pk, 0), expected=days_due)
        paired = pairs.get(cadre.pk)
        if paired and paired["paired_contacts"] < paired["paired_contacts_due"]:
            add(
                "paired_contacts",
                actual=paired["paired_contacts"],
                expected=paired["paired_contacts_due"],
            )
        if friends.get(cadre.pk, 0) < standard.farmer_friends_per_member:
            add(
                "farmer_friends",
                actual=friends.get(cadre.pk, 0),
                expected=standard.farmer_friends_per_member,
            )
    return found
