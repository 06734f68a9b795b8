"""Monthly materials on time, as one more standard of a station's recorded work in an
assessment: of the round's whole months whose due date has passed, how many the station
first submitted by the due date (``visits.materials.figures``: on time, late, overdue;
a month not yet due is not counted), each station's months due by its own county's day.
Two queries, whatever the number of stations and of counties."""

import datetime

from stations.models import MaterialsStandard, StationMonth
from visits.materials.figures import NOT_DUE, ON_TIME, timeliness
from visits.supervision.measures import Measure

KIND = "materials_on_time"


def whole_months(period):
    """(year, month) of each calendar month wholly inside the period."""
    year, month = period.start.year, period.start.month
    found = []
    while datetime.date(year, month, 1) <= period.end:
        first = datetime.date(year, month, 1)
        following = datetime.date(year + (month == 12), month % 12 + 1, 1)
        if first >= period.start and following - datetime.timedelta(days=1) <= period.end:
            found.append((year, month))
        year, month = following.year, following.month
    return found


def due_days(county_ids):
    """``{county id: the day of the following month its materials are due}``: the county's
    saved standard or the default; one query."""
    saved = {
        s.county_id: s.due_day for s in MaterialsStandard.objects.in_place(county=list(county_ids))
    }
    return {c: saved.get(c, MaterialsStandard(county_id=c).due_day) for c in county_ids}


def materials_measures(*, period, stations, today):
    """A ``Measure`` of months on time / months due per station of ``stations`` (rows with
    their village's township)."""
    months = whole_months(period)
    if not months or not stations:
        return []
    due_day = due_days({s.village.township.county_id for s in stations})
    rows = {
        (r.station_id, r.year, r.month): r
        for r in StationMonth.objects.in_place(station=[s.pk for s in stations]).filter(
            year__gte=months[0][0], year__lte=months[-1][0]
        )
    }
    found = []
    for station in stations:
        due = on_time = 0
        for year, month in months:
            row = rows.get((station.pk, year, month))
            verdict = timeliness(
                row,
                year=year,
                month=month,
                due_day=due_day[station.village.township.county_id],
                today=today,
            )
            if verdict.verdict != NOT_DUE:
                due += 1
                on_time += verdict.verdict == ON_TIME
        if due:
            found.append(
                Measure(
                    kind=KIND,
                    township=station.village.township,
                    station=station,
                    actual=on_time,
                    expected=due,
                    as_of=period.as_of(today),
                )
            )
    return found
