"""The results of an assessment round (考核结果): each station, sponsoring unit and first
secretary of the county, scored from what was recorded and what households said, with
the assessor's mark, ranked best first.

A result has three parts, each a share between 0 and 1 (see ``definitions``):

A city's round covers all the city's counties, each station measured against its own
county's standards and its materials due by its own county's day.

- records: the county scorecard over the round's period (``visits.supervision``), the
  mean over the standards of the share of what was owed that was done: a station's
  own and its members', with its monthly materials on time (``materials``) and its
  approved annual plan's items met or on track (``plans``) as two more standards; a
  unit's over the stations it sponsors; a first secretary's own standards (days in a
  village, paired contacts, farmer friends) and the plan of the station they serve.
- households: the points households and the register gave in spot checks and ratings
  (知名度 answers, 知民度 checks, satisfaction ratings: ``visits.spotchecks.figures``),
  over the points there were to have: a first secretary's own; a station's pooled
  over the members who served there in the period; a unit's over its stations' members.
- assessor: the assessor's mark out of 100.

The total weighs the parts the subject has by the round's weights (a part it lacks
is left out, the others in proportion); no part at all, no total. Nothing is made
of use of the app — log-ins, time online, points — which the 2026 rules forbid.

Queries: the measures of the stations, their materials and their plans' progress, the
spot-check figures, the serving members and the notes: a fixed number, whatever the
number of stations and of the city's counties.
"""

from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import Q
from django.utils import timezone

from cadres.models import SponsoringUnit
from stations.models import AssessmentRound, Assignment, WorkStation
from villages.models import County, Standard
from visits.assessment.materials import materials_measures
from visits.assessment.plans import for_first_secretaries, plan_measures
from visits.spotchecks.figures import serving, spotcheck_figures
from visits.supervision.measures import MEMBER_KINDS, measures
from visits.supervision.period import Period
from visits.supervision.scorecard import scorecard
from visits.units.figures import measured as measured_by_county

KINDS = ("station", "unit", "cadre")


@dataclass
class Result:
    kind: str
    subject: object
    records: float | None = None
    households: float | None = None
    mark: int | None = None
    note: str = ""
    total: float | None = None
    rank: int = 0
    extra: dict = field(default_factory=dict)

    @property
    def name(self):
        return self.subject.name

    @property
    def subject_id(self):
        return self.subject.pk

    @property
    def assessed_at_name(self):
        station = getattr(self.subject, "assessed_at", None)
        return station.name if station else ""


def _points(row):
    """(points, possible) of one member's spot-check and rating row (``_seen``'s terms)."""
    points = row["known_points"] + row["knows_points"] + row["satisfied"]
    points += Fraction(row["basically"], 2)
    possible = row["known_asked"] + row["knows_asked"] + row["ratings"]
    return Fraction(points), possible


def _pooled(rows):
    """The households' share of the points pooled over ``rows`` ((points, possible) each)."""
    points = sum((p for p, _q in rows), Fraction(0))
    possible = sum(q for _p, q in rows)
    return float(points / possible) if possible else None


def total(parts, weights):
    """The weighted mean of the parts present (None where a part is missing)."""
    present = [(share, weight) for share, weight in zip(parts, weights, strict=True)]
    present = [(s, w) for s, w in present if s is not None and w]
    weight = sum(w for _s, w in present)
    return sum(s * w for s, w in present) / weight if weight else None


def rank(results):
    """Best first: the highest total ranks 1, ties share a rank; no total ranks last."""
    results.sort(key=lambda r: (r.total is None, -(r.total or 0), r.name, r.subject_id))
    previous, rank = object(), 0
    for position, result in enumerate(results, start=1):
        if result.total != previous:
            rank, previous = position, result.total
        result.rank = rank
    return results


