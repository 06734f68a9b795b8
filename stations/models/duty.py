"""Duty days (群众工作日): which member of a station is on duty on which date."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from stations.models.stations import WorkStation
from villages.scoping import PlaceQuerySet


class DutyDayQuerySet(PlaceQuerySet):
    prefecture_path = "station__village__township__county__prefecture"
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
