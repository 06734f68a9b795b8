"""Writes of visit logs: one visit with its companions, photos and duty day, all or nothing."""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from stations.duty.services import record_reception
from visits.models import Concern, Visit, VisitPhoto
from visits.photos import delete_photos


class TokenTaken(Exception):
    """The form token belongs to another cadre's visit: a forged or stale form."""


def editable(visit, cadre):
    """A cadre may correct their own log for VISIT_EDIT_HOURS after writing it."""
    window = datetime.timedelta(hours=settings.VISIT_EDIT_HOURS)
    return visit.author_id == cadre.pk and timezone.now() - visit.created_at <= window


class VisitHidden(Exception):
    """The visit was hidden before the change could be saved: nothing was written."""

    def __init__(self, visit):
        super().__init__(visit.pk)
        self.visit = visit


def _current(visit):
    """The visit's row as it is now, locked until the transaction ends.

    A change is made to this row, never to the copy the page read: what happened
    in between (hidden, its follow-up handed to a successor, a household's data
    removed) is neither undone nor written over.
    """
    current = Visit.all_objects.select_for_update().get(pk=visit.pk)
    if current.is_hidden:
        raise VisitHidden(current)
    return current


@transaction.atomic
def log_visit(*, author, station, token, fields, companions=(), photos=(), reception=False):
    """Create the visit the form with ``token`` describes, once.

    Returns ``(visit, created)``. A second send of the same form (a double tap,
    a browser retry, a resend after a lost connection) finds the first visit
    and changes nothing.
    """
    existing = Visit.all_objects.filter(token=token).first()
    if existing is None:
        visit = Visit(author=author, station=station, token=token, **fields)
        if visit.follow_up:
            visit.follow_up_owner = author
        if not visit.village_id:
            visit.village_id = station.village_id
        try:
            with transaction.atomic():
                visit.save()
        except IntegrityError:
            # The same token arrived twice at once: the other request won.
            existing = Visit.all_objects.get(token=token)
    if existing is not None:
        if existing.author_id != author.pk:
            raise TokenTaken(token)
        return existing, False
    visit.companions.set(companions)
    for photo in photos:
        VisitPhoto.objects.create(visit=visit, image=photo)
    if reception:
        duty_day = record_reception(
            station=station, day=timezone.localdate(visit.occurred_at), cadre=author
        )
        if duty_day is not None:
            visit.duty_day = duty_day
            visit.save(update_fields=["duty_day"])
    return visit, True


@transaction.atomic
def edit_visit(*, visit, fields, companions=None, photos=(), remove_photos=()):
    """Save a cadre's correction; django-simple-history keeps the earlier version.

    Returns the visit as saved; ``VisitHidden`` if it was hidden meanwhile.
    """
    visit = _current(visit)
    for name, value in fields.items():
        setattr(visit, name, value)
    if visit.follow_up and visit.follow_up_owner_id is None:
        visit.follow_up_owner_id = visit.author_id
    visit.save()
    if companions is not None:
        visit.companions.set(companions)
    # A removed photo has no history row to show it: its file goes too.
    delete_photos(visit.photos.filter(pk__in=[p.pk for p in remove_photos]))
    for photo in photos:
        VisitPhoto.objects.create(visit=visit, image=photo)
    return visit


@transaction.atomic
def close_follow_up(*, visit):
    visit = _current(visit)
    visit.follow_up_closed_on = timezone.localdate()
    visit.save(update_fields=["follow_up_closed_on", "updated_at"])


def close_follow_up_with_its_concerns(*, visit_id, on):
    """Close the open follow-up of visit ``visit_id`` once none of the concerns raised in
    it is open any more: the follow-up was that matter, and the matter is settled.

    Called by the concern services in the transaction of the move that closed the last
    one. Returns whether a follow-up was closed.
    """
    visit = Visit.objects.open_follow_ups().select_for_update().filter(pk=visit_id).first()
    if visit is None or Concern.objects.filter(raised_in=visit_id).open().exists():
        return False
    visit.follow_up_closed_on = on
    visit.save(update_fields=["follow_up_closed_on", "updated_at"])
    return True
