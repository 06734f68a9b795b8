"""Concern figures for any place and period, in one database query.

``concern_figures`` is the one selector the pages and the monthly reports
use, so a figure is the same wherever it appears. The period is a range of
local (Asia/Shanghai) days, ``start`` and ``end`` both included. Each figure
counts by its own date:

=================  ============================================================
raised             concerns raised in the period (``raised_at``: the day of the
                   visit they were raised in, or the day township staff entered
                   them).
solved_on_spot     of those raised in the period, the ones solved on the spot.
escalated          concerns escalated to the township in the period
                   (``escalated_at``; includes those township staff entered).
done               concerns done in the period (``done_on``), by an office or by
                   the station (those solved on the spot are counted apart, as
                   solved_on_spot). A concern the household was not satisfied with
                   is reopened and no longer counts as done until it is done
                   again, in the period it is done again.
done_on_time       of those done in the period, the ones done on or before their
                   deadline (station-handled ones have none and count as on time).
overdue            on the period's last day (today, if the period is not over):
                   assigned by then, deadline before that day, neither done nor
                   closed by then.
due                assigned concerns whose deadline falls in the period, up to
                   its last day (or today): what had to be finished in it.
due_closed         of those, the ones done or closed (also "closed as
                   explained") by the period's last day (or today).
done_rate          办结率 = due_closed / due.
disputes           disputes found (排查): concerns of a dispute category raised
                   in the period.
disputes_mediated  of those, the ones mediated successfully (成功调处) by the
                   period's last day (or today); a dispute solved on the spot
                   was mediated successfully when raised.
mediation_rate     调处率 = disputes_mediated / disputes.
verdicts           households' (latest) verdicts given in the period (``verdict_at``).
satisfied          of those, "satisfied" or "basically satisfied".
satisfaction       satisfied / verdicts.
=================  ============================================================

Both rates follow a group of concerns: those due in the period, those found
in the period. A concern done in the period but due in another counts in
``done`` and not in this period's ``done_rate``; the definitions the pages
show beside each figure (``visits.concerns.definitions``) say so in words.

Rates are fractions between 0 and 1, or None when nothing was counted.
Places: ``user`` (what the user may see), ``county``, ``township``,
``station`` and ``cadre`` (concerns the cadre raised) — any combination
narrows further.
"""

from django.db.models import Count, F, Q
from django.utils import timezone

from visits.models import Concern, ConcernEvent
from visits.models.concerns import day_start, next_day_start

S = Concern.State

COUNTS = (
    "raised",
    "solved_on_spot",
    "escalated",
    "done",
    "done_on_time",
    "overdue",
    "due",
    "due_closed",
    "disputes",
    "disputes_mediated",
    "verdicts",
    "satisfied",
)
RATES = {
    "done_rate": ("due_closed", "due"),
    "mediation_rate": ("disputes_mediated", "disputes"),
    "satisfaction": ("satisfied", "verdicts"),
}
FIGURES = COUNTS + tuple(RATES)


def _conditions(start, end, today):
    since, until = day_start(start), next_day_start(end)
    as_of = min(end, today)
    as_of_end = next_day_start(as_of)
    raised = Q(raised_at__gte=since, raised_at__lt=until)
    done = Q(done_on__gte=start, done_on__lte=end) & ~Q(state=S.ON_SPOT)
    due = Q(deadline__gte=start, deadline__lte=as_of, assigned_at__lt=as_of_end)
    disputes = raised & Q(category__startswith=Concern.DISPUTE_PREFIX)
    verdicts = Q(verdict_at__gte=since, verdict_at__lt=until) & ~Q(verdict="")
    return {
        "raised": raised,
        "solved_on_spot": raised & Q(state=S.ON_SPOT),
        "escalated": Q(escalated_at__gte=since, escalated_at__lt=until),
        "done": done,
        "done_on_time": done & (Q(deadline__isnull=True) | Q(done_on__lte=F("deadline"))),
        "overdue": Concern.overdue_q(as_of),
        "due": due,
        "due_closed": due & (Q(done_on__lte=as_of) | Q(closed_at__lt=as_of_end)),
        "disputes": disputes,
        "disputes_mediated": disputes
        & Q(mediation=Concern.Mediation.SUCCEEDED, mediation_at__lt=as_of_end),
        "verdicts": verdicts,
        "satisfied": verdicts & Q(verdict__in=Concern.SATISFIED),
    }


def _concerns(*, user, cadre, **place):
    """The concerns counted: those the user may see (all without a user), in the
    place, and those the cadre raised when a cadre is given."""
    concerns = Concern.objects.all() if user is None else Concern.objects.visible_to(user)
    concerns = concerns.in_place(**place)
    return concerns if cadre is None else concerns.filter(raised_by=cadre)


def _with_rates(counts):
    figures = {name: counts.get(name) or 0 for name in COUNTS}
    for rate, (part, whole) in RATES.items():
        figures[rate] = figures[part] / figures[whole] if figures[whole] else None
    return figures


def _aggregates(start, end, today):
    return {
        name: Count("pk", filter=condition)
        for name, condition in _conditions(start, end, today).items()
    }


def concern_figures(
    *,
    user=None,
    prefecture=None,
    county=None,
    township=None,
    station=None,
    cadre=None,
    start,
    end,
    today=None,
):
    """The figures (see the module's table) for one place and period, in one query."""
    today = today or timezone.localdate()
    concerns = _concerns(
        user=user,
        cadre=cadre,
        prefecture=prefecture,
        county=county,
        township=township,
        station=station,
    )
    return _with_rates(concerns.aggregate(**_aggregates(start, end, today)))


GROUPS = {
    "county": "township__county",
    "township": "township",
    "station": "station",
    "office": "office",
    "raised_by": "raised_by",
    "category": "category",
}


def concern_figures_by(
    group,
    *,
    user=None,
    prefecture=None,
    county=None,
    township=None,
    station=None,
    cadre=None,
    start,
    end,
    today=None,
):
    """The same figures per township, station, office, raiser or category, in one query.

    Returns ``{key: figures}`` with the key's id (or category value); keys
    with no concerns at all are absent.
    """
    key = GROUPS[group]
    today = today or timezone.localdate()
    concerns = _concerns(
        user=user,
        cadre=cadre,
        prefecture=prefecture,
        county=county,
        township=township,
        station=station,
    )
    rows = concerns.order_by().values(key).annotate(**_aggregates(start, end, today))
    return {row[key]: _with_rates(row) for row in rows}


def reminders_sent(*, user=None, county=None, township=None, station=None, start, end):
    """催办次数: reminders sent in the period (Beijing days, both included) on the
    concerns of the place the user may see, hidden concerns left out; one query.
    A concern is reminded about at most once a day (``services.make_move`` refuses a
    second), so this counts the days concerns were chased."""
    concerns = _concerns(user=user, cadre=None, county=county, township=township, station=station)
    return ConcernEvent.objects.filter(
        move="remind",
        at__gte=day_start(start),
        at__lt=next_day_start(end),
        concern__in=concerns.values("pk"),
    ).count()
