"""Forms of the duty-day pages: input turned into rules, rosters, marks and swaps."""

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from stations.models import DutyDay, WorkStation


class DutyRuleForm(forms.ModelForm):
    """The station's duty rule; the model's ``clean`` checks and tidies the days."""

    class Meta:
        model = WorkStation
        fields = ["duty_rule", "duty_days", "duty_on_makeup_days"]
        widgets = {"duty_rule": forms.RadioSelect}
        error_messages = {
            "duty_days": {
                "required": _("Write the duty days, e.g. 2 for every Tuesday, or 5,15,25."),
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["duty_days"].required = True


class RosterForm(forms.Form):
    regenerate_unheld = forms.BooleanField(
        label=_("Also re-deal the unheld days from today on"),
        help_text=_(
            "Without this, only missing days and days without a duty cadre are filled; "
            "swaps made by hand are kept. Held days never change."
        ),
        required=False,
    )


class MarkForm(forms.Form):
    held = forms.TypedChoiceField(
        label=_("Was the duty held?"),
        choices=[("yes", _("held")), ("no", _("not held"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose held or not held.")},
    )
    note = forms.CharField(
        label=_("note"),
        max_length=200,
        required=False,
        help_text=_("Why it was not held, or anything worth keeping."),
    )


class DutyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        who = obj.cadre.name if obj.cadre_id else _("nobody on duty")
        return f"{date_format(obj.date, 'MONTH_DAY_FORMAT')} {date_format(obj.date, 'D')} · {who}"


class SwapForm(forms.Form):
    other = DutyChoiceField(
        label=_("Swap with"),
        queryset=DutyDay.objects.none(),
        error_messages={
            "required": _("Choose the duty day to swap with."),
            "invalid_choice": _(
                "Choose another unheld duty day of this station, from today on, "
                "with a different cadre."
            ),
        },
    )

    def __init__(self, *args, duty, **kwargs):
        super().__init__(*args, **kwargs)
        others = (
            DutyDay.objects.in_place(station=duty.station_id)
            .filter(held=False, date__gte=timezone.localdate())
            .exclude(pk=duty.pk)
        )
        if duty.cadre_id is None:
            others = others.filter(cadre__isnull=False)
        else:
            others = others.exclude(cadre=duty.cadre_id)
        self.fields["other"].queryset = others.select_related("cadre").order_by("date")
