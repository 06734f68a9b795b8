"""The cadre register's form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cadres.models import Cadre
from villages.forms import RegisterForm, clean_phone_value, compact_name


class CadreForm(RegisterForm):
    fixed_fields = ("township",)

    class Meta:
        model = Cadre
        fields = ["township", "name", "phone", "work_unit", "position", "rank_class"]
        widgets = {"phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"})}
        error_messages = {"name": {"required": _("Write the cadre's full name.")}}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.place_township(user)

    def clean_name(self):
        return compact_name(self.cleaned_data["name"])

    def clean_phone(self):
        return clean_phone_value(self.cleaned_data["phone"])
