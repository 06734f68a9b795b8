"""Forms of the village and household registers, and what every register form shares.

Choices are limited to the user's place; phone numbers are checked and
normalised; a household that looks like one already registered (same head of
household in the same village) is held back with a warning until the clerk
ticks "save anyway".
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import (
    MaxLengthValidator,
    MaxValueValidator,
    MinValueValidator,
    ProhibitNullCharactersValidator,
)
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from villages.models import Household, Township, Village, VillageGroup
from villages.validators import normalise_code, normalise_phone, validate_phone

MAX_MEMBERS = 99
MAX_GROUPS = 50
CODE_AS_TYPED = 30


def clean_phone_value(value):
    """A phone number as stored: spaces and +86 dropped, then checked."""
    phone = normalise_phone(value)
    validate_phone(phone)
    return phone


def compact_name(value):
    """A person's or place's name without stray spaces (张 三 → 张三)."""
    return "".join((value or "").split())


class DateInput(forms.DateInput):
    """The one date widget: a browser's date input takes only yyyy-mm-dd, whatever the
    language's own date format (zh-hans would write 2026/12/03 and the browser drop it)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


# Django 6.1 labels a select's empty choice "- Select an option -" (its
# BLANK_CHOICE_LABEL), which Django's own Chinese catalogue does not translate yet.
# Marked here so that makemessages keeps it in the project's catalogue, which comes
# before Django's (LOCALE_PATHS) and gives it its Chinese.
BLANK_CHOICE_LABEL = gettext_noop("- Select an option -")


class RegisterForm(forms.ModelForm):
    """A register's form.

    ``fixed_fields`` are set by the view rather than typed (the township of a
    new cadre, the household of a pairing); they still take part in
    checking the model's constraints, so a clash shows the constraint's own
    message instead of failing in the database.
    """

    fixed_fields = ()

    def _get_validation_exclusions(self):
        return super()._get_validation_exclusions() - set(self.fixed_fields)

    def place_township(self, user, *, field="township"):
        """Staff create in their own township; a superuser picks one; an edit keeps it."""
        own = user.own_township
        if own is not None or self.instance.pk:
            del self.fields[field]
            if own is not None and not self.instance.pk:
                setattr(self.instance, field, own)
        else:
            self.fields[field].queryset = Township.objects.visible_to(user)


class VillageForm(RegisterForm):
    class Meta:
        model = Village
        fields = ["township", "name", "code", "urban_rural_code"]
        error_messages = {"name": {"required": _("Write the village's name, e.g. Gaoshi Village.")}}
        widgets = {"code": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.place_township(user)
        # A code pasted with spaces or in full-width digits is longer than it is: it is
        # normalised first, then checked for its 12 digits (the model's validator).
        code = self.fields["code"]
        code.max_length = CODE_AS_TYPED
        code.validators = [ProhibitNullCharactersValidator(), MaxLengthValidator(CODE_AS_TYPED)]
        code.widget.attrs["maxlength"] = CODE_AS_TYPED

    def clean_code(self):
        return normalise_code(self.cleaned_data["code"])

    def clean_name(self):
        name = compact_name(self.cleaned_data["name"])
        if "township" in self.fields:
            township = self.cleaned_data.get("township")  # None when it was refused
        else:
            township = self.instance.township
        namesakes = (
            Village.objects.in_place(township=township)
            .filter(name=name)
            .exclude(pk=self.instance.pk)
        )
        if name and township and namesakes.exists():
            raise ValidationError(
                _("%(township)s already has a village named %(name)s."),
                params={"township": township.name, "name": name},
                code="duplicate_village",
            )
        return name


class GroupForm(forms.ModelForm):
    class Meta:
        model = VillageGroup
        fields = ["name"]

    def clean_name(self):
        return compact_name(self.cleaned_data["name"])


class BaseGroupFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        for form in self.deleted_forms:
            if form.instance.pk and form.instance.households.exists():
                raise ValidationError(
                    _("%(group)s still has households: move them to another group first."),
                    params={"group": form.instance.name},
                    code="group_in_use",
                )


GroupFormSet = forms.inlineformset_factory(
    Village,
    VillageGroup,
    form=GroupForm,
    formset=BaseGroupFormSet,
    extra=3,
    can_delete=True,
    max_num=MAX_GROUPS,
    validate_max=True,
)


class HouseholdForm(RegisterForm):
    save_anyway = forms.BooleanField(
        label=_("Save anyway: this is a different household"), required=False
    )

    class Meta:
        model = Household
        fields = ["village", "group", "head_name", "phone", "members", "address", "tags"]
        widgets = {
            "tags": forms.CheckboxSelectMultiple,
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
            "members": forms.NumberInput(attrs={"min": 1, "max": MAX_MEMBERS}),
        }
        error_messages = {
            "village": {"required": _("Choose the household's village.")},
            "head_name": {"required": _("Write the name of the head of household.")},
            "members": {"required": _("Write how many people live in the household.")},
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = Village.objects.visible_to(user)
        self.fields["group"].queryset = VillageGroup.objects.visible_to(user).select_related(
            "village"
        )
        members = self.fields["members"]
        members.validators += [
            MinValueValidator(1, _("A household has at least one member.")),
            MaxValueValidator(MAX_MEMBERS, _("At most %(limit_value)s members.")),
        ]
        self.duplicates = []

    def clean_head_name(self):
        return compact_name(self.cleaned_data["head_name"])

    def clean_phone(self):
        return clean_phone_value(self.cleaned_data["phone"])

    def clean(self):
        data = super().clean()
        village, group = data.get("village"), data.get("group")
        if village and group and group.village_id != village.pk:
            self.add_error("group", _("This group is not in the chosen village."))
        self._warn_of_duplicates(village, data.get("head_name"), data.get("save_anyway"))
        return data

    def _warn_of_duplicates(self, village, head_name, save_anyway):
        if not (village and head_name):
            return
        if self.instance.pk and not {"village", "head_name"} & set(self.changed_data):
            return
        self.duplicates = list(
            Household.objects.in_place(village=village)
            .filter(head_name=head_name)
            .exclude(pk=self.instance.pk)
            .select_related("group")[:5]
        )
        if self.duplicates and not save_anyway:
            raise ValidationError(
                _(
                    "%(village)s already has a household headed by %(name)s. If this is a "
                    "different household, tick “save anyway” and save again."
                ),
                params={"village": village.name, "name": head_name},
                code="likely_duplicate",
            )
