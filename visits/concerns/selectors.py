"""Reads feeding the concern pages: detail, ledger, inboxes, public notice.

Every read starts from ``Concern.objects.visible_to(user)`` (or from a
township or office the user was allowed to open), and every page costs a
fixed number of queries whatever the number of concerns.
"""

import datetime
import re

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from cadres.models import Office, is_office_staff
from villages.models import Household
from visits.concerns import flow as flow
from visits.concerns.forms import FORMS, PublicWordingForm
from visits.models import Concern, ConcernEvent, Visit
from visits.models.concerns import day_start

S = Concern.State
NOTICE_PDF_LIMIT = 2000
REVIEW_SHOWN = 50  # results on the review page, in each of its two lists


def concerns_for(user, *, hidden_too=False):
    """The concerns ``user`` may open, with what their rows show.

    ``hidden_too``: hidden ones as well, for telling someone whose move came
    after the hiding what happened to the concern instead of "not found".
    """
    manager = Concern.all_objects if hidden_too else Concern.objects
    return manager.visible_to(user).select_related("station", "village", "household", "office")


def concern_page(concern, *, user, forms=None):
    """The detail page: facts, timeline, and a form for each move the user may make now."""
    forms = forms or {}
    moves = []
    for move in flow.moves_for(user, concern):
        form = forms.get(move.name)
        if form is None:
            form = FORMS[move.name](concern=concern, user=user, prefix=move.name)
        moves.append({"move": move, "form": form})
    events = list(concern.events.select_related("actor", "office").order_by("version"))
    for event in events:
        event.label = flow.label_of(event.move)
        event.value_label = _value_label(event)
    return {
        "concern": concern,
        "events": events,
        "moves": moves,
        "overdue": concern.is_overdue(),
        # Phones in full only to those who work on the concern (PIPL).
        "show_phone": bool(flow.kinds_for(user, concern)),
        "show_visit": _visit_opens(concern, user),
    }


def _visit_opens(concern, user):
    """Whether "raised in the visit" leads somewhere: office staff do not read the
    stations' visit logs, and a hidden visit (or one outside the user's place)
    would be a 404."""
    if concern.raised_in_id is None or is_office_staff(user):
        return False
    return Visit.objects.visible_to(user).filter(pk=concern.raised_in_id).exists()


VALUE_CHOICES = {
    "close": Concern.Verdict,
    "reopen": Concern.Verdict,
    "feedback": Concern.FeedbackHow,
    "mediation": Concern.Mediation,
    "solve_on_spot": Concern.Mediation,
    "petition_step": Concern.PetitionStep,
}


def _value_label(event):
    choices = VALUE_CHOICES.get(event.move)
    if not event.value or choices is None:
        return ""
    try:
        return choices(event.value).label
    except ValueError:
        return event.value


LEDGER_FILTERS = {
    "open": Q(state__in=Concern.OPEN_STATES),
    "closed": ~Q(state__in=Concern.OPEN_STATES),
    **{state.value: Q(state=state) for state in S},
}


def ledger(user, *, show):
    rows = concerns_for(user)
    if show == "overdue":
        return rows.overdue(on=timezone.localdate())
    if show in LEDGER_FILTERS:
        return rows.filter(LEDGER_FILTERS[show])
    return rows


# The township's inbox: one tab per thing waiting, each a keyset-paged list.
TOWNSHIP_TABS = {
    "escalated": (Q(state=S.ESCALATED), ("raised_at", "pk")),
    "overdue": (None, ("deadline", "pk")),
    "assigned": (Q(state=S.ASSIGNED), ("deadline", "pk")),
    "done": (Q(state=S.DONE), ("-done_at", "-pk")),
    "fed_back": (Q(state=S.FED_BACK), ("-updated_at", "-pk")),
}


def _tab_filter(tabs, tab, today):
    """A tab's condition (None: overdue today; a callable: built from today) and ordering."""
    condition, ordering = tabs[tab]
    if condition is None:
        return Concern.overdue_q(today), ordering
    return (condition(today) if callable(condition) else condition), ordering


