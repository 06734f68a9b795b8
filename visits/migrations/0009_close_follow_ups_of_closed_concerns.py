"""Close the open follow-ups whose concerns are all closed.

From now on a follow-up closes with the last open concern raised in its visit
(``visits.concerns.services.make_move``); follow-ups written before stayed open
after their concern was closed, and listed the same matter twice on the cadre's
start page. Each is closed on the local day its last concern was closed.
"""

from django.db import migrations
from django.utils import timezone

CLOSED = ("closed", "explained")
OPEN = ("station", "escalated", "assigned", "done", "fed_back")


def close_follow_ups(apps, schema_editor):
    Visit = apps.get_model("visits", "Visit")
    Concern = apps.get_model("visits", "Concern")
    shown = Concern.objects.filter(hidden_at__isnull=True)
    open_follow_ups = Visit.objects.filter(
        follow_up=True, follow_up_closed_on__isnull=True, hidden_at__isnull=True
    )
    settled = (
        open_follow_ups.filter(concerns__in=shown.filter(state__in=CLOSED))
        .exclude(concerns__in=shown.filter(state__in=OPEN))
        .distinct()
    )
    for visit in settled.iterator():
        last = (
            shown.filter(raised_in=visit, state__in=CLOSED, closed_at__isnull=False)
            .order_by("-closed_at")
            .values_list("closed_at", flat=True)
            .first()
        )
        if last is not None:
            Visit.objects.filter(pk=visit.pk).update(follow_up_closed_on=timezone.localdate(last))


class Migration(migrations.Migration):
    dependencies = [("visits", "0008_concern_public_wording")]

    # Going back leaves them closed: which were closed here and which by hand is not kept.
    operations = [migrations.RunPython(close_follow_ups, migrations.RunPython.noop)]
