"""Meeting and deed figures for any place and period, counted in the database.

``meeting_figures`` is the one selector the pages and the monthly reports
use, with the place and period arguments of ``visits.concerns.figures``. The
period is a range of local (Asia/Shanghai) days, ``start`` and ``end`` both
included: a meeting at 23:30 on the 31st belongs to the 31st, whatever UTC
says.

=================  ============================================================
meetings           meetings held in the period (``held_at``).
by_kind            the same, per kind: every kind is present, with 0 if none.
four_meetings      the four meetings (宣教会, 评议会, 联谊会, 恳谈会) among them.
night_activities   the night study, patrol and talk among them.
villagers          the villagers attending those meetings, summed.
deeds              practical deeds done in the period (``done_on``, a day).
by_category        the same, per category: every category is present.
money_raised       the money those deeds raised, in yuan (a Decimal).
people_helped      the people those deeds helped, summed.
analysis           concern-analysis meetings (民情分析会) per station and per
                   quarter the period touches, zeros included (see below).
=================  ============================================================

``analysis`` is a list of rows, one per station of the place and quarter,
ordered by station and quarter: ``station`` (the WorkStation), ``year``,
``quarter`` (1–4), ``first`` and ``through`` (the days counted: from the
quarter's first day to its last, or to the period's last day if that comes
first — the quarter so far, so a monthly report says whether the quarter's
meeting has been held yet), ``count`` and ``complete`` (the quarter ended by
the period's last day, or today if sooner: only then is a missing meeting a
shortfall).

Places: ``user`` (what the user may see), ``county``, ``township``,
``station`` and ``cadre`` — any combination narrows further. A cadre's
figures are the meetings they attended and the deeds they took part in; their
``analysis`` rows are the stations they served at during the period.
"""

import datetime
from decimal import Decimal

from django.db.models import Count, DecimalField, IntegerField, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from cadres.models import is_office_staff
from stations.models import Assignment, WorkStation
from visits.models import Deed, Meeting
from visits.models.concerns import day_start, next_day_start

K = Meeting.Kind


def _meetings(place, start, end):
    """Meetings held at the place in the period; a cadre's: those they attended."""
    return _of_place(Meeting, "attendees", **place).filter(
        held_at__gte=day_start(start), held_at__lt=next_day_start(end)
    )


def _deeds(place, start, end):
    """Deeds done at the place in the period; a cadre's: those they took part in."""
    return _of_place(Deed, "cadres", **place).filter(done_on__gte=start, done_on__lte=end)


def _of_place(model, cadres, *, user, cadre, **place):
    rows = model.objects.all() if user is None else model.objects.visible_to(user)
    rows = rows.in_place(**place)
    return rows if cadre is None else rows.filter(**{cadres: cadre})


def _meeting_aggregates():
    counts = {f"kind_{kind.value}": Count("pk", filter=Q(kind=kind)) for kind in K}
    return {
        "meetings": Count("pk"),
        "villagers": Coalesce(Sum("villagers"), Value(0), output_field=IntegerField()),
        **counts,
    }


def _deed_aggregates():
    counts = {f"category_{c.value}": Count("pk", filter=Q(category=c)) for c in Deed.Category}
    return {
        "deeds": Count("pk"),
        "money_raised": Coalesce(
            Sum("money_raised"),
            Value(Decimal("0")),
            output_field=DecimalField(max_digits=14, decimal_places=2),
        ),
        "people_helped": Coalesce(Sum("people_helped"), Value(0), output_field=IntegerField()),
        **counts,
    }


def _figures(meetings, deeds):
    meetings, deeds = meetings or {}, deeds or {}
    by_kind = {kind.value: meetings.get(f"kind_{kind.value}") or 0 for kind in K}
    money = deeds.get("money_raised") or Decimal("0")
    return {
        "meetings": meetings.get("meetings") or 0,
        "by_kind": by_kind,
        "four_meetings": sum(by_kind[k] for k in Meeting.FOUR_MEETINGS),
        "night_activities": sum(by_kind[k] for k in Meeting.NIGHT_ACTIVITIES),
        "villagers": meetings.get("villagers") or 0,
        "deeds": deeds.get("deeds") or 0,
        "by_category": {c.value: deeds.get(f"category_{c.value}") or 0 for c in Deed.Category},
        "money_raised": Decimal(money).quantize(Decimal("0.01")),
        "people_helped": deeds.get("people_helped") or 0,
    }


