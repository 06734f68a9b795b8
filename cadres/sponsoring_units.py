"""Sponsoring units (派驻单位): the departments that sponsor stations and send cadres to
them as first secretaries and resident team members.

A county or township department belongs to its county; a city department (市直单位)
to the prefecture, and it may sponsor stations in any county of the city. Whoever
sees a county sees its own units and its city's (a township clerk picks either for a
station); the county supervisor keeps the county's units, the city supervisor the
city's.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from villages.models import County
from villages.privacy import mask_phone, shows_full_phones
from villages.scoping import PlaceQuerySet
from villages.validators import validate_phone


def _listed(places):
    return (
        places if isinstance(places, list | tuple | set | frozenset | models.QuerySet) else [places]
    )


class SponsoringUnitQuerySet(PlaceQuerySet):
    prefecture_path = "county__prefecture"
    county_path = "county"

    def _within(self, level, path, places):
        # A city's unit sits above every county of the city: it is in each of them.
        if level == "county":
            cities = County.objects.in_place(county=places).values("prefecture")
            return self.filter(Q(county__in=_listed(places)) | Q(prefecture__in=cities))
        if level == "prefecture":
            places = _listed(places)
            return self.filter(Q(prefecture__in=places) | Q(county__prefecture__in=places))
        return super()._within(level, path, places)

    def kept_by(self, user):
        """The units ``user`` may create and edit: a county supervisor their county's, a
        city supervisor their city's, a superuser any."""
        if user.is_superuser:
            return self
        if user.role == "county" and user.county_id:
            return self.filter(county_id=user.county_id)
        if user.role == "prefecture" and user.prefecture_id:
            return self.filter(prefecture_id=user.prefecture_id)
        return self.none()

    def of_county(self, county):
        """The county's own units (county and township level), not its city's."""
        return self.filter(county=county)

    def of_city(self, prefecture):
        """The city's own departments (市直单位)."""
        return self.filter(prefecture=prefecture)


class SponsoringUnit(models.Model):
    """A department that sponsors stations and sends cadres to villages (派驻单位)."""

    class Level(models.TextChoices):
        CITY = "city", pgettext_lazy("level of a unit", "city")
        COUNTY = "county", pgettext_lazy("level of a unit", "county")
        TOWNSHIP = "township", pgettext_lazy("level of a unit", "township")

    name = models.CharField(_("department name"), max_length=100)
    level = models.CharField(_("level"), max_length=10, choices=Level, default=Level.COUNTY)
    prefecture = models.ForeignKey(
        "villages.Prefecture",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sponsoring_units",
        verbose_name=_("prefecture"),
    )
    county = models.ForeignKey(
        "villages.County",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sponsoring_units",
        verbose_name=_("county"),
    )
    contact_name = models.CharField(_("contact person"), max_length=30, blank=True)
    contact_phone = models.CharField(
        _("contact phone"), max_length=20, blank=True, validators=[validate_phone]
    )

    objects = SponsoringUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("sponsoring unit")
        verbose_name_plural = _("sponsoring units")
        ordering = ["level", "name", "pk"]
        constraints = [
            # A city department belongs to the city alone; any other to its county alone.
            models.CheckConstraint(
                condition=(
                    Q(level="city", prefecture__isnull=False, county__isnull=True)
                    | (~Q(level="city") & Q(county__isnull=False, prefecture__isnull=True))
                ),
                name="sponsoring_unit_place_of_its_level",
                violation_error_message=_(
                    "A city department belongs to the city; a county or township department "
                    "to its county."
                ),
            ),
            models.UniqueConstraint(
                fields=["county", "name"],
                name="sponsoring_unit_name_unique_in_county",
                violation_error_message=_("The county already has a unit of this name."),
            ),
            models.UniqueConstraint(
                fields=["prefecture", "name"],
                name="sponsoring_unit_name_unique_in_city",
                violation_error_message=_("The city already has a unit of this name."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("stations:unit_detail", args=[self.pk])

    def is_kept_by(self, user) -> bool:
        """Whether ``user`` keeps this unit (``SponsoringUnitQuerySet.kept_by``)."""
        if user.is_superuser:
            return True
        if self.county_id is not None:
            return user.role == "county" and user.county_id == self.county_id
        return user.role == "prefecture" and user.prefecture_id == self.prefecture_id

    def phone_for(self, user) -> str:
        """The contact phone as ``user`` may see it: in full for its keepers and township
        staff (who call the unit about its stations), masked for anyone else."""
        if self.is_kept_by(user) or shows_full_phones(user):
            return self.contact_phone
        return mask_phone(self.contact_phone)
