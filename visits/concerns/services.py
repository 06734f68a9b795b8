"""Writes of concerns: raising one, and every move on it, each with its event.

Every move claims the concern with a conditional UPDATE on its version
(``UPDATE … SET version = v + 1 WHERE pk = … AND version = v AND state IN …``):
of two people moving the same concern at once, exactly one gets the row; the
other is told who was first and nothing of theirs is written. The claim
holds the row until the transaction ends, so the full save and the event
that follow belong to the winner alone.
"""

from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from visits.concerns import flow as flow
from visits.follow_ups import close_follow_up_with_its_concerns
from visits.models import Concern, ConcernEvent
from visits.models.concerns import day_start, next_day_start


class MoveRefused(Exception):
    """The user may not make this move on this concern (their role or place)."""


class MoveConflict(Exception):
    """The concern is no longer where the user saw it: someone else moved it first,
    or the move cannot be made from its state."""

    def __init__(self, concern, last_event, *, moved):
        super().__init__(concern.pk)
        self.concern = concern
        self.last_event = last_event
        self.moved = moved  # True: someone else moved it since the user's page


class MoveNotNow(Exception):
    """The move waits for something the concern is not (overdue, not yet acknowledged),
    or was made today already (a reminder): nothing was written. ``message`` says why."""

    @property
    def message(self):
        return self.args[0]


class ConcernHidden(Exception):
    """The concern was hidden before the move could claim it: nothing was written."""

    def __init__(self, concern):
        super().__init__(concern.pk)
        self.concern = concern


class TokenTaken(Exception):
    """The form token belongs to another user's concern: a forged or stale form."""


@transaction.atomic
def raise_concern(*, user, station, move, token, fields, visit=None, result="", now=None):
    """Create the concern the form with ``token`` describes, once.

    ``move`` is one of the raising moves (solved on the spot, handled by the
    station, escalated). Returns ``(concern, created)``; a resent form finds
    the concern it already made.
    """
    existing = Concern.all_objects.filter(token=token).first()
    if existing is not None:
        if existing.created_by_id != user.pk:
            raise TokenTaken(token)
        return existing, False
    if move not in flow.raise_moves_for(user, station):
        raise MoveRefused(move.name)
    now = now or timezone.now()
    concern = Concern(
        township_id=station.village.township_id,
        station=station,
        village_id=station.village_id,
        raised_in=visit,
        raised_by=getattr(user, "cadre", None) if user.role == "cadre" else None,
        created_by=user,
        token=token,
        raised_at=visit.occurred_at if visit else now,
        state=move.target,
        version=1,
        **fields,
    )
    if concern.household_id and concern.household.village_id != station.village_id:
        raise MoveRefused("household outside the station's village")
    if move.target == Concern.State.ON_SPOT:
        concern.result = result
        concern.done_at = concern.closed_at = now
        concern.done_on = timezone.localdate(now)
        if concern.is_dispute:
            # A dispute settled there and then was mediated successfully.
            concern.mediation = Concern.Mediation.SUCCEEDED
            concern.mediation_at = now
    elif move.target == Concern.State.ESCALATED:
        concern.escalated_at = now
    concern._history_user = user
    try:
        with transaction.atomic():
            concern.save()
    except IntegrityError:
        # The same token arrived twice at once: the other request won.
        existing = Concern.all_objects.get(token=token)
        if existing.created_by_id != user.pk:
            raise TokenTaken(token) from None
        return existing, False
    ConcernEvent.objects.create(
        concern=concern,
        at=now,
        actor=user,
        move=move.name,
        from_state="",
        to_state=concern.state,
        note=result,
        value=concern.mediation,
        version=1,
    )
    return concern, True


def _escalate(concern, data, user, now):
    concern.escalated_at = concern.escalated_at or now


def _done(concern, data, user, now):
    concern.result = data["result"]
    concern.done_at = now
    concern.done_on = timezone.localdate(now)
    concern.public_reviewed_at = None  # a new result needs the township's review again


