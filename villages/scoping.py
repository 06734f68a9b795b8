"""The one place-scoping mechanism: what part of the county a user may see.

Every view and export gets place-owned rows through ``visible_to(user)`` on a
``PlaceQuerySet``; a row outside the user's place is simply not in the
queryset, so looking it up gives a 404. Models say how they reach each level
of place (prefecture → county → township → village → station) with lookup paths; the user
model works out its own scope (``place_scope``), once per request.

Figures, lists and services that need the rows of one place (a township's
visits, a station's duty days) ask for them with ``in_place(township=…)``,
which follows the same paths: no module types a path to a place by hand.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Self

from django.db import models

# Levels from coarse to fine; a user's scope reaches down to one of them.
# The prefecture (市/州/盟) sits above the county; a county may have none (a
# deployment of one county alone), and then no prefecture scope reaches it.
LEVELS = ("prefecture", "county", "township", "village", "station")


@dataclass(frozen=True)
class Scope:
    """What a user may see: everything, or the places whose ids are given per level
    (the finest level given confines them; an empty scope sees nothing)."""

    everything: bool = False
    ids: dict[str, frozenset[int]] = field(default_factory=dict)

    @classmethod
    def of(cls, user):
        """The user's scope, computed once and kept on the user object.

        The user model says what its scope is (``place_scope()``): it knows its
        roles and relations, this module knows only places.
        """
        if user is None or not user.is_authenticated:
            return cls()
        cached = getattr(user, "_place_scope", None)
        if cached is None:
            cached = user._place_scope = user.place_scope()
        return cached

    @classmethod
    def of_township(cls, township_id, county_id):
        return cls(ids={"county": frozenset([county_id]), "township": frozenset([township_id])})


# A place: a row (Prefecture, County, Township, Village or WorkStation) or its primary key;
# or several of them (a list, a set or a queryset), meaning any one of them.
Place = models.Model | int | str
Places = Place | Iterable[Place] | models.QuerySet


def _many(places: Places) -> bool:
    return isinstance(places, Iterable) and not isinstance(places, str | bytes)


class PlaceQuerySet(models.QuerySet):
    """A queryset of rows that belong to a place.

    Subclasses set the lookup path from the model to each level it can reach
    (``None`` where it cannot); ``visible_to`` filters on the finest level the
    model and the user's scope share, ``in_place`` on the levels asked for.
    """

    prefecture_path: str | None = None
    county_path: str | None = None
    township_path: str | None = None
    village_path: str | None = None
    station_path: str | None = None

    def visible_to(self, user) -> Self:
        scope = Scope.of(user)
        if scope.everything:
            return self
        for level in reversed(LEVELS):
            path = getattr(self, f"{level}_path")
            if path is not None and level in scope.ids and not self._through_village(level):
                return self._within(level, path, scope.ids[level])
        return self.none()

    def _through_village(self, level):
        """Whether ``level`` is the station reached through the row's own village: a
        station is one village's, so its village names the same rows without the join
        (a cadre's household search, on the phone, stays a filter on one column)."""
        return (
            level == "station"
            and self.village_path is not None
            and self.station_path == f"{self.village_path}__station"
        )

    def in_place(
        self,
        *,
        prefecture: Places | None = None,
        county: Places | None = None,
        township: Places | None = None,
        village: Places | None = None,
        station: Places | None = None,
    ) -> Self:
        """The rows in the given place: each level given (a row, a pk, or several
        of either, a queryset included) narrows further; a level left at None
        does not narrow. Raises ValueError for a level the model cannot reach.
        """
        rows = self
        for level, places in zip(
            LEVELS, (prefecture, county, township, village, station), strict=True
        ):
            if places is not None:
                rows = rows._within(level, self.path_to(level), places)
        return rows

    def in_place_of(
        self,
        relation: str,
        *,
        prefecture: Places | None = None,
        county: Places | None = None,
        township: Places | None = None,
        village: Places | None = None,
        station: Places | None = None,
    ) -> Self:
        """The rows whose ``relation`` (a place-owned row) is in the given place, as
        that row's own queryset narrows it (``in_place``), in a subquery.

        For the few figures that must go by a related row's place where it may
        differ from the row's own: a card by its household's village (the
        household may have moved since the card was issued), a reception by the
        visitor's village rather than the station where it was logged.
        """
        place = {
            "prefecture": prefecture,
            "county": county,
            "township": township,
            "village": village,
            "station": station,
        }
        if all(places is None for places in place.values()):
            return self
        related = self.model._meta.get_field(relation).related_model._default_manager
        return self.filter(**{f"{relation}__in": related.in_place(**place)})

    def path_to(self, level: str) -> str:
        """The lookup path from the model to ``level``; ValueError if it has none."""
        if level not in LEVELS:
            raise ValueError(f"{level!r} is not a level of place; the levels are {LEVELS}.")
        path = getattr(self, f"{level}_path")
        if path is None:
            raise ValueError(
                f"{self.model.__name__} rows cannot be narrowed to a {level}: "
                f"{type(self).__name__} declares no {level}_path."
            )
        return path

    def _within(self, level: str, path: str, places: Places) -> Self:
        """The rows whose ``level`` (reached by ``path``) is ``places``, one or several.

        Subclasses that reach a level in a way a plain path cannot say override it.
        """
        if path == "pk":
            places = self._pks(places)
        if _many(places):
            return self.filter(**{f"{path}__in": places})
        return self.filter(**{path: places})

    def _pks(self, places: Places) -> Places:
        """Rows of this very model as primary keys (a pk lookup takes no instance)."""

        def pk(place):
            if isinstance(place, models.Model):
                if not isinstance(place, self.model):
                    raise TypeError(f"{place!r} is not a {self.model.__name__}.")
                return place.pk
            return place

        if isinstance(places, models.QuerySet):
            return places
        return [pk(place) for place in places] if _many(places) else pk(places)
