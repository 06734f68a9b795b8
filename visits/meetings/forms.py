"""Forms for logging a meeting or a practical deed at one station, on a phone.

The station comes from the address (looked up through the user's scope), so
the forms only offer what belongs to it: its cadres and its village's
households. A cadre ticks who took part; each must have served at the
station on the day, which keeps rotations honest in the reports.
"""

import datetime
import uuid
from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cadres.models import Cadre
from stations.models import Assignment
from stations.units import MAX_QUANTITY, Unit
from villages.forms import DateInput
from villages.models import Household
from villages.wording import listing
from visits.forms import _limited_text
from visits.models import Deed, Meeting

MAX_VILLAGERS = 100_000
MAX_PEOPLE = 100_000


def station_cadres(station, *, since):
    """Cadres who serve at ``station`` now, or served there on or after ``since``."""
    served = Assignment.objects.in_place(station=station).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=since)
    )
    return Cadre.objects.filter(pk__in=served.values("cadre")).order_by("name", "pk")


def not_serving(station, cadres, day):
    """Those of ``cadres`` who did not serve at ``station`` on ``day``."""
    serving = set(
        Assignment.objects.in_place(station=station)
        .filter(cadre__in=cadres, start_date__lte=day)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .values_list("cadre_id", flat=True)
    )
    return [c for c in cadres if c.pk not in serving]


def _oldest_day():
    return timezone.localdate() - datetime.timedelta(days=settings.VISIT_BACKDATE_DAYS)


def _too_old():
    return ValidationError(
        _("It can be logged up to %(days)s days late.") % {"days": settings.VISIT_BACKDATE_DAYS},
        code="too_old",
    )


class StationWorkForm(forms.ModelForm):
    """What the meeting and the deed forms share: the station, the token, the cadres."""

    token = forms.UUIDField(widget=forms.HiddenInput)
    cadre_field = ""  # the many-to-many field of the station's cadres

    def __init__(self, *args, station, cadre=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.station = station
        self.instance.station = station
        self.fields[self.cadre_field].queryset = station_cadres(station, since=_oldest_day())
        if not self.is_bound:
            self.initial.setdefault("token", uuid.uuid4())
            if cadre is not None:
                # The cadre logging took part, most of the time: one tap fewer.
                self.initial.setdefault(self.cadre_field, [cadre.pk])

    def check_cadres(self, day):
        cadres = self.cleaned_data.get(self.cadre_field)
        if not cadres or day is None:
            return
        absent = not_serving(self.station, list(cadres), day)
        if absent:
            self.add_error(
                self.cadre_field,
                _("%(names)s did not serve at this station on that day.")
                % {"names": listing(c.name for c in absent)},
            )


class MeetingForm(StationWorkForm):
    cadre_field = "attendees"
    kind = forms.ChoiceField(
        label=_("kind"), choices=Meeting.Kind.choices, widget=forms.RadioSelect
    )
    held_at = forms.DateTimeField(
        label=_("date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
    )
    villagers = forms.IntegerField(
        label=_("villagers attending"),
        min_value=0,
        max_value=MAX_VILLAGERS,
        initial=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
    )
    topics = _limited_text(_("topics"), required=True)
    notes = _limited_text(_("notes"))

    class Meta:
        model = Meeting
        fields = ["kind", "held_at", "place", "attendees", "villagers", "topics", "notes"]
        widgets = {"attendees": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("held_at", timezone.localtime().replace(second=0))

    def clean_held_at(self):
        when = self.cleaned_data["held_at"]
        if when > timezone.now() + datetime.timedelta(minutes=10):
            raise ValidationError(_("The time is in the future."), code="future")
        if timezone.localdate(when) < _oldest_day():
            raise _too_old()
        return when

    def clean(self):
        data = super().clean()
        when = data.get("held_at")
        self.check_cadres(timezone.localdate(when) if when else None)
        return data


class DeedForm(StationWorkForm):
    cadre_field = "cadres"
    category = forms.ChoiceField(
        label=_("category"), choices=Deed.Category.choices, widget=forms.RadioSelect
    )
    done_on = forms.DateField(label=_("date"), widget=DateInput)
    money_raised = forms.DecimalField(
        label=_("money raised (yuan)"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "min": 0, "step": "0.01"}),
    )
    people_helped = forms.IntegerField(
        label=_("people helped"),
        required=False,
        min_value=0,
        max_value=MAX_PEOPLE,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
    )
    quantity = forms.DecimalField(
        label=_("quantity"),
        help_text=_("How much was built or given, e.g. 350 for 350 metres of road."),
        required=False,
        min_value=0,
        max_value=MAX_QUANTITY,
        max_digits=10,
        decimal_places=2,
        error_messages={
            "max_value": _("More than %(limit_value)s is surely a typing slip: check the quantity.")
        },
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "min": 0, "step": "0.01"}),
    )
    unit = forms.ChoiceField(
        label=_("unit"),
        required=False,
        choices=[("", _("no quantity"))] + Unit.choices,
    )

    class Meta:
        model = Deed
        fields = [
            "what",
            "category",
            "done_on",
            "money_raised",
            "people_helped",
            "quantity",
            "unit",
            "cadres",
            "household",
        ]
        widgets = {"cadres": forms.CheckboxSelectMultiple}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["household"].queryset = Household.objects.visible_to(user).in_place(
            village=self.station.village_id
        )
        self.fields["household"].required = False
        if not self.is_bound:
            self.initial.setdefault("done_on", timezone.localdate())

    def clean_done_on(self):
        day = self.cleaned_data["done_on"]
        if day > timezone.localdate():
            raise ValidationError(_("The day is in the future."), code="future")
        if day < _oldest_day():
            raise _too_old()
        return day

    def clean_money_raised(self):
        # Left empty: nothing was raised.
        return self.cleaned_data["money_raised"] or Decimal("0")

    def clean_people_helped(self):
        return self.cleaned_data["people_helped"] or 0

    def clean(self):
        data = super().clean()
        self.check_cadres(data.get("done_on"))
        self.check_quantity(data)
        return data

    def check_quantity(self, data):
        # A plan counts a quantity in its unit: "350" alone, or "metres" alone, counts
        # nothing, so both are asked for together. A field already refused is not asked again.
        if "quantity" not in data or "unit" not in data:
            return
        quantity, unit = data["quantity"], data["unit"]
        if quantity is not None and not unit:
            self.add_error("unit", _("Choose the unit of the quantity (metres, wells …)."))
        elif unit and quantity is None:
            self.add_error(
                "quantity", _("Enter the quantity in the chosen unit, or choose no unit.")
            )
