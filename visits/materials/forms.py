"""The forms of the monthly materials: a move with its reason, the county's standard."""

from django import forms
from django.utils.translation import gettext_lazy as _

from stations.models import MaterialsStandard
from visits.materials.services import REASON_MAX


class MoveForm(forms.Form):
    note = forms.CharField(
        label=_("Reason or note"),
        required=False,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    # Where the page that sent the move was: the answer goes back there.
    back = forms.ChoiceField(
        required=False,
        choices=[("", ""), ("station", "station"), ("township", "township"), ("county", "county")],
    )


class StandardForm(forms.ModelForm):
    class Meta:
        model = MaterialsStandard
        fields = ["due_day", "late_log_days"]
