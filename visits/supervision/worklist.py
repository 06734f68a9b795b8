"""What the township office should do next: the worklist on top of its start page.

Each item is a count of rows waiting for the township, the sentence that says
which rows (``definitions.WORKLIST``), and the page where the work is done,
already narrowed to those rows, so the action is one click away. Items with
nothing waiting stay on the list (saying so, quietly): an item that comes and
goes would leave the reader wondering whether it was checked.

A fixed number of queries whatever the size of the township: one per item,
and the measures of the shortfall list for the members below quota.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from cadres.models import Feedback
from stations.cards.services import stale_cards
from stations.models import ContactCard, DutyDay
from villages.definitions import Definition
from villages.models import Household, Standard, Township
from visits.models import Concern
from visits.supervision.definitions import WORKLIST
from visits.supervision.measures import MEMBER_KINDS
from visits.supervision.period import Period
from visits.supervision.shortfalls import shortfalls_of


@dataclass
class Item:
    key: str
    count: int
    url: str
    action: str  # what the reader does there, as the link's words
    definition: Definition

    @property
    def label(self):
        return self.definition.label


def _url(name, *args, **query):
    url = reverse(name, args=args)
    return f"{url}?{urlencode(query)}" if query else url


def concern_counts(concerns, today):
    """``{"overdue": n, "to_assign": n}`` of ``concerns``, in one query."""
    return concerns.aggregate(
        overdue=Count("pk", filter=Concern.overdue_q(today)),
        to_assign=Count("pk", filter=Q(state=Concern.State.ESCALATED)),
    )


def missed_duty_days(duty_days, today):
    """This month's rostered duty days before today that were not held."""
    return duty_days.filter(date__gte=today.replace(day=1), date__lt=today, held=False)


def township_worklist(township: Township, *, stations, today: datetime.date):
    """The township's worklist: ``stations`` are the township's stations the user may see."""
    concerns = concern_counts(Concern.objects.in_place(township=township), today)
    missed = missed_duty_days(DutyDay.objects.in_place(station=stations), today).count()
    valid = ContactCard.objects.valid().in_place_of("household", township=township)
    stale = stale_cards(valid).count()
    # A household's own valid card, looked up by index (EXISTS): "not in the township's
    # valid cards" made the database read every household of the city (0.2 s at 830,000).
    no_card = (
        Household.objects.in_place(township=township)
        .exclude(Exists(ContactCard.objects.valid().filter(household=OuterRef("pk"))))
        .count()
    )
    unread = Feedback.objects.in_place(township=township).filter(read_at__isnull=True).count()
    behind = members_behind(township, stations=stations, today=today)
    pk = township.pk
    items = [
        Item(
            "overdue",
            concerns["overdue"],
            _url("concerns:township_concerns", pk, tab="overdue"),
            _("Chase the offices"),
            WORKLIST["overdue"],
        ),
        Item(
            "to_assign",
            concerns["to_assign"],
            _url("concerns:township_concerns", pk, tab="escalated"),
            _("Assign them to an office"),
            WORKLIST["to_assign"],
        ),
        Item(
            "missed_duty",
            missed,
            _url("stations:duty_calendar_month", pk, today.year, today.month),
            _("See the duty calendar"),
            WORKLIST["missed_duty"],
        ),
        Item(
            "stale_cards",
            stale,
            _url("stations:card_stale", pk),
            _("Reissue the cards"),
            WORKLIST["stale_cards"],
        ),
        Item(
            "no_card",
            no_card,
            _url("stations:card_township", pk),
            _("Issue cards"),
            WORKLIST["no_card"],
        ),
        Item(
            "unread_feedback",
            unread,
            _url("cadres:feedback_inbox", show="unread", township=pk),
            _("Read and reply"),
            WORKLIST["unread_feedback"],
        ),
        Item(
            "members_behind",
            behind,
            _url("supervision:supervision_township_shortfalls", pk, group="kind"),
            _("See who is behind on what"),
            WORKLIST["members_behind"],
        ),
    ]
    return {"worklist": items, "worklist_waiting": sum(1 for item in items if item.count)}


def members_behind(township, *, stations, today):
    """How many members are behind on a personal standard this month so far."""
    rows = shortfalls_of(
        stations=stations,
        period=Period.this_month(today),
        standard=Standard.objects.for_county(township.county_id),
        today=today,
        kinds=set(MEMBER_KINDS),
    )
    return len({row.cadre.pk for row in rows})
