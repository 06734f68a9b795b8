"""Removing a household's personal data (PIPL): the person goes, the statistics stay.

The household row stays (its village, group, number of members and tags), so
every count by village and tag, every visit, concern, card and pairing still
adds up; what names, reaches or describes the person goes:

- the household: the head's name becomes ``ERASED_NAME``, phone and address are cleared;
- every earlier version of it that django-simple-history keeps gets the same
  treatment (history is a second copy of the data, so it is purged too);
- its visits (hidden ones too): what was seen, asked and handled, the
  visitor's name, the location and the photos (the files too, once the
  transaction commits); their history versions likewise;
- its concerns: the description, result and explanation, and the notes on
  their timelines; their history versions likewise;
- what a cadre said of the head's name in a spot check.

Kinds, dates, states, categories, verdicts, deadlines stay. The removal is
itself logged (who, which household, when, from where).
"""

from django.db import transaction

from villages import access_log
from villages.models import AccessLog, Household
from villages.pinyin import search_key
from visits.models import Concern, ConcernEvent, SpotCheckAnswer, Visit, VisitPhoto
from visits.photos import delete_photos

ERASED_NAME = "已删除"
REASON = "personal data removed"

HOUSEHOLD_FIELDS = {"phone": "", "address": ""}
VISIT_FIELDS = {
    "seen": "",
    "asked": "",
    "handled": "",
    "visitor_name": "",
    "latitude": None,
    "longitude": None,
}
CONCERN_FIELDS = {"description": ERASED_NAME, "result": "", "explanation": ""}


def _household_fields():
    return {
        "head_name": ERASED_NAME,
        "name_pinyin": search_key(ERASED_NAME),
        **HOUSEHOLD_FIELDS,
    }


@transaction.atomic
def erase_household(*, household, by, request=None, reason=""):
    """Remove the person from ``household`` and everything recorded about them."""
    household = Household.objects.select_for_update().get(pk=household.pk)
    for name, value in _household_fields().items():
        setattr(household, name, value)
    household._history_user = by
    household._change_reason = REASON
    household.save()
    Household.history.filter(id=household.pk).update(**_household_fields())

    visits = Visit.all_objects.filter(household=household)
    visit_ids = list(visits.values_list("pk", flat=True))
    visits.update(**VISIT_FIELDS)
    Visit.history.filter(id__in=visit_ids).update(**VISIT_FIELDS)
    delete_photos(VisitPhoto.objects.filter(visit_id__in=visit_ids))

    concerns = Concern.all_objects.filter(household=household)
    concern_ids = list(concerns.values_list("pk", flat=True))
    concerns.update(**CONCERN_FIELDS)
    Concern.history.filter(id__in=concern_ids).update(**CONCERN_FIELDS)
    ConcernEvent.objects.filter(concern_id__in=concern_ids).update(note="")

    SpotCheckAnswer.objects.filter(household=household).update(cadre_head_name="")

    access_log.record(
        request=request,
        user=by,
        action=AccessLog.Action.ERASE,
        obj=household,
        what=reason[:200],
    )
    return household
