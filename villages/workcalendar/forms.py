"""The county's corrections to the working calendar: one holiday or make-up workday."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from villages.forms import DateInput
from villages.models import CalendarDay

FIRST_YEAR, LAST_YEAR = 2000, 2100


class CalendarDayForm(forms.ModelForm):
    class Meta:
        model = CalendarDay
        fields = ["date", "kind", "festival", "counts_as", "note"]
        widgets = {"date": DateInput, "kind": forms.RadioSelect}
        error_messages = {
            "date": {
                "required": _("Write the date."),
                "invalid": _("Write the date as 2027-02-06."),
                "unique": _("This day is in the calendar already: change it in the list below."),
            },
            "kind": {"required": _("Choose holiday or make-up workday.")},
            "festival": {"required": _("Choose the holiday it belongs to.")},
        }

    def clean_date(self):
        date = self.cleaned_data["date"]
        if not FIRST_YEAR <= date.year <= LAST_YEAR:
            raise ValidationError(
                _("Choose a date from %(first)s to %(last)s.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR},
                code="range",
            )
        return date

    def clean(self):
        data = super().clean()
        date, kind, counts_as = data.get("date"), data.get("kind"), data.get("counts_as")
        if kind == CalendarDay.Kind.HOLIDAY and counts_as:
            self.add_error(
                "counts_as", _("Only a make-up workday does the work of another weekday.")
            )
        if kind == CalendarDay.Kind.MAKEUP_WORKDAY and isinstance(date, datetime.date):
            if date.isoweekday() <= 5:
                self.add_error(
                    "kind",
                    _("A make-up workday is a Saturday or Sunday: a weekday is worked anyway."),
                )
            elif not counts_as:
                self.add_error("counts_as", _("Choose the weekday whose work it does."))
        return data
