"""Reads of an office's inbox: its lists (all open, to acknowledge, overdue, due this
week, done), the reminders on each row and the nightly due-tomorrow list.

A fixed number of queries whatever the number of concerns: the rows of one list
with their reminders (one query), every list's count (one), the latest list of
what is due tomorrow with its concerns (two).
"""

import datetime

from django.db.models import Prefetch, Q

from visits.concerns import selectors as selectors
from visits.models import Concern, DueDigest

S = Concern.State
MAX_PICKS = 100  # concerns acknowledged in one post: each goes through the move service


def week_end(today):
    """This week's Sunday (weeks start on Monday in China)."""
    return today + datetime.timedelta(days=6 - today.weekday())


def _overdue(today):
    return Q(state=S.ASSIGNED) & Concern.overdue_q(today)


def _due_this_week(today):
    return Q(state=S.ASSIGNED, deadline__gte=today, deadline__lte=week_end(today))


# Each list: its condition (a Q, or built from today) and its order; words in
# ``visits.concerns.definitions.INBOX``.
OFFICE_TABS = {
    "assigned": (Q(state=S.ASSIGNED), ("deadline", "pk")),
    "new": (Q(state=S.ASSIGNED, acknowledged_at__isnull=True), ("assigned_at", "pk")),
    "overdue": (_overdue, ("deadline", "pk")),
    "week": (_due_this_week, ("deadline", "pk")),
    "done": (Q(done_on__isnull=False), ("-done_at", "-pk")),
}


def office_inbox(office, *, tab, today):
    """The rows of one list (a queryset with its reminders, and its ordering) and every
    list's count."""
    concerns = Concern.objects.filter(office=office).select_related(
        "station", "village", "household", "office"
    )
    rows, ordering, counts = selectors.inbox(concerns, tabs=OFFICE_TABS, tab=tab, today=today)
    return selectors.with_reminders(rows), ordering, counts


def due_digest(office, *, today):
    """The latest nightly list (the one due latest, not yet past), with those of its
    concerns not hidden since; None when there is none. Read in the morning after the
    job, it is tomorrow's; if the job did not run last night, yesterday's (due today)."""
    shown = Concern.objects.select_related("village", "household").order_by("pk")
    return (
        DueDigest.objects.filter(office=office, due_on__gte=today)
        .order_by("-due_on")
        .prefetch_related(Prefetch("concerns", queryset=shown))
        .first()
    )


def parse_picks(values):
    """{concern id: the version the page showed} from the checkboxes' ``id:version``
    values; None if one cannot be read or there are too many."""
    picks = {}
    if len(values) > MAX_PICKS:
        return None
    for value in values:
        pk, _colon, version = str(value).partition(":")
        if not (pk.isdigit() and version.isdigit()) or len(pk) > 12 or len(version) > 9:
            return None
        picks[int(pk)] = int(version)
    return picks
