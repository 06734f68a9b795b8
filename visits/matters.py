"""The cadre's open matters (我的待办): one list instead of two books.

A matter is an open follow-up of a visit the cadre carries, an open concern
the cadre carries, or both at once: a follow-up whose visit raised a concern
is that concern's matter, shown once, with the concern (its state, office and
deadline say where it stands; the follow-up closes when the concern does,
``visits.concerns.services``). What the cadre carries:

- follow-ups of visits they wrote, or were handed on a rotation
  (``follow_up_owner``);
- open concerns they raised, and those township staff entered for their
  station (no cadre raised them, so the station's members share them).

Overdue first, then by deadline (none last), then the newest. Two queries.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q

from visits.models import Concern, Visit

MATTERS_SHOWN = 30


@dataclass
class Matter:
    visit: Visit | None = None  # the visit whose follow-up is open
    concerns: list = field(default_factory=list)  # its open concerns, or the one concern
    overdue: bool = False
    deadline: datetime.date | None = None
    at: datetime.datetime | None = None  # when the visit took place or the concern was raised

    @property
    def follow_up_only(self):
        """A follow-up with no open concern: the cadre closes it by hand."""
        return not self.concerns


def open_follow_ups(cadre):
    carried = Q(follow_up_owner=cadre) | Q(follow_up_owner__isnull=True, author=cadre)
    return (
        Visit.objects.open_follow_ups()
        .filter(carried)
        .select_related("household", "village")
        .order_by("-occurred_at", "-pk")
    )


def _matter(visit, concerns, today):
    for concern in concerns:
        concern.overdue = concern.is_overdue(today)
    deadlines = [c.deadline for c in concerns if c.deadline]
    return Matter(
        visit=visit,
        concerns=concerns,
        overdue=any(c.overdue for c in concerns),
        deadline=min(deadlines, default=None),
        at=visit.occurred_at if visit else concerns[0].raised_at,
    )


def open_matters(cadre, *, user, today: datetime.date) -> list[Matter]:
    """The cadre's open matters, most pressing first (at most ``MATTERS_SHOWN``)."""
    follow_ups = list(open_follow_ups(cadre)[:MATTERS_SHOWN])
    concerns = list(
        Concern.objects.visible_to(user)
        .open()
        .filter(
            Q(raised_by=cadre)
            | Q(raised_by__isnull=True)
            | Q(raised_in__in=[v.pk for v in follow_ups])
        )
        .select_related("household", "village", "office")
        .order_by("deadline", "-raised_at", "-pk")[: 2 * MATTERS_SHOWN]
    )
    by_visit = {}
    for concern in concerns:
        by_visit.setdefault(concern.raised_in_id, []).append(concern)
    matters = [_matter(visit, by_visit.pop(visit.pk, []), today) for visit in follow_ups]
    matters += [_matter(None, [c], today) for group in by_visit.values() for c in group]
    newest = datetime.datetime.max.replace(tzinfo=datetime.UTC)
    matters.sort(
        key=lambda m: (
            not m.overdue,
            m.deadline is None,
            m.deadline or today,
            newest - m.at,
        )
    )
    return matters[:MATTERS_SHOWN]
