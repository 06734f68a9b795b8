"""Writes of meetings and deeds: the row with its cadres, once per form.

A phone on a weak signal resends a form (a double tap, a retry after a lost
connection); the form's one-time token makes the second send find the first
record instead of making another, as for visits (``visits.services``).
"""

from django.db import IntegrityError, transaction

from stations.materials.locks import refuse_if_locked
from visits.models import Deed, Meeting


class TokenTaken(Exception):
    """The form token belongs to someone else's record: a forged or stale form."""


def _once(model, *, token, user, build):
    existing = model.objects.filter(token=token).first()
    if existing is None:
        obj = build()
        # A month the station submitted takes no new records (``MonthLocked``).
        day = obj.held_at if isinstance(obj, Meeting) else obj.done_on
        refuse_if_locked(station=obj.station_id, day=day)
        try:
            with transaction.atomic():
                obj.save()
        except IntegrityError:
            # The same token arrived twice at once: the other request won.
            existing = model.objects.get(token=token)
        else:
            return obj, True
    if existing.recorded_by_id != user.pk:
        raise TokenTaken(token)
    return existing, False


@transaction.atomic
def log_meeting(*, station, user, token, fields, attendees):
    """Record the meeting the form with ``token`` describes; returns ``(meeting, created)``."""
    meeting, created = _once(
        Meeting,
        token=token,
        user=user,
        build=lambda: Meeting(station=station, recorded_by=user, token=token, **fields),
    )
    if created:
        meeting.attendees.set(attendees)
    return meeting, created


@transaction.atomic
def log_deed(*, station, user, token, fields, cadres):
    """Record the deed the form with ``token`` describes; returns ``(deed, created)``."""
    deed, created = _once(
        Deed,
        token=token,
        user=user,
        build=lambda: Deed(station=station, recorded_by=user, token=token, **fields),
    )
    if created:
        deed.cadres.set(cadres)
    return deed, created
