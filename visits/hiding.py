"""Hiding and restoring visits and concerns: no user ever deletes one.

A hidden row stays in the database with who hid it and when; the default
managers leave it out, so no page, figure or export counts it, and township
staff can bring it back. Both moves are saved through the model, so the
history keeps a row for each.

Both lock the row and read it afresh first: a move or a correction in flight
finishes before (so the history row written here is the row as it is, not
the copy the page read), and of two people hiding the same row at once the
second is told who was first.
"""

from django.db import transaction
from django.utils import formats, timezone

from cadres.models import User
from stations.materials.locks import refuse_if_locked
from visits.models import Visit
from visits.services import editable


def _is_township_staff(user):
    return user.is_superuser or user.role == User.Role.TOWNSHIP


def may_hide_visit(user, visit):
    """Township staff of its place; its author while it can still be corrected."""
    if _is_township_staff(user):
        return True
    cadre = getattr(user, "cadre", None) if user.role == User.Role.CADRE else None
    return cadre is not None and editable(visit, cadre)


def hidden_by_when(obj):
    """{"who": …, "when": …} of a hidden row, for the messages that name them."""
    return {
        "who": obj.hidden_by or "—",
        "when": formats.date_format(timezone.localtime(obj.hidden_at), "SHORT_DATETIME_FORMAT"),
    }


def may_hide_concern(user):
    return _is_township_staff(user)


def may_restore(user):
    return _is_township_staff(user)


class AlreadyHidden(Exception):
    """Someone hid the row first; nothing was written."""

    def __init__(self, obj):
        super().__init__(obj.pk)
        self.obj = obj


class AlreadyShown(Exception):
    """Someone restored the row first; nothing was written."""

    def __init__(self, obj):
        super().__init__(obj.pk)
        self.obj = obj


def _locked(obj):
    """The row as it is now, locked until the transaction ends."""
    return type(obj).all_objects.select_for_update().get(pk=obj.pk)


def _save(obj, *, by, reason, hidden_at):
    if isinstance(obj, Visit):
        # A visit counts in its month's figures: a submitted month keeps them (concerns
        # live across months and are never locked).
        refuse_if_locked(station=obj.station_id, day=obj.occurred_at)
    obj.hidden_at = hidden_at
    obj.hidden_by = by if hidden_at is not None else None
    obj._history_user = by
    obj._change_reason = reason
    obj.save(update_fields=["hidden_at", "hidden_by"])
    return obj


@transaction.atomic
def hide(*, obj, by, now=None):
    """Hide a visit or a concern (kept, counted nowhere, restorable); returns the row."""
    current = _locked(obj)
    if current.is_hidden:
        raise AlreadyHidden(current)
    return _save(current, by=by, reason="hidden", hidden_at=now or timezone.now())


@transaction.atomic
def restore(*, obj, by):
    current = _locked(obj)
    if not current.is_hidden:
        raise AlreadyShown(current)
    return _save(current, by=by, reason="restored", hidden_at=None)
