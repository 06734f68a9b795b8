"""The approval of a station's month in one table: which move, from which state, to
which state, by whom, and whether a reason is required.

- the station's *chief* (站长: a current chief's assignment at the station) submits a
  month once it is over, and may withdraw it while the township has not reviewed it;
- *township staff* of the station's township review it, or send it back with a reason;
- the *county* supervisor of its county approves what the township reviewed, or sends
  it back with a reason; an approved month is reopened by the county only, with a reason.

Every send-back, withdrawal and reopening returns the month to open, so the station
corrects it and submits again. Superusers may make every move but the chief's.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from stations.models import MonthState

S = MonthState

CHIEF = "chief"
TOWNSHIP = "township"
COUNTY = "county"


@dataclass(frozen=True)
class Move:
    name: str
    label: str
    source: str
    target: str
    actor: str
    reason_required: bool = False


FLOW = (
    Move("submit", _("Submit the month"), S.OPEN, S.SUBMITTED, CHIEF),
    Move("withdraw", _("Withdraw the submission"), S.SUBMITTED, S.OPEN, CHIEF),
    Move("review", _("Reviewed: pass to the county"), S.SUBMITTED, S.REVIEWED, TOWNSHIP),
    Move("send_back", _("Send back to the station"), S.SUBMITTED, S.OPEN, TOWNSHIP, True),
    Move("approve", _("Approve"), S.REVIEWED, S.APPROVED, COUNTY),
    Move("send_back", _("Send back to the station"), S.REVIEWED, S.OPEN, COUNTY, True),
    Move("reopen", _("Reopen the month"), S.APPROVED, S.OPEN, COUNTY, True),
)

NAMES = frozenset(m.name for m in FLOW)


def move_from(name, state):
    """The move called ``name`` from ``state``, or None when the table has none."""
    return next((m for m in FLOW if m.name == name and m.source == state), None)


def moves_from(state):
    return [m for m in FLOW if m.source == state]