def quarters(start, end):
    """The quarters the period touches: ``(year, quarter, first day, last day)``."""
    year, quarter = start.year, (start.month - 1) // 3 + 1
    found = []
    while (year, quarter) <= (end.year, (end.month - 1) // 3 + 1):
        first = datetime.date(year, 3 * quarter - 2, 1)
        following = datetime.date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1)
        found.append((year, quarter, first, following - datetime.timedelta(days=1)))
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return found


def _stations(*, user, county, township, station, cadre, start, end):
    stations = WorkStation.objects.all()
    if user is not None:
        if is_office_staff(user):
            return stations.none()
        stations = stations.visible_to(user)
    stations = stations.in_place(county=county, township=township, station=station)
    if cadre is not None:
        served = Assignment.objects.filter(cadre=cadre, start_date__lte=end).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=start)
        )
        stations = stations.filter(pk__in=served.values("station"))
    return stations


def _analysis(place, start, end, today):
    """Concern-analysis meetings per station and quarter, in one query (see the module)."""
    spans = [
        (year, quarter, first, min(last, end), last <= min(end, today))
        for year, quarter, first, last in quarters(start, end)
    ]
    held = Q(meetings__kind=K.CONCERN_ANALYSIS)
    if place["cadre"] is not None:
        held &= Q(meetings__attendees=place["cadre"])
    counts = {
        f"q{i}": Count(
            "meetings",
            filter=held
            & Q(meetings__held_at__gte=day_start(first), meetings__held_at__lt=next_day_start(to)),
            distinct=True,
        )
        for i, (_y, _q, first, to, _c) in enumerate(spans)
    }
    stations = (
        _stations(start=start, end=end, **place)
        .annotate(**counts)
        .order_by("village__township_id", "name", "pk")
    )
    return [
        {
            "station": s,
            "year": year,
            "quarter": quarter,
            "first": first,
            "through": to,
            "complete": complete,
            "count": getattr(s, f"q{i}"),
        }
        for s in stations
        for i, (year, quarter, first, to, complete) in enumerate(spans)
    ]


def meeting_figures(
    *, user=None, county=None, township=None, station=None, cadre=None, start, end, today=None
):
    """The figures (see the module's table) for one place and period, in three queries."""
    today = today or timezone.localdate()
    place = {
        "user": user,
        "county": county,
        "township": township,
        "station": station,
        "cadre": cadre,
    }
    figures = _figures(
        _meetings(place, start, end).aggregate(**_meeting_aggregates()),
        _deeds(place, start, end).aggregate(**_deed_aggregates()),
    )
    figures["analysis"] = _analysis(place, start, end, today)
    return figures


GROUPS = {
    "township": "station__village__township",
    "station": "station",
}


def meeting_figures_by(
    group, *, user=None, county=None, township=None, station=None, cadre=None, start, end
):
    """The same figures (without ``analysis``) per township or station, in two queries.

    Returns ``{id: figures}``; a township or station with neither a meeting
    nor a deed in the period is absent.
    """
    key = GROUPS[group]
    place = {
        "user": user,
        "county": county,
        "township": township,
        "station": station,
        "cadre": cadre,
    }
    meetings = {
        row[key]: row
        for row in _meetings(place, start, end)
        .order_by()
        .values(key)
        .annotate(**_meeting_aggregates())
    }
    deeds = {
        row[key]: row
        for row in _deeds(place, start, end).order_by().values(key).annotate(**_deed_aggregates())
    }
    return {k: _figures(meetings.get(k), deeds.get(k)) for k in meetings.keys() | deeds.keys()}
