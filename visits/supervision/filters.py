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
from visits.supervision.shortfalls import KINDS


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
    """Filters the stations whose shortfalls are listed; ``kind`` narrows the list itself."""

    township = filters.ModelChoiceFilter(
        label=_("Township"),
        field_name="village__township",
        queryset=visible(Township),
        empty_label=_("All townships"),
    )
    kind = filters.ChoiceFilter(
        label=_("Behind on"), choices=list(KINDS.items()), method="keep", empty_label=_("All")
    )

    class Meta:
        model = WorkStation
        fields = ["township", "q", "kind"]

    def keep(self, queryset, name, value):
        return queryset

    def kinds(self):
        """The kinds of shortfall asked for (None: every kind)."""
        kind = self.form.cleaned_data.get("kind") if self.is_valid() else None
        return {kind} if kind else None
