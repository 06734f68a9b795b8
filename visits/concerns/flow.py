"""The whole workflow of a concern in one table: which move, from which
states, to which state, by whom.

The services refuse any move the table does not allow, and the pages offer
only the moves it allows, so the two can never disagree. Who may make a move
is said relative to the concern:

- a *station cadre* serves now at the concern's station;
- *township staff* work in the concern's township (superusers count as them);
- *office staff* work in the office the concern is assigned to.

County supervisors read; they make no moves.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from cadres.models import User
from villages.scoping import Scope
from visits.models import Concern

S = Concern.State

STATION_CADRE = "station_cadre"
TOWNSHIP_STAFF = "township_staff"
OFFICE_STAFF = "office_staff"

# Raising a concern starts from no state at all.
NEW = None
# "Not satisfied" sends it back where it was handled: to the township if it
# was ever escalated, otherwise to the station.
REOPEN = "reopen"

OPEN = frozenset(Concern.OPEN_STATES)


@dataclass(frozen=True)
class Move:
    name: str
    label: str
    sources: frozenset
    target: str | None  # None: the state stays (the move only records something)
    actors: frozenset
    only: str | None = None  # "dispute" or "petition": a move for those categories only
    # "overdue" or "unacknowledged": a move that waits for that besides the state
    # (``ready``); the page offers it only then and the service refuses it otherwise.
    when: str | None = None

    def fits(self, concern):
        if self.only == "dispute":
            return concern.is_dispute
        if self.only == "petition":
            return concern.is_petition
        return True


def _move(name, label, sources, target, actors, only=None, when=None):
    return Move(name, label, frozenset(sources), target, frozenset(actors), only, when)


MOVES = {
    m.name: m
    for m in [
        # Raising: what the cadre did with it there and then.
        _move("solve_on_spot", _("Solved on the spot"), {NEW}, S.ON_SPOT, {STATION_CADRE}),
        _move("keep_at_station", _("Handled by the station"), {NEW}, S.STATION, {STATION_CADRE}),
        _move(
            "raise_to_township",
            _("Escalated to the township"),
            {NEW},
            S.ESCALATED,
            {STATION_CADRE, TOWNSHIP_STAFF},
        ),
        # The station's own handling.
        _move("escalate", _("Escalate to the township"), {S.STATION}, S.ESCALATED, {STATION_CADRE}),
        _move(
            "station_done",
            _("Done by the station"),
            {S.STATION},
            S.DONE,
            {STATION_CADRE, TOWNSHIP_STAFF},
        ),
        # The township assigns (批办); the office does it.
        _move("assign", _("Assign to an office"), {S.ESCALATED}, S.ASSIGNED, {TOWNSHIP_STAFF}),
        _move("reassign", _("Reassign"), {S.ASSIGNED}, S.ASSIGNED, {TOWNSHIP_STAFF}),
        # The office signs for what it was given (签收); the township chases what is late (催办).
        _move(
            "acknowledge",
            _("Acknowledge receipt"),
            {S.ASSIGNED},
            None,
            {OFFICE_STAFF},
            when="unacknowledged",
        ),
        _move(
            "remind",
            _("Send a reminder"),
            {S.ASSIGNED},
            None,
            {TOWNSHIP_STAFF},
            when="overdue",
        ),
        _move(
            "done", _("Done by the office"), {S.ASSIGNED}, S.DONE, {OFFICE_STAFF, TOWNSHIP_STAFF}
        ),
        # Back to the household.
        _move(
            "feedback",
            _("Feedback given to the household"),
            {S.DONE},
            S.FED_BACK,
            {STATION_CADRE, TOWNSHIP_STAFF},
        ),
        _move(
            "close",
            _("Household satisfied: close"),
            {S.FED_BACK},
            S.CLOSED,
            {STATION_CADRE, TOWNSHIP_STAFF},
        ),
        _move(
            "reopen",
            _("Household not satisfied: reopen"),
            {S.FED_BACK},
            REOPEN,
            {STATION_CADRE, TOWNSHIP_STAFF},
        ),
        _move("explain", _("Close as explained"), OPEN, S.EXPLAINED, {TOWNSHIP_STAFF}),
        # Records on the way, without a change of state.
        _move(
            "mediation",
            _("Record the mediation outcome"),
            OPEN,
            None,
            {STATION_CADRE, TOWNSHIP_STAFF, OFFICE_STAFF},
            only="dispute",
        ),
        _move(
            "petition_step",
            _("Record a petition step"),
            OPEN,
            None,
            {STATION_CADRE, TOWNSHIP_STAFF},
            only="petition",
        ),
    ]
}

RAISE_MOVES = [m for m in MOVES.values() if NEW in m.sources]


def actor_kinds(user, *, station_id, township_id, office_id=None):
    """What ``user`` is to a concern at that station / township / office."""
    if user is None or not user.is_authenticated:
        return frozenset()
    if user.is_superuser:
        return frozenset({STATION_CADRE, TOWNSHIP_STAFF, OFFICE_STAFF})
    if user.role == User.Role.CADRE:
        serving = station_id in Scope.of(user).ids.get("station", ())
        return frozenset({STATION_CADRE}) if serving else frozenset()
    if user.role == User.Role.TOWNSHIP:
        here = user.township_id is not None and user.township_id == township_id
        return frozenset({TOWNSHIP_STAFF}) if here else frozenset()
    if user.role == User.Role.OFFICE:
        mine = office_id is not None and user.office_id == office_id
        return frozenset({OFFICE_STAFF}) if mine else frozenset()
    return frozenset()


def kinds_for(user, concern):
    return actor_kinds(
        user,
        station_id=concern.station_id,
        township_id=concern.township_id,
        office_id=concern.office_id,
    )


def ready(move, concern, today=None):
    """Whether what ``move`` waits for besides the state holds: a reminder only on an
    overdue concern, an acknowledgement only once per assignment."""
    if move.when == "overdue":
        return concern.is_overdue(today)
    if move.when == "unacknowledged":
        return concern.acknowledged_at is None
    return True


def may_make(user, move, concern):
    """May ``user`` make ``move`` on ``concern`` as it is now?"""
    return (
        concern.state in move.sources
        and move.fits(concern)
        and ready(move, concern)
        and bool(move.actors & kinds_for(user, concern))
    )


def role_may_make(user, move, concern):
    """Would the move be the user's to make if the concern were in the right state?"""
    return move.fits(concern) and bool(move.actors & kinds_for(user, concern))


def moves_for(user, concern):
    """The moves the user may make on the concern now, in the table's order."""
    return [m for m in MOVES.values() if NEW not in m.sources and may_make(user, m, concern)]


def raise_moves_for(user, station):
    """How the user may raise a concern at ``station`` (none: they may not)."""
    kinds = actor_kinds(user, station_id=station.pk, township_id=station.village.township_id)
    return [m for m in RAISE_MOVES if m.actors & kinds]


def target_of(move, concern):
    if move.target == REOPEN:
        return S.ESCALATED if concern.escalated_at else S.STATION
    if move.target is None:
        return concern.state
    return move.target


def label_of(move_name):
    move = MOVES.get(move_name)
    return move.label if move else move_name
