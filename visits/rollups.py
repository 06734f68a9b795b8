"""Keeping the visit rollups (``visits.models.VisitMonth``, and the households reached,
``ReachMonth``) equal to the visits.

Every write of a visit through the ORM (logging, correcting, hiding, restoring:
``Visit.save``) moves its count from the row of what it was to the row of what
it is now, in the same transaction (``pre_save`` reads the row as it was). A
correction that moves a visit to another month, station or kind (or, for the
households reached, household or county), a hidden visit, a restored one: each is
one ``-1`` and one ``+1``.

Writes that go around ``save`` (``QuerySet.update``, ``bulk_create``, deletes:
the seed, imports, the admin never deletes a visit) leave the rollups behind;
``rebuild`` writes them afresh from the visits (the seed calls it,
``manage.py rollups --rebuild`` does, and so does the worker's task
``rebuild_months_task``), and ``differences`` and ``reach_differences`` prove
them equal.
"""

import datetime

from django.db import connection, transaction
from django.db.models import Count, DateField, F
from django.db.models.functions import TruncMonth
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.tasks import task
from django.utils import timezone

from stations.models import WorkStation
from visits import day_rollups
from visits.models import ReachMonth, Visit, VisitMonth

KEY = ("month", "station_id", "village_id", "author_id", "kind")
# What ``_remember`` keeps of a visit as it was, by name, for ``visits.day_rollups``.
STORED = ("occurred_at", "station_id", "village_id", "author_id", "kind", "hidden_at")


def month_of(moment):
    """The first day of the local (Asia/Shanghai) month of a moment."""
    return timezone.localdate(moment).replace(day=1)


def key_of(visit):
    """The rollup row a visit counts in, or None when it counts nowhere (hidden)."""
    if visit.hidden_at is not None:
        return None
    return (
        month_of(visit.occurred_at),
        visit.station_id,
        visit.village_id,
        visit.author_id,
        visit.kind,
    )


def reach_of(visit):
    """The households reached row a visit counts in, as (month, station, household),
    or None (hidden, or no household: a reception of a passer-by)."""
    if visit.hidden_at is not None or visit.household_id is None:
        return None
    return (month_of(visit.occurred_at), visit.station_id, visit.household_id)


@receiver(pre_save, sender=Visit, dispatch_uid="rollups_before")
def _remember(sender, instance, raw=False, **kwargs):
    instance._rollup_was = instance._reach_was = instance._stored = None
    if raw or instance._state.adding:
        return
    was = (
        Visit.all_objects.filter(pk=instance.pk)
        .values_list(
            "occurred_at",
            "station_id",
            "village_id",
            "author_id",
            "kind",
            "hidden_at",
            "household_id",
            "station__village__township__county_id",
        )
        .first()
    )
    if was is not None:
        # The days in a village are moved from it too (``visits.day_rollups``): one read.
        instance._stored = dict(zip(STORED, was[:6], strict=True))
    if was is None:
        return
    occurred_at, station, village, author, kind, hidden_at, household, county = was
    if hidden_at is not None:
        return
    instance._rollup_was = (month_of(occurred_at), station, village, author, kind)
    if household is not None:
        instance._reach_was = ((month_of(occurred_at), station, household), county)


@receiver(post_save, sender=Visit, dispatch_uid="rollups_after")
def _count(sender, instance, raw=False, **kwargs):
    if raw:
        return
    was, now = getattr(instance, "_rollup_was", None), key_of(instance)
    instance._rollup_was = now  # a second save of the same object starts from here
    if was != now:
        if was is not None:
            _take(was)
        if now is not None:
            _add(now)
    reach_was, reach_now = getattr(instance, "_reach_was", None), reach_of(instance)
    if (reach_was and reach_was[0]) == reach_now:
        return
    if reach_was is not None:
        _take_reach(reach_was)
    if reach_now is not None:
        _add_reach(reach_now)


def _add(key):
    table = connection.ops.quote_name(VisitMonth._meta.db_table)
    columns = ", ".join(KEY)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({columns}, n) VALUES (%s, %s, %s, %s, %s, 1) "
            f"ON CONFLICT (station_id, month, village_id, author_id, kind) "
            f"DO UPDATE SET n = {table}.n + 1",
            list(key),
        )


def _take(key):
    # An update, never an insert: a row missing here is a difference ``--check`` names.
    VisitMonth.objects.filter(**dict(zip(KEY, key, strict=True))).update(n=F("n") - 1)


def _add_reach(reach):
    """Counts a visit in its county's row of the household and month."""
    table = connection.ops.quote_name(ReachMonth._meta.db_table)
    month, station, household = reach
    # The station's county, found in the same statement (the visit knows its station).
    # SQLite reads ``ON CONFLICT`` after a bare ``SELECT … FROM`` as a join's: hence the
    # ``WHERE TRUE`` its documentation asks for.
    county = WorkStation.objects.filter(pk=station).annotate(c=F("village__township__county_id"))
    county_sql, county_params = county.values("c").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (month, county_id, household_id, n) "
            f"SELECT %s, county.c, %s, 1 FROM ({county_sql}) AS county WHERE TRUE "
            f"ON CONFLICT (month, county_id, household_id) DO UPDATE SET n = {table}.n + 1",
            [month, household, *county_params],
        )


