"""The nightly due-tomorrow lists (明天到期): for each office, its open concerns due
the next day, written where its inbox shows them in the morning.

Run for the same night twice, the lists come out the same: one row per office and
day (a database constraint), its concerns set to what is due now, and an office
with nothing due any more loses its row.
"""

import datetime
from itertools import groupby

from django.db import transaction
from django.utils import timezone

from visits.models import Concern, DueDigest

KEEP_DAYS = 31  # older lists are deleted by the same job: the inbox shows only the latest


@transaction.atomic
def list_due(*, day, dry_run=False, now=None):
    """Write each office's list of open concerns due on ``day + 1``; returns
    ``[(office, [concerns])]`` by office. ``dry_run``: write nothing."""
    due_on = day + datetime.timedelta(days=1)
    now = now or timezone.now()
    due = (
        Concern.objects.filter(state=Concern.State.ASSIGNED, deadline=due_on)
        .select_related("office__township")
        .order_by("office__township_id", "office_id", "pk")
    )
    lists = [(office, list(rows)) for office, rows in groupby(due, key=lambda c: c.office)]
    if dry_run:
        return lists
    for office, concerns in lists:
        digest, _created = DueDigest.objects.get_or_create(
            office=office, due_on=due_on, defaults={"made_at": now}
        )
        digest.concerns.set(concerns)
    # An office whose concerns were done or moved since an earlier run that night.
    DueDigest.objects.filter(due_on=due_on).exclude(
        office__in=[office for office, _rows in lists]
    ).delete()
    DueDigest.objects.filter(due_on__lt=day - datetime.timedelta(days=KEEP_DAYS)).delete()
    return lists
