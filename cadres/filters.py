"""Filters of the cadre register."""

import django_filters as filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cadres.models import Cadre
from stations.models import Assignment, WorkStation
from villages.filters import YES_NO, RegisterFilterSet, compact, visible
from villages.models import Township


class CadreFilter(RegisterFilterSet):
    q = filters.CharFilter(label=_("Name or pinyin initials"), method="search")
    township = filters.ModelChoiceFilter(
        label=_("Township"), queryset=visible(Township), empty_label=_("All townships")
    )
    station = filters.ModelChoiceFilter(
        label=_("Serves at"),
        queryset=visible(WorkStation),
        method="filter_assignment",
        empty_label=_("All stations"),
    )
    role = filters.ChoiceFilter(
        label=_("Role at the station"),
        choices=Assignment.Role.choices,
        method="filter_assignment",
        empty_label=_("All roles"),
    )
    rank_class = filters.ChoiceFilter(
        label=_("Rank class"), choices=Cadre.RankClass.choices, empty_label=_("All")
    )
    serving = filters.ChoiceFilter(
        label=_("Serving at a station now"),
        choices=YES_NO,
        method="filter_serving",
        empty_label=_("All"),
    )

    class Meta:
        model = Cadre
        fields = ["q", "township", "station", "role", "rank_class", "serving"]

    def search(self, queryset, name, value):
        value = compact(value)
        if not value:
            return queryset
        return queryset.filter(Q(name__contains=value) | Q(name_pinyin__contains=value.lower()))

    def _serving(self, *, station=None, role=None):
        serving = Assignment.objects.current().in_place(station=station or None)
        if role:
            serving = serving.filter(role=role)
        return Q(pk__in=serving.values("cadre"))

    def filter_assignment(self, queryset, name, value):
        """Serving now at the chosen station, in the chosen role (both when both are chosen)."""
        data = self.form.cleaned_data
        if name == "role" and data.get("station"):
            return queryset  # the station's filter takes the role along
        return queryset.filter(self._serving(station=data.get("station"), role=data.get("role")))

    def filter_serving(self, queryset, name, value):
        return self.yes_no(queryset, self._serving(), value)
