"""Concerns (民情诉求): what a household raises, and how it is handled.

A concern is solved on the spot, handled by the station, or escalated to the
township, which assigns it (批办) to one of its offices with a deadline; the
result is fed back (反馈) to the household, whose verdict closes or reopens
it. Which move may be made from which state, and by whom, is the table in
``visits.concerns.flow``; the writes are in ``visits.concerns.services``.
Every move is a ``ConcernEvent``; nothing is ever deleted.
"""

import datetime

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cadres.models import Office, is_office_staff
from villages.scoping import PlaceQuerySet
from visits.models.notice import PublicWording
from visits.models.visits import Hideable, ShownManager


def day_start(day):
    """The moment a local (Asia/Shanghai) day begins, as an aware datetime.

    Filters on days use ``[day_start(first), day_start(last + 1 day))`` so the
    database compares plain timestamps and the day boundary is local midnight.
    """
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def next_day_start(day):
    return day_start(day + datetime.timedelta(days=1))


class ConcernQuerySet(PlaceQuerySet):
    prefecture_path = "township__county__prefecture"
    county_path = "township__county"
    township_path = "township"
    village_path = "village"
    station_path = "station"

    def visible_to(self, user):
        # Office staff have their township as scope (its offices, its public
        # notice) but see only what is assigned to their office, no other's.
        if is_office_staff(user):
            return self.filter(office_id=user.office_id) if user.office_id else self.none()
        return super().visible_to(user)

    def open(self):
        return self.filter(state__in=Concern.OPEN_STATES)

    def overdue(self, *, on):
        return self.filter(Concern.overdue_q(on))

    def disputes(self):
        return self.filter(category__startswith=Concern.DISPUTE_PREFIX)

    def hidden(self):
        return self.filter(hidden_at__isnull=False)


