"""Who sees personal data in full (PIPL: phone numbers only to those who need them).

Township staff keep the registers and call households and cadres, so they see
phone numbers in full; a county supervisor reviews and exports, and gets them
masked (138****1234) on pages and in exports alike.
"""


def shows_full_phones(user):
    return bool(
        user is not None
        and user.is_authenticated
        and (user.is_superuser or user.role == "township")
    )


def mask_phone(value):
    """'13812341234' → '138****1234'; short numbers keep only their last digits."""
    value = (value or "").strip()
    if not value:
        return ""
    if len(value) >= 8:
        return f"{value[:3]}****{value[-4:]}"
    return "*" * (len(value) - 2) + value[-2:]


def phone_for(user, value):
    """The phone number as ``user`` may see it."""
    return value if shows_full_phones(user) else mask_phone(value)
