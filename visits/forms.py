"""Forms for logging visits and receptions on a phone."""

import datetime
import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cadres.models import Cadre
from stations.models import WorkStation
from villages.models import Household, Village
from visits.concerns import flow
from visits.models import Concern, Visit
from visits.photos import reencode_photos

TEXT_LIMIT = 2000


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    """Several optional photos, decoded and re-encoded in clean() within the pixel caps."""

    widget = MultipleFileInput(attrs={"accept": "image/*"})

    def clean(self, data, initial=None):
        files = [f for f in (data or []) if f] if isinstance(data, list | tuple) else [data]
        files = [f for f in files if f]
        if len(files) > settings.VISIT_PHOTO_MAX_COUNT:
            raise ValidationError(
                _("At most %(count)s photos per visit.") % {"count": settings.VISIT_PHOTO_MAX_COUNT}
            )
        return reencode_photos(files)


def _limited_text(label, required=False):
    return forms.CharField(
        label=label,
        required=required,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": TEXT_LIMIT}),
        error_messages={
            "max_length": _("Keep it under %(limit_value)s characters (it has %(show_value)s)."),
        },
    )


class LogFormBase(forms.ModelForm):
    """What visit and reception forms share: the cadre's place, the token, the time."""

    token = forms.UUIDField(widget=forms.HiddenInput)
    station = forms.ModelChoiceField(
        queryset=WorkStation.objects.none(), label=_("station"), empty_label=None
    )
    occurred_at = forms.DateTimeField(
        label=_("date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
    )

    def __init__(self, *args, user, cadre, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.cadre = user, cadre
        stations = WorkStation.objects.visible_to(user).select_related("village")
        self.fields["station"].queryset = stations
        self.fields["household"].queryset = Household.objects.visible_to(user).select_related(
            "village"
        )
        self.fields["household"].required = False
        if not self.is_bound and not self.instance.pk:
            self.initial.setdefault("token", uuid.uuid4())
            self.initial.setdefault("occurred_at", timezone.localtime().replace(second=0))
        if self.instance.pk:
            # A correction keeps the visit where it was logged.
            self.fields["token"].required = False
            self.fields["station"].disabled = True
            self.initial["station"] = self.instance.station_id

    def clean_occurred_at(self):
        when = self.cleaned_data["occurred_at"]
        now = timezone.now()
        if when > now + datetime.timedelta(minutes=10):
            raise ValidationError(_("The time is in the future."), code="future")
        if when < now - datetime.timedelta(days=settings.VISIT_BACKDATE_DAYS):
            raise ValidationError(
                _("A visit can be logged up to %(days)s days late.")
                % {"days": settings.VISIT_BACKDATE_DAYS},
                code="too_old",
            )
        return when


class VisitForm(LogFormBase):
    kind = forms.ChoiceField(
        label=_("kind"),
        choices=[(k.value, k.label) for k in Visit.Kind if k != Visit.Kind.RECEPTION],
        widget=forms.RadioSelect,
        initial=Visit.Kind.HOME,
    )
    seen = _limited_text(_("what was seen"))
    asked = _limited_text(_("what was asked"))
    photos = MultiplePhotoField(label=_("photos"), required=False)
    latitude = forms.DecimalField(
        required=False, min_value=-90, max_value=90, decimal_places=6, widget=forms.HiddenInput
    )
    longitude = forms.DecimalField(
        required=False, min_value=-180, max_value=180, decimal_places=6, widget=forms.HiddenInput
    )
    # What was asked, recorded as a concern in the same save (a new visit only): its
    # category, and whether it was solved on the spot or taken back.
    concern_category = forms.ChoiceField(
        label=_("record what was asked as a concern"), required=False
    )
    concern_move = forms.ChoiceField(
        label=_("what happens to the concern"),
        required=False,
        widget=forms.RadioSelect,
        choices=[(m.name, m.label) for m in flow.RAISE_MOVES if flow.STATION_CADRE in m.actors],
    )
    concern_result = _limited_text(_("what was done on the spot"))

    # A household is needed except for meetings and field visits.
    KINDS_WITHOUT_HOUSEHOLD = {Visit.Kind.MEETING, Visit.Kind.FIELD}

    class Meta:
        model = Visit
        fields = [
            "household",
            "kind",
            "occurred_at",
            "companions",
            "seen",
            "asked",
            "follow_up",
            "ate_together",
            "lived_together",
            "worked_together",
            "latitude",
            "longitude",
        ]
        widgets = {"companions": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["companions"].queryset = (
            Cadre.objects.visible_to(self.user).exclude(pk=self.cadre.pk).order_by("name")
        )
        if self.instance.pk:
            # A correction changes the visit; its concern has its own page.
            for name in ("concern_category", "concern_move", "concern_result"):
                del self.fields[name]
        else:
            self.fields["concern_category"].choices = [
                ("", _("no, not a concern")),
                *Concern.category_choices(),
            ]

    def clean(self):
        data = super().clean()
        household = data.get("household")
        if household and not self.instance.pk:
            # A household belongs to one village, and so to one of my stations.
            stations = self.fields["station"].queryset
            data["station"] = next(
                (s for s in stations if s.village_id == household.village_id), data.get("station")
            )
        needs_household = data.get("kind") not in self.KINDS_WITHOUT_HOUSEHOLD
        if not household and needs_household and "household" not in self._errors:
            self.add_error(
                "household",
                _("Choose the household you visited: only a meeting or a field visit has none."),
            )
        if not (data.get("seen") or "").strip() and not (data.get("asked") or "").strip():
            self.add_error("seen", _("Write what you saw or what was asked."))
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error(None, _("The location is incomplete; add it again."))
        if data.get("concern_category"):
            self._clean_concern(data)
        return data

    def _clean_concern(self, data):
        if not (data.get("asked") or "").strip() and "asked" not in self._errors:
            self.add_error("asked", _("Write what was asked: it is the concern's text."))
        move = data.get("concern_move")
        if not move:
            self.add_error("concern_move", _("Choose what happens next."))
        elif move == "solve_on_spot" and not (data.get("concern_result") or "").strip():
            self.add_error("concern_result", _("Write what was done on the spot."))


class ReceptionForm(LogFormBase):
    visitor_name = forms.CharField(label=_("visitor's name"), max_length=30, required=False)
    village = forms.ModelChoiceField(
        queryset=Village.objects.none(), label=_("village"), empty_label=None
    )
    asked = _limited_text(_("what was asked"), required=True)
    handled = _limited_text(_("how it was handled"), required=True)

    class Meta:
        model = Visit
        fields = [
            "visitor_name",
            "household",
            "village",
            "occurred_at",
            "asked",
            "handled",
            "follow_up",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = Village.objects.visible_to(self.user)

    def clean(self):
        data = super().clean()
        household = data.get("household")
        if household:
            data["village"] = household.village
            data["visitor_name"] = data.get("visitor_name") or household.head_name
        elif not (data.get("visitor_name") or "").strip():
            self.add_error("visitor_name", _("Write the visitor's name or choose a household."))
        return data
