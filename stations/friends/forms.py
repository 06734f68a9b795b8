"""The forms of a member's farmer friends: add or correct a friend, end a friendship."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stations.models import FarmerFriend
from villages.forms import DateInput, RegisterForm, clean_phone_value, compact_name
from villages.models import Village


class FarmerFriendForm(RegisterForm):
    """A friend of ``cadre``'s, living in a village of the cadre's township."""

    fixed_fields = ("cadre",)

    class Meta:
        model = FarmerFriend
        fields = ["name", "village", "who", "phone", "since"]
        widgets = {
            "since": DateInput,
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
        }
        error_messages = {
            "name": {"required": _("Write the friend's name.")},
            "village": {"required": _("Choose the village the friend lives in.")},
            "since": {"required": _("Write since when they are friends, e.g. 2026-03-01.")},
        }

    def __init__(self, *args, user, cadre=None, **kwargs):
        super().__init__(*args, **kwargs)
        if cadre is not None:
            self.instance.cadre = cadre
        township = self.instance.cadre.township_id
        self.fields["village"].queryset = Village.objects.visible_to(user).in_place(
            township=township
        )
        if not self.instance.pk:
            self.fields["since"].initial = timezone.localdate()

    def clean_name(self):
        return compact_name(self.cleaned_data["name"])

    def clean_phone(self):
        return clean_phone_value(self.cleaned_data["phone"])

    def clean_since(self):
        since = self.cleaned_data["since"]
        if since > timezone.localdate():
            raise forms.ValidationError(_("A friendship cannot start in the future."))
        return since


class EndFriendForm(forms.ModelForm):
    """The day a friendship ended (the row stays in the register)."""

    class Meta:
        model = FarmerFriend
        fields = ["ended_on"]
        widgets = {"ended_on": DateInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ended_on"].required = True
        self.fields["ended_on"].error_messages["required"] = _(
            "Write the day the friendship ended, e.g. 2026-11-30."
        )
        self.fields["ended_on"].initial = timezone.localdate()

    def clean_ended_on(self):
        ended = self.cleaned_data["ended_on"]
        if ended < self.instance.since:
            raise forms.ValidationError(
                _("The friendship began on %(day)s: it cannot end before that.")
                % {"day": f"{self.instance.since:%Y-%m-%d}"}
            )
        if ended > timezone.localdate():
            raise forms.ValidationError(_("A friendship cannot end in the future."))
        return ended
