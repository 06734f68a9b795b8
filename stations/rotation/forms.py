"""The rotation form: where a cadre moves, in which role, from when, and who takes over."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cadres.models import Cadre
from stations.forms import CadreChoiceField
from stations.models import Assignment, WorkStation
from villages.forms import DateInput


class RotationForm(forms.Form):
    to_station = forms.ModelChoiceField(
        label=_("New station"),
        queryset=WorkStation.objects.none(),
        error_messages={
            "required": _("Choose the station the cadre moves to."),
            "invalid_choice": _("Choose another station of the cadre's township."),
        },
    )
    role = forms.ChoiceField(
        label=_("Role at the new station"),
        choices=Assignment.Role.choices,
        initial=Assignment.Role.MEMBER,
        error_messages={"required": _("Choose the role at the new station.")},
    )
    on = forms.DateField(
        label=_("Move date"),
        widget=DateInput,
        help_text=_("The old assignment ends the day before; the new one starts on this day."),
        error_messages={
            "required": _("Write the move date, e.g. 2026-03-01."),
            "invalid": _("Write the move date like 2026-03-01."),
        },
    )
    successor = CadreChoiceField(
        label=_("Successor"),
        queryset=Cadre.objects.none(),
        required=False,
        help_text=_(
            "A current member of the old station who takes over the paired households "
            "and open follow-ups."
        ),
    )

    def __init__(self, *args, assignment, user, **kwargs):
        super().__init__(*args, **kwargs)
        station = assignment.station
        # Not the station left, nor one where the cadre already serves: rotate() refuses both.
        serving = Assignment.objects.current().filter(cadre=assignment.cadre_id).values("station")
        self.fields["to_station"].queryset = (
            WorkStation.objects.visible_to(user)
            .in_place(township=assignment.cadre.township_id)
            .exclude(pk=station.pk)
            .exclude(pk__in=serving)
            .select_related("village")
            .order_by("name", "pk")
        )
        members = Assignment.objects.current().in_place(station=station).filter(away=False)
        self.fields["successor"].queryset = (
            Cadre.objects.filter(pk__in=members.values("cadre"))
            .exclude(pk=assignment.cadre_id)
            .order_by("name", "pk")
        )
        self.fields["successor"].error_messages["invalid_choice"] = _(
            "Choose the successor among the members of %(station)s who are not away."
        ) % {"station": station}
        self.fields["on"].initial = timezone.localdate()
