"""The Chinese working calendar: public holidays (放假) and make-up workdays (调休上班).

A weekday is a working day unless the table says it is a holiday; a weekend
day is not, unless the table says it is a make-up workday. Duty rules skip
the holidays and concern deadlines count the working days. The table is
seeded from the State Council's schedule (``villages/holidays.py``) and the
county corrects or adds to it (the county's calendar page, or the admin).
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

WEEKDAY_CHOICES = [
    (1, _("Monday")),
    (2, _("Tuesday")),
    (3, _("Wednesday")),
    (4, _("Thursday")),
    (5, _("Friday")),
    (6, _("Saturday")),
    (7, _("Sunday")),
]


class CalendarDayQuerySet(models.QuerySet):
    def in_year(self, year):
        return self.filter(date__year=year)


class CalendarDay(models.Model):
    """One day the working week does not decide: a holiday, or a weekend day worked."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("public holiday")
        MAKEUP_WORKDAY = "makeup", _("make-up workday")

    class Festival(models.TextChoices):
        NEW_YEAR = "new_year", _("New Year's Day")
        SPRING_FESTIVAL = "spring_festival", _("Spring Festival")
        TOMB_SWEEPING = "tomb_sweeping", _("Tomb-sweeping Day")
        LABOUR_DAY = "labour_day", _("Labour Day")
        DRAGON_BOAT = "dragon_boat", _("Dragon Boat Festival")
        MID_AUTUMN = "mid_autumn", _("Mid-autumn Festival")
        NATIONAL_DAY = "national_day", _("National Day")
        OTHER = "other", _("other (see the note)")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    festival = models.CharField(_("holiday"), max_length=20, choices=Festival)
    note = models.CharField(_("note"), max_length=100, blank=True)
    # A make-up workday works the schedule of the weekday it pays back (a Saturday worked
    # for the Wednesday of the National Day week counts as a Wednesday); a station that
    # holds duty on make-up days holds it when this weekday is one of its duty days.
    counts_as = models.PositiveSmallIntegerField(
        _("counts as"),
        choices=WEEKDAY_CHOICES,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(7)],
        help_text=_("For a make-up workday: the weekday whose work it does."),
    )

    history = HistoricalRecords()
    objects = CalendarDayQuerySet.as_manager()

    class Meta:
        verbose_name = _("holiday or make-up workday")
        verbose_name_plural = _("holidays and make-up workdays")
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="makeup") | Q(counts_as__isnull=True),
                name="calendar_day_counts_as_only_on_makeup_days",
            ),
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_festival_display()} {self.get_kind_display()}"