def round_results(assessment: AssessmentRound, *, today=None):
    """``{"station": [Result], "unit": [...], "cadre": [...]}`` for the round, ranked."""
    today = today or timezone.localdate()
    counties = _counties(assessment)
    period = Period(assessment.start, assessment.end)
    stations = WorkStation.objects.in_place(county=counties)
    if assessment.county_id:
        standard = Standard.objects.for_county(assessment.county_id)
        measured = measures(
            period=period, standard=standard, stations=stations, today=today, lasts=False
        )
    else:
        # Each station against its own county's standards (a city's counties differ);
        # the colours, which no score depends on, against the defaults.
        standard = Standard()
        measured, _standards = measured_by_county(stations, period=period, today=today)
    as_of = period.as_of(today)
    station_list = list(stations.select_related("village__township").order_by("name", "pk"))
    measured += materials_measures(period=period, stations=station_list, today=today)
    planned = plan_measures(period=period, stations=station_list, today=today)
    measured += planned
    own = (
        SponsoringUnit.objects.of_county(assessment.county_id)
        if assessment.county_id
        else SponsoringUnit.objects.of_city(assessment.prefecture_id)
    )
    units = list(
        (own | SponsoringUnit.objects.filter(pk__in=stations.values("sponsoring_unit"))).order_by(
            "name", "pk"
        )
    )
    secretaries = _first_secretaries(period, stations, as_of)

    members = {
        row["cadre"].pk: _points(row)
        for row in spotcheck_figures(county=counties, start=period.start, end=period.end)["members"]
    }
    served = {}
    for cadre_id, station_id in serving(
        start=period.start, end=period.end, county=counties
    ).values_list("cadre", "station"):
        served.setdefault(station_id, set()).add(cadre_id)

    unit_of = {u.pk: u for u in units}
    for measure in measured:
        measure.unit = unit_of.get(measure.station.sponsoring_unit_id)
    records = {
        "station": _scores(scorecard(measured, by="station", standard=standard)),
        "unit": _scores(
            scorecard([m for m in measured if m.unit], by="unit", standard=standard, places=())
        ),
        "cadre": _scores(
            scorecard(
                [m for m in measured if m.cadre is not None and m.kind in MEMBER_KINDS]
                + for_first_secretaries(planned, secretaries),
                by="cadre",
                standard=standard,
            )
        ),
    }
    of_station = {s.pk: served.get(s.pk, set()) for s in station_list}
    of_unit = {}
    for station in station_list:
        if station.sponsoring_unit_id:
            of_unit.setdefault(station.sponsoring_unit_id, set()).update(of_station[station.pk])
    crowds = {
        "station": {
            pk: [members[c] for c in cadres if c in members] for pk, cadres in of_station.items()
        },
        "unit": {
            pk: [members[c] for c in cadres if c in members] for pk, cadres in of_unit.items()
        },
        "cadre": {c.pk: [members[c.pk]] if c.pk in members else [] for c in secretaries},
    }
    notes = notes_of(assessment)
    found = {}
    for kind, subjects in (("station", station_list), ("unit", units), ("cadre", secretaries)):
        results = []
        for subject in subjects:
            result = Result(
                kind=kind,
                subject=subject,
                records=records[kind].get(subject.pk),
                households=_pooled(crowds[kind].get(subject.pk, [])),
            )
            results.append(marked(result, notes.get((kind, subject.pk)), assessment))
        found[kind] = rank(results)
    return found


def notes_of(assessment):
    """``{(kind, subject id): AssessmentNote}`` of the round; one query."""
    return {
        (kind, getattr(note, f"{kind}_id")): note
        for note in assessment.notes.all()
        for kind in KINDS
        if getattr(note, f"{kind}_id")
    }


def marked(result, note, assessment):
    """``result`` (a ``Result`` or a stored row) with the assessor's ``note`` (or none) and
    its total by the round's weights."""
    result.mark = note.mark if note else None
    result.note = note.note if note else ""
    assessor = None if result.mark is None else result.mark / 100
    weights = (assessment.weight_records, assessment.weight_households, assessment.weight_assessor)
    result.total = total((result.records, result.households, assessor), weights)
    return result


def _counties(assessment):
    """The ids of the counties the round covers: its county, or all its city's."""
    if assessment.county_id:
        return [assessment.county_id]
    return list(
        County.objects.in_place(prefecture=assessment.prefecture_id)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _scores(rows):
    return {row.place.pk: row.score for row in rows}


def _first_secretaries(period, stations, as_of):
    """The cadres who served as first secretary at the county's stations in the period."""
    rows = (
        Assignment.objects.in_place(station=stations)
        .filter(role=Assignment.Role.FIRST_SECRETARY, start_date__lte=as_of)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=period.start))
        .select_related("cadre__sponsoring_unit", "station")
        .order_by("cadre_id", "-start_date", "-pk")
    )
    latest = {}
    for assignment in rows:
        latest.setdefault(assignment.cadre_id, assignment)
    cadres = []
    for assignment in latest.values():
        cadre = assignment.cadre
        cadre.assessed_at = assignment.station
        cadres.append(cadre)
    return cadres
