"""A station's annual work plan (年度工作计划): one a year, its targets item by item.

Written by the station's chief or the township's staff, submitted, and approved by the
township (or sent back with a reason). Each item names a measure the recorded work
already counts (visits, concerns resolved, practical deeds, meetings, night
activities): its progress is computed from those records (``visits.plans.progress``),
never typed in again. The moves and writes are ``visits.plans.services``.
"""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cadres.models import is_office_staff
from stations.units import Unit
from villages.scoping import PlaceQuerySet

# The years a plan may be for: the app's records begin long after 2000, and a plan is
# written at most for the coming year (checked against today in the form).
FIRST_YEAR, LAST_YEAR = 2000, 2100

# Above these a target is a typing slip, not a plan: a station of ~300 households logs a
# few hundred visits a year, and a village raises money in the ten thousands of yuan.
MAX_COUNT = 100_000
MAX_MONEY = Decimal("100000000")  # 一亿元


class PlanState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("annual plan", "draft")
    SUBMITTED = "submitted", pgettext_lazy("annual plan", "submitted to the township")
    APPROVED = "approved", pgettext_lazy("annual plan", "approved by the township")


class Measure(models.TextChoices):
    """What a plan item's target counts; each is counted from records the app keeps."""

    VISITS = "visits", pgettext_lazy("plan measure", "visits")
    NIGHT_VISITS = "night_visits", pgettext_lazy("plan measure", "night visits")
    CONCERNS_RESOLVED = "concerns_resolved", pgettext_lazy("plan measure", "concerns resolved")
    DEEDS = "deeds", pgettext_lazy("plan measure", "practical deeds, every category")
    DEEDS_ROAD = "deeds_road", pgettext_lazy("plan measure", "practical deeds: roads")
    DEEDS_WATER = "deeds_water", pgettext_lazy("plan measure", "practical deeds: water and wells")
    DEEDS_POWER = "deeds_power", pgettext_lazy("plan measure", "practical deeds: power supply")
    DEEDS_TRAINING = "deeds_training", pgettext_lazy("plan measure", "practical deeds: trainings")
    DEEDS_HOUSEHOLD = (
        "deeds_household",
        pgettext_lazy("plan measure", "practical deeds: help to households"),
    )
    MONEY_RAISED = "money_raised", pgettext_lazy("plan measure", "money raised (yuan)")
    PEOPLE_HELPED = "people_helped", pgettext_lazy("plan measure", "people helped")
    FOUR_MEETINGS = "four_meetings", pgettext_lazy("plan measure", "the four meetings")
    ANALYSIS_MEETINGS = (
        "analysis_meetings",
        pgettext_lazy("plan measure", "concern-analysis meetings"),
    )
    NIGHT_ACTIVITIES = "night_activities", pgettext_lazy("plan measure", "night activities")


MONEY_MEASURES = frozenset({Measure.MONEY_RAISED})
# The measures that count practical deeds: their target may be a quantity in a unit
# ("1,500 米 of road") instead of a number of deeds.
DEED_MEASURES = frozenset(m for m in Measure if m.value.startswith("deeds"))


class AnnualPlanQuerySet(PlaceQuerySet):
    prefecture_path = "station__village__township__county__prefecture"
    county_path = "station__village__township__county"
    township_path = "station__village__township"
    village_path = "station__village"
    station_path = "station"

    def visible_to(self, user):
        # A station's plan is its own work: office staff handle assigned concerns only.
        if is_office_staff(user):
            return self.none()
        return super().visible_to(user)

    def of_year(self, year):
        return self.filter(year=year)


class AnnualPlan(models.Model):
    """One station's work plan for one calendar year."""

    station = models.ForeignKey(
        "stations.WorkStation",
        on_delete=models.CASCADE,
        related_name="plans",
        verbose_name=_("station"),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
    )
    state = models.CharField(_("state"), max_length=20, choices=PlanState, default=PlanState.DRAFT)
    notes = models.TextField(_("other aims"), blank=True)
    # Why the township sent it back, for the chief to read; cleared when submitted again.
    returned_note = models.TextField(_("reason sent back"), blank=True)
    written_by = models.ForeignKey(
        "cadres.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        "cadres.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        "cadres.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = AnnualPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("annual work plan")
        verbose_name_plural = _("annual work plans")
        ordering = ["station_id", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["station", "year"], name="one_plan_per_station_year"),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR, year__lte=LAST_YEAR),
                name="plan_year_in_range",
            ),
        ]
        indexes = [
            # The township's list of its stations' plans of one year.
            models.Index(fields=["year", "station"], name="plan_year_station_idx"),
        ]

    def __str__(self):
        return f"{self.station_id} {self.year}"

    def get_absolute_url(self):
        return reverse("plans:plan_detail", args=[self.pk])

    @property
    def is_draft(self):
        return self.state == PlanState.DRAFT


class PlanItem(models.Model):
    """One target of a plan: a measure and how much of it in the year."""

    plan = models.ForeignKey(
        AnnualPlan, on_delete=models.CASCADE, related_name="items", verbose_name=_("plan")
    )
    measure = models.CharField(_("measure"), max_length=30, choices=Measure)
    target = models.DecimalField(
        _("target"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_MONEY)],
    )
    # What the target stands for in the plan's own words ("硬化村道 2 公里").
    note = models.CharField(_("in words"), max_length=200, blank=True)
    # A deed measure's target in a unit: progress sums the deeds' quantities in that
    # unit. Empty: the target is a number of deeds (or of visits, yuan …).
    unit = models.CharField(_("unit"), max_length=20, choices=Unit, blank=True)

    class Meta:
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        ordering = ["plan_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "measure"], name="one_item_per_plan_measure"),
            models.CheckConstraint(condition=Q(target__gte=0), name="plan_target_not_negative"),
            models.CheckConstraint(
                condition=Q(unit="") | Q(measure__startswith="deeds"),
                name="plan_unit_only_for_deeds",
            ),
        ]

    def __str__(self):
        return f"{self.get_measure_display()} {self.target}"

    @property
    def is_money(self):
        return self.measure in MONEY_MEASURES

    @property
    def in_unit(self):
        """Whether the target is a quantity in a unit, summed from the deeds."""
        return bool(self.unit)
