"""The cadre register's form, and the login forms."""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cadres import demo_password
from cadres.models import Cadre, SponsoringUnit
from villages.forms import DateInput, RegisterForm, clean_phone_value, compact_name


class CadreForm(RegisterForm):
    fixed_fields = ("township",)

    class Meta:
        model = Cadre
        fields = [
            "township",
            "name",
            "phone",
            "phone_public_since",
            "work_unit",
            "sponsoring_unit",
            "position",
            "rank_class",
        ]
        widgets = {
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
            "phone_public_since": DateInput,
        }
        help_texts = {
            "phone_public_since": _(
                "The day the cadre agreed that this mobile number is printed on contact cards "
                "and shown on the station's public page. Leave empty if they have not: cards "
                "and the page then give the station's duty phone instead."
            )
        }
        error_messages = {"name": {"required": _("Write the cadre's full name.")}}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.place_township(user)
        self.fields["sponsoring_unit"].queryset = SponsoringUnit.objects.visible_to(user)

    def clean_name(self):
        return compact_name(self.cleaned_data["name"])

    def clean_phone(self):
        return clean_phone_value(self.cleaned_data["phone"])

    def clean_phone_public_since(self):
        since = self.cleaned_data["phone_public_since"]
        if since and since > timezone.localdate():
            raise ValidationError(_("Consent cannot be recorded for a day still to come."))
        return since

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("phone_public_since") and not cleaned.get("phone"):
            self.add_error(
                "phone_public_since", _("Write the mobile number the cadre agreed to publish.")
            )
        return cleaned


class SponsoringUnitForm(RegisterForm):
    """A unit of the county supervisor's county (county or township level), or of the
    city supervisor's city (city level); the place is the keeper's own, never typed."""

    fixed_fields = ("county", "prefecture")

    class Meta:
        model = SponsoringUnit
        fields = ["name", "level", "contact_name", "contact_phone"]
        widgets = {
            "contact_phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
            "level": forms.RadioSelect,
        }
        error_messages = {
            "name": {"required": _("Write the department's name, e.g. 县农业农村局.")},
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        Level = SponsoringUnit.Level
        city = user.role == "prefecture"
        self.fields["level"].choices = (
            [(Level.CITY, Level.CITY.label)]
            if city
            else [(Level.COUNTY, Level.COUNTY.label), (Level.TOWNSHIP, Level.TOWNSHIP.label)]
        )
        if not self.instance.pk:
            self.initial.setdefault("level", Level.CITY if city else Level.COUNTY)
            if city:
                self.instance.prefecture_id = user.prefecture_id
            else:
                self.instance.county_id = user.county_id

    def clean_name(self):
        return compact_name(self.cleaned_data["name"])

    def clean_contact_name(self):
        return compact_name(self.cleaned_data["contact_name"])

    def clean_contact_phone(self):
        return clean_phone_value(self.cleaned_data["contact_phone"])


class DemoPasswordMessage:
    """A login refused for the demo password says why (the same for every user name)."""

    def get_invalid_login_error(self):
        if demo_password.refused(self.cleaned_data.get("password")):
            return ValidationError(
                _(
                    "This is the published password of the demo; it does not log in here. "
                    "If your login still has it, ask your administrator to set a new password."
                ),
                code="demo_password",
            )
        return super().get_invalid_login_error()


class LoginForm(DemoPasswordMessage, AuthenticationForm):
    pass


class AdminLoginForm(DemoPasswordMessage, AdminAuthenticationForm):
    pass
