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
            "today, and how many of them were held; today's counts once held, days still to "
            "come are not counted."
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
        _("Households paired with a cadre at some time in the period."),
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


# The standards a station or member is measured against on the shortfall list
# (``visits.supervision.measures``): the label of a row and the rule, in words.
SHORTFALLS = {
    "village_days": Definition(
        _("days in a village"),
        _(
            "The member's days in a village in the period against the yearly days for their "
            "rank, pro-rated to the days so far and rounded down."
        ),
    ),
    "paired_contacts": Definition(
        _("contacts with paired households"),
        _(
            "The member's counted contacts with their paired households against the yearly "
            "contacts per household, pro-rated to the days each was paired and rounded down."
        ),
    ),
    "farmer_friends": Definition(
        _("farmer friends"),
        _(
            "Farmer friends in the member's register on the period's last day (or today) "
            "against the county's friends per member."
        ),
    ),
    "duty_days": Definition(
        _("duty days"),
        _(
            "Duty days held against what the station owes so far: a station on days of the "
            "week owes the county's days a week, pro-rated; one on days of the month (e.g. "
            "the 5th, 15th and 25th) owes its own days; a rostered day not held is owed too."
        ),
    ),
    "analysis_meetings": Definition(
        _("concern-analysis meetings"),
        _(
            "Concern-analysis meetings held against the meetings a quarter, for each quarter "
            "wholly inside the period."
        ),
    ),
    "seven_haves": Definition(
        _("seven haves"),
        _("The seven haves the station meets against those the county requires."),
    ),
    "logs_missing": Definition(
        _("visit and reception logs"),
        _("A station with no visit and no reception logged in the period."),
    ),
}


# What each item of a start page's worklist counts (``visits.supervision.worklist``):
# the item's label and, in words, which rows are counted and by which day.
WORKLIST = {
    "overdue": Definition(
        _("Overdue concerns"),
        _(
            "Concerns assigned to an office whose deadline has passed (in Beijing days) and "
            "that are neither done nor closed today."
        ),
    ),
    "to_assign": Definition(
        _("Concerns waiting to be assigned"),
        _("Concerns escalated to the township and not yet assigned to an office."),
    ),
    "missed_duty": Definition(
        _("Duty days missed this month"),
        _(
            "Duty days on this month's roster before today that were not held (no reception "
            "logged and not marked held); today's duty day is not counted."
        ),
    ),
    "stale_cards": Definition(
        _("Stale contact cards"),
        _(
            "Valid contact cards that list a cadre who no longer serves at the card's "
            "station: to be reissued."
        ),
    ),
    "no_card": Definition(
        _("Households without a valid card"),
        _("Households in the register holding no contact card that is valid today."),
    ),
    "unread_feedback": Definition(
        _("Unread suggestions and complaints"),
        _("Suggestions and complaints from the township's users not yet marked read."),
    ),
    "members_behind": Definition(
        _("Members below quota"),
        _(
            "Members behind on at least one personal standard this month so far (days in a "
            "village, contacts with paired households, farmer friends), as the shortfall "
            "list counts them."
        ),
    ),
}

# The city's start page (``visits.supervision.city``): what each county holds, and
# this month's work so far.
CITY = {
    "townships": Definition(
        _("Townships"),
        _("Townships and subdistricts in the county's register."),
    ),
    "villages": Definition(
        _("Villages"),
        _("Villages in the register of the county's townships."),
    ),
    "stations": Definition(
        _("Stations"),
        _("Mass-work stations set up in the county's villages."),
    ),
    "valid_cards": Definition(
        _("Valid cards"),
        _("Contact cards of the county valid today: issued and not voided."),
    ),
    "visits_month": Definition(
        _("Visits this month"),
        _(
            "Home, field and night visits and phone calls logged at the county's stations "
            "from the 1st of this month to today; receptions are counted apart."
        ),
    ),
    "receptions_month": Definition(
        _("Receptions this month"),
        _("People received at the county's stations from the 1st of this month to today."),
    ),
    "duty_missed": Definition(
        _("Duty days missed"),
        _("Duty days on the roster up to the period's last day (or yesterday) that were not held."),
    ),
}

# Coverage of the households that matter (``visits.supervision.coverage``).
COVERAGE = {
    "matter": Definition(
        _("Households that matter"),
        _(
            "Households tagged old party member, old cadre or old model, hardship, well-off, "
            "petitioner, minimum subsistence or five guarantees (the three olds and three "
            "households, and the hardship-tagged), each counted once."
        ),
    ),
    "not_visited": Definition(
        _("Not visited this year"),
        _(
            "Of the households that matter, those with no home, field or night visit by "
            "anyone from 1 January to the year's last day or today; phone calls and "
            "receptions are not visits."
        ),
    ),
    "paired_matter": Definition(
        _("Paired households that matter"),
        _(
            "Households that matter paired with the member on the year's last day or "
            "today, and how many of them nobody visited this year."
        ),
    ),
    "together_days": Definition(
        _("Days with the masses"),
        _(
            "Days on which the member logged a visit where they ate, lived or worked "
            "with the household, each day once; of the five togethers the app records these "
            "three."
        ),
    ),
    "last_visited": Definition(
        _("Last visited"),
        _("The day of the latest home, field or night visit to the household, by anyone."),
    ),
}