class Concern(PublicWording, Hideable):
    """A concern a household raised (民情诉求), from raising to the household's verdict."""

    class Category(models.TextChoices):
        # Values start with their group ("dispute_", "help_", "infra_"):
        # figures group and filter on that prefix in the database.
        DISPUTE_LAND = "dispute_land", _("land dispute")
        DISPUTE_FOREST = "dispute_forest", _("forest dispute")
        DISPUTE_NEIGHBOURS = "dispute_neighbours", _("dispute between neighbours")
        DISPUTE_FAMILY = "dispute_family", _("family dispute")
        DISPUTE_OTHER = "dispute_other", _("other dispute")
        HELP_SUBSISTENCE = "help_subsistence", _("subsistence allowance")
        HELP_MEDICAL = "help_medical", _("medical help")
        HELP_SCHOOLING = "help_schooling", _("schooling help")
        HELP_EMPLOYMENT = "help_employment", _("employment help")
        HELP_HOUSING = "help_housing", _("housing help")
        INFRA_ROAD = "infra_road", _("road")
        INFRA_WATER = "infra_water", _("water supply")
        INFRA_POWER = "infra_power", _("power supply")
        POLICY = "policy", _("policy question")
        PETITION = "petition", _("petition")
        SUGGESTION = "suggestion", _("suggestion")

    class State(models.TextChoices):
        ON_SPOT = "on_spot", _("solved on the spot")
        STATION = "station", _("handled by the station")
        ESCALATED = "escalated", _("escalated to the township")
        ASSIGNED = "assigned", _("assigned to an office")
        DONE = "done", _("done, feedback due")
        FED_BACK = "fed_back", _("fed back, verdict due")
        CLOSED = "closed", _("closed")
        EXPLAINED = "explained", _("closed as explained")

    class Urgency(models.TextChoices):
        NORMAL = "normal", _("normal")
        URGENT = "urgent", _("urgent")

    class FeedbackHow(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        PHONE = "phone", _("by phone")
        NOTICE = "notice", _("by written notice")

    class Verdict(models.TextChoices):
        SATISFIED = "satisfied", _("satisfied")
        BASICALLY = "basically", _("basically satisfied")
        NOT_SATISFIED = "not_satisfied", _("not satisfied")

    class Mediation(models.TextChoices):
        SUCCEEDED = "succeeded", _("mediated successfully")
        FAILED = "failed", _("mediation failed")
        REFERRED = "referred", _("referred on")

    class PetitionStep(models.TextChoices):
        LODGED = "lodged", _("lodged on the household's behalf")
        ACCEPTED = "accepted", _("accepted by the petition office")
        ANSWERED = "answered", _("answer received")
        REVIEW = "review", _("review requested")
        OTHER = "other", _("other step")

    DISPUTE_PREFIX = "dispute_"
    CATEGORY_GROUPS = [
        (_("dispute"), "dispute_"),
        (_("livelihood help"), "help_"),
        (_("infrastructure"), "infra_"),
        (_("other"), ""),
    ]
    OPEN_STATES = (
        State.STATION,
        State.ESCALATED,
        State.ASSIGNED,
        State.DONE,
        State.FED_BACK,
    )
    SATISFIED = (Verdict.SATISFIED, Verdict.BASICALLY)

    township = models.ForeignKey(
        "villages.Township",
        on_delete=models.PROTECT,
        related_name="concerns",
        verbose_name=_("township"),
        help_text=_("The station's township, kept here for the inbox and the public notice."),
    )
    station = models.ForeignKey(
        "stations.WorkStation",
        on_delete=models.PROTECT,
        related_name="concerns",
        verbose_name=_("station"),
    )
    village = models.ForeignKey(
        "villages.Village",
        on_delete=models.PROTECT,
        related_name="concerns",
        verbose_name=_("village"),
    )
    household = models.ForeignKey(
        "villages.Household",
        on_delete=models.PROTECT,
        related_name="concerns",
        null=True,
        blank=True,
        verbose_name=_("household"),
    )
    raised_in = models.ForeignKey(
        "visits.Visit",
        on_delete=models.PROTECT,
        related_name="concerns",
        null=True,
        blank=True,
        verbose_name=_("raised in"),
    )
    raised_by = models.ForeignKey(
        "cadres.Cadre",
        on_delete=models.PROTECT,
        related_name="concerns",
        null=True,
        blank=True,
        verbose_name=_("raised by"),
    )
    created_by = models.ForeignKey(
        "cadres.User",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    category = models.CharField(_("category"), max_length=30, choices=Category)
    description = models.TextField(_("what was raised"))
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency, default=Urgency.NORMAL)
    major_event = models.BooleanField(
        _("major event"),
        default=False,
        help_text=_("Goes into the month's booklet of major events."),
    )
    state = models.CharField(_("state"), max_length=20, choices=State)
    # Raised when the visit took place (a visit logged late raises its
    # concerns on the visit's day), or when township staff entered it.
    raised_at = models.DateTimeField(_("raised at"))
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        related_name="concerns",
        null=True,
        blank=True,
        verbose_name=_("business office"),
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        "cadres.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    # The office signed for it (签收); a new assignment clears it: the next office signs anew.
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    # The local day of done_at: "done on time" compares it with the deadline in the database.
    done_on = models.DateField(_("done on"), null=True, blank=True)
    result = models.TextField(_("result"), blank=True)
    feedback_how = models.CharField(
        _("feedback given"), max_length=20, choices=FeedbackHow, blank=True
    )
    feedback_on = models.DateField(_("feedback given on"), null=True, blank=True)
    feedback_by = models.ForeignKey(
        "cadres.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("feedback given by"),
    )
    verdict = models.CharField(_("household's verdict"), max_length=20, choices=Verdict, blank=True)
    verdict_at = models.DateTimeField(_("verdict given at"), null=True, blank=True)
    mediation = models.CharField(
        _("mediation outcome"), max_length=20, choices=Mediation, blank=True
    )
    mediation_at = models.DateTimeField(_("mediation outcome at"), null=True, blank=True)
    explanation = models.TextField(_("explanation given"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # Every move claims the concern with a conditional UPDATE on this number:
    # of two staff assigning it at once, one wins and the other is told.
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)
    # The one-time token of the form that raised it: a resent form finds it.
    token = models.UUIDField(_("form token"), null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()
    objects = ShownManager.from_queryset(ConcernQuerySet)()
    all_objects = ConcernQuerySet.as_manager()

    class Meta:
        verbose_name = _("concern")
        verbose_name_plural = _("concerns")
        ordering = ["-raised_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="assigned") | Q(office__isnull=False, deadline__isnull=False),
                name="assigned_concern_has_office_and_deadline",
            ),
            models.CheckConstraint(
                condition=Q(done_at__isnull=True, done_on__isnull=True)
                | Q(done_at__isnull=False, done_on__isnull=False),
                name="concern_done_day_with_time",
            ),
        ]
        indexes = [
            # The township's inbox: escalated, done, fed back, oldest first.
            models.Index(
                fields=["township", "state", "raised_at"], name="concern_township_state_idx"
            ),
            # An office's inbox: its assignments, earliest deadline (overdue) first.
            models.Index(fields=["office", "state", "deadline"], name="concern_office_inbox_idx"),
            # The station's ledger.
            models.Index(fields=["station", "-raised_at"], name="concern_station_time_idx"),
            # "Concerns I carry" on the cadre's start page.
            models.Index(fields=["raised_by", "state"], name="concern_raised_by_idx"),
            # The public notice: a township's assigned concerns, by month of assignment.
            models.Index(
                fields=["township", "assigned_at"],
                condition=Q(assigned_at__isnull=False),
                name="concern_notice_idx",
            ),
        ]

    def __str__(self):
        return f"{self.get_category_display()} · {self.raised_at:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("visits:concern_detail", args=[self.pk])

    @property
    def is_dispute(self):
        return self.category.startswith(self.DISPUTE_PREFIX)

    @property
    def is_petition(self):
        return self.category == self.Category.PETITION

    @property
    def is_open(self):
        return self.state in self.OPEN_STATES

    @classmethod
    def overdue_q(cls, day):
        """Overdue on ``day``: assigned by then, deadline before it, not done or closed by then.

        The deadline counts in local (Asia/Shanghai) days: a concern due on
        the 30th is overdue from midnight of the 31st, Beijing time.
        """
        end = next_day_start(day)
        return (
            Q(assigned_at__lt=end, deadline__lt=day)
            & (Q(done_on__isnull=True) | Q(done_on__gt=day))
            & (Q(closed_at__isnull=True) | Q(closed_at__gte=end))
        )

    def is_overdue(self, today=None):
        today = today or timezone.localdate()
        if self.assigned_at is None or self.deadline is None or self.deadline >= today:
            return False
        not_done = self.done_on is None or self.done_on > today
        not_closed = self.closed_at is None or self.closed_at >= next_day_start(today)
        return not_done and not_closed

    @property
    def done_on_time(self):
        """Done on or before the deadline (a concern without a deadline is on time when done)."""
        if self.done_on is None:
            return None
        return self.deadline is None or self.done_on <= self.deadline

    @classmethod
    def category_choices(cls):
        """The categories grouped for a <select> with <optgroup>s."""
        groups = []
        for label, prefix in cls.CATEGORY_GROUPS:
            members = [
                (value, name)
                for value, name in cls.Category.choices
                if (value.startswith(prefix) if prefix else "_" not in value)
            ]
            groups.append((label, members))
        return groups


class ConcernEvent(models.Model):
    """One move on a concern's timeline: who, when, from which state to which, and a note."""

    concern = models.ForeignKey(
        Concern, on_delete=models.PROTECT, related_name="events", verbose_name=_("concern")
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    actor = models.ForeignKey(
        "cadres.User",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    move = models.CharField(_("move"), max_length=30)
    from_state = models.CharField(_("from"), max_length=20, choices=Concern.State, blank=True)
    to_state = models.CharField(_("to"), max_length=20, choices=Concern.State)
    note = models.TextField(_("note"), blank=True)
    # What the move recorded besides the note, where it has something.
    office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("business office"),
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    # The verdict, mediation outcome, feedback channel or petition step recorded.
    value = models.CharField(_("value"), max_length=30, blank=True)
    # The concern's version this move produced: two moves can never both
    # start from the same version.
    version = models.PositiveIntegerField(_("version"))

    class Meta:
        verbose_name = _("concern event")
        verbose_name_plural = _("concern events")
        ordering = ["concern_id", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["concern", "version"], name="one_event_per_concern_version"
            ),
        ]

    def __str__(self):
        return f"{self.concern_id} #{self.version} {self.move}"
