"""A county's standards for the stations' work (考核标准): the quotas the figures and
reports measure against."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from villages import standards
from villages.models.places import County
from villages.scoping import PlaceQuerySet


class StandardQuerySet(PlaceQuerySet):
    prefecture_path = "county__prefecture"
    county_path = "county"

    def for_county(self, county_id):
        """The county's standards: its saved row, or an unsaved one with the defaults."""
        return self.in_place(county=county_id).first() or self.model(county_id=county_id)

    def contacts_quota_of(self, village_ref):
        """Contacts per paired household a year in the county of the village ``village_ref``
        (an ``OuterRef``), as an expression: a page reads it inside a query it makes anyway."""
        quota = self.filter(county__townships__villages=village_ref).values(
            "contacts_per_paired_household"
        )[:1]
        return Coalesce(
            Subquery(quota),
            Value(standards.default_contacts_per_year()),
            output_field=models.IntegerField(),
        )


class Standard(models.Model):
    """A county's standards for the stations' work (考核标准), edited by its supervisor.

    Every quota of the practice is a number here, never a constant in code;
    a county without a row works to the defaults (see
    ``Standard.objects.for_county``).
    """

    county = models.OneToOneField(
        County, on_delete=models.CASCADE, related_name="standard", verbose_name=_("county")
    )
    village_days_leadership = models.PositiveSmallIntegerField(
        _("days in a village a year (leadership)"), default=10, validators=[MaxValueValidator(366)]
    )
    village_days_section = models.PositiveSmallIntegerField(
        _("days in a village a year (section level and above)"),
        default=10,
        validators=[MaxValueValidator(366)],
    )
    village_days_ordinary = models.PositiveSmallIntegerField(
        _("days in a village a year (ordinary)"), default=5, validators=[MaxValueValidator(366)]
    )
    contacts_per_paired_household = models.PositiveSmallIntegerField(
        _("contacts per paired household a year"), default=standards.default_contacts_per_year
    )
    farmer_friends_per_member = models.PositiveSmallIntegerField(
        _("farmer friends per member"), default=10
    )
    station_days_per_week = models.PositiveSmallIntegerField(
        _("station duty days a week"), default=1, validators=[MaxValueValidator(7)]
    )
    analysis_meetings_per_quarter = models.PositiveSmallIntegerField(
        _("concern-analysis meetings a quarter"), default=1, validators=[MaxValueValidator(92)]
    )
    # The shortfall scorecard's colours: red below this share of what is due, amber from it
    # up to what is due, green when it is met.
    red_below_percent = models.PositiveSmallIntegerField(
        _("red below (per cent of what is due)"),
        default=50,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_(
            "On the shortfall lists, a figure below this share of what is due is red; "
            "from it up to what is due, amber; met, green."
        ),
    )
    # Offices' time limits are set in working days (N个工作日) unless the county says otherwise.
    deadlines_in_working_days = models.BooleanField(
        _("concern time limits count working days"),
        default=True,
        help_text=_(
            "A time limit of N days given when assigning a concern skips weekends and public "
            "holidays, and counts make-up workdays. Off: every calendar day counts."
        ),
    )
    # Field names from standards.SEVEN_HAVES; all seven unless the county says otherwise.
    seven_haves_required = models.JSONField(
        _("seven haves required"), default=standards.all_seven_haves, blank=True
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()
    objects = StandardQuerySet.as_manager()

    class Meta:
        verbose_name = _("standard")
        verbose_name_plural = _("standards")
        ordering = ["county_id"]

    def __str__(self):
        return str(self.county) if self.county_id else str(_("standard"))

    def required_haves(self):
        """[(field, label)] of the seven haves this county requires, in the standard's order."""
        required = set(self.seven_haves_required or ())
        return [(name, label) for name, label in standards.SEVEN_HAVES if name in required]
