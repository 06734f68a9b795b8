"""Summary rows of the visit logs (issue 13's rollups): how many visits of each kind
a member logged at a station in a local month.

One row per (month, station, village, author, kind) with its count ``n``: the
visit counts of any place, member and whole months are sums of these rows, so
a county's month reads a few thousand rows instead of every visit. Only shown
visits count (a hidden visit counts nowhere). The rows are kept up to date as
visits are written (``visits.rollups``: the same transaction as the write) and
can be rebuilt from the visits and checked against them
(``manage.py rollups --rebuild`` / ``--check``).

Figures that are not sums of per-month rows have rows of their own: the households
reached (distinct households, ``ReachMonth``) and a member's days in a village
(distinct days, as author or companion, ``VillageDay``). The paired contacts
(capped per pairing) stay read from the visits: see README, "Performance at city
size".
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cadres.models import is_office_staff
from villages.scoping import PlaceQuerySet, Scope
from visits.models.visits import Visit


class MonthRowsQuerySet(PlaceQuerySet):
    """Rows of local months (``month``: the month's first day)."""

    def months(self, first, last):
        """The rows of the local months from ``first``'s to ``last``'s (dates), both included."""
        return self.filter(month__gte=first.replace(day=1), month__lte=last.replace(day=1))


class AtStationQuerySet(PlaceQuerySet):
    """Rows of the visits logged at a station."""

    # The visits' own paths: a visit belongs to the place of the station it was logged at.
    prefecture_path = "station__village__township__county__prefecture"
    county_path = "station__village__township__county"
    township_path = "station__village__township"
    village_path = "station__village"
    station_path = "station"

    def visible_to(self, user):
        # As the visits themselves: office staff read neither.
        if is_office_staff(user):
            return self.none()
        return super().visible_to(user)


class VisitMonthQuerySet(MonthRowsQuerySet, AtStationQuerySet):
    pass


class VisitMonth(models.Model):
    """The shown visits of one kind a member logged at a station about a village in a month."""

    month = models.DateField(_("month"))  # the first day of the local month
    station = models.ForeignKey(
        "stations.WorkStation", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    # The village the visits were about (a reception's visitor may come from another).
    village = models.ForeignKey("villages.Village", on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey("cadres.Cadre", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=Visit.Kind)
    n = models.IntegerField(_("visits"), default=0)

    objects = VisitMonthQuerySet.as_manager()

    class Meta:
        verbose_name = _("visits in a month")
        verbose_name_plural = _("visits in a month")
        constraints = [
            # Also the index a station's months are read by (its first column).
            models.UniqueConstraint(
                fields=["station", "month", "village", "author", "kind"],
                name="visit_month_key",
            )
        ]
        indexes = [models.Index(fields=["month"], name="visit_month_month_idx")]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.station_id}/{self.author_id} {self.kind}: {self.n}"


class CardMonthQuerySet(PlaceQuerySet):
    # The households' own paths: a household and its card count in its village.
    prefecture_path = "village__township__county__prefecture"
    county_path = "village__township__county"
    township_path = "village__township"
    village_path = "village"
    station_path = "village__station"


class CardMonth(models.Model):
    """A village's households and those holding a valid card on ``counted_on``.

    Card coverage (``upkeep.card_coverage``) is measured on one day, the
    period's last or today: the sums of these rows, when every row of the place
    in that month was counted on that very day. A finished month's rows are
    counted on its last day; the month under way's on the day they were last
    written (a card written today, the nightly recount), so they answer for
    today only, and yesterday's rows send the reader back to the households.
    """

    month = models.DateField(_("month"))  # the first day of the local month
    village = models.ForeignKey("villages.Village", on_delete=models.CASCADE, related_name="+")
    households = models.IntegerField(_("households"), default=0)
    carded = models.IntegerField(_("households with a valid card"), default=0)
    counted_on = models.DateField(_("counted on"))

    objects = CardMonthQuerySet.as_manager()

    class Meta:
        verbose_name = _("card coverage in a month")
        verbose_name_plural = _("card coverage in a month")
        constraints = [
            models.UniqueConstraint(fields=["month", "village"], name="card_month_key"),
        ]
        indexes = [models.Index(fields=["village", "month"], name="card_month_village_idx")]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.village_id}: {self.carded}/{self.households}"


def sees_whole_counties(user):
    """Whether a login sees whole counties (a county's or a city's supervisor, a
    superuser): the households reached rows know their county only."""
    scope = Scope.of(user)
    return scope.everything or (bool(scope.ids) and set(scope.ids) <= {"prefecture", "county"})


class ReachMonthQuerySet(MonthRowsQuerySet):
    # The visits' place, down to the county: a visit counts in its station's county.
    prefecture_path = "county__prefecture"
    county_path = "county"

    def visible_to(self, user):
        # Whole counties or nothing: a township's login is scoped by its county too
        # (``Scope.of_township``), and these rows cannot be narrowed to its township.
        if is_office_staff(user) or not sees_whole_counties(user):
            return self.none()
        return super().visible_to(user)


class ReachMonth(models.Model):
    """A household reached in a local month by the shown visits logged at the stations
    of one county, and how many visits reached it (``n``; a row that falls to 0 is
    deleted).

    "Households reached" is a distinct count: no sum of months, stations or members
    gives it. A county's or a city's month read 160,000 visits joined up to their
    counties (0.3–0.6 s for a city page); from these rows, one per household a
    county reached, a county's figure is a count of rows and the city's a distinct
    count of narrow rows. Kept and rebuilt with ``VisitMonth`` (``visits.rollups``).
    """

    month = models.DateField(_("month"))  # the first day of the local month
    county = models.ForeignKey("villages.County", on_delete=models.CASCADE, related_name="+")
    household = models.ForeignKey("villages.Household", on_delete=models.CASCADE, related_name="+")
    n = models.IntegerField(_("visits"), default=0)

    objects = ReachMonthQuerySet.as_manager()

    class Meta:
        verbose_name = _("households reached in a month")
        verbose_name_plural = _("households reached in a month")
        constraints = [
            # Also the index the months of a city's or a county's rows are read by:
            # the rows of 0 are deleted, so a vacuumed table is read from the index
            # alone (30 ms instead of 66 for a city's month).
            models.UniqueConstraint(fields=["month", "county", "household"], name="reach_month_key")
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.county_id}/{self.household_id}: {self.n}"


class VillageDayQuerySet(AtStationQuerySet):
    pass


class VillageDay(models.Model):
    """A member's day in a village: a local day on which they wrote or accompanied a
    shown visit that was not a phone call, logged at ``station``, and how many such
    visits (``n``, as author and as companion; a row that falls to 0 is deleted).

    "Days in a village" are distinct days: no sum of months gives them, and read from
    the visits a county's members' month joined 20,000 companion rows to their visits
    (56–80 ms of its start page at city size). Here a member's days in a period are
    their rows in it, distinct by day (a day at two stations is one day). Kept with the
    visits and their companions (``visits.day_rollups``), rebuilt with the other
    rollups.
    """

    day = models.DateField(_("day"))  # the visit's local (Asia/Shanghai) day
    cadre = models.ForeignKey(
        "cadres.Cadre", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    station = models.ForeignKey(
        "stations.WorkStation", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    n = models.IntegerField(_("visits"), default=0)

    objects = VillageDayQuerySet.as_manager()

    class Meta:
        verbose_name = _("day in a village")
        verbose_name_plural = _("days in a village")
        constraints = [
            # Also the index a member's days are read by: a county's 2,600 members'
            # month is 2,600 short ranges of it.
            models.UniqueConstraint(fields=["cadre", "day", "station"], name="village_day_key")
        ]

    def __str__(self):
        return f"{self.day} {self.cadre_id}@{self.station_id}: {self.n}"
