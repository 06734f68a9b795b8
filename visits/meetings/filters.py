"""Filters of the township and county lists of meetings and deeds.

Choices come from what the user may see (``villages.filters.visible``), so a
forged station id is refused by the form. Days are local (Asia/Shanghai)
days: a meeting at 23:30 on the 31st is found under the 31st.
"""

import django_filters as filters
from django.utils.translation import gettext_lazy as _

from stations.models import WorkStation
from villages.filters import RegisterFilterSet, visible
from villages.forms import DateInput
from villages.models import Township
from visits.models import Deed, Meeting
from visits.models.concerns import day_start, next_day_start


class StationWorkFilter(RegisterFilterSet):
    township = filters.ModelChoiceFilter(
        label=_("Township"),
        field_name="station__village__township",
        queryset=visible(Township),
        empty_label=_("All townships"),
    )
    station = filters.ModelChoiceFilter(
        label=_("Station"), queryset=visible(WorkStation), empty_label=_("All stations")
    )
    since = filters.DateFilter(label=_("From"), method="filter_since", widget=DateInput)
    until = filters.DateFilter(label=_("Until"), method="filter_until", widget=DateInput)


class MeetingFilter(StationWorkFilter):
    kind = filters.ChoiceFilter(label=_("kind"), choices=Meeting.Kind.choices, empty_label=_("All"))

    class Meta:
        model = Meeting
        fields = ["township", "station", "kind", "since", "until"]

    def filter_since(self, queryset, name, value):
        return queryset.filter(held_at__gte=day_start(value))

    def filter_until(self, queryset, name, value):
        return queryset.filter(held_at__lt=next_day_start(value))


class DeedFilter(StationWorkFilter):
    category = filters.ChoiceFilter(
        label=_("category"), choices=Deed.Category.choices, empty_label=_("All")
    )

    class Meta:
        model = Deed
        fields = ["township", "station", "category", "since", "until"]

    def filter_since(self, queryset, name, value):
        return queryset.filter(done_on__gte=value)

    def filter_until(self, queryset, name, value):
        return queryset.filter(done_on__lte=value)
