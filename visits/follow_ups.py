"""A visit's follow-up closing with the concerns raised in it.

Apart from ``visits.services`` so that the concern services can call it (the
visit service raises concerns through them: each importing the other would be a
cycle).
"""

from visits.models import Concern, Visit


def close_follow_up_with_its_concerns(*, visit_id, on):
    """Close the open follow-up of visit ``visit_id`` once none of the concerns raised in
    it is open any more: the follow-up was that matter, and the matter is settled.

    Called by the concern services in the transaction of the move that closed the last
    one.
    """
    visit = Visit.objects.open_follow_ups().select_for_update().filter(pk=visit_id).first()
    if visit is None or Concern.objects.filter(raised_in=visit_id).open().exists():
        return
    visit.follow_up_closed_on = on
    visit.save(update_fields=["follow_up_closed_on", "updated_at"])
