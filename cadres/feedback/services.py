"""Suggestions and complaints (意见建议) from users, routed to their township's staff."""

from django.utils import timezone

from cadres.models import Feedback, User
from villages.models import Township
from villages.scoping import Scope


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
