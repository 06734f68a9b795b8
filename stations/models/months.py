"""A station's month of records (月度材料) and its approval: submitted by the station's
chief, reviewed by the township, approved by the county (DHIS2's data approval).

A month without a row is open. Once submitted (and until it is sent back, withdrawn or
reopened) the station's records dated in that month are locked: see
``stations.materials.locks``. The moves themselves are ``visits.materials.services``.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from villages import standards
from villages.scoping import PlaceQuerySet


class MonthState(models.TextChoices):
    OPEN = "open", pgettext_lazy("month of materials", "open")
    SUBMITTED = "submitted", _("submitted by the station")
    REVIEWED = "reviewed", _("reviewed by the township")
    APPROVED = "approved", _("approved by the county")


# From submission on, what the township and the county read must not change under them.
LOCKED_STATES = (MonthState.SUBMITTED, MonthState.REVIEWED, MonthState.APPROVED)


class StationMonthQuerySet(PlaceQuerySet):
    prefecture_path = "station__village__township__county__prefecture"
    county_path = "station__village__township__county"
    township_path = "station__village__township"
    village_path = "station__village"
    station_path = "station"

    def of_month(self, year, month):
        return self.filter(year=year, month=month)

    def locked(self):
        return self.filter(state__in=LOCKED_STATES)


class StationMonth(models.Model):
    """One station's month of records and where it stands in the approval."""

    station = models.ForeignKey(
        "stations.WorkStation",
        on_delete=models.CASCADE,
        related_name="months",
        verbose_name=_("station"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    state = models.CharField(_("state"), max_length=20, choices=MonthState, default=MonthState.OPEN)
    # The first submission decides whether the month came in on time; a month sent back
    # and submitted again keeps it.
    first_submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        "cadres.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        "cadres.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        "cadres.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = StationMonthQuerySet.as_manager()

    class Meta:
        verbose_name = _("station month")
        verbose_name_plural = _("station months")
        ordering = ["station_id", "-year", "-month"]
        constraints = [
            models.UniqueConstraint(
                fields=["station", "year", "month"], name="one_row_per_station_month"
            ),
            models.CheckConstraint(
                condition=Q(month__gte=1, month__lte=12), name="station_month_is_a_month"
            ),
        ]
        indexes = [
            # The township's and the county's lists of one month.
            models.Index(fields=["year", "month", "state"], name="station_month_list_idx"),
        ]

    def __str__(self):
        return f"{self.station_id} {self.year}-{self.month:02d} {self.state}"

    @property
    def is_locked(self):
        return self.state in LOCKED_STATES


class StationMonthEvent(models.Model):
    """One move of a station's month: who, when, from which state to which, and why."""

    station_month = models.ForeignKey(StationMonth, on_delete=models.CASCADE, related_name="events")
    move = models.CharField(_("move"), max_length=20)
    from_state = models.CharField(_("from"), max_length=20, choices=MonthState)
    to_state = models.CharField(_("to"), max_length=20, choices=MonthState)
    by = models.ForeignKey(
        "cadres.User",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("station month move")
        verbose_name_plural = _("station month moves")
        ordering = ["station_month_id", "at", "pk"]

    def __str__(self):
        return f"{self.station_month_id} {self.move}"


class MaterialsStandardQuerySet(PlaceQuerySet):
    prefecture_path = "county__prefecture"
    county_path = "county"

    def for_county(self, county_id):
        """The county's rule for monthly materials: its saved row, or the defaults unsaved."""
        return self.in_place(county=county_id).first() or self.model(county_id=county_id)


class MaterialsStandard(models.Model):
    """A county's standard for the stations' monthly materials (one of its 考核标准):
    by which day of the next month a month is due, and after how many days a visit
    counts as logged late. Kept beside ``villages.Standard`` (defaults in
    ``villages.standards``)."""

    county = models.OneToOneField(
        "villages.County",
        on_delete=models.CASCADE,
        related_name="materials_standard",
        verbose_name=_("county"),
    )
    due_day = models.PositiveSmallIntegerField(
        _("materials due by day of the next month"),
        default=standards.MATERIALS_DUE_DAY,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
    )
    late_log_days = models.PositiveSmallIntegerField(
        _("a visit is logged late after (days)"),
        default=standards.LATE_LOG_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
    )

    objects = MaterialsStandardQuerySet.as_manager()

    class Meta:
        verbose_name = _("materials standard")
        verbose_name_plural = _("materials standards")
        constraints = [
            models.CheckConstraint(
                condition=Q(due_day__gte=1, due_day__lte=28), name="materials_due_day_in_month"
            ),
            models.CheckConstraint(
                condition=Q(late_log_days__gte=1), name="materials_late_log_days_positive"
            ),
        ]

    def __str__(self):
        return str(self.county_id)
