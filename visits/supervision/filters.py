"""Filters of the supervision lists (django-filter).

Choices come from what the user may see, like the registers' filters; staff
of one township are not offered a township choice.
"""

import django_filters as filters
from django.utils.translation import gettext_lazy as _

from stations.models import Assignment, WorkStation
from villages.filters import RegisterFilterSet, compact, visible
from villages.models import Township
from visits.models import Visit
from visits.supervision.shortfalls import GROUPS, KINDS, LEVELS, SORTS


class NameFilter(RegisterFilterSet):
    q = filters.CharFilter(label=_("Name"), method="search")

    def search(self, queryset, name, value):
        value = compact(value)
        return queryset.filter(name__contains=value) if value else queryset


class TownshipFilter(NameFilter):
    class Meta:
        model = Township
        fields = ["q"]


class StationFilter(NameFilter):
    class Meta:
        model = WorkStation
        fields = ["q"]


class MemberFilter(RegisterFilterSet):
    """The members of a station's table; ``member`` not ``q``: the visit list's
    filter on the same page already uses ``q``."""

    member = filters.CharFilter(label=_("Member"), method="search")
    role = filters.ChoiceFilter(
        label=_("Role"), choices=Assignment.Role.choices, empty_label=_("All roles")
    )

    class Meta:
        model = Assignment
        fields = ["member", "role"]

    def search(self, queryset, name, value):
        value = compact(value)
        return queryset.filter(cadre__name__contains=value) if value else queryset


class VisitFilter(RegisterFilterSet):
    kind = filters.ChoiceFilter(
        label=_("Kind"), choices=Visit.Kind.choices, empty_label=_("All kinds")
    )
    q = filters.CharFilter(label=_("Head of household"), method="search")

    class Meta:
        model = Visit
        fields = ["kind", "q"]

    def search(self, queryset, name, value):
        value = compact(value)
        return queryset.filter(household__head_name__contains=value) if value else queryset


class ShortfallFilter(NameFilter):
    """Filters the stations whose shortfalls are listed; ``kind`` and ``level`` narrow the
    list itself, ``sort`` and ``group`` order it (``options``)."""

    township = filters.ModelChoiceFilter(
        label=_("Township"),
        field_name="village__township",
        queryset=visible(Township),
        empty_label=_("All townships"),
    )
    kind = filters.ChoiceFilter(
        label=_("Behind on"), choices=list(KINDS.items()), method="keep", empty_label=_("All")
    )
    level = filters.ChoiceFilter(
        label=_("Level"),
        choices=[(key, LEVELS[key]) for key in ("red", "amber")],
        method="keep",
        empty_label=_("Red and amber"),
    )
    sort = filters.ChoiceFilter(
        label=_("Sort"), choices=list(SORTS.items()), method="keep", empty_label=None
    )
    group = filters.ChoiceFilter(
        label=_("Group"), choices=list(GROUPS.items()), method="keep", empty_label=None
    )

    class Meta:
        model = WorkStation
        fields = ["township", "q", "kind", "level", "sort", "group"]

    def keep(self, queryset, name, value):
        return queryset

    def _chosen(self, name):
        return self.form.cleaned_data.get(name) if self.is_valid() else None

    def kinds(self):
        """The kinds of shortfall asked for (None: every kind)."""
        kind = self._chosen("kind")
        return {kind} if kind else None

    def options(self):
        """What the list keeps and how it is ordered: ``kinds``, ``levels``, ``sort``, ``group``."""
        level = self._chosen("level")
        return {
            "kinds": self.kinds(),
            "levels": {level} if level else None,
            "sort": self._chosen("sort") or "severity",
            "group": self._chosen("group") or "place",
        }
