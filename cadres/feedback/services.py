"""Suggestions and complaints (意见建议) from users, routed to their township's staff."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cadres.models import Feedback, User
from villages.models import Township
from villages.scoping import Scope

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


def township_of(user):
    """The township whose staff read this user's feedback, if any."""
    if user.role == User.Role.TOWNSHIP:
        return user.township
    townships = Scope.of(user).ids.get("township") or ()
    if user.role == User.Role.CADRE and townships:
        return Township.objects.filter(pk__in=townships).order_by("pk").first()
    return None


def submit(*, user, text):
    return Feedback.objects.create(author=user, township=township_of(user), text=text.strip())


def mark_read(*, feedback, reply=""):
    feedback.read_at = feedback.read_at or timezone.now()
    if reply:
        feedback.reply = reply
    feedback.save(update_fields=["read_at", "reply"])
