"""Forms of the township settings: the key contacts printed on every card, the errand guides."""

from django import forms
from django.utils.translation import gettext_lazy as _

from villages.models import ErrandGuide, TownshipContact
from villages.validators import normalise_phone, validate_phone

MAX_CONTACTS = 8
GUIDE_MAX_LENGTH = 2000


class TownshipContactForm(forms.ModelForm):
    class Meta:
        model = TownshipContact
        fields = ["order", "name", "position", "phone"]
        widgets = {"order": forms.NumberInput(attrs={"min": 0, "max": 99})}
        error_messages = {
            "name": {
                "required": _("Write the contact's name, e.g. Shimen Township Police Station.")
            },
            "position": {"required": _("Write the position, e.g. Party Secretary or Duty Phone.")},
            "phone": {"required": _("Write the phone number printed on the cards.")},
        }

    def clean_phone(self):
        phone = normalise_phone(self.cleaned_data["phone"])
        validate_phone(phone)
        return phone


ContactFormSet = forms.modelformset_factory(
    TownshipContact,
    form=TownshipContactForm,
    extra=2,
    can_delete=True,
    max_num=MAX_CONTACTS,
    validate_max=True,
)


class ErrandGuidesForm(forms.Form):
    """One text per errand of the "four maps"; an emptied text removes that guide."""

    def __init__(self, *args, township, **kwargs):
        super().__init__(*args, **kwargs)
        texts = dict(ErrandGuide.objects.in_place(township=township).values_list("kind", "text"))
        for kind, label in ErrandGuide.Kind.choices:
            self.fields[kind] = forms.CharField(
                label=label,
                required=False,
                max_length=GUIDE_MAX_LENGTH,
                initial=texts.get(kind, ""),
                widget=forms.Textarea(attrs={"rows": 6}),
                error_messages={
                    "max_length": _("At most %(limit_value)d characters (this has %(show_value)d).")
                },
            )

    def texts(self):
        """{kind: text} for every errand, stripped."""
        return {kind: self.cleaned_data[kind].strip() for kind in ErrandGuide.Kind.values}
