"""Filters of the station, assignment and pairing registers, and the stations' filters on
the household and cadre registers (paired, holds a card; serves at a station)."""

import django_filters as filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from cadres.filters import CadreFilter
from cadres.models import Cadre
from stations.models import Assignment, ContactCard, DutyRule, Pairing, WorkStation
from villages.filters import YES_NO, HouseholdFilter, RegisterFilterSet, compact, visible
from villages.models import Township, Village

SEVEN_HAVES = [name for name, _label in WorkStation.SEVEN_HAVES]
STATUS = (("current", _("current")), ("past", _("past")))


def _all_seven():
    return Q(**dict.fromkeys(SEVEN_HAVES, True))


def _status(queryset, value):
    if value == "current":
        return queryset.filter(end_date__isnull=True)
    if value == "past":
        return queryset.filter(end_date__isnull=False)
    return queryset


def _person(prefix, value):
    """Rows whose person (``prefix``) has ``value`` in their name or its pinyin."""
    value = compact(value)
    return Q(**{f"{prefix}__contains": value}) | Q(
        **{f"{prefix.rsplit('__', 1)[0]}__name_pinyin__contains": value.lower()}
    )


class StationFilter(RegisterFilterSet):
    q = filters.CharFilter(label=_("Name"), field_name="name", lookup_expr="contains")
    township = filters.ModelChoiceFilter(
        label=_("Township"),
        field_name="village__township",
        queryset=visible(Township),
        empty_label=_("All townships"),
    )
    seven_haves = filters.ChoiceFilter(
        label=_("Seven haves"),
        choices=(("complete", _("all met")), ("incomplete", _("some missing"))),
        method="filter_seven_haves",
        empty_label=_("All"),
    )
    duty_rule = filters.ChoiceFilter(
        label=_("Duty rule"), choices=DutyRule.choices, empty_label=_("All")
    )

    class Meta:
        model = WorkStation
        fields = ["q", "township", "seven_haves", "duty_rule"]

    def filter_seven_haves(self, queryset, name, value):
        if value == "complete":
            return queryset.filter(_all_seven())
        return queryset.exclude(_all_seven())


class AssignmentFilter(RegisterFilterSet):
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
    role = filters.ChoiceFilter(
        label=_("Role"), choices=Assignment.Role.choices, empty_label=_("All roles")
    )
    status = filters.ChoiceFilter(
        label=_("Current or past"),
        choices=STATUS,
        method="filter_status",
        empty_label=_("All"),
    )

    class Meta:
        model = Assignment
        fields = ["q", "township", "station", "role", "status"]

    def search(self, queryset, name, value):
        return queryset.filter(_person("cadre__name", value)) if compact(value) else queryset

    def filter_status(self, queryset, name, value):
        return _status(queryset, value)


class PairingFilter(RegisterFilterSet):
    q = filters.CharFilter(label=_("Household or cadre: name or pinyin initials"), method="search")
    township = filters.ModelChoiceFilter(
        label=_("Township"),
        field_name="household__village__township",
        queryset=visible(Township),
        empty_label=_("All townships"),
    )
    village = filters.ModelChoiceFilter(
        label=_("Village"),
        field_name="household__village",
        queryset=visible(Village),
        empty_label=_("All villages"),
    )
    status = filters.ChoiceFilter(
        label=_("Current or past"),
        choices=STATUS,
        method="filter_status",
        empty_label=_("All"),
    )

    class Meta:
        model = Pairing
        fields = ["q", "township", "village", "status"]

    def search(self, queryset, name, value):
        if not compact(value):
            return queryset
        return queryset.filter(
            _person("household__head_name", value) | _person("cadre__name", value)
        )

    def filter_status(self, queryset, name, value):
        return _status(queryset, value)


class HouseholdRegisterFilter(HouseholdFilter):
    paired = filters.ChoiceFilter(
        label=_("Paired with a cadre"), choices=YES_NO, method="filter_paired", empty_label=_("All")
    )
    card = filters.ChoiceFilter(
        label=_("Holds a valid card"), choices=YES_NO, method="filter_card", empty_label=_("All")
    )

    class Meta(HouseholdFilter.Meta):
        fields = [*HouseholdFilter.Meta.fields, "paired", "card"]

    # EXISTS, not IN: the database then starts from the page's households and looks
    # each one's pairing or card up by index; "NOT IN (every valid card)" read all the
    # city's cards and households (0.2 s a page at 830,000 households).
    def filter_paired(self, queryset, name, value):
        paired = Pairing.objects.current().filter(household=OuterRef("pk"))
        return self.yes_no(queryset, Exists(paired), value)

    def filter_card(self, queryset, name, value):
        carded = ContactCard.objects.valid().filter(household=OuterRef("pk"))
        return self.yes_no(queryset, Exists(carded), value)


class CadreRegisterFilter(CadreFilter):
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
    # Declared again so that the form keeps its order: stations and roles before rank.
    rank_class = filters.ChoiceFilter(
        label=_("Rank class"), choices=Cadre.RankClass.choices, empty_label=_("All")
    )
    serving = filters.ChoiceFilter(
        label=_("Serving at a station now"),
        choices=YES_NO,
        method="filter_serving",
        empty_label=_("All"),
    )

    class Meta(CadreFilter.Meta):
        fields = ["q", "township", "station", "role", "rank_class", "serving"]

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
