"""Work stations, who staffs them, paired households, contact cards and duty days."""

import calendar
import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, Q, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from villages import standards
from villages.scoping import PlaceQuerySet
from villages.validators import validate_phone


class DutyRule(models.TextChoices):
    WEEKDAYS = "weekdays", _("days of the week")
    MONTH_DAYS = "month_days", _("days of the month")


def parse_duty_days(rule, text):
    """Turn '2' or '5,15,25' into a sorted tuple of ints, or raise ValidationError."""
    text = (text or "").replace("，", ",").replace(" ", "")
    if not text:
        return ()
    limit = 7 if rule == DutyRule.WEEKDAYS else 31
    try:
        days = sorted({int(part) for part in text.split(",") if part})
    except ValueError:
        days = [0]
    if not days or days[0] < 1 or days[-1] > limit:
        if rule == DutyRule.WEEKDAYS:
            message = _("Weekdays are numbers from 1 (Monday) to 7 (Sunday), e.g. 2 or 2,5.")
        else:
            message = _("Days of the month are numbers from 1 to 31, e.g. 5,15,25.")
        raise ValidationError({"duty_days": message}, code="invalid_duty_days")
    return tuple(days)


class StationQuerySet(PlaceQuerySet):
    county_path = "village__township__county"
    township_path = "village__township"
    village_path = "village"
    station_path = "pk"


class WorkStation(models.Model):
    """A village's mass-work station (群众工作站)."""

    # The "seven haves" (七有) a station must meet, as (field, label) pairs.
    SEVEN_HAVES = standards.SEVEN_HAVES

    village = models.OneToOneField(
        "villages.Village",
        on_delete=models.PROTECT,
        related_name="station",
        verbose_name=_("village"),
    )
    name = models.CharField(_("name"), max_length=50)
    sponsoring_unit = models.CharField(_("sponsoring unit"), max_length=100, blank=True)
    office_address = models.CharField(_("office address"), max_length=200, blank=True)
    office_phone = models.CharField(
        _("office phone"), max_length=20, blank=True, validators=[validate_phone]
    )
    has_office = models.BooleanField(_("office"), default=False)
    has_door_plate = models.BooleanField(_("door plate"), default=False)
    has_notice_board = models.BooleanField(_("notice board"), default=False)
    has_suggestion_box = models.BooleanField(_("suggestion box"), default=False)
    has_contact_cards = models.BooleanField(_("contact cards"), default=False)
    has_work_ledger = models.BooleanField(_("work ledger"), default=False)
    has_work_log = models.BooleanField(_("work log"), default=False)
    duty_rule = models.CharField(
        _("duty rule"), max_length=20, choices=DutyRule, default=DutyRule.WEEKDAYS
    )
    duty_days = models.CharField(
        _("duty days"),
        max_length=100,
        blank=True,
        default="2",
        help_text=_("Weekdays 1–7 (Monday is 1), or days of the month, separated by commas."),
    )

    objects = StationQuerySet.as_manager()

    class Meta:
        verbose_name = _("work station")
        verbose_name_plural = _("work stations")
        ordering = ["village_id"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("stations:station_detail", args=[self.pk])

    def clean(self):
        self.duty_days = ",".join(map(str, parse_duty_days(self.duty_rule, self.duty_days)))

    def seven_haves(self):
        """[(label, met)] in the standard's order."""
        return [(label, getattr(self, name)) for name, label in self.SEVEN_HAVES]

    def seven_haves_met(self):
        return sum(met for _label, met in self.seven_haves())

    def is_duty_day(self, day):
        days = parse_duty_days(self.duty_rule, self.duty_days)
        if self.duty_rule == DutyRule.WEEKDAYS:
            return day.isoweekday() in days
        return day.day in days

    def duty_dates(self, year, month):
        """Every duty date of the month under the station's rule."""
        last = calendar.monthrange(year, month)[1]
        month_days = (datetime.date(year, month, d) for d in range(1, last + 1))
        return [day for day in month_days if self.is_duty_day(day)]


class AssignmentQuerySet(PlaceQuerySet):
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
    county_path = "household__village__township__county"
    township_path = "household__village__township"
    village_path = "household__village"
    station_path = "household__village__station"

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
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)

    history = HistoricalRecords()
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


class ContactCardQuerySet(PlaceQuerySet):
    county_path = "county"
    township_path = "station__village__township"
    village_path = "station__village"
    station_path = "station"

    def valid(self):
        return self.filter(voided_on__isnull=True)


