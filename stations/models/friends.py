"""Farmer friends (农民朋友): the villagers each station member has befriended.

The seeds ask every member to make at least ten farmer friends (the county's
``Standard.farmer_friends_per_member``). A friend is a person the member
knows and keeps in touch with, not a household the township paired them with
(``Pairing``, 结对联系户): the two registers are kept apart, and the quota
counts friends only. Ending a friendship keeps the row, so the register shows
who was a friend since when and until when.
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from villages.scoping import PlaceQuerySet
from villages.validators import validate_phone


class FarmerFriendQuerySet(PlaceQuerySet):
    prefecture_path = "village__township__county__prefecture"
    county_path = "village__township__county"
    township_path = "village__township"
    village_path = "village"
    station_path = "village__station"

    def current(self):
        return self.filter(ended_on__isnull=True)

    def on(self, day):
        """The friendships that had begun by ``day`` and not ended before it."""
        return self.filter(since__lte=day).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))


class FarmerFriend(models.Model):
    """A villager a station member has befriended (农民朋友): who, since when, how to reach."""

    cadre = models.ForeignKey(
        "cadres.Cadre",
        on_delete=models.PROTECT,
        related_name="farmer_friends",
        verbose_name=_("cadre"),
    )
    name = models.CharField(_("name"), max_length=50)
    village = models.ForeignKey(
        "villages.Village",
        on_delete=models.PROTECT,
        related_name="farmer_friends",
        verbose_name=_("village"),
    )
    who = models.CharField(
        _("who they are"),
        max_length=100,
        blank=True,
        help_text=_("E.g. old party member, village group leader, grain grower."),
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    since = models.DateField(_("friends since"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    history = HistoricalRecords()
    objects = FarmerFriendQuerySet.as_manager()

    class Meta:
        verbose_name = _("farmer friend")
        verbose_name_plural = _("farmer friends")
        ordering = ["cadre_id", "since", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("since")),
                name="farmer_friend_ends_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.UniqueConstraint(
                fields=["cadre", "village", "name"],
                condition=Q(ended_on__isnull=True),
                name="one_current_friend_per_cadre_village_name",
                violation_error_message=_(
                    "This member already has a farmer friend of this name in this village."
                ),
            ),
        ]
        indexes = [
            # A member's friends (their register page) and the quota's count on a day.
            models.Index(fields=["cadre", "ended_on"], name="farmer_friend_cadre_idx"),
        ]

    def __str__(self):
        return f"{self.cadre} · {self.name}"

    @property
    def is_current(self):
        return self.ended_on is None