def inbox(concerns, *, tabs, tab, today):
    """The rows of one tab (a queryset and its ordering) and every tab's count, in one query."""
    condition, ordering = _tab_filter(tabs, tab, today)
    counts = concerns.aggregate(
        **{name: Count("pk", filter=_tab_filter(tabs, name, today)[0]) for name in tabs}
    )
    return concerns.filter(condition), ordering, counts


def township_inbox(township, *, tab, today):
    concerns = Concern.objects.in_place(township=township).select_related(
        "station", "village", "household", "office"
    )
    rows, ordering, counts = inbox(concerns, tabs=TOWNSHIP_TABS, tab=tab, today=today)
    return with_reminders(rows), ordering, counts


def with_reminders(concerns):
    """Each concern with the reminders (催办) sent to the office it is assigned to now:
    ``reminders`` (how many) and ``last_reminded_at``, as subqueries of the same query.
    Reminders sent to an office it was taken from are not that office's any more."""
    sent = ConcernEvent.objects.filter(
        concern=OuterRef("pk"), move="remind", office=OuterRef("office")
    ).order_by()
    return concerns.annotate(
        reminders=Coalesce(Subquery(sent.values("concern").annotate(n=Count("pk")).values("n")), 0),
        last_reminded_at=Subquery(sent.order_by("-at").values("at")[:1]),
    )


def offices_page(township, *, today):
    """The township's offices with their open assignments and overdue ones, one query."""
    return list(
        Office.objects.in_place(township=township).annotate(
            open_count=Count(
                "concerns",
                filter=Q(concerns__state=S.ASSIGNED, concerns__hidden_at__isnull=True),
            ),
            overdue_count=Count(
                "concerns",
                filter=Q(
                    concerns__state=S.ASSIGNED,
                    concerns__deadline__lt=today,
                    concerns__hidden_at__isnull=True,
                ),
            ),
        )
    )


# The public notice (督导公示) shows no name, phone or address. The result is
# free text written by an office, so what looks like one is masked as well.
# Mobiles (also written 139 0739 1234), landlines with or without an area
# code, and any run of seven or more digits (ID-card numbers too). Dates and
# ordinary amounts are left alone.
PHONE_LIKE = re.compile(
    r"(?<!\d)(?:\+?86[- ]?)?"
    r"(?:1\d{2}[- ]?\d{4}[- ]?\d{4}|0\d{2,3}[- ]?\d{7,8}|\d{3,4}[- ]\d{4}|\d{7,}[\dXx]?)"
    r"(?![\dXx])"
)
# A number written digit by digit in Chinese (一三八〇七三九…, 幺 for one): seven
# or more in a row, spaces and dashes allowed. Amounts (三千五百元) use 十百千万,
# which are not digits here, so they stay.
CHINESE_DIGITS = re.compile(
    r"[〇零一二三四五六七八九幺两](?:[- ]?[〇零一二三四五六七八九幺两]){6,}"
)
# A house address: a road or a village group, then a house number (高石村3组15号,
# 人民路12号, 3栋2单元501室). A day of the month (11月3号) has no group or road, so it stays.
NUMBER = "[0-9一二三四五六七八九十百〇零]+"
ADDRESS = re.compile(
    rf"(?:[\u4e00-\u9fff]{{1,8}}?(?:村|社区|路|街|巷|道))?"
    rf"(?:{NUMBER}(?:组|队|社|栋|幢|单元))+{NUMBER}(?:号|室)(?:院|楼)?"
    rf"|[\u4e00-\u9fff]{{1,8}}?(?:路|街|巷|道){NUMBER}号(?:院|楼)?"
)
# A relative named in the text (户主之子李建国): the name after the kinship word.
KIN_NAME = re.compile(r"(之子|之女|之妻|之夫|之父|之母)[\u4e00-\u9fff]{2,3}")
NAME_LENGTHS = (4, 3, 2)  # Chinese full names, longest first