def _assign(concern, data, user, now):
    office = data["office"]
    if office.township_id != concern.township_id or not office.active:
        raise MoveRefused("office outside the concern's township")
    concern.office = office
    concern.deadline = data["deadline"]
    concern.assigned_at = now
    concern.assigned_by = user
    concern.acknowledged_at = None  # the office it goes to signs for it anew


def _acknowledge(concern, data, user, now):
    concern.acknowledged_at = now


def _feedback(concern, data, user, now):
    concern.feedback_how = data["how"]
    concern.feedback_on = data["on"]
    concern.feedback_by = user


def _close(concern, data, user, now):
    concern.verdict = data["verdict"]
    concern.verdict_at = now
    concern.closed_at = now


def _reopen(concern, data, user, now):
    # Not done after all: it counts as done again only when done again.
    concern.verdict = Concern.Verdict.NOT_SATISFIED
    concern.verdict_at = now
    concern.done_at = concern.done_on = None
    concern.feedback_how, concern.feedback_on, concern.feedback_by = "", None, None


def _explain(concern, data, user, now):
    concern.explanation = data["explanation"]
    concern.closed_at = now


def _mediation(concern, data, user, now):
    concern.mediation = data["outcome"]
    concern.mediation_at = now


def _record_only(concern, data, user, now):
    pass


APPLY = {
    "escalate": _escalate,
    "station_done": _done,
    "assign": _assign,
    "reassign": _assign,
    "done": _done,
    "feedback": _feedback,
    "close": _close,
    "reopen": _reopen,
    "explain": _explain,
    "mediation": _mediation,
    "petition_step": _record_only,
    "acknowledge": _acknowledge,
    "remind": _record_only,
}

# What each move's event keeps as its note and its value.
EVENT_NOTE = {"station_done": "result", "done": "result", "explain": "explanation"}
EVENT_VALUE = {
    "feedback": "how",
    "close": "verdict",
    "mediation": "outcome",
    "petition_step": "step",
}
ASSIGNING = ("assign", "reassign")


def _recorded(move, data, concern):
    """What the event of ``move`` keeps of the form's ``data``. A reminder names the
    office it chases, so the office's inbox counts only the reminders sent to it."""
    assigning = move in ASSIGNING
    office = data["office"] if assigning else concern.office if move == "remind" else None
    return {
        "note": data.get(EVENT_NOTE.get(move, "note"), "") or "",
        "value": data.get(EVENT_VALUE.get(move, ""), "") or "",
        "office": office,
        "deadline": data["deadline"] if assigning else None,
    }


NOT_READY = {
    "overdue": gettext_lazy("Only an overdue concern can be chased with a reminder."),
    "unacknowledged": gettext_lazy("The office has acknowledged it already."),
}


def _check_ready(step, concern, now):
    """Refuse, with the reason, a move whose moment has not come (see ``flow.ready``);
    a second reminder on the same (Beijing) day is refused too: the office has been told,
    and the figure counts the days a concern was chased, not the clicks."""
    today = timezone.localdate(now)
    if not flow.ready(step, concern, today):
        raise MoveNotNow(str(NOT_READY[step.when]))
    if step.name != "remind":
        return
    earlier = (
        concern.events.filter(move="remind", at__gte=day_start(today), at__lt=next_day_start(today))
        .select_related("actor")
        .order_by("-at")
        .first()
    )
    if earlier is not None:
        when = formats.time_format(timezone.localtime(earlier.at))
        raise MoveNotNow(
            _("A reminder was already sent today at %(when)s by %(who)s: one a day is enough.")
            % {"when": when, "who": earlier.actor or "—"}
        )


def _same_step(event, *, move, user, data, version, concern):
    """Whether ``event`` is ``user``'s ``move`` with this very input at ``version``: the
    same form sent again (a double tap, a retry), not a second move in another window."""
    if event is None or (event.version, event.move, event.actor_id) != (version, move, user.pk):
        return False
    recorded = _recorded(move, data, concern)
    office = recorded["office"]
    return (event.note, event.value, event.office_id, event.deadline) == (
        recorded["note"],
        recorded["value"],
        office.pk if office is not None else None,
        recorded["deadline"],
    )


