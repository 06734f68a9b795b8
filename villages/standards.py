"""The defaults each county's standards (考核标准) start from, and the seven haves.

A county that has never edited its standards works to these (the seeds'
figures; contacts per paired household from the ``PAIRED_CONTACTS_PER_YEAR``
setting): ``Standard.objects.for_county`` hands back an unsaved row with them,
so reading a page never writes.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

# The "seven haves" (七有) a station must meet, as (field of the station, label).
SEVEN_HAVES = (
    ("has_office", _("office")),
    ("has_door_plate", _("door plate")),
    ("has_notice_board", _("notice board")),
    ("has_suggestion_box", _("suggestion box")),
    ("has_contact_cards", _("contact cards")),
    ("has_work_ledger", _("work ledger")),
    ("has_work_log", _("work log")),
)


def default_contacts_per_year():
    return settings.PAIRED_CONTACTS_PER_YEAR


def all_seven_haves():
    return [name for name, _label in SEVEN_HAVES]


# Monthly materials (月度材料): a station's month is due by this day of the following
# month, and a visit written more than this many days after it took place is logged late.
MATERIALS_DUE_DAY = 5
LATE_LOG_DAYS = 3
