"""The lock of a station's submitted month: the writes that change its records refuse.

Once a station's month is submitted (and while it is reviewed or approved) what the
township and the county read must not change under them: logging a visit or a
reception dated in that month, correcting, hiding or restoring one, marking a duty day
held or not, swapping its duty, recording a meeting or a practical deed of that month.
Each of those services calls ``refuse_if_locked`` before it writes, so every page,
import or script that goes through the services is covered. The refusal names the
station, the month, where it stands and who can open it again.

A write and a submission at the same moment meet at the station's row: the write
holds it (``FOR KEY SHARE``, which only a ``FOR UPDATE`` waits for, so writes at one
station never wait for each other) from its check until it commits, and the move that
locks a month takes it ``FOR UPDATE`` first. So either the submission waits for the
write and counts it, or the write waits for the submission and is refused: no record
slips into a month after it was submitted.

Not locked, on purpose: concerns (they live across months; their moves go on after
the month they were raised in), closing a follow-up, a rotation handing follow-ups to
a successor, the removal of a household's personal data (a right under PIPL that no
approval may hold up), and the admin (a superuser's repair).
"""

import datetime

from django.db import connection
from django.db.transaction import TransactionManagementError
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from stations.models import MonthState, StationMonth, WorkStation


def month_label(year, month):
    """ "2026年11月" / "November 2026", as the active language writes a month."""
    return formats.date_format(datetime.date(year, month, 1), "YEAR_MONTH_FORMAT")


def how_to_reopen(state):
    """Who can open a month in ``state`` again, in words."""
    if state == MonthState.SUBMITTED:
        return _(
            "To change them, the station's chief withdraws the submission, or the township "
            "sends the month back."
        )
    if state == MonthState.REVIEWED:
        return _("To change them, ask the county to send the month back.")
    return _("To change them, ask the county to reopen the month, giving the reason.")


class MonthLocked(Exception):
    """The station's month is submitted or beyond: nothing of that month was written."""

    def __init__(self, station_month, station_name=""):
        self.station_month = station_month
        self.station_name = station_name
        super().__init__(self.message)

    @property
    def message(self):
        row = self.station_month
        text = _(
            "The records of %(station)s for %(month)s are %(state)s and can no longer be changed."
        ) % {
            "station": self.station_name or _("this station"),
            "month": month_label(row.year, row.month),
            "state": row.get_state_display(),
        }
        # Chinese sentences follow each other without a space; English ones with one.
        space = "" if text.endswith("。") else " "
        return f"{text}{space}{how_to_reopen(row.state)}"

    def __str__(self):
        return self.message


def locked_month(*, station, day):
    """The locked ``StationMonth`` of ``station`` (a row or its id) holding ``day``, or None."""
    return (
        StationMonth.objects.in_place(station=station)
        .of_month(day.year, day.month)
        .locked()
        .select_related("station")
        .first()
    )


def refuse_if_locked(*, station, day):
    """Raise ``MonthLocked`` when ``day`` (a date, or an aware datetime read in Beijing
    time) falls in a locked month of ``station``."""
    if isinstance(day, datetime.datetime):
        day = timezone.localdate(day)
    _hold_station(getattr(station, "pk", station))
    row = locked_month(station=station, day=day)
    if row is not None:
        raise MonthLocked(row, row.station.name)


def _hold_station(station_id):
    """Keep the station's month from being submitted until this transaction ends (see the
    module's docstring). SQLite, one writer at a time, needs no lock."""
    if connection.get_autocommit():
        raise TransactionManagementError(
            "A locked month is checked inside the write's transaction."
        )
    if connection.vendor == "postgresql":
        # Django's select_for_update has no FOR KEY SHARE, the weakest row lock.
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT 1 FROM {WorkStation._meta.db_table} WHERE id = %s FOR KEY SHARE",
                [station_id],
            )
