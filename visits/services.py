"""Writes of visit logs: one visit with its companions, photos and duty day, all or nothing."""

import datetime
import uuid

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from stations.duty.services import record_reception
from stations.materials.locks import refuse_if_locked
from visits.concerns import flow
from visits.concerns import services as concern_services
from visits.models import Visit, VisitPhoto
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
def log_visit(
    *, author, station, token, fields, companions=(), photos=(), reception=False, concern=None
):
    """Create the visit the form with ``token`` describes, once.

    Returns ``(visit, created)``. A second send of the same form (a double tap,
    a browser retry, a resend after a lost connection) finds the first visit
    and changes nothing. ``concern`` ({"category", "move", "result"}) raises what
    was asked as a concern of the visit, in the same transaction: both or neither
    (``concern_services.MoveRefused`` when the cadre may not raise it that way).
    """
    existing = Visit.all_objects.filter(token=token).first()
    if existing is None:
        visit = Visit(author=author, station=station, token=token, **fields)
        # A month the station submitted takes no new records (``MonthLocked``).
        refuse_if_locked(station=station, day=visit.occurred_at)
        if visit.follow_up:
            visit.follow_up_owner = author
        if not visit.village_id:
            visit.village_id = station.village_id
        if reception:
            # Linked before the first save: a later save would read as a change in the
            # visit's history ("修改") nobody made.
            visit.duty_day = record_reception(
                station=station, day=timezone.localdate(visit.occurred_at), cadre=author
            )
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
    if companions:
        visit.companions.set(companions)
        _one_creation_record(visit)
    for photo in photos:
        VisitPhoto.objects.create(visit=visit, image=photo)
    if concern:
        _raise_concern(visit, **concern)
    return visit, True


def _raise_concern(visit, *, category, move, result):
    move = flow.MOVES[move]
    concern_services.raise_concern(
        user=visit.author.user,
        station=visit.station,
        move=move,
        # Derived from the visit's token: the visit and its concern are one form.
        token=uuid.uuid5(uuid.UUID(str(visit.token)), "concern"),
        fields={"category": category, "description": visit.asked, "household": visit.household},
        visit=visit,
        result=result,  # kept by the concern service only when solved on the spot
    )


def _one_creation_record(visit):
    """Keep one "created" entry in the new visit's history, with its companions.

    Setting the companions after the first save adds a "changed" entry (the
    history keeps who went along); a visit's page would list it as a change
    nobody made. The last entry holds the whole visit: it becomes the creation.
    """
    records = list(visit.history.order_by("-history_date", "-history_id"))
    last = records[0]
    last.history_type = "+"
    last.save(update_fields=["history_type"])
    visit.history.filter(history_id__in=[r.history_id for r in records[1:]]).delete()


@transaction.atomic
def edit_visit(*, visit, fields, companions=None, photos=(), remove_photos=()):
    """Save a cadre's correction; django-simple-history keeps the earlier version.

    Returns the visit as saved; ``VisitHidden`` if it was hidden meanwhile;
    ``MonthLocked`` if its month, or the month it would move to, is submitted.
    """
    visit = _current(visit)
    refuse_if_locked(station=visit.station_id, day=visit.occurred_at)
    for name, value in fields.items():
        setattr(visit, name, value)
    refuse_if_locked(station=visit.station_id, day=visit.occurred_at)
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
