"""Filters of the cadre register (the filters on the stations a cadre serves at are the
stations app's: ``stations.filters.CadreRegisterFilter``)."""

import django_filters as filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cadres.models import Cadre, SponsoringUnit
from villages.filters import RegisterFilterSet, compact, visible
from villages.models import Township


class CadreFilter(RegisterFilterSet):
    q = filters.CharFilter(label=_("Name or pinyin initials"), method="search")
    township = filters.ModelChoiceFilter(
        label=_("Township"), queryset=visible(Township), empty_label=_("All townships")
    )
    rank_class = filters.ChoiceFilter(
        label=_("Rank class"), choices=Cadre.RankClass.choices, empty_label=_("All")
    )

    class Meta:
        model = Cadre
        fields = ["q", "township", "rank_class"]

    def search(self, queryset, name, value):
        value = compact(value)
        if not value:
            return queryset
        return queryset.filter(Q(name__contains=value) | Q(name_pinyin__contains=value.lower()))


class SponsoringUnitFilter(RegisterFilterSet):
    q = filters.CharFilter(label=_("Department name"), method="search")
    level = filters.ChoiceFilter(
        label=_("Level"), choices=SponsoringUnit.Level.choices, empty_label=_("All")
    )

    class Meta:
        model = SponsoringUnit
        fields = ["q", "level"]

    def search(self, queryset, name, value):
        value = compact(value)
        return queryset.filter(name__contains=value) if value else queryset
