"""Who sees personal data in full (PIPL: phone numbers only to those who need them).

Households' phone numbers are printed masked (138****1234) on every page, for
everyone. Township staff keep the registers and call households: they may
show a number in full with a deliberate click, which is logged
(``villages.views.privacy``); those who work on a concern may do the same
from the concern's page. A county supervisor reviews and exports, and never
gets them in full, on pages or in exports.

Township staff's register exports hold the numbers in full (the work done
in Excel needs them); every export is logged (``villages.exports``).

Cadres' phone numbers are work numbers printed on the contact cards and the
public station page: township staff see them in full, supervisors masked.

ID-card numbers are not collected (the work does not need them). Should a
county ever turn them on, they take the same road as phone numbers: masked
with ``mask_id_number`` everywhere, shown in full only through a logged
POST, and exported in full only by township staff, logged.
"""


def shows_full_phones(user):
    """Township staff (and superusers): cadres' numbers and register exports in full."""
    return bool(
        user is not None
        and user.is_authenticated
        and (user.is_superuser or user.role == "township")
    )


def may_reveal(user):
    """May ``user`` show a household's phone in full from the register (logged)?"""
    return shows_full_phones(user)


def mask_phone(value):
    """'13812341234' → '138****1234'; short numbers keep only their last digits."""
    value = (value or "").strip()
    if not value:
        return ""
    if len(value) >= 8:
        return f"{value[:3]}****{value[-4:]}"
    return "*" * (len(value) - 2) + value[-2:]


def mask_id_number(value):
    """'430524199001011234' → '4305**********1234' (for when a county turns ID numbers on)."""
    value = (value or "").strip()
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def phone_for(user, value):
    """The phone number as ``user`` may see it in a list or an export."""
    return value if shows_full_phones(user) else mask_phone(value)
