"""The period picker of the supervision pages, and the county's standards form."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stations.models import WorkStation
from villages.forms import DateInput
from villages.models import Standard
from visits.supervision.period import Period

FIRST_YEAR, LAST_YEAR = 2000, 2100
LONGEST = datetime.timedelta(days=366)


class PeriodForm(forms.Form):
    """A month (``?month=2026-11``) or a range of days (``?start=…&end=…``); this month if none.

    Bad input never reaches the selectors: the page shows the form's message
    instead of figures.
    """

    month = forms.DateField(
        label=_("Month"),
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )
    start = forms.DateField(label=_("First day"), required=False, widget=DateInput)
    end = forms.DateField(label=_("Last day"), required=False, widget=DateInput)

    def clean(self):
        data = super().clean()
        month, start, end = data.get("month"), data.get("start"), data.get("end")
        if self.errors:
            return data
        for name, day in (("month", month), ("start", start), ("end", end)):
            if day and not FIRST_YEAR <= day.year <= LAST_YEAR:
                self.add_error(
                    name,
                    _("Choose a date between %(first)s and %(last)s.")
                    % {"first": FIRST_YEAR, "last": LAST_YEAR},
                )
        if self.errors:
            return data
        if bool(start) != bool(end):
            missing = "end" if start else "start"
            self.add_error(missing, _("Give both the first and the last day, or choose a month."))
        elif start and end and end < start:
            self.add_error("end", _("The last day cannot be before the first day."))
        elif start and end and end - start >= LONGEST:
            self.add_error("end", _("Choose at most a year."))
        return data

    def period(self):
        """The chosen period (call after ``is_valid()``)."""
        data = self.cleaned_data
        if data.get("start") and data.get("end"):
            return Period(data["start"], data["end"])
        month = data.get("month") or timezone.localdate()
        return Period.month(month.year, month.month)

    def query(self):
        """The period as a query string for links to the pages below this one."""
        period = self.period()
        if period.is_month:
            return f"month={period.start:%Y-%m}"
        return f"start={period.start:%Y-%m-%d}&end={period.end:%Y-%m-%d}"


class StandardForm(forms.ModelForm):
    seven_haves_required = forms.MultipleChoiceField(
        label=_("Seven haves required"),
        choices=WorkStation.SEVEN_HAVES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Standard
        fields = [
            "village_days_leadership",
            "village_days_section",
            "village_days_ordinary",
            "contacts_per_paired_household",
            "farmer_friends_per_member",
            "station_days_per_week",
            "analysis_meetings_per_quarter",
            "seven_haves_required",
            "red_below_percent",
            "deadlines_in_working_days",
        ]

    def clean_seven_haves_required(self):
        chosen = set(self.cleaned_data["seven_haves_required"])
        # Stored in the standard's order, whatever order the browser sent.
        return [name for name, _label in WorkStation.SEVEN_HAVES if name in chosen]


class YearForm(forms.Form):
    """The year of the coverage pages (``?year=2026``); this year if none. A year to come
    has nothing to show, so the form refuses it."""

    year = forms.IntegerField(label=_("Year"), required=False, min_value=FIRST_YEAR)

    def clean_year(self):
        year = self.cleaned_data["year"] or timezone.localdate().year
        if year > timezone.localdate().year:
            raise forms.ValidationError(_("Choose this year or an earlier one."), code="future")
        return year
