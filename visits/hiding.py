"""Hiding and restoring visits and concerns: no user ever deletes one.

A hidden row stays in the database with who hid it and when; the default
managers leave it out, so no page, figure or export counts it, and township
staff can bring it back. Both moves are saved through the model, so the
history keeps a row for each.
"""

from django.db import transaction
from django.utils import timezone

from cadres.models import User
from visits.views.log import editable


def _is_township_staff(user):
    return user.is_superuser or user.role == User.Role.TOWNSHIP


def may_hide_visit(user, visit):
    """Township staff of its place; its author while it can still be corrected."""
    if _is_township_staff(user):
        return True
    cadre = getattr(user, "cadre", None) if user.role == User.Role.CADRE else None
    return cadre is not None and editable(visit, cadre)


def may_hide_concern(user):
    return _is_township_staff(user)


def may_restore(user):
    return _is_township_staff(user)


def _save(obj, *, by, reason, hidden_at):
    obj.hidden_at = hidden_at
    obj.hidden_by = by if hidden_at is not None else None
    obj._history_user = by
    obj._change_reason = reason
    obj.save(update_fields=["hidden_at", "hidden_by"])
    return obj


@transaction.atomic
def hide(*, obj, by, now=None):
    """Hide a visit or a concern (kept, counted nowhere, restorable)."""
    return _save(obj, by=by, reason="hidden", hidden_at=now or timezone.now())


@transaction.atomic
def restore(*, obj, by):
    return _save(obj, by=by, reason="restored", hidden_at=None)
