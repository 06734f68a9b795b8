"""The households of a village, and the fixed list of circumstances they may be tagged with."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from villages.models.places import Village, VillageGroup
from villages.pinyin import search_key
from villages.scoping import PlaceQuerySet
from villages.validators import validate_phone
from villages.wording import bracketed


class HouseholdQuerySet(PlaceQuerySet):
    prefecture_path = "village__township__county__prefecture"
    county_path = "village__township__county"
    township_path = "village__township"
    village_path = "village"
    station_path = "village__station"  # a household belongs to its village's station

    def search(self, text):
        """Households whose head's name holds ``text``, in characters or pinyin."""
        # No name holds a space or a control character; PostgreSQL refuses a NUL outright.
        text = "".join(c for c in (text or "") if c.isprintable() and not c.isspace())
        if not text:
            return self
        return self.filter(
            models.Q(head_name__contains=text) | models.Q(name_pinyin__contains=text.lower())
        )


class HouseholdTag(models.Model):
    """The fixed list of circumstances a household may be marked with.

    Rows are created by a data migration, one per ``Code``; households hold
    any number of them, so the registers can filter by tag in the database.
    """

    class Code(models.TextChoices):
        HARDSHIP = "hardship", _("hardship household")
        SUBSISTENCE = "subsistence", _("minimum subsistence")
        FIVE_GUARANTEES = "five_guarantees", _("five guarantees")
        PETITIONER = "petitioner", _("petitioner")
        WELL_OFF = "well_off", _("well-off")
        VETERAN = "veteran", _("old party member / old cadre / old model")
        LEFT_BEHIND = "left_behind", _("left-behind")
        DISABLED = "disabled", _("disabled")

    code = models.CharField(_("code"), max_length=20, choices=Code, unique=True)

    class Meta:
        verbose_name = _("household tag")
        verbose_name_plural = _("household tags")
        ordering = ["pk"]

    def __str__(self):
        return str(self.Code(self.code).label)


class Household(models.Model):
    village = models.ForeignKey(
        Village, on_delete=models.PROTECT, related_name="households", verbose_name=_("village")
    )
    group = models.ForeignKey(
        VillageGroup,
        on_delete=models.PROTECT,
        related_name="households",
        null=True,
        blank=True,
        verbose_name=_("village group"),
    )
    head_name = models.CharField(_("head of household"), max_length=30)
    # Derived from head_name (see save); bulk writers must fill it with search_key().
    name_pinyin = models.CharField(_("pinyin"), max_length=200, blank=True, editable=False)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    members = models.PositiveSmallIntegerField(_("number of members"), default=1)
    address = models.CharField(_("address"), max_length=200, blank=True)
    tags = models.ManyToManyField(
        HouseholdTag, related_name="households", blank=True, verbose_name=_("tags")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[tags])
    objects = HouseholdQuerySet.as_manager()

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["village_id", "group_id", "head_name", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(members__gte=1), name="household_has_members"),
        ]
        indexes = [
            # The household register of a village, sorted by name, and the
            # likely-duplicate warning (same head of household in one village).
            models.Index(fields=["village", "head_name"], name="household_village_name_idx"),
        ]

    def __str__(self):
        return bracketed(self.head_name, self.village.name)

    def save(self, *args, **kwargs):
        self.name_pinyin = search_key(self.head_name)
        was = None
        if not self._state.adding:
            was = Household.objects.filter(pk=self.pk).values_list("village", flat=True).first()
        super().save(*args, **kwargs)
        if was is not None and was != self.village_id:
            # Moved to another village: its pairings go along, being found by the
            # village they keep (``Pairing.village``).
            self.pairings.update(village=self.village_id)
