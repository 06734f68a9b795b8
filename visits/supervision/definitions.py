"""What each activity figure counts, in words (``visits.supervision.activity`` and the
shortfall list compute them).

The sentence goes beside the number on the supervision pages, into the
monthly report's definitions sheet and into the booklet's notes. Days are
Beijing days; "so far" means up to the period's last day, or today while the
period is not over: days still to come are never counted.
"""

from django.utils.translation import gettext_lazy as _

from villages.definitions import Definition

DEFINITIONS = {
    "visits": Definition(
        _("Visits"),
        _(
            "Home, field and night visits and phone calls logged in the period; receptions "
            "at the station are counted apart, never added in."
        ),
    ),
    "visits_by_kind": Definition(
        _("Visits by kind"),
        _("Visits of the kind named, logged in the period."),
    ),
    "receptions": Definition(
        _("Receptions"),
        _("People received at the station on its duty days in the period."),
    ),
    "households_reached": Definition(
        _("Households reached"),
        _("Different households with at least one visit or reception in the period."),
    ),
    "duty_days": Definition(
        _("Duty days held / due so far"),
        _(
            "Duty days on the roster from the period's first day up to its last day or "
            "today, and how many of them were held; days still to come are not counted."
        ),
    ),
    "duty_held": Definition(
        _("Duty days held"),
        _("Duty days on the roster up to the period's last day (or today) marked held."),
    ),
    "duty_due": Definition(
        _("Duty days due so far"),
        _("Duty days on the roster from the period's first day up to its last day (or today)."),
    ),
    "paired": Definition(
        _("Paired households"),
        _("Households paired with a cadre (结对) at some time in the period."),
    ),
    "paired_contacted": Definition(
        _("Paired households contacted"),
        _("Paired households their cadre visited or phoned at least once in the period."),
    ),
    "paired_contacts": Definition(
        _("Paired contacts / due so far"),
        _(
            "Visits and calls by the paired cadre to each paired household, at most the "
            "number due counted per household; due = the yearly quota × days paired so far "
            "÷ days in the year, rounded down."
        ),
    ),
    "paired_contacts_counted": Definition(
        _("Paired contacts counted"),
        _(
            "Visits and calls by the paired cadre to each paired household in the period, "
            "at most the number due counted per household."
        ),
    ),
    "paired_contacts_due": Definition(
        _("Paired contacts due so far"),
        _(
            "The yearly contacts per paired household × days paired so far ÷ days in the "
            "year, summed and rounded down."
        ),
    ),
    "households": Definition(
        _("Households"),
        _("Households in the register of the place's villages."),
    ),
    "carded": Definition(
        _("Households holding a valid card"),
        _("Households holding a contact card issued by the period's last day and not voided."),
    ),
    "card_coverage": Definition(
        _("Card coverage"),
        _("Households holding a valid contact card ÷ households."),
    ),
    "village_days": Definition(
        _("Days in a village / due so far"),
        _(
            "Different days on which the member wrote or joined a visit that was not a phone "
            "call; due = the yearly days for the member's rank × days so far ÷ days in the "
            "year, rounded down."
        ),
    ),
    "village_days_held": Definition(
        _("Days in a village"),
        _(
            "Different days in the period on which the member wrote or joined a visit that "
            "was not a phone call."
        ),
    ),
    "village_days_due": Definition(
        _("Days in a village due so far"),
        _(
            "The yearly days in a village for the member's rank × days so far ÷ days in the "
            "year, rounded down."
        ),
    ),
    "farmer_friends_count": Definition(
        _("Farmer friends"),
        _("Farmer friends in the member's register on the period's last day (or today)."),
    ),
    "farmer_friends": Definition(
        _("Farmer friends / standard"),
        _(
            "Farmer friends in the member's register on the period's last day (or today), "
            "against the county's standard; paired households are not counted as friends."
        ),
    ),
}
