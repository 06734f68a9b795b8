"""Forms of the station, assignment and pairing registers."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cadres.models import Cadre, SponsoringUnit
from stations.models import Assignment, Pairing, WorkStation
from villages.forms import DateInput, RegisterForm, clean_phone_value, compact_name
from villages.models import Village
from villages.wording import bracketed

SEVEN_HAVES = [name for name, _label in WorkStation.SEVEN_HAVES]


class CadreChoiceField(forms.ModelChoiceField):
    """Cadres by name and position: two 张伟 in one township are told apart."""

    def label_from_instance(self, obj):
        return bracketed(obj.name, obj.position) if obj.position else obj.name


class StationForm(RegisterForm):
    class Meta:
        model = WorkStation
        fields = [
            "village",
            "name",
            "sponsoring_unit",
            "office_address",
            "office_phone",
            *SEVEN_HAVES,
            "duty_rule",
            "duty_days",
        ]
        widgets = {
            "office_phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
            "duty_rule": forms.RadioSelect,
        }
        error_messages = {
            "village": {"required": _("Choose the village the station serves.")},
            "name": {"required": _("Write the station's name, e.g. Gaoshi Village Work Station.")},
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # A village has one station: offer the villages without one (and its own).
        self.fields["village"].queryset = Village.objects.visible_to(user).filter(
            Q(station__isnull=True) | Q(pk=self.instance.village_id)
        )
        # The county's units and its city's (a township clerk sees both).
        self.fields["sponsoring_unit"].queryset = SponsoringUnit.objects.visible_to(user)

    def clean_name(self):
        return compact_name(self.cleaned_data["name"])

    def clean_office_phone(self):
        return clean_phone_value(self.cleaned_data["office_phone"])

    def seven_haves_fields(self):
        return [self[name] for name in SEVEN_HAVES]


class AssignmentForm(RegisterForm):
    cadre = CadreChoiceField(queryset=Cadre.objects.none(), label=_("cadre"))

    class Meta:
        model = Assignment
        fields = ["cadre", "station", "role", "start_date", "end_date", "away"]
        widgets = {"start_date": DateInput, "end_date": DateInput}
        error_messages = {
            "station": {"required": _("Choose the station.")},
            "start_date": {"required": _("Write the date the assignment starts, e.g. 2026-03-01.")},
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cadre"].queryset = Cadre.objects.visible_to(user)
        self.fields["cadre"].error_messages["required"] = _("Choose the cadre.")
        self.fields["station"].queryset = WorkStation.objects.visible_to(user).select_related(
            "village"
        )
        if not self.instance.pk:
            self.fields["start_date"].initial = timezone.localdate()

    def clean(self):
        data = super().clean()
        cadre, station = data.get("cadre"), data.get("station")
        if cadre and station and cadre.township_id != station.village.township_id:
            self.add_error("station", _("The station is in another township than the cadre."))
        return data


class PairingForm(RegisterForm):
    fixed_fields = ("household",)
    cadre = CadreChoiceField(queryset=Cadre.objects.none(), label=_("cadre"))

    class Meta:
        model = Pairing
        fields = ["cadre", "start_date", "end_date"]
        widgets = {"start_date": DateInput, "end_date": DateInput}
        error_messages = {
            "start_date": {"required": _("Write the date the pairing starts, e.g. 2026-03-01.")},
        }

    def __init__(self, *args, user, household=None, **kwargs):
        super().__init__(*args, **kwargs)
        if household is not None:
            self.instance.household = household
        township = self.instance.household.village.township_id
        self.fields["cadre"].queryset = Cadre.objects.visible_to(user).in_place(township=township)
        self.fields["cadre"].error_messages["required"] = _("Choose the cadre.")
        if not self.instance.pk:
            self.fields["start_date"].initial = timezone.localdate()
