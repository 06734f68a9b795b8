"""Who serves at a station in which role, and which households each cadre is paired with;
both keep their ended rows, so the history of who served and who was paired stays.
"""

from django.db import models
from django.db.models import Case, F, Q, When
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from stations.models.stations import WorkStation
from villages.scoping import PlaceQuerySet


class AssignmentQuerySet(PlaceQuerySet):
    prefecture_path = "station__village__township__county__prefecture"
    county_path = "station__village__township__county"
    township_path = "station__village__township"
    village_path = "station__village"
    station_path = "station"

    def current(self):
        return self.filter(end_date__isnull=True)

    def chief_first(self):
        """Chiefs first, then the most recently started."""
        is_chief = Case(When(role=Assignment.Role.CHIEF, then=0), default=1)
        return self.order_by(is_chief, "-start_date", "pk")


class Assignment(models.Model):
    """A cadre serving at a station in a role, from one date to another.

    Rotation ends an assignment (sets ``end_date``) and starts a new one, so
    the history of who served where is kept.
    """

    class Role(models.TextChoices):
        CHIEF = "chief", _("station chief")
        DEPUTY = "deputy", _("deputy chief")
        MEMBER = "member", _("station member")
        FIRST_SECRETARY = "first_secretary", _("first secretary")
        RESIDENT = "resident", _("resident team member")
        LIAISON = "liaison", _("liaison")

    cadre = models.ForeignKey(
        "cadres.Cadre",
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("cadre"),
    )
    station = models.ForeignKey(
        WorkStation,
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("station"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role, default=Role.MEMBER)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    # Away (on leave, training, secondment): still a member, but left out of duty rosters.
    away = models.BooleanField(_("away"), default=False)

    history = HistoricalRecords()
    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["station_id", "-start_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["station"],
                condition=Q(role="chief", end_date__isnull=True),
                name="one_current_chief_per_station",
                violation_error_message=_("This station already has a current chief."),
            ),
            models.UniqueConstraint(
                fields=["cadre", "station"],
                condition=Q(end_date__isnull=True),
                name="one_current_assignment_per_cadre_station",
                violation_error_message=_("This cadre already serves at this station."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="assignment_ends_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]
        indexes = [
            # A cadre's stations over time (the cadre page, and the scope of a login).
            models.Index(fields=["cadre", "end_date"], name="assignment_cadre_idx"),
        ]

    def __str__(self):
        return f"{self.cadre} · {self.station} · {self.get_role_display()}"

    @property
    def is_current(self):
        return self.end_date is None


class PairingQuerySet(PlaceQuerySet):
    # Through the pairing's own copy of its household's village (``Pairing.village``).
    prefecture_path = "village__township__county__prefecture"
    county_path = "village__township__county"
    township_path = "village__township"
    village_path = "village"
    station_path = "village__station"

    def current(self):
        return self.filter(end_date__isnull=True)


class Pairing(models.Model):
    """A cadre paired with a household (结对联系户) they keep in contact with."""

    cadre = models.ForeignKey(
        "cadres.Cadre",
        on_delete=models.PROTECT,
        related_name="pairings",
        verbose_name=_("cadre"),
    )
    household = models.ForeignKey(
        "villages.Household",
        on_delete=models.CASCADE,
        related_name="pairings",
        verbose_name=_("household"),
    )
    # The household's village, kept here: a place's pairings are found down this
    # column's index. Through the household, a county's pairings were a hash of all
    # its 69,500 households against every pairing of the city (89 ms of its
    # supervision page at city size; 30 ms this way). ``save`` sets it, bulk writes
    # set it themselves, and a household that moves takes its pairings along
    # (``Household.save``).
    village = models.ForeignKey(
        "villages.Village",
        on_delete=models.CASCADE,
        related_name="+",
        editable=False,
        verbose_name=_("village"),
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["village"])
    objects = PairingQuerySet.as_manager()

    class Meta:
        verbose_name = _("pairing")
        verbose_name_plural = _("pairings")
        ordering = ["cadre_id", "household_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cadre", "household"],
                condition=Q(end_date__isnull=True),
                name="one_current_pairing_per_cadre_household",
                violation_error_message=_("This cadre is already paired with this household."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="pairing_ends_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]
        indexes = [
            # "My paired households" on the cadre's start page.
            models.Index(fields=["cadre", "end_date"], name="pairing_cadre_idx"),
        ]

    def __str__(self):
        return f"{self.cadre} ↔ {self.household}"

    def save(self, *args, **kwargs):
        self.village_id = self.household.village_id
        super().save(*args, **kwargs)
