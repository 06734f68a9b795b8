"""Filters of the spot-check, rating and vote-round lists.

Choices come from what the user may see (``villages.filters.visible``), so a
forged township or station id is refused by the form.
"""

import django_filters as filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stations.models import Assignment, WorkStation
from villages.filters import RegisterFilterSet, compact, visible
from villages.forms import DateInput
from villages.models import Township
from visits.models import Rating, SpotCheck, VoteRound
from visits.models.concerns import day_start, next_day_start


def _cadre_named(prefix, value):
    value = compact(value)
    if not value:
        return Q()
    return Q(**{f"{prefix}name__contains": value}) | Q(
        **{f"{prefix}name_pinyin__contains": value.lower()}
    )


class SpotCheckFilter(RegisterFilterSet):
    q = filters.CharFilter(label=_("Cadre's name or pinyin initials"), method="search")
    township = filters.ModelChoiceFilter(
        label=_("Township"), queryset=visible(Township), empty_label=_("All townships")
    )
    station = filters.ModelChoiceFilter(
        label=_("Serves at"),
        queryset=visible(WorkStation),
        method="filter_station",
        empty_label=_("All stations"),
    )
    since = filters.DateFilter(label=_("From"), method="filter_since", widget=DateInput)
    until = filters.DateFilter(label=_("Until"), method="filter_until", widget=DateInput)

    class Meta:
        model = SpotCheck
        fields = ["q", "township", "station", "since", "until"]

    def search(self, queryset, name, value):
        return queryset.filter(_cadre_named("cadre__", value))

    def filter_station(self, queryset, name, value):
        serving = Assignment.objects.current().in_place(station=value).values("cadre")
        return queryset.filter(cadre__in=serving)

    def filter_since(self, queryset, name, value):
        return queryset.filter(drawn_at__gte=day_start(value))

    def filter_until(self, queryset, name, value):
        return queryset.filter(drawn_at__lt=next_day_start(value))


class RatingFilter(RegisterFilterSet):
    q = filters.CharFilter(label=_("Cadre's name or pinyin initials"), method="search")
    township = filters.ModelChoiceFilter(
        label=_("Township"),
        field_name="station__village__township",
        queryset=visible(Township),
        empty_label=_("All townships"),
    )
    station = filters.ModelChoiceFilter(
        label=_("Station"), queryset=visible(WorkStation), empty_label=_("All stations")
    )
    value = filters.ChoiceFilter(
        label=_("Rating"), choices=Rating.Value.choices, empty_label=_("All")
    )
    since = filters.DateFilter(
        label=_("From"), field_name="rated_on", lookup_expr="gte", widget=DateInput
    )
    until = filters.DateFilter(
        label=_("Until"), field_name="rated_on", lookup_expr="lte", widget=DateInput
    )

    class Meta:
        model = Rating
        fields = ["q", "township", "station", "value", "since", "until"]

    def search(self, queryset, name, value):
        return queryset.filter(_cadre_named("cadre__", value))


class VoteRoundFilter(RegisterFilterSet):
    q = filters.CharFilter(label=_("Title"), field_name="title", lookup_expr="contains")
    township = filters.ModelChoiceFilter(
        label=_("Township"), queryset=visible(Township), empty_label=_("All townships")
    )
    since = filters.DateFilter(
        label=_("From"), field_name="held_on", lookup_expr="gte", widget=DateInput
    )
    until = filters.DateFilter(
        label=_("Until"), field_name="held_on", lookup_expr="lte", widget=DateInput
    )

    class Meta:
        model = VoteRound
        fields = ["q", "township", "since", "until"]
