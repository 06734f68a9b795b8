"""The forms of an assessment round: the round itself (its period, weights, publication)
and the assessor's mark and note on one subject."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from stations.models import AssessmentNote, AssessmentRound
from villages.forms import DateInput, RegisterForm

LONGEST = datetime.timedelta(days=366)


class RoundForm(RegisterForm):
    """A round of the county supervisor's own county (the place is never typed)."""

    fixed_fields = ("county",)

    class Meta:
        model = AssessmentRound
        fields = [
            "title",
            "start",
            "end",
            "weight_records",
            "weight_households",
            "weight_assessor",
            "published",
        ]
        widgets = {"start": DateInput, "end": DateInput}
        help_texts = {
            "published": _(
                "Publish the stations' and units' results on a public page: names of people, "
                "marks and notes stay inside."
            ),
        }
        error_messages = {
            "title": {"required": _("Write the round's title, e.g. 2026年度考核.")},
            "start": {"required": _("Write the round's first day, e.g. 2026-01-01.")},
            "end": {"required": _("Write the round's last day, e.g. 2026-12-31.")},
        }

    def __init__(self, *args, county, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.instance.county = county

    def clean_title(self):
        return " ".join(self.cleaned_data["title"].split())

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end >= start and end - start >= LONGEST:
            self.add_error("end", _("Choose at most a year."))
        weights = [cleaned.get(name) for name in self.Meta.fields[3:6]]
        if all(w is not None for w in weights) and sum(weights) != 100:
            raise ValidationError(
                _("The weights add up to %(sum)s%%: make them 100%%.") % {"sum": sum(weights)}
            )
        return cleaned


class NoteForm(forms.ModelForm):
    class Meta:
        model = AssessmentNote
        fields = ["mark", "note"]
        widgets = {
            "mark": forms.NumberInput(attrs={"min": 0, "max": 100, "inputmode": "numeric"}),
            "note": forms.Textarea(attrs={"rows": 4}),
        }
