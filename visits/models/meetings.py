"""Meetings and practical deeds (会议活动 / 办实事) that a station's cadres log.

Both are counted in the monthly reports (``visits.meetings.figures``) from
what was logged here: nobody types the figures again.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cadres.models import is_office_staff
from stations.units import MAX_QUANTITY, Unit
from villages.scoping import PlaceQuerySet


class StationWorkQuerySet(PlaceQuerySet):
    """Rows that belong to a station: a cadre sees their stations, staff their township,
    a supervisor their county."""

    prefecture_path = "station__village__township__county__prefecture"
    county_path = "station__village__township__county"
    township_path = "station__village__township"
    village_path = "station__village"
    station_path = "station"

    def visible_to(self, user):
        # Office staff handle assigned concerns; the stations' own work is not theirs to read.
        if is_office_staff(user):
            return self.none()
        return super().visible_to(user)


class Meeting(models.Model):
    """A meeting or night activity a station held (四会, 民情分析会, 夜学/夜巡/夜谈)."""

    class Kind(models.TextChoices):
        # The "four meetings" (四会).
        EDUCATION = "education", _("education meeting")
        APPRAISAL = "appraisal", _("appraisal meeting")
        FELLOWSHIP = "fellowship", _("fellowship meeting")
        HEART_TO_HEART = "heart_to_heart", _("heart-to-heart meeting")
        # The standard asks for one a quarter per station.
        CONCERN_ANALYSIS = "concern_analysis", _("concern-analysis meeting")
        # Night activities (a night visit is a Visit of kind "night").
        NIGHT_STUDY = "night_study", _("night study")
        NIGHT_PATROL = "night_patrol", _("night patrol")
        NIGHT_TALK = "night_talk", _("night talk")

    FOUR_MEETINGS = (Kind.EDUCATION, Kind.APPRAISAL, Kind.FELLOWSHIP, Kind.HEART_TO_HEART)
    NIGHT_ACTIVITIES = (Kind.NIGHT_STUDY, Kind.NIGHT_PATROL, Kind.NIGHT_TALK)

    # The village is the station's (one station per village); ``place`` says
    # where in it (the village hall, a group's threshing floor).
    station = models.ForeignKey(
        "stations.WorkStation",
        on_delete=models.PROTECT,
        related_name="meetings",
        verbose_name=_("station"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    # A time, not only a day: night activities start late, and a meeting at
    # 23:30 on the last day of a month belongs to that month in Asia/Shanghai.
    held_at = models.DateTimeField(_("held at"))
    place = models.CharField(_("place"), max_length=100, blank=True)
    attendees = models.ManyToManyField(
        "cadres.Cadre",
        related_name="meetings",
        verbose_name=_("attending cadres"),
    )
    villagers = models.IntegerField(_("villagers attending"), default=0)
    topics = models.TextField(_("topics"))
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        "cadres.User",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    # The one-time token of the form that created it: a resent form finds it.
    token = models.UUIDField(_("form token"), null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[attendees])
    objects = StationWorkQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-held_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(villagers__gte=0),
                name="meeting_villagers_not_negative",
                violation_error_message=_("The number of villagers cannot be negative."),
            ),
        ]
        indexes = [
            # The station's meetings and deeds page, newest first; the
            # concern-analysis meetings per station and quarter.
            models.Index(fields=["station", "-held_at"], name="meeting_station_time_idx"),
            # The township and county meeting lists and the monthly figures:
            # a period of meetings, filtered by kind.
            models.Index(fields=["held_at", "kind"], name="meeting_time_kind_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.held_at:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("visits:meeting_detail", args=[self.pk])


class Deed(models.Model):
    """A practical deed (办实事) done for the village or for one household."""

    class Category(models.TextChoices):
        ROAD = "road", _("road")
        WATER = "water", _("water and wells")
        POWER = "power", _("power supply")
        TRAINING = "training", _("training")
        HOUSEHOLD = "household", _("help to a household")
        OTHER = "other", _("other")

    station = models.ForeignKey(
        "stations.WorkStation",
        on_delete=models.PROTECT,
        related_name="deeds",
        verbose_name=_("station"),
    )
    what = models.CharField(_("what was done"), max_length=200)
    category = models.CharField(_("category"), max_length=20, choices=Category)
    # A day is enough: a deed is finished on a day, not at an hour.
    done_on = models.DateField(_("date"))
    money_raised = models.DecimalField(
        _("money raised (yuan)"), max_digits=12, decimal_places=2, default=0
    )
    people_helped = models.IntegerField(_("people helped"), default=0)
    # How much was built or given ("2 km of road", "one well"), so that a plan's target
    # in the same unit counts it; both empty for a deed that is not counted in a unit.
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_QUANTITY)],
    )
    unit = models.CharField(_("unit"), max_length=20, choices=Unit, blank=True)
    cadres = models.ManyToManyField(
        "cadres.Cadre", related_name="deeds", verbose_name=_("cadres involved")
    )
    household = models.ForeignKey(
        "villages.Household",
        on_delete=models.PROTECT,
        related_name="deeds",
        null=True,
        blank=True,
        verbose_name=_("household"),
    )
    recorded_by = models.ForeignKey(
        "cadres.User",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    token = models.UUIDField(_("form token"), null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[cadres])
    objects = StationWorkQuerySet.as_manager()

    class Meta:
        verbose_name = _("practical deed")
        verbose_name_plural = _("practical deeds")
        ordering = ["-done_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(money_raised__gte=0),
                name="deed_money_not_negative",
                violation_error_message=_("The money raised cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(people_helped__gte=0),
                name="deed_people_not_negative",
                violation_error_message=_("The number of people helped cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(quantity__gte=0) | Q(quantity__isnull=True),
                name="deed_quantity_not_negative",
                violation_error_message=_("The quantity cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(quantity__isnull=True, unit="")
                | Q(quantity__isnull=False) & ~Q(unit=""),
                name="deed_quantity_with_unit",
                violation_error_message=_("A quantity needs its unit, and a unit its quantity."),
            ),
        ]
        indexes = [
            # The station's meetings and deeds page, newest first.
            models.Index(fields=["station", "-done_on"], name="deed_station_day_idx"),
            # The township and county deed lists and the monthly sums of a period.
            models.Index(fields=["done_on", "category"], name="deed_day_category_idx"),
        ]

    def __str__(self):
        return f"{self.get_category_display()} · {self.what[:30]}"

    def get_absolute_url(self):
        return reverse("visits:deed_detail", args=[self.pk])

    @property
    def amount(self):
        """The quantity with its unit ("350 米"), or "" for a deed without one."""
        if self.quantity is None or not self.unit:
            return ""
        return f"{self.quantity.normalize():f} {self.get_unit_display()}"

    def clean(self):
        elsewhere = (
            self.household_id
            and self.station_id
            and self.household.village_id != self.station.village_id
        )
        if elsewhere:
            raise ValidationError({"household": _("The household is not in this village.")})
