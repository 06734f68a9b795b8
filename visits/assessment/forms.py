"""The forms of an assessment round: the round itself (its period, weights, publication)
and the assessor's mark and note on one subject."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stations.models import AssessmentNote, AssessmentRound
from villages.forms import DateInput, RegisterForm
from villages.models import County
from visits.assessment.frozen import freeze, thaw
from visits.assessment.under_way import forget

LONGEST = datetime.timedelta(days=366)
# What a published result was computed with: it cannot change while the result stands.
COMPUTED_FROM = ("start", "end", "weight_records", "weight_households", "weight_assessor")


class RoundForm(RegisterForm):
    """A round of the supervisor's own county or city (the place is never typed)."""

    fixed_fields = ("county", "prefecture")

    withdraw_reason = forms.CharField(
        label=_("Reason for withdrawing the published result"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Needed only to withdraw a published result; it is kept with the round, and the "
            "result is computed again from the records when published again."
        ),
    )

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

    def __init__(self, *args, county=None, prefecture=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.instance.county, self.instance.prefecture = county, prefecture
        # As saved before this form: a published result is frozen (``frozen``).
        self.was_published = bool(self.instance.pk and self.instance.published)
        if not self.was_published:
            del self.fields["withdraw_reason"]

    def clean_title(self):
        return " ".join(self.cleaned_data["title"].split())

    def clean(self):
        cleaned = super().clean()
        city = self.instance.prefecture_id
        if city and not County.objects.in_place(prefecture=city).exists():
            raise ValidationError(
                _("The city has no counties yet: a round assesses the stations of its counties.")
            )
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end >= start and end - start >= LONGEST:
            self.add_error("end", _("Choose at most a year."))
        weights = [cleaned.get(name) for name in self.Meta.fields[3:6]]
        if all(w is not None for w in weights) and sum(weights) != 100:
            raise ValidationError(
                _("The weights add up to %(sum)s%%: make them 100%%.") % {"sum": sum(weights)}
            )
        stays_published = self.was_published and cleaned.get("published")
        if stays_published and set(self.changed_data) & set(COMPUTED_FROM):
            raise ValidationError(
                _(
                    "The result is published: withdraw it first (with a reason) to change "
                    "the period or the weights."
                )
            )
        withdrawn = self.was_published and cleaned.get("published") is False
        if withdrawn and not " ".join(cleaned.get("withdraw_reason", "").split()):
            self.add_error(
                "withdraw_reason",
                _("Write why the published result is withdrawn, e.g. 台账更正."),
            )
        return cleaned

    def save(self, commit=True):
        withdrawn = self.was_published and not self.instance.published
        if withdrawn:
            self.instance.withdrawn_reason = " ".join(self.cleaned_data["withdraw_reason"].split())
            self.instance.withdrawn_at = timezone.now()
        saved = super().save(commit=commit)
        if withdrawn:
            thaw(saved)
        elif saved.published and not self.was_published:
            freeze(saved)
        elif {"start", "end"} & set(self.changed_data):
            # What was computed was of the old period (the weights are read live).
            forget(saved)
        return saved


class NoteForm(forms.ModelForm):
    class Meta:
        model = AssessmentNote
        fields = ["mark", "note"]
        widgets = {
            "mark": forms.NumberInput(attrs={"min": 0, "max": 100, "inputmode": "numeric"}),
            "note": forms.Textarea(attrs={"rows": 4}),
        }
