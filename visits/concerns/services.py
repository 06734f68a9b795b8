"""Writes of concerns: raising one, and every move on it, each with its event.

Every move claims the concern with a conditional UPDATE on its version
(``UPDATE … SET version = v + 1 WHERE pk = … AND version = v AND state IN …``):
of two people moving the same concern at once, exactly one gets the row; the
other is told who was first and nothing of theirs is written. The claim
holds the row until the transaction ends, so the full save and the event
that follow belong to the winner alone.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from visits.concerns import flow as flow
from visits.models import Concern, ConcernEvent
from visits.services import close_follow_up_with_its_concerns


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


def _recorded(move, data):
    """What the event of ``move`` keeps of the form's ``data``."""
    assigning = move in ASSIGNING
    return {
        "note": data.get(EVENT_NOTE.get(move, "note"), "") or "",
        "value": data.get(EVENT_VALUE.get(move, ""), "") or "",
        "office": data["office"] if assigning else None,
        "deadline": data["deadline"] if assigning else None,
    }


def _same_step(event, *, move, user, data, version):
    """Whether ``event`` is ``user``'s ``move`` with this very input at ``version``: the
    same form sent again (a double tap, a retry), not a second move in another window."""
    if event is None or (event.version, event.move, event.actor_id) != (version, move, user.pk):
        return False
    recorded = _recorded(move, data)
    office = recorded["office"]
    return (event.note, event.value, event.office_id, event.deadline) == (
        recorded["note"],
        recorded["value"],
        office.pk if office is not None else None,
        recorded["deadline"],
    )


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
            if _same_step(last, move=move, user=user, data=data, version=expected + 1):
                return fresh, False
            raise MoveConflict(fresh, last, moved=fresh.version > expected)
        # The row as it is under our claim, not as the page read it.
        concern.refresh_from_db()
        from_state = concern.state
        to_state = flow.target_of(step, concern)
        APPLY[move](concern, data, user, now)
        concern.state = to_state
        concern._history_user = user
        concern.save()
        recorded = _recorded(move, data)
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