def _take_reach(reach_was):
    # A row that falls to 0 goes: the readers count rows, never look at ``n``.
    (month, _station, household), county = reach_was
    row = ReachMonth.objects.in_place(county=county).filter(month=month, household=household)
    row.update(n=F("n") - 1)
    row.filter(n__lte=0).delete()


def _counted(months=None):
    """The rollup rows the visits make: a grouped queryset of (KEY…, c)."""
    visits = Visit.objects.all()
    if months is not None:
        first, last = months
        visits = visits.filter(
            occurred_at__gte=_start(first), occurred_at__lt=_start(_following(last))
        )
    return (
        # A date on either backend, as the rows' months are: ``differences`` compares them.
        visits.annotate(m=TruncMonth("occurred_at", output_field=DateField()))
        .order_by()
        .values("m", "station_id", "village_id", "author_id", "kind")
        .annotate(c=Count("pk"))
    )


def _start(first):
    return timezone.make_aware(datetime.datetime(first.year, first.month, 1))


def _following(first):
    return (first.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def _reached(months=None):
    """The households reached rows the visits make: a grouped queryset of
    (m, in_county, household_id, c)."""
    visits = Visit.objects.filter(household__isnull=False)
    if months is not None:
        first, last = months
        visits = visits.filter(
            occurred_at__gte=_start(first), occurred_at__lt=_start(_following(last))
        )
    return (
        visits.annotate(
            m=TruncMonth("occurred_at", output_field=DateField()),
            in_county=F("station__village__township__county_id"),
        )
        .order_by()
        .values("m", "in_county", "household_id")
        .annotate(c=Count("pk"))
    )


def _rows(months, model=VisitMonth):
    rows = model.objects.all()
    return rows if months is None else rows.filter(month__gte=months[0], month__lte=months[1])


def _whole(months):
    return None if months is None else (months[0].replace(day=1), months[1].replace(day=1))


def days_of_months(months):
    """``(first day, last day)`` of the months from ``months[0]``'s to ``months[1]``'s,
    or None for all: the days in a village's rows are days, not months."""
    months = _whole(months)
    if months is None:
        return None
    return (months[0], _following(months[1]) - datetime.timedelta(days=1))


@transaction.atomic
def rebuild(months=None):
    """Write the rollups afresh from the visits (the visit counts, the households
    reached and the days in a village): all of them, or the months from ``months[0]``
    to ``months[1]`` (first days). Returns the number of visit count rows written."""
    day_rollups.rebuild(days_of_months(months))
    months = _whole(months)
    _rows(months).delete()
    _rows(months, ReachMonth).delete()
    sql, params = _counted(months).query.sql_with_params()
    reach_sql, reach_params = _reached(months).query.sql_with_params()
    table = connection.ops.quote_name(VisitMonth._meta.db_table)
    reach_table = connection.ops.quote_name(ReachMonth._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {reach_table} (month, county_id, household_id, n) "
            f"SELECT m, in_county, household_id, c FROM ({reach_sql}) AS reached",
            reach_params,
        )
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(KEY)}, n) "
            f"SELECT m, station_id, village_id, author_id, kind, c FROM ({sql}) AS counted",
            params,
        )
        return cursor.rowcount


def differences(months=None):
    """``[(key, in the rollups, counted from the visits)]`` where the visit counts
    differ (rows of 0 are no rows)."""
    months = _whole(months)
    counted = {(row["m"], *(row[k] for k in KEY[1:])): row["c"] for row in _counted(months)}
    kept = _rows(months).exclude(n=0).values_list(*KEY, "n")
    return _differing({tuple(row[:-1]): row[-1] for row in kept.iterator()}, counted)


def reach_differences(months=None):
    """``[((month, county, household), in the rollups, counted from the visits)]`` where
    the households reached rows differ (rows of 0 are no rows)."""
    months = _whole(months)
    counted = {
        (row["m"], row["in_county"], row["household_id"]): row["c"] for row in _reached(months)
    }
    # A row that falls to 0 is deleted (``_take_reach``): every row kept counts.
    kept = _rows(months, ReachMonth).values_list("month", "county", "household", "n")
    return _differing({tuple(row[:-1]): row[-1] for row in kept.iterator()}, counted)


def _differing(kept, counted):
    return sorted(
        (key, kept.get(key, 0), counted.get(key, 0))
        for key in kept.keys() | counted.keys()
        if kept.get(key, 0) != counted.get(key, 0)
    )


@task()
def rebuild_months_task(first, last):
    """The worker's repair after a write that went around ``Visit.save`` (an import,
    a bulk correction): the months from ``first`` to ``last`` (ISO dates) written afresh."""
    rebuild((datetime.date.fromisoformat(first), datetime.date.fromisoformat(last)))
