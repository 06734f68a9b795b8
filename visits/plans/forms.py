"""The forms of the annual plans: which year to start (empty or copied), the targets, a move."""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stations.models import Measure
from stations.models.plans import (
    DEED_MEASURES,
    FIRST_YEAR,
    MAX_COUNT,
    MAX_MONEY,
    MONEY_MEASURES,
)
from stations.units import MAX_QUANTITY, Unit
from visits.plans.services import REASON_MAX, Target


class StartForm(forms.Form):
    year = forms.IntegerField(label=_("Year"))
    copy = forms.BooleanField(label=_("Copy last year's targets"), required=False)

    def clean_year(self):
        year = self.cleaned_data["year"]
        last = timezone.localdate().year + 1
        if not FIRST_YEAR <= year <= last:
            raise forms.ValidationError(
                _("A plan is for a year from %(first)s to %(last)s.")
                % {"first": FIRST_YEAR, "last": last}
            )
        return year


def _target_field(measure):
    money = measure in MONEY_MEASURES
    # A deed measure's target may be a quantity in a unit (1,500.5 米): cents allowed,
    # and a count above MAX_COUNT is refused in ``clean`` when no unit is chosen.
    deeds = measure in DEED_MEASURES
    return forms.DecimalField(
        label=Measure(measure).label,
        required=False,
        min_value=0,
        max_value=MAX_MONEY if money else MAX_QUANTITY if deeds else MAX_COUNT,
        max_digits=12,
        decimal_places=2 if money or deeds else None,
        error_messages={
            "min_value": _("A target cannot be negative."),
            "max_value": _("A target of more than %(limit_value)s is surely a typing slip."),
        },
    )


class TargetsForm(forms.Form):
    """One target and its words per measure; a target left empty is not in the plan."""

    notes = forms.CharField(
        label=_("Other aims"), required=False, max_length=2000, widget=forms.Textarea({"rows": 3})
    )

    def __init__(self, *args, items=(), **kwargs):
        initial = {}
        for item in items:
            money = item.measure in MONEY_MEASURES
            whole = not money and not item.unit
            initial[f"target_{item.measure}"] = int(item.target) if whole else item.target
            initial[f"note_{item.measure}"] = item.note
            initial[f"unit_{item.measure}"] = item.unit
        super().__init__(*args, initial={**initial, **kwargs.pop("initial", {})}, **kwargs)
        for measure in Measure.values:
            self.fields[f"target_{measure}"] = _target_field(measure)
            self.fields[f"note_{measure}"] = forms.CharField(
                label=_("In words"), required=False, max_length=200
            )
            if measure in DEED_MEASURES:
                self.fields[f"unit_{measure}"] = forms.ChoiceField(
                    label=_("Unit"),
                    required=False,
                    choices=[("", _("number of deeds"))] + Unit.choices,
                )

    def rows(self):
        """(target field, unit field or None, note field) per measure, in ``Measure``'s order."""
        return [
            (
                self[f"target_{m}"],
                self[f"unit_{m}"] if m in DEED_MEASURES else None,
                self[f"note_{m}"],
            )
            for m in Measure.values
        ]

    def clean(self):
        data = super().clean()
        for measure in Measure.values:
            value = data.get(f"target_{measure}")
            unit = data.get(f"unit_{measure}", "")
            if unit and value is None and f"target_{measure}" not in self.errors:
                self.add_error(f"target_{measure}", _("Give the target in the chosen unit."))
            counted = measure not in MONEY_MEASURES and not unit
            if value is not None and counted and value != int(value):
                self.add_error(f"target_{measure}", _("This target is a whole number."))
            elif value is not None and counted and value > MAX_COUNT:
                self.add_error(
                    f"target_{measure}",
                    _("A target of more than %(limit_value)s is surely a typing slip.")
                    % {"limit_value": MAX_COUNT},
                )
            note = data.get(f"note_{measure}")
            if note and value is None:
                self.add_error(f"target_{measure}", _("Give the target these words describe."))
        return data

    def targets(self) -> list[Target]:
        found = []
        for measure in Measure.values:
            value = self.cleaned_data.get(f"target_{measure}")
            if value is None:
                continue
            unit = self.cleaned_data.get(f"unit_{measure}", "")
            value = value if measure in MONEY_MEASURES or unit else Decimal(int(value))
            note = self.cleaned_data.get(f"note_{measure}", "")
            found.append(Target(measure, value, note, unit))
        return found


class MoveForm(forms.Form):
    note = forms.CharField(
        label=_("Reason or note"),
        required=False,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