class ContactCard(models.Model):
    """A contact card (连心卡) issued to a household, with the lines printed on it."""

    # Stored on the card (not only reached through the household) so that the
    # database itself can keep serial numbers unique within a county.
    county = models.ForeignKey(
        "villages.County", on_delete=models.PROTECT, related_name="+", verbose_name=_("county")
    )
    serial = models.CharField(_("serial number"), max_length=30)
    household = models.ForeignKey(
        "villages.Household",
        on_delete=models.CASCADE,
        related_name="cards",
        verbose_name=_("household"),
    )
    station = models.ForeignKey(
        WorkStation, on_delete=models.PROTECT, related_name="cards", verbose_name=_("station")
    )
    issued_on = models.DateField(_("issued on"))
    issued_by = models.ForeignKey(
        "cadres.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    voided_on = models.DateField(_("voided on"), null=True, blank=True)

    history = HistoricalRecords()
    objects = ContactCardQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact card")
        verbose_name_plural = _("contact cards")
        ordering = ["county_id", "serial"]
        constraints = [
            models.UniqueConstraint(
                fields=["county", "serial"],
                name="card_serial_unique_in_county",
                violation_error_message=_("This serial number is already used in the county."),
            ),
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(voided_on__isnull=True),
                name="one_valid_card_per_household",
                violation_error_message=_("This household already holds a valid card."),
            ),
        ]
        indexes = [
            # Card coverage per station, and the station page's "cards issued".
            models.Index(fields=["station", "voided_on"], name="card_station_idx"),
        ]

    def __str__(self):
        return self.serial

    def clean(self):
        if (
            self.household_id
            and self.station_id
            and self.household.village_id != self.station.village_id
        ):
            raise ValidationError(
                {"station": _("The card must come from the household's own village station.")}
            )


class ContactCardLine(models.Model):
    """One contact printed on a card: name, position, phone."""

    card = models.ForeignKey(
        ContactCard, on_delete=models.CASCADE, related_name="lines", verbose_name=_("card")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # The station member this line names, if any: a line whose cadre has left
    # the station makes the card stale (offered for reissue).
    cadre = models.ForeignKey(
        "cadres.Cadre",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cadre"),
    )
    name = models.CharField(_("full name"), max_length=50)
    position = models.CharField(_("position"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=20, validators=[validate_phone])

    class Meta:
        verbose_name = _("contact line")
        verbose_name_plural = _("contact lines")
        ordering = ["card_id", "order", "pk"]

    def __str__(self):
        return f"{self.name} {self.position} {self.phone}"


class DutyDayQuerySet(PlaceQuerySet):
    county_path = "station__village__township__county"
    township_path = "station__village__township"
    village_path = "station__village"
    station_path = "station"


class DutyDay(models.Model):
    """One duty day (群众工作日) at a station and the member on duty."""

    station = models.ForeignKey(
        WorkStation, on_delete=models.CASCADE, related_name="duties", verbose_name=_("station")
    )
    date = models.DateField(_("date"))
    cadre = models.ForeignKey(
        "cadres.Cadre",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duties",
        verbose_name=_("duty cadre"),
    )
    held = models.BooleanField(_("held"), default=False)
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = DutyDayQuerySet.as_manager()

    class Meta:
        verbose_name = _("duty day")
        verbose_name_plural = _("duty days")
        ordering = ["station_id", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["station", "date"], name="one_duty_day_per_station_date"
            ),
        ]
        indexes = [
            # "Today's duty" and "this week's duty" on the start pages.
            models.Index(fields=["date", "station"], name="dutyday_date_idx"),
            # A cadre's own duties.
            models.Index(fields=["cadre", "date"], name="dutyday_cadre_idx"),
        ]

    def __str__(self):
        return f"{self.station} {self.date:%Y-%m-%d}"


class CardSerialCounter(models.Model):
    """The last serial number drawn for contact cards in a county.

    Issuing locks this row (``select_for_update``) for the rest of its
    transaction, so two clerks issuing at the same moment draw different
    numbers instead of colliding on the unique serial.
    """

    county = models.OneToOneField(
        "villages.County",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
        verbose_name=_("county"),
    )
    last_number = models.PositiveIntegerField(_("last serial number"), default=0)

    class Meta:
        verbose_name = _("card serial counter")
        verbose_name_plural = _("card serial counters")

    def __str__(self):
        return f"{self.county_id}: {self.last_number}"
