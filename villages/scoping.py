"""The one place-scoping mechanism: what part of the county a user may see.

Every view and export gets place-owned rows through ``visible_to(user)`` on a
``PlaceQuerySet``; a row outside the user's place is simply not in the
queryset, so looking it up gives a 404. Models say how they reach each level
of place (county → township → village → station) with lookup paths; the user
model works out its own scope (``place_scope``), once per request.
"""

from dataclasses import dataclass, field

from django.db import models

# Levels from coarse to fine; a user's scope reaches down to one of them.
LEVELS = ("county", "township", "village", "station")


@dataclass(frozen=True)
class Scope:
    everything: bool = False
    level: str | None = None  # the finest level the user is confined to
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
        return cls(
            level="township",
            ids={"county": frozenset([county_id]), "township": frozenset([township_id])},
        )

    def reaches(self, level):
        return self.everything or (self.level is not None and level in self.ids)


class PlaceQuerySet(models.QuerySet):
    """A queryset of rows that belong to a place.

    Subclasses set the lookup path from the model to each level it can reach
    (``None`` where it cannot); ``visible_to`` filters on the finest level the
    model and the user's scope share.
    """

    county_path: str | None = None
    township_path: str | None = None
    village_path: str | None = None
    station_path: str | None = None

    def visible_to(self, user):
        scope = Scope.of(user)
        if scope.everything:
            return self
        for level in reversed(LEVELS):
            path = getattr(self, f"{level}_path")
            if path is not None and level in scope.ids:
                return self._within(level, path, scope.ids[level])
        return self.none()

    def _within(self, level, path, ids):
        return self.filter(**{f"{path}__in": ids})
