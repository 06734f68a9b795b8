"""A village's work station, and the rule that says on which days it holds duty."""

import calendar
import datetime
import secrets

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from stations.duty.rules import DutyRule, parse_duty_days, rule_in_words
from villages import standards
from villages.scoping import PlaceQuerySet
from villages.validators import validate_phone
from villages.workdays import Workdays


def new_public_key():
    """The random part of a station's public address: 12 characters, 72 bits.

    The QR code on a contact card carries it instead of the station's number,
    so the public pages cannot be walked through by counting.
    """
    return secrets.token_urlsafe(9)


class StationQuerySet(PlaceQuerySet):
    prefecture_path = "village__township__county__prefecture"
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
    sponsoring_unit = models.ForeignKey(
        "cadres.SponsoringUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stations",
        verbose_name=_("sponsoring unit"),
    )
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
    public_key = models.CharField(
        _("public address key"),
        max_length=16,
        unique=True,
        default=new_public_key,
        editable=False,
    )
    duty_rule = models.CharField(
        _("duty rule"), max_length=20, choices=DutyRule, default=DutyRule.WEEKDAYS
    )
    duty_days = models.CharField(
        _("duty days"),
        max_length=100,
        blank=True,
        default="2",
        help_text=_(
            "Weekdays 1–7 (Monday is 1), or days of the month, separated by commas or spaces."
        ),
    )
    # Duty is never held on a public holiday. On a make-up workday (调休) it is held only
    # when the township chooses so, and then as on the weekday the day does the work of.
    duty_on_makeup_days = models.BooleanField(
        _("hold duty on make-up workdays"),
        default=False,
        help_text=_(
            "A weekend day worked in lieu of a holiday counts as the weekday it replaces: "
            "duty is held then if that weekday is a duty day."
        ),
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

    def get_public_url(self):
        return reverse("stations:station_public", args=[self.public_key])

    def clean(self):
        self.duty_days = ",".join(map(str, parse_duty_days(self.duty_rule, self.duty_days)))

    def duty_rule_text(self):
        """The duty rule in words: 每周二, 每月5日、15日、25日."""
        return rule_in_words(self.duty_rule, self.duty_days, makeup_days=self.duty_on_makeup_days)

    def seven_haves(self):
        """[(label, met)] in the standard's order."""
        return [(label, getattr(self, name)) for name, label in self.SEVEN_HAVES]

    def seven_haves_met(self):
        return sum(met for _label, met in self.seven_haves())

    def is_duty_day(self, day, workdays=None):
        """Whether the rule holds duty on ``day``: never on a public holiday; on a make-up
        workday only if the station says so. ``workdays`` spans ``day`` (else it is read)."""
        workdays = workdays or Workdays.between(day, day)
        if workdays.is_holiday(day):
            return False
        days = parse_duty_days(self.duty_rule, self.duty_days)
        if self.duty_rule == DutyRule.WEEKDAYS:
            if day.isoweekday() in days:
                return True
            return self.duty_on_makeup_days and workdays.works_as(day) in days
        return day.day in days

    def duty_dates(self, year, month, workdays=None):
        """Every duty date of the month under the station's rule and the holiday calendar."""
        workdays = workdays or Workdays.of_month(year, month)
        last = calendar.monthrange(year, month)[1]
        month_days = (datetime.date(year, month, d) for d in range(1, last + 1))
        return [day for day in month_days if self.is_duty_day(day, workdays)]
