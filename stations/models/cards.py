"""Contact cards (连心卡): the card a household holds, the lines printed on it, and the
per-county counter their serial numbers are drawn from.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from stations.models.stations import WorkStation
from villages.scoping import PlaceQuerySet
from villages.validators import validate_phone


class ContactCardQuerySet(PlaceQuerySet):
    prefecture_path = "county__prefecture"
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
    # The duty rule in words as printed when the card was issued: a reprint shows the card
    # as the household holds it, never today's rule beside the members of the day it was made.
    duty_text = models.CharField(_("duty day printed"), max_length=200, blank=True)
    # What the card prints, hashed (stations.cards.freshness): stale when it differs from
    # what its station would print today.
    fingerprint = models.CharField(_("fingerprint"), max_length=64, blank=True, editable=False)

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
