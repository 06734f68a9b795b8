"""The long lists of the monthly report: concerns, major events, meetings and deeds.

Each reads its queryset with ``.iterator()`` when a file is written (the
rows are ``blocks.Rows``), so a county-size month does not need a
county-size amount of memory. Which rows each holds:

- concerns: raised in the period or done in it (the period's handling);
- major events: concerns marked as major events, raised or done in the period;
- meetings: held in the period; deeds: done in the period.

Households' phone numbers are always masked (138****1234), whoever asks: the
report is printed and passed up to the county, and its work (supervision)
does not need them in full; township staff call households from the
register, whose export holds them (``villages.privacy``). Numbers written
into a concern's text are starred out the same way (``mask_personal``).
"""

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from villages.privacy import mask_phone
from villages.wording import listing
from visits.concerns.selectors import mask_personal
from visits.models import Concern, Deed, Meeting, Visit, VisitPhoto
from visits.reports.blocks import Rows, Table
from visits.reports.titles import title

CHUNK = 2000  # rows read at a time


def _concerns(*, period, user, county=None, township=None):
    handled = Q(raised_at__gte=period.since, raised_at__lt=period.until) | Q(
        done_on__gte=period.start, done_on__lte=period.end
    )
    rows = Concern.objects.visible_to(user).in_place(county=county, township=township)
    return rows.filter(handled)


def concerns_table(*, period, user, county=None, township=None):
    """The concerns raised or done in the period, oldest first."""
    as_of = period.as_of()
    concerns = (
        _concerns(period=period, user=user, county=county, township=township)
        .select_related("township", "station", "village", "household", "office")
        .order_by("raised_at", "pk")
    )

    def rows():
        for c in concerns.iterator(chunk_size=CHUNK):
            yield [
                _local_day(c.raised_at),
                c.township.name,
                c.station.name,
                c.village.name,
                c.household.head_name if c.household else "",
                mask_phone(c.household.phone) if c.household else "",
                c.get_category_display(),
                mask_personal(c.description),
                c.get_urgency_display(),
                c.get_state_display(),
                _local_day(c.escalated_at),
                c.office.name if c.office else "",
                c.deadline,
                c.done_on,
                _yes_no(c.done_on_time),
                _yes_no(c.is_overdue(as_of)),
                mask_personal(c.result),
                c.get_verdict_display(),
                _yes_no(c.major_event),
            ]

    return Table(
        key="concerns",
        title=title("concerns"),
        columns=[
            (_("Raised on"), "date"),
            (_("Township"), "text"),
            (_("Station"), "text"),
            (_("Village"), "text"),
            (_("Household"), "text"),
            (_("Phone"), "text"),
            (_("Category"), "text"),
            (_("What was raised"), "text"),
            (_("Urgency"), "text"),
            (_("State"), "text"),
            (_("Escalated on"), "date"),
            (_("Office"), "text"),
            (_("Deadline"), "date"),
            (_("Done on"), "date"),
            (_("Done on time"), "text"),
            (_("Overdue"), "text"),
            (_("Result"), "text"),
            (_("Household's verdict"), "text"),
            (_("Major event"), "text"),
        ],
        rows=Rows(rows),
    )


def _local_day(moment):
    return timezone.localtime(moment).date() if moment else None


def _yes_no(value):
    if value is None:
        return ""
    return _("yes") if value else _("no")


def major_events(*, period, user, county=None, township=None):
    """The period's major events (concerns marked so, raised or done in the period), oldest
    first, each with ``photos``: the photos of the visit it was raised in (two queries)."""
    events = list(
        _concerns(period=period, user=user, county=county, township=township)
        .filter(major_event=True)
        .select_related("township", "station", "village", "household", "office", "raised_in")
        .prefetch_related(
            Prefetch(
                "raised_in__photos",
                queryset=VisitPhoto.objects.order_by("uploaded_at", "pk"),
                to_attr="report_photos",
            )
        )
        .order_by("raised_at", "pk")
    )
    visible = set()
    if any(e.raised_in_id for e in events):
        # The photos are the visit's: only those whose visit the user may read.
        visible = set(
            Visit.objects.visible_to(user)
            .filter(pk__in=[e.raised_in_id for e in events if e.raised_in_id])
            .values_list("pk", flat=True)
        )
    for event in events:
        shown = event.raised_in_id in visible
        event.photos = list(event.raised_in.report_photos) if shown else []
    return events


def major_events_table(events):
    return Table(
        key="major_events",
        title=title("major_events"),
        columns=[
            (_("Raised on"), "date"),
            (_("Township"), "text"),
            (_("Station"), "text"),
            (_("Village"), "text"),
            (_("Household"), "text"),
            (_("Category"), "text"),
            (_("What was raised"), "text"),
            (_("State"), "text"),
            (_("Office"), "text"),
            (_("Done on"), "date"),
            (_("Result"), "text"),
            (_("Photos"), "int"),
        ],
        rows=[
            [
                _local_day(e.raised_at),
                e.township.name,
                e.station.name,
                e.village.name,
                e.household.head_name if e.household else "",
                e.get_category_display(),
                mask_personal(e.description),
                e.get_state_display(),
                e.office.name if e.office else "",
                e.done_on,
                mask_personal(e.result),
                len(e.photos),
            ]
            for e in events
        ],
    )


def meetings_table(*, period, user, county=None, township=None):
    """The meetings held in the period, oldest first."""
    meetings = (
        Meeting.objects.visible_to(user)
        .in_place(county=county, township=township)
        .filter(held_at__gte=period.since, held_at__lt=period.until)
        .select_related("station__village__township")
        .prefetch_related("attendees")
        .order_by("held_at", "pk")
    )

    def rows():
        for m in meetings.iterator(chunk_size=CHUNK):
            yield [
                m.held_at,
                m.station.village.township.name,
                m.station.name,
                m.get_kind_display(),
                m.place,
                m.topics,
                m.villagers,
                listing(sorted(c.name for c in m.attendees.all())),
            ]

    return Table(
        key="meetings",
        title=title("meetings"),
        columns=[
            (_("Held at"), "date"),
            (_("Township"), "text"),
            (_("Station"), "text"),
            (_("Kind"), "text"),
            (_("Place"), "text"),
            (_("Topics"), "text"),
            (_("Villagers attending"), "int"),
            (_("Cadres attending"), "text"),
        ],
        rows=Rows(rows),
    )


def deeds_table(*, period, user, county=None, township=None):
    """The practical deeds done in the period, oldest first."""
    deeds = (
        Deed.objects.visible_to(user)
        .in_place(county=county, township=township)
        .filter(done_on__gte=period.start, done_on__lte=period.end)
        .select_related("station__village__township")
        .prefetch_related("cadres")
        .order_by("done_on", "pk")
    )

    def rows():
        for d in deeds.iterator(chunk_size=CHUNK):
            yield [
                d.done_on,
                d.station.village.township.name,
                d.station.name,
                d.get_category_display(),
                d.what,
                d.money_raised,
                d.people_helped,
                d.quantity,
                d.get_unit_display() if d.unit else "",
                listing(sorted(c.name for c in d.cadres.all())),
            ]

    return Table(
        key="deeds",
        title=title("deeds"),
        columns=[
            (_("Date"), "date"),
            (_("Township"), "text"),
            (_("Station"), "text"),
            (_("Category"), "text"),
            (_("What was done"), "text"),
            (_("Money raised (yuan)"), "decimal"),
            (_("People helped"), "int"),
            (_("Quantity"), "decimal"),
            (_("Unit"), "text"),
            (_("Cadres"), "text"),
        ],
        rows=Rows(rows),
    )
