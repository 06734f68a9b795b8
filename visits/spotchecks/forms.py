"""Forms of spot checks and ratings: they turn what the clerk typed into domain values.

Choices (cadres, stations, households, townships) come from what the user may
see, so a forged id is refused as "select a valid choice".
"""

import calendar
import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cadres.models import Cadre
from stations.models import Assignment, WorkStation
from villages.forms import DateInput
from villages.models import Household, HouseholdTag, Township
from visits.models import Rating, SpotCheckAnswer, VoteItem, VoteRound
from visits.models.spotchecks import MAX_SAMPLE
from visits.spotchecks.services import SEED_LIMIT, paired_households


class DrawForm(forms.Form):
    cadre = forms.ModelChoiceField(label=_("Cadre"), queryset=Cadre.objects.none())
    sample_size = forms.IntegerField(
        label=_("Households to draw"), min_value=1, max_value=MAX_SAMPLE, initial=3
    )
    seed = forms.IntegerField(
        label=_("Seed"),
        required=False,
        min_value=0,
        max_value=SEED_LIMIT - 1,
        help_text=_("Leave blank for a new draw; give an earlier draw's seed to repeat it."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["cadre"].queryset = Cadre.objects.visible_to(user).order_by("name", "pk")

    def clean(self):
        data = super().clean()
        cadre, size = data.get("cadre"), data.get("sample_size")
        if cadre is None or size is None:
            return data
        paired = len(paired_households(cadre, user=self.user))
        if paired == 0:
            self.add_error(
                "cadre",
                _("%(name)s has no current paired households to draw from.") % {"name": cadre},
            )
        elif size > paired:
            self.add_error(
                "sample_size",
                _("%(name)s has only %(count)s current paired households: draw at most %(count)s.")
                % {"name": cadre, "count": paired},
            )
        return data


class AnswerForm(forms.Form):
    contact = forms.ChoiceField(
        label=_("How the household was asked"),
        choices=SpotCheckAnswer.Contact.choices,
        widget=forms.RadioSelect,
    )
    knows_name = forms.BooleanField(label=_("Knows the cadre's name"), required=False)
    knows_phone = forms.BooleanField(label=_("Knows the cadre's phone"), required=False)
    was_visited = forms.BooleanField(label=_("Has been visited by the cadre"), required=False)
    cadre_asked = forms.BooleanField(
        label=_("The cadre was asked about the household"), required=False
    )
    cadre_members = forms.IntegerField(
        label=_("Members, as the cadre said"), required=False, min_value=1, max_value=99
    )
    cadre_head_name = forms.CharField(
        label=_("Head of household, as the cadre said"), required=False, max_length=30
    )
    cadre_tags = forms.ModelMultipleChoiceField(
        label=_("Circumstances, as the cadre said"),
        queryset=HouseholdTag.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    KNOWS = ("knows_name", "knows_phone", "was_visited")

    def clean(self):
        data = super().clean()
        unreached = data.get("contact") == SpotCheckAnswer.Contact.UNREACHED
        if unreached and any(data.get(name) for name in self.KNOWS):
            self.add_error(
                "contact", _("A household that could not be reached has not answered anything.")
            )
        if data.get("cadre_asked"):
            if data.get("cadre_members") is None and "cadre_members" not in self.errors:
                self.add_error(
                    "cadre_members", _("Write how many members the cadre said the household has.")
                )
        elif data.get("cadre_members") or data.get("cadre_head_name") or data.get("cadre_tags"):
            self.add_error(
                "cadre_asked", _("Tick this box to record what the cadre said about the household.")
            )
        return data

    @classmethod
    def initial_for(cls, answer):
        if not answer.is_recorded:
            return {}
        return {
            "contact": answer.contact,
            **{name: getattr(answer, name) for name in cls.KNOWS},
            "cadre_asked": answer.cadre_asked,
            "cadre_members": answer.cadre_members,
            "cadre_head_name": answer.cadre_head_name,
            "cadre_tags": list(answer.cadre_tags.all()),
        }


class StationChoiceForm(forms.Form):
    station = forms.ModelChoiceField(label=_("Station"), queryset=WorkStation.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["station"].queryset = WorkStation.objects.visible_to(user).order_by("name")


class RatingSheetForm(forms.Form):
    """One household's ratings of the station's current members; unrated members are skipped."""

    household = forms.ModelChoiceField(
        label=_("Household"),
        queryset=Household.objects.none(),
        required=False,
        empty_label=_("Not named (anonymous sheet)"),
    )
    rated_on = forms.DateField(label=_("Rated on"), widget=DateInput)

    def __init__(self, *args, station, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.station = station
        households = (
            Household.objects.visible_to(user)
            .in_place(village=station.village_id)
            .select_related("village")  # a household's label names its village
        )
        self.fields["household"].queryset = households.order_by("head_name", "pk")
        self.fields["rated_on"].initial = timezone.localdate()
        current = Assignment.objects.current().in_place(station=station).select_related("cadre")
        self.members = [a.cadre for a in current.order_by("cadre__name", "cadre__pk")]
        choices = [("", _("not rated")), *Rating.Value.choices]
        for cadre in self.members:
            self.fields[f"cadre_{cadre.pk}"] = forms.ChoiceField(
                label=cadre.name, choices=choices, required=False
            )

    def clean_rated_on(self):
        day = self.cleaned_data["rated_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("A rating cannot be dated in the future."))
        return day

    def member_fields(self):
        return [self[f"cadre_{cadre.pk}"] for cadre in self.members]

    def clean(self):
        data = super().clean()
        values = {
            cadre: data[f"cadre_{cadre.pk}"]
            for cadre in self.members
            if data.get(f"cadre_{cadre.pk}")
        }
        if not values:
            raise forms.ValidationError(_("Rate at least one station member."))
        data["values"] = values
        return data


class VoteRoundForm(forms.ModelForm):
    class Meta:
        model = VoteRound
        fields = ["township", "title", "held_on", "voters"]
        widgets = {"held_on": DateInput}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["township"].queryset = Township.objects.visible_to(user)
        if user.township_id and not user.is_superuser:
            # Staff enter rounds of their own township only.
            del self.fields["township"]
            self.instance.township_id = user.township_id

    def clean_held_on(self):
        day = self.cleaned_data["held_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("A vote round cannot be dated in the future."))
        return day


class VoteItemForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=VoteItem.Kind.choices)
    text = forms.CharField(label=_("what"), max_length=200, required=False)
    votes = forms.IntegerField(label=_("votes"), min_value=0, required=False)

    def clean(self):
        data = super().clean()
        text, votes = (data.get("text") or "").strip(), data.get("votes")
        if text and votes is None and "votes" not in self.errors:
            self.add_error("votes", _("Write how many people named it."))
        if votes is not None and not text:
            self.add_error("text", _("Write what the people named."))
        data["text"] = text
        return data


class BaseVoteItemFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        if not self.items():
            raise forms.ValidationError(_("Write at least one thing the people named."))

    def items(self):
        return [
            (form.cleaned_data["kind"], form.cleaned_data["text"], form.cleaned_data["votes"])
            for form in self.forms
            if form.cleaned_data.get("text")
        ]


VoteItemFormSet = forms.formset_factory(VoteItemForm, formset=BaseVoteItemFormSet, extra=0)

ITEM_ROWS = 4  # blank rows of each kind on a new round


def blank_items():
    return [{"kind": kind} for kind in VoteItem.Kind.values for _ in range(ITEM_ROWS)]


class SummaryForm(forms.Form):
    """The place and period of the summary; this month of the user's place if none."""

    township = forms.ModelChoiceField(
        label=_("Township"),
        queryset=Township.objects.none(),
        required=False,
        empty_label=_("All townships"),
    )
    station = forms.ModelChoiceField(
        label=_("Station"),
        queryset=WorkStation.objects.none(),
        required=False,
        empty_label=_("All stations"),
    )
    start = forms.DateField(label=_("From"), required=False, widget=DateInput)
    end = forms.DateField(label=_("Until"), required=False, widget=DateInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["township"].queryset = Township.objects.visible_to(user)
        self.fields["station"].queryset = WorkStation.objects.visible_to(user).order_by("name")
        if user.township_id and not user.is_superuser:
            del self.fields["township"]

    def clean(self):
        data = super().clean()
        start = data.get("start") or timezone.localdate().replace(day=1)
        month_end = start.replace(day=calendar.monthrange(start.year, start.month)[1])
        data["start"], data["end"] = start, data.get("end") or month_end
        if data["end"] < data["start"]:
            self.add_error("end", _("The last day cannot be before the first day."))
        elif data["end"] - data["start"] > datetime.timedelta(days=366):
            self.add_error("end", _("Choose a period of at most a year."))
        return data
