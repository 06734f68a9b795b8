"""The forms of the annual plans: which year to start (empty or copied), the targets, a move."""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stations.models import Measure
from stations.models.plans import FIRST_YEAR, MAX_COUNT, MAX_MONEY, MONEY_MEASURES
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
    return forms.DecimalField(
        label=Measure(measure).label,
        required=False,
        min_value=0,
        max_value=MAX_MONEY if money else MAX_COUNT,
        max_digits=12,
        decimal_places=2 if money else None,
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
            initial[f"target_{item.measure}"] = item.target if money else int(item.target)
            initial[f"note_{item.measure}"] = item.note
        super().__init__(*args, initial={**initial, **kwargs.pop("initial", {})}, **kwargs)
        for measure in Measure.values:
            self.fields[f"target_{measure}"] = _target_field(measure)
            self.fields[f"note_{measure}"] = forms.CharField(
                label=_("In words"), required=False, max_length=200
            )

    def rows(self):
        """(target field, note field) per measure, in the order of ``Measure``."""
        return [(self[f"target_{m}"], self[f"note_{m}"]) for m in Measure.values]

    def clean(self):
        data = super().clean()
        for measure in Measure.values:
            value = data.get(f"target_{measure}")
            if value is not None and measure not in MONEY_MEASURES and value != int(value):
                self.add_error(f"target_{measure}", _("This target is a whole number."))
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
            value = value if measure in MONEY_MEASURES else Decimal(int(value))
            found.append(Target(measure, value, self.cleaned_data.get(f"note_{measure}", "")))
        return found


class MoveForm(forms.Form):
    note = forms.CharField(
        label=_("Reason or note"),
        required=False,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
