"""Keeping the visit rollups (``visits.models.VisitMonth``) equal to the visits.

Every write of a visit through the ORM (logging, correcting, hiding, restoring:
``Visit.save``) moves its count from the row of what it was to the row of what
it is now, in the same transaction (``pre_save`` reads the row as it was). A
correction that moves a visit to another month, station or kind, a hidden
visit, a restored one: each is one ``-1`` and one ``+1``.

Writes that go around ``save`` (``QuerySet.update``, ``bulk_create``, deletes:
the seed, imports, the admin never deletes a visit) leave the rollups behind;
``rebuild`` writes them afresh from the visits (the seed calls it,
``manage.py rollups --rebuild`` does, and so does the worker's task
``rebuild_months_task``), and ``differences`` proves them equal.
"""

import datetime

from django.db import connection, transaction
from django.db.models import Count, DateField, F
from django.db.models.functions import TruncMonth
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.tasks import task
from django.utils import timezone

from visits.models import Visit, VisitMonth

KEY = ("month", "station_id", "village_id", "author_id", "kind")


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


@receiver(pre_save, sender=Visit, dispatch_uid="rollups_before")
def _remember(sender, instance, raw=False, **kwargs):
    if raw or instance._state.adding:
        instance._rollup_was = None
        return
    was = (
        Visit.all_objects.filter(pk=instance.pk)
        .values_list("occurred_at", "station_id", "village_id", "author_id", "kind", "hidden_at")
        .first()
    )
    if was is None:
        instance._rollup_was = None
        return
    occurred_at, station, village, author, kind, hidden_at = was
    instance._rollup_was = (
        None if hidden_at is not None else (month_of(occurred_at), station, village, author, kind)
    )


@receiver(post_save, sender=Visit, dispatch_uid="rollups_after")
def _count(sender, instance, raw=False, **kwargs):
    if raw:
        return
    was, now = getattr(instance, "_rollup_was", None), key_of(instance)
    instance._rollup_was = now  # a second save of the same object starts from here
    if was == now:
        return
    if was is not None:
        _take(was)
    if now is not None:
        _add(now)


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


def _rows(months):
    rows = VisitMonth.objects.all()
    return rows if months is None else rows.filter(month__gte=months[0], month__lte=months[1])


@transaction.atomic
def rebuild(months=None):
    """Write the rollups afresh from the visits: all of them, or the months from
    ``months[0]`` to ``months[1]`` (first days). Returns the number of rows written."""
    if months is not None:
        months = (months[0].replace(day=1), months[1].replace(day=1))
    _rows(months).delete()
    sql, params = _counted(months).query.sql_with_params()
    table = connection.ops.quote_name(VisitMonth._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(KEY)}, n) "
            f"SELECT m, station_id, village_id, author_id, kind, c FROM ({sql}) AS counted",
            params,
        )
        return cursor.rowcount


def differences(months=None):
    """``[(key, in the rollups, counted from the visits)]`` where they differ (rows of
    0 are no rows)."""
    if months is not None:
        months = (months[0].replace(day=1), months[1].replace(day=1))
    counted = {(row["m"], *(row[k] for k in KEY[1:])): row["c"] for row in _counted(months)}
    kept = {
        tuple(row[:-1]): row[-1]
        for row in _rows(months).exclude(n=0).values_list(*KEY, "n").iterator()
    }
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