def mask_personal(text, names=()):
    """``text`` with phones, ID numbers, house addresses and names starred out.

    ``names`` are the names known to be personal (the household register's
    heads of household): any of them found in the text is masked, longest first.
    """
    text = PHONE_LIKE.sub("***", text or "")
    text = CHINESE_DIGITS.sub("***", text)
    text = ADDRESS.sub("***", text)
    text = KIN_NAME.sub(lambda m: m.group(1) + "**", text)
    names = {n for n in names if n}
    if not names:
        return text
    masked, i = [], 0
    while i < len(text):
        length = next((n for n in NAME_LENGTHS if text[i : i + n] in names), 0)
        if length:
            masked.append("**")
            i += length
        else:
            masked.append(text[i])
            i += 1
    return "".join(masked)


def register_names(township):
    """The names of the township's heads of household, to mask in public text (one query)."""
    return frozenset(
        Household.objects.in_place(township=township).values_list("head_name", flat=True)
    )


def month_bounds(year, month):
    first = datetime.date(year, month, 1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return day_start(first), day_start(following)


def notice_rows(township, *, year, month):
    """Concerns of the township assigned in the month, as public rows (no personal data)."""
    since, until = month_bounds(year, month)
    return (
        Concern.objects.in_place(township=township)
        .filter(assigned_at__gte=since, assigned_at__lt=until)
        .select_related("office", "household")
        .only(
            "pk",
            "category",
            "assigned_at",
            "deadline",
            "result",
            "public_result",
            "public_reviewed_at",
            "done_on",
            "verdict",
            "state",
            "office__name",
            "household__head_name",
        )
    )


def public_row(concern, *, names=frozenset()):
    """What the public notice may show of a concern, and nothing else.

    ``names`` are the township's heads of household (``register_names``): the
    result is free text, and may name a neighbour as well as the household; it
    is shown only in the wording the township approved (``review_page``)."""
    if concern.household_id:
        names = names | {concern.household.head_name}
    approved = concern.done_on and concern.public_reviewed_at
    return {
        "category": concern.get_category_display(),
        "office": concern.office.name if concern.office_id else "",
        "assigned_on": timezone.localdate(concern.assigned_at),
        "deadline": concern.deadline,
        # Only the wording the township approved, masked again as a safety net.
        "result": mask_personal(concern.public_result, names) if approved else "",
        "awaiting_review": bool(concern.done_on and not approved),
        "done_on": concern.done_on,
        "verdict": concern.get_verdict_display() if concern.verdict else "",
        "state": concern.get_state_display(),
        "explained": concern.state == S.EXPLAINED,
    }


def reviewable(township):
    """The township's concerns on the notice that are done with a result: the ones
    whose public wording its staff confirm."""
    return (
        Concern.objects.in_place(township=township)
        .filter(assigned_at__isnull=False, done_on__isnull=False)
        .exclude(result="")
    )


def review_page(township, *, today, bound=None):
    """The review page: results awaiting their public wording, and the ones approved
    this month, each with its form (``bound``: the form just posted, shown again).
    Five queries whatever the number of concerns."""
    rows = reviewable(township).select_related("office", "household", "public_reviewed_by")
    names = register_names(township)
    awaiting = rows.filter(public_reviewed_at__isnull=True)
    approved = rows.filter(public_reviewed_at__gte=day_start(today.replace(day=1)))
    due = list(awaiting.order_by("done_at", "pk")[:REVIEW_SHOWN])
    done = list(approved.order_by("-public_reviewed_at", "-pk")[:REVIEW_SHOWN])
    for concern in due + done:
        concern.review_form = review_form_for(concern, names=names, bound=bound)
    return {"awaiting": due, "awaiting_count": awaiting.count(), "approved": done}


def review_form_for(concern, *, names, bound=None):
    if bound is not None and bound.concern.pk == concern.pk:
        return bound
    if concern.public_reviewed_at:
        wording = concern.public_result
    else:
        own = {concern.household.head_name} if concern.household_id else set()
        wording = mask_personal(concern.result, names | own)
    return PublicWordingForm(concern=concern, initial={"wording": wording})


def awaiting_review_count(township):
    return reviewable(township).filter(public_reviewed_at__isnull=True).count()
