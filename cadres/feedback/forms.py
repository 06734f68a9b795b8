"""The feedback form and the township's reply."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cadres.models import Feedback

TEXT_LIMIT = 2000


class FeedbackForm(forms.ModelForm):
    text = forms.CharField(
        label=_("Your suggestion or complaint"),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": TEXT_LIMIT}),
        error_messages={
            "required": _("Write your suggestion or complaint."),
            "max_length": _("Keep it under %(limit_value)s characters (it has %(show_value)s)."),
        },
    )

    class Meta:
        model = Feedback
        fields = ["text"]


class ReplyForm(forms.Form):
    """A township's reply when it marks feedback read; the form also refuses what a
    database cannot store (a NUL byte) with a message instead of an error page."""

    reply = forms.CharField(
        label=_("Reply"),
        required=False,
        max_length=TEXT_LIMIT,
        error_messages={
            "max_length": _("Keep it under %(limit_value)s characters (it has %(show_value)s)."),
        },
    )
