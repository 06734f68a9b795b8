"""Filters of the village and household registers, and what every register's filters share.

The household register's filters on pairings and cards are the stations app's
(``stations.filters.HouseholdRegisterFilter``).

Every choice offered (townships, villages, groups, stations) comes from what
the user may see, so a clerk is never offered another township's village, and
a forged id is refused by the form ("select a valid choice").
"""

import django_filters as filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from villages.models import Household, HouseholdTag, Township, Village, VillageGroup

YES_NO = (("yes", _("yes")), ("no", _("no")))


def visible(model, *related):
    """A ``queryset`` callable for a choice filter: the rows of ``model`` the user may see."""

    def queryset(request):
        if request is None:
            return model.objects.none()
        rows = model.objects.visible_to(request.user)
        return rows.select_related(*related) if related else rows

    return queryset


def compact(text):
    return "".join((text or "").split())


# A choice offered under its parent's: {field: (parent field, the path from the field's
# rows to the parent)}. Whoever may choose the parent is offered the chosen parent's rows
# only: a county's 510 villages and 2,900 village groups as options took 0.3 s a page to
# render and 290 KB to send, and nobody scrolls through them.
CHAINED = {
    "village": ("township", "township"),
    "group": ("village", "village"),
    "station": ("township", "village__township"),
}
CHOOSE_FIRST = {
    "village": _("Choose a township and press Filter to list its villages."),
    "group": _("Choose a village and press Filter to list its groups."),
    "station": _("Choose a township and press Filter to list its stations."),
}


def chosen_id(value):
    """The id a choice in the address names, or None for anything that cannot be one
    (what the form then refuses with its own message)."""
    value = value.strip() if isinstance(value, str) else ""
    # Decimal digits of any script, as the form's own field reads them ("１" is 1).
    if value.isdecimal() and len(value) < 19:
        return int(value)
    return None


class RegisterFilterSet(filters.FilterSet):
    """A register's filters; staff of one township are not offered a township choice,
    and a choice under a parent (``CHAINED``) offers the chosen parent's rows."""

    def __init__(self, data=None, queryset=None, *, request, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        user = request.user
        if "township" in self.filters and not user.is_superuser and user.township_id:
            del self.filters["township"]
        for name, (parent, path) in CHAINED.items():
            if name in self.filters and parent in self.filters:
                self._chain(name, parent, path)

    def _chain(self, name, parent, path):
        """Offers ``name``'s rows under the parent chosen, and the row chosen itself (so a
        link naming only a village, ``?village=3``, still shows and filters by it)."""
        data = self.data or {}
        chosen = chosen_id(data.get(name))
        offered = Q(pk=chosen) if chosen is not None else Q(pk__in=[])
        parent_id = chosen_id(data.get(parent))
        if parent_id is not None:
            offered |= Q(**{path: parent_id})
        else:
            self.filters[name].extra["help_text"] = CHOOSE_FIRST[name]
        rows = self.filters[name].queryset

        def narrowed(request):  # every chained field's rows are ``visible(...)``'s
            return rows(request).filter(offered)

        self.filters[name].queryset = narrowed

    @staticmethod
    def yes_no(queryset, condition, value):
        if value == "yes":
            return queryset.filter(condition)
        if value == "no":
            return queryset.exclude(condition)
        return queryset


class VillageFilter(RegisterFilterSet):
    q = filters.CharFilter(label=_("Name"), method="search")
    township = filters.ModelChoiceFilter(
        label=_("Township"), queryset=visible(Township), empty_label=_("All townships")
    )
    has_station = filters.ChoiceFilter(
        label=_("Has a station"), choices=YES_NO, method="filter_station", empty_label=_("All")
    )

    class Meta:
        model = Village
        fields = ["q", "township", "has_station"]

    def search(self, queryset, name, value):
        value = compact(value)
        return queryset.filter(name__contains=value) if value else queryset

    def filter_station(self, queryset, name, value):
        return self.yes_no(queryset, Q(station__isnull=False), value)


class HouseholdFilter(RegisterFilterSet):
    q = filters.CharFilter(label=_("Head of household or pinyin initials"), method="search")
    township = filters.ModelChoiceFilter(
        label=_("Township"),
        field_name="village__township",
        queryset=visible(Township),
        empty_label=_("All townships"),
    )
    village = filters.ModelChoiceFilter(
        label=_("Village"), queryset=visible(Village), empty_label=_("All villages")
    )
    group = filters.ModelChoiceFilter(
        label=_("Village group"),
        queryset=visible(VillageGroup, "village"),
        empty_label=_("All groups"),
    )
    tag = filters.ModelChoiceFilter(
        label=_("Tag"),
        field_name="tags",
        queryset=HouseholdTag.objects.all(),
        empty_label=_("All tags"),
    )

    class Meta:
        model = Household
        fields = ["q", "township", "village", "group", "tag"]

    def search(self, queryset, name, value):
        return queryset.search(value)