def _only_reminded_since(concern, version):
    """Whether every move made on ``concern`` after ``version`` was a reminder (and there
    was one)."""
    since = concern.events.filter(version__gt=version)
    return since.exists() and not since.exclude(move="remind").exists()


def make_move(*, concern, move, user, data, expected_version=None, now=None):
    """Make ``move`` (a name in the flow table) on ``concern`` for ``user``.

    ``expected_version`` is the version the user's page showed; if the
    concern has moved on since, nothing is written and ``MoveConflict`` says
    what happened (``ConcernHidden`` if it was hidden). Returns
    ``(concern, made)``; ``made`` is False when the same user's same move
    with the same input already made exactly this step (a resent form).
    """
    step = flow.MOVES[move]
    if flow.NEW in step.sources or not flow.role_may_make(user, step, concern):
        raise MoveRefused(move)
    now = now or timezone.now()
    expected = concern.version if expected_version is None else expected_version
    with transaction.atomic():
        claimed = Concern.objects.filter(
            pk=concern.pk, version=expected, state__in=step.sources
        ).update(version=expected + 1, updated_at=now)
        if not claimed:
            # Hidden rows are out of ``Concern.objects``: a hidden concern is told as such.
            fresh = Concern.all_objects.select_related("hidden_by").get(pk=concern.pk)
            if fresh.is_hidden:
                raise ConcernHidden(fresh)
            last = fresh.events.select_related("actor", "office").order_by("-version").first()
            same = _same_step(
                last, move=move, user=user, data=data, version=expected + 1, concern=fresh
            )
            if same:
                return fresh, False
            if fresh.state in step.sources and _only_reminded_since(fresh, expected):
                # A reminder changes nothing the mover's page showed: an office writing
                # its result while the township chases it goes on from the reminder.
                return make_move(concern=fresh, move=move, user=user, data=data, now=now)
            raise MoveConflict(fresh, last, moved=fresh.version > expected)
        # The row as it is under our claim, not as the page read it.
        concern.refresh_from_db()
        _check_ready(step, concern, now)
        from_state = concern.state
        to_state = flow.target_of(step, concern)
        APPLY[move](concern, data, user, now)
        concern.state = to_state
        concern._history_user = user
        concern.save()
        recorded = _recorded(move, data, concern)
        ConcernEvent.objects.create(
            concern=concern,
            at=now,
            actor=user,
            move=move,
            from_state=from_state,
            to_state=to_state,
            note=recorded["note"],
            office=recorded["office"],
            deadline=recorded["deadline"],
            value=recorded["value"],
            version=concern.version,
        )
        if concern.raised_in_id and not concern.is_open:
            # A follow-up whose concern is closed has nothing left to follow.
            close_follow_up_with_its_concerns(
                visit_id=concern.raised_in_id, on=timezone.localdate(now)
            )
    return concern, True


def acknowledge_many(*, office, user, picks, now=None):
    """Acknowledge (签收) the picked concerns of ``office``, each through ``make_move``
    in its own transaction, so versions and conflicts apply one by one and one that
    fails leaves the others acknowledged.

    ``picks``: {concern id: the version the page showed}. Returns a list of
    ``(concern id, concern or None, error or None)`` in the order picked; the
    concern is None when the office has no such concern (or may not see it).
    """
    found = Concern.all_objects.filter(office=office, pk__in=list(picks)).select_related(
        "village", "household"
    )
    found = {concern.pk: concern for concern in found}
    outcomes = []
    for pk, version in picks.items():
        concern = found.get(pk)
        if concern is None:
            outcomes.append((pk, None, MoveRefused(pk)))
            continue
        try:
            make_move(
                concern=concern,
                move="acknowledge",
                user=user,
                data={},
                expected_version=version,
                now=now,
            )
        except (MoveRefused, MoveConflict, MoveNotNow, ConcernHidden) as error:
            outcomes.append((pk, concern, error))
        else:
            outcomes.append((pk, concern, None))
    return outcomes
