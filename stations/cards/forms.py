"""Forms of the contact-card pages: which cards to print, which stale cards to reissue."""

from django import forms
from django.utils.translation import gettext_lazy as _


class PrintSelectionForm(forms.Form):
    """One card, or every valid card of a station or of a whole township (optionally those
    issued on one day: the township's reissued stale cards are printed so)."""

    card = forms.IntegerField(required=False, min_value=1)
    station = forms.IntegerField(required=False, min_value=1)
    township = forms.IntegerField(required=False, min_value=1)
    issued_on = forms.DateField(
        required=False,
        error_messages={"invalid": _("Write the issue date like 2026-03-01.")},
    )
    # Large selections come as several PDFs (see PDF_CARDS); which one.
    part = forms.IntegerField(required=False, min_value=1, max_value=1000)

    def clean(self):
        data = super().clean()
        if sum(bool(data.get(name)) for name in ("card", "station", "township")) != 1:
            raise forms.ValidationError(
                _("Choose the cards to print: one card, or the cards of a station or a township."),
                code="no_selection",
            )
        return data


class StaleReissueForm(forms.Form):
    """Reissue the stale cards of one station of the township, or of all of them."""

    station = forms.IntegerField(required=False, min_value=1)
