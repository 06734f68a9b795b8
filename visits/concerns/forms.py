"""Forms for raising a concern and for each move on it.

Each move's form turns what was typed into the values ``concern_services``
expects; the version field carries the concern's version the page showed,
so a move made on a stale page is refused instead of overwriting.
"""

import datetime
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cadres.models import Office
from villages.forms import DateInput
from villages.models import Household, Village
from visits.concerns import deadlines
from visits.forms import TEXT_LIMIT
from visits.models import Concern

DEADLINE_MAX_DAYS = 366
OVERDUE_SHOWN = 5  # a household's overdue concerns listed on the raising form


def _text(label, *, required=False, rows=3, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        max_length=TEXT_LIMIT,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows, "maxlength": TEXT_LIMIT}),
        error_messages={
            "max_length": _("Keep it under %(limit_value)s characters (it has %(show_value)s)."),
        },
    )


def _date(label, **kwargs):
    return forms.DateField(label=label, widget=DateInput, **kwargs)


PUBLIC_RESULT_HELP = _(
    "The result appears on the public notice: write no names, phone numbers or addresses."
)


class ConcernForm(forms.ModelForm):
    """Raise a concern: what was raised, and what happens to it next."""

    token = forms.UUIDField(widget=forms.HiddenInput)
    disposition = forms.ChoiceField(label=_("What happens next"), widget=forms.RadioSelect)
    result = _text(_("What was done on the spot (if solved there)"))
    description = _text(_("What was raised"), required=True, rows=4)

    class Meta:
        model = Concern
        fields = ["category", "description", "urgency", "major_event"]
        widgets = {"urgency": forms.RadioSelect}

    record_anyway = forms.BooleanField(
        label=_("Record it anyway: it is a different matter"), required=False
    )

    def __init__(self, *args, moves, visit=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.visit, self.user = visit, user
        # The household's open, overdue concerns (shown before anything is typed), and
        # those of the category chosen (the warning that needs "record it anyway").
        self.household_overdue, self.overdue_same = [], []
        if visit is not None and visit.household_id and user is not None:
            self.household_overdue = list(self._overdue(visit.household)[:OVERDUE_SHOWN])
        self.moves = {m.name: m for m in moves}
        if visit is not None and not self.is_bound:
            # Start from what the household asked during the visit.
            self.initial.setdefault("description", visit.asked or visit.seen)
        self.fields["disposition"].choices = [(m.name, m.label) for m in moves]
        if len(moves) == 1:
            self.fields["disposition"].initial = moves[0].name
        self.fields["category"].choices = [("", "---------"), *Concern.category_choices()]
        self.fields["category"].error_messages["required"] = _("Choose what kind of concern it is.")
        self.fields["description"].error_messages["required"] = _("Write what was raised.")
        self.fields["disposition"].error_messages["required"] = _("Choose what happens next.")
        if not self.is_bound:
            self.initial.setdefault("token", uuid.uuid4())

    def clean(self):
        data = super().clean()
        if data.get("disposition") == "solve_on_spot" and not (data.get("result") or "").strip():
            self.add_error("result", _("Write what was done on the spot."))
        self._warn_of_overdue(data)
        return data

    def _overdue(self, household):
        """The household's open concerns past their deadline, that the user may open."""
        return (
            Concern.objects.visible_to(self.user)
            .open()
            .overdue(on=timezone.localdate())
            .filter(household=household)
            .select_related("office")
            .order_by("deadline", "pk")
        )

    def _warn_of_overdue(self, data):
        """Raising the same thing again while it is overdue is more often a chase than a
        new matter: say so, and save only when the user ticks "record it anyway"."""
        household = data.get("household") or (self.visit.household if self.visit else None)
        category = data.get("category")
        if household is None or not category or self.user is None:
            return
        self.overdue_same = list(self._overdue(household).filter(category=category)[:OVERDUE_SHOWN])
        if self.overdue_same and not data.get("record_anyway"):
            self.add_error(
                None,
                ValidationError(
                    _(
                        "This household already has an open concern of this kind past its "
                        "deadline. Chase that one, or tick “record it anyway” if this is a "
                        "different matter."
                    ),
                    code="open_overdue_concern",
                ),
            )

    @property
    def move(self):
        return self.moves[self.cleaned_data["disposition"]]


class DirectConcernForm(ConcernForm):
    """Township staff enter a concern that reached the township directly."""

    village = forms.ModelChoiceField(
        queryset=Village.objects.none(), label=_("village"), required=False
    )
    household = forms.ModelChoiceField(
        queryset=Household.objects.none(), label=_("household"), required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["village"].queryset = Village.objects.visible_to(user).filter(
            station__isnull=False
        )
        self.fields["household"].queryset = Household.objects.visible_to(user).select_related(
            "village"
        )

    def clean(self):
        data = super().clean()
        household = data.get("household")
        if household:
            # The household says where: its village, and so its station.
            data["village"] = household.village
        elif not data.get("village") and "village" not in self._errors:
            self.add_error("village", _("Choose the village or the household."))
        return data


class MoveForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    note = _text(_("Note"), rows=2)

    def __init__(self, *args, concern, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.concern, self.user = concern, user
        if not self.is_bound:
            self.initial["version"] = concern.version
        # What the move records first, the note last.
        self.order_fields([name for name in self.fields if name != "note"])


class AssignForm(MoveForm):
    office = forms.ModelChoiceField(queryset=Office.objects.none(), label=_("Responsible office"))
    deadline = _date(_("Deadline"), required=False)
    time_limit = deadlines.time_limit_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = Office.objects.active().in_place(
            township=self.concern.township_id
        )
        self.fields["office"].error_messages.update(
            required=_("Choose the office."),
            invalid_choice=_("Choose one of the township's offices."),
        )
        self.working_days = deadlines.in_working_days(self.concern.township_id)
        self.fields["time_limit"].help_text = deadlines.time_limit_help(self.working_days)
        if not self.is_bound and self.concern.office_id:
            self.initial["office"] = self.concern.office_id

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline is None:
            return None
        today = timezone.localdate()
        if deadline < today:
            raise ValidationError(_("The deadline cannot be in the past."), code="past")
        if deadline > today + datetime.timedelta(days=DEADLINE_MAX_DAYS):
            raise ValidationError(_("The deadline is more than a year away."), code="far")
        return deadline

    def clean(self):
        data = super().clean()
        limit, deadline = data.get("time_limit"), data.get("deadline")
        if self.has_error("deadline") or self.has_error("time_limit"):
            return data
        if limit and deadline:
            self.add_error("time_limit", _("Give a deadline or a time limit, not both."))
        elif limit:
            data["deadline"] = deadlines.deadline_after(
                timezone.localdate(), limit, working_days=self.working_days
            )
        elif deadline is None:
            self.add_error("deadline", _("Set a deadline."))
        return data


class ReassignForm(AssignForm):
    note = _text(_("Why it is reassigned"), required=True, rows=2)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].error_messages["required"] = _("Write why it is reassigned.")


class DoneForm(MoveForm):
    result = _text(_("Result"), required=True, help_text=PUBLIC_RESULT_HELP)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["note"]
        self.fields["result"].error_messages["required"] = _("Write the result.")


class FeedbackForm(MoveForm):
    how = forms.ChoiceField(
        label=_("How the household was told"),
        choices=Concern.FeedbackHow.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how the household was told.")},
    )
    on = _date(_("When"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].error_messages["required"] = _("Give the day the household was told.")
        if not self.is_bound:
            self.initial["on"] = timezone.localdate()

    def clean_on(self):
        day = self.cleaned_data["on"]
        if day > timezone.localdate():
            raise ValidationError(_("The day is in the future."), code="future")
        if self.concern.done_on and day < self.concern.done_on:
            raise ValidationError(
                _("The household cannot have been told before it was done."), code="early"
            )
        return day


class CloseForm(MoveForm):
    verdict = forms.ChoiceField(
        label=_("The household's verdict"),
        choices=[(v.value, v.label) for v in Concern.SATISFIED],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the household's verdict.")},
    )


class ReopenForm(MoveForm):
    note = _text(_("What the household is not satisfied with"), required=True, rows=2)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].error_messages["required"] = _(
            "Write what the household is not satisfied with."
        )


class ExplainForm(MoveForm):
    explanation = _text(_("Explanation given to the household"), required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["note"]
        self.fields["explanation"].error_messages["required"] = _(
            "Write the explanation given to the household."
        )


class MediationForm(MoveForm):
    outcome = forms.ChoiceField(
        label=_("Mediation outcome"),
        choices=Concern.Mediation.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the mediation outcome.")},
    )


class PetitionStepForm(MoveForm):
    step = forms.ChoiceField(
        label=_("Petition step"),
        choices=Concern.PetitionStep.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the petition step.")},
    )
    note = _text(_("What happened"), required=True, rows=2)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].error_messages["required"] = _("Write what happened.")


class RemindForm(MoveForm):
    note = _text(_("What to tell the office (optional)"), rows=2)


FORMS = {
    "escalate": MoveForm,
    "station_done": DoneForm,
    "assign": AssignForm,
    "reassign": ReassignForm,
    "done": DoneForm,
    "feedback": FeedbackForm,
    "close": CloseForm,
    "reopen": ReopenForm,
    "explain": ExplainForm,
    "mediation": MediationForm,
    "petition_step": PetitionStepForm,
    "acknowledge": MoveForm,
    "remind": RemindForm,
}


class OfficeForm(forms.ModelForm):
    class Meta:
        model = Office
        fields = ["name", "kind", "active"]

    def __init__(self, *args, township, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.township = township
        self.fields["name"].error_messages["required"] = _("Write the office's name.")

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise ValidationError(_("Write the office's name."), code="required")
        # The form has no township field, so Django would skip the unique
        # constraint on (township, name): check it here.
        taken = Office.objects.in_place(township=self.instance.township).filter(name=name)
        if taken.exclude(pk=self.instance.pk).exists():
            raise ValidationError(
                _("The township already has an office of this name."), code="unique"
            )
        return name


class PublicWordingForm(forms.Form):
    """The wording of a result the public notice may show, as township staff confirm it."""

    wording = forms.CharField(
        label=_("Wording on the public notice"),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": TEXT_LIMIT}),
        error_messages={
            "required": _("Write the wording the public notice will show."),
            "max_length": _("Keep it under %(limit_value)s characters (it has %(show_value)s)."),
            "null_characters_not_allowed": _("The wording holds a character that cannot be saved."),
        },
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, concern, **kwargs):
        # One form per concern on the page: the prefix keeps their fields apart.
        super().__init__(*args, prefix=f"c{concern.pk}", **kwargs)
        self.concern = concern
        if not self.is_bound:
            self.initial["version"] = concern.version

    def clean_version(self):
        if self.cleaned_data["version"] != self.concern.version:
            raise ValidationError(
                _("The office wrote a new result meanwhile: check the new one."), code="stale"
            )
        return self.cleaned_data["version"]
