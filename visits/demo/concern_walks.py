"""Each planned demo concern, moved through its handling as far as its plan goes or as
today allows.

The concerns are written as rows, not through concern_services: the
services check that the acting login serves at the station now, and most
cadres in the register have no login (nor did the visits need one). So each
concern is walked through the flow table (visits.concerns.flow, asserting
that the move is allowed from its state to that kind of actor) and every move
applies the services' own field updates (concern_services.APPLY) and writes
the event make_move would write, with the same note, value, office, deadline
and version. Left out are the claim on the version and the history rows (as
for every other bulk-written row of the seed). The actor of a move by a cadre
without a login is empty; township staff record what an office without a
login did (the flow lets them).
"""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from visits.concerns import flow as flow
from visits.concerns import services as services
from visits.demo import data as d
from visits.models import Concern, ConcernEvent
from visits.models.concerns import day_start

SHANGHAI = ZoneInfo("Asia/Shanghai")
S = Concern.State
# Who makes a move (as in visits.concerns.flow), and when.
STATION, TOWNSHIP, OFFICE = flow.STATION_CADRE, flow.TOWNSHIP_STAFF, flow.OFFICE_STAFF
RAISE_MOVES = {m.name for m in flow.RAISE_MOVES}
OFFICE_HOURS = (8 * 60 + 30, 17 * 60 + 30)
CADRE_HOURS = (8 * 60, 20 * 60 + 30)
# What the township writes when it chases an office past the deadline (催办).
REMIND_NOTES = [
    "已超过办理期限，请尽快办结并把结果报乡群工办。",
    "群众又来电询问进度，请加快办理。",
    "请本周内办结，办结后及时反馈。",
]


class ConcernWalk:
    """Walks planned concerns onto the seeder's ``concerns`` and ``events`` (written in bulk)."""

    def __init__(self, seeder):
        self.s = seeder
        self.rng = seeder.rng
        self.cutoff = day_start(seeder.today)  # every move happened before today

    def later(self, t, low, high, hours=OFFICE_HOURS, weekdays=True):
        """A moment low–high days after t, in working hours, strictly after t."""
        day = t.astimezone(SHANGHAI).date() + datetime.timedelta(days=self.rng.randint(low, high))
        while weekdays and day.isoweekday() > 5:
            day += datetime.timedelta(days=1)
        minute = self.rng.randrange(*hours)
        moment = datetime.datetime.combine(
            day, datetime.time(minute // 60, minute % 60), tzinfo=SHANGHAI
        )
        if moment <= t + datetime.timedelta(minutes=3):
            moment = t + datetime.timedelta(minutes=self.rng.randint(3, 45))
        return moment

    def walk(self, plan):
        """The concern, moved as far as its plan goes or as today allows."""
        place, visit = plan.place, plan.visit
        cadre = visit.author if visit else None
        concern = Concern(
            township=place.township,
            station=place.station,
            village=place.village,
            household=plan.household,
            raised_in=visit,
            raised_by=cadre,
            created_by=cadre.user if cadre else self.s.staff_user[place.township.pk],
            category=plan.topic["category"],
            description=plan.description,
            urgency=Concern.Urgency.URGENT if plan.urgent else Concern.Urgency.NORMAL,
            major_event=plan.major,
            raised_at=visit.occurred_at if visit else plan.t,
            version=0,
        )
        for move, at, kind, data in self.moves(plan, concern):
            if at >= self.cutoff:
                break
            self.make(concern, move, at, kind, data, cadre)
            plan.t = at
        # The township approves an office's result for the notice the next day.
        reviewed = concern.done_at and concern.done_at + datetime.timedelta(days=1)
        if concern.assigned_at and reviewed and reviewed < self.cutoff:
            concern.public_result = concern.result
            concern.public_reviewed_at = reviewed
            concern.public_reviewed_by = self.s.staff_user[concern.township_id]
        self.s.concerns.append(concern)
        return concern

    def make(self, concern, move, at, kind, data, cadre):
        """What concern_services would write for the move, in memory."""
        step = flow.MOVES[move]
        assert kind in step.actors and step.fits(concern), (move, kind, concern.category)
        if kind == STATION:
            actor = cadre.user
        elif kind == OFFICE:
            actor = self.s.office_user[concern.office_id]
        else:
            actor = self.s.staff_user[concern.township_id]
        if move in RAISE_MOVES:  # as raise_concern
            assert concern.version == 0
            from_state, concern.state = "", step.target
            if step.target == S.ON_SPOT:
                concern.result = data["result"]
                concern.done_at = concern.closed_at = at
                concern.done_on = timezone.localdate(at, SHANGHAI)
                if concern.is_dispute:
                    concern.mediation, concern.mediation_at = Concern.Mediation.SUCCEEDED, at
            elif step.target == S.ESCALATED:
                concern.escalated_at = at
            note, value = data.get("result", ""), concern.mediation
        else:  # as make_move
            assert concern.state in step.sources, (move, concern.state)
            from_state = concern.state
            to_state = flow.target_of(step, concern)
            services.APPLY[move](concern, data, actor, at)
            concern.state = to_state
            note = data.get(services.EVENT_NOTE.get(move, "note"), "")
            value = data.get(services.EVENT_VALUE.get(move, ""), "")
        concern.version += 1
        assigning = move in ("assign", "reassign")
        self.s.events.append(
            ConcernEvent(
                concern=concern,
                at=at,
                actor=actor,
                move=move,
                from_state=from_state,
                to_state=concern.state,
                note=note or "",
                office=concern.office if assigning else None,
                deadline=concern.deadline if assigning else None,
                value=value or "",
                version=concern.version,
            )
        )

    def moves(self, plan, concern):
        """The moves of the concern, one at a time: (move, when, by whom, data).

        A generator: each move is made before the next is asked for, so the
        next can depend on the concern's state.
        """
        rng, topic, hold = self.rng, plan.topic, plan.hold
        quick = hold is not None  # a held concern must get there before today
        back = STATION if plan.visit else TOWNSHIP  # who goes back to the household
        if plan.way == "spot":
            yield "solve_on_spot", plan.t, STATION, {"result": plan.fill(rng.choice(topic["spot"]))}
            return
        if plan.way == "station":
            yield "keep_at_station", plan.t, STATION, {}
        else:
            yield "raise_to_township", plan.t, back, {}
        if hold in ("station", "escalated"):
            return
        if concern.is_petition and plan.visit:  # lodged by the station on the household's behalf
            note = rng.choice(d.PETITION_NOTES["lodged"])
            yield "petition_step", self.later(plan.t, 0, 2), back, {"step": "lodged", "note": note}
        reopened = False
        while concern.state in Concern.OPEN_STATES:
            if concern.state == S.STATION:
                yield from self.at_station(plan, concern, reopened)
            elif concern.state == S.ESCALATED:
                yield from self.at_township(plan, concern, reopened)
                if concern.state == S.ASSIGNED and hold in ("assigned", "overdue"):
                    return
            elif concern.state == S.DONE:
                if hold == "done":
                    return
                how = rng.choices(Concern.FeedbackHow.values, weights=[60, 32, 8])[0]
                at = self.later(plan.t, 0, 1 if quick else 4, CADRE_HOURS, weekdays=False)
                note = rng.choice(d.FEEDBACK_NOTES[how])
                data = {"how": how, "on": timezone.localdate(at, SHANGHAI), "note": note}
                yield "feedback", at, back, data
            elif concern.state == S.FED_BACK:
                if hold == "fed_back":
                    return
                weights = [60, 40, 0] if reopened or quick else [68, 23, 9]
                verdict = rng.choices(Concern.Verdict.values, weights=weights)[0]
                if rng.random() < 0.7:  # the household said so when told
                    at = plan.t + datetime.timedelta(minutes=rng.randint(5, 40))
                else:  # or when called back a few days later
                    at = self.later(plan.t, 1, 6, CADRE_HOURS, weekdays=False)
                if verdict == Concern.Verdict.NOT_SATISFIED:
                    notes = d.REOPEN_NOTES["dispute" if concern.is_dispute else "other"]
                    yield "reopen", at, back, {"note": rng.choice(notes)}
                    reopened = True
                else:
                    yield "close", at, back, {"verdict": verdict, "note": ""}
            else:  # assigned and held, or a move did not get made
                return

    def at_station(self, plan, concern, reopened):
        rng, topic = self.rng, plan.topic
        quick = plan.hold is not None
        outcome = None
        if concern.is_dispute and not reopened:
            weights = [1, 0, 0] if quick else [75, 15, 10]
            outcome = plan.mediation or rng.choices(Concern.Mediation.values, weights=weights)[0]
            plan.mediation = None  # the next one is the office's
            at = self.later(plan.t, 1, 8, CADRE_HOURS, weekdays=False)
            note = rng.choice(d.MEDIATION_NOTES[outcome])
            yield "mediation", at, STATION, {"outcome": outcome, "note": note}
        unsettled = outcome in (Concern.Mediation.FAILED, Concern.Mediation.REFERRED)
        escalate = unsettled or rng.random() < 0.12
        if "o" in topic["ways"] and not reopened and not quick and escalate:
            note = rng.choice(d.ESCALATE_NOTES)
            yield "escalate", self.later(plan.t, 0, 2, CADRE_HOURS), STATION, {"note": note}
            return
        at = self.later(plan.t, 1, 3 if quick else 20, CADRE_HOURS, weekdays=False)
        yield "station_done", at, STATION, {"result": plan.fill(rng.choice(topic["station"]))}

    def chase(self, plan, concern, before=None):
        """The township's reminder (催办) the first working morning after the deadline,
        when that comes after the concern's latest move and before ``before``."""
        day = concern.deadline + datetime.timedelta(days=1)
        while day.isoweekday() > 5:
            day += datetime.timedelta(days=1)
        at = datetime.datetime.combine(day, datetime.time(9, 30), tzinfo=SHANGHAI)
        if at > plan.t and (before is None or at < before):
            note = REMIND_NOTES[len(self.s.events) % len(REMIND_NOTES)]
            yield "remind", at, TOWNSHIP, {"note": note}

    def at_township(self, plan, concern, reopened):
        rng, topic, hold = self.rng, plan.topic, plan.hold
        quick = hold is not None
        explain = rng.choice(topic["explain"]) if topic.get("explain") else None
        if plan.explained and explain and rng.random() < 0.4:
            yield "explain", self.later(plan.t, 1, 6), TOWNSHIP, {"explanation": explain}
            return
        offices = self.s.offices[concern.township_id]
        office = offices[topic["office"]]
        at = self.later(plan.t, 0, 1 if quick else 4)
        if concern.office_id is None and not quick and rng.random() < 0.05:
            # Sent first to the wrong office, then reassigned to the right one.
            wrong = rng.choice([o for name, o in offices.items() if name != topic["office"]])
            deadline = at.date() + datetime.timedelta(days=rng.choice([7, 10, 15]))
            data = {"office": wrong, "deadline": deadline, "note": rng.choice(d.ASSIGN_NOTES)}
            yield "assign", at, TOWNSHIP, data
            at = self.later(plan.t, 1, 3)
            note = rng.choice(d.REASSIGN_NOTES).format(office=office.name)
            days = rng.choice([7, 10, 15, 20])
            data = {
                "office": office,
                "deadline": at.date() + datetime.timedelta(days),
                "note": note,
            }
            yield "reassign", at, TOWNSHIP, data
        else:
            if concern.office_id is not None:  # reopened: back to the office it was with
                office = concern.office
            if plan.urgent or hold == "overdue":
                days = rng.randint(3, 7) if plan.urgent else rng.randint(5, 12)
            else:
                days = rng.choice([7, 10, 15, 15, 20, 30])
            deadline = at.date() + datetime.timedelta(days=days)
            if hold == "assigned":
                deadline = max(deadline, self.s.today + datetime.timedelta(days=rng.randint(2, 10)))
            data = {"office": office, "deadline": deadline, "note": rng.choice(d.ASSIGN_NOTES)}
            yield "assign", at, TOWNSHIP, data
        # An office with a login signs for most of what it is sent, an hour and a half
        # later (decided without the random draws, so the rest of the demo stays as it was).
        doer = OFFICE if concern.office_id in self.s.office_user else TOWNSHIP
        if doer == OFFICE and len(self.s.events) % 5:
            yield "acknowledge", plan.t + datetime.timedelta(minutes=90), OFFICE, {}
        if hold in ("assigned", "overdue"):
            if hold == "overdue":
                yield from self.chase(plan, concern)
            return
        span = max(1, (concern.deadline - plan.t.astimezone(SHANGHAI).date()).days)
        if concern.is_petition and not reopened:
            note = rng.choice(d.PETITION_NOTES["accepted"])
            yield (
                "petition_step",
                self.later(plan.t, 0, 2),
                TOWNSHIP,
                {"step": "accepted", "note": note},
            )
        if concern.is_dispute and not reopened:
            weights = [1, 0, 0] if quick or not explain else [80, 8, 12]
            outcome = plan.mediation or rng.choices(Concern.Mediation.values, weights=weights)[0]
            note = rng.choice(d.MEDIATION_NOTES[outcome])
            at = self.later(plan.t, 1, max(1, span - 1))
            yield "mediation", at, doer, {"outcome": outcome, "note": note}
            if outcome != Concern.Mediation.SUCCEEDED:
                yield "explain", self.later(plan.t, 1, 5), TOWNSHIP, {"explanation": explain}
                return
        if plan.explained and explain:
            yield "explain", self.later(plan.t, 2, span + 5), TOWNSHIP, {"explanation": explain}
            return
        if concern.is_petition and not reopened:
            note = rng.choice(d.PETITION_NOTES["answered"])
            at = self.later(plan.t, 1, max(1, span - 1))
            yield (
                "petition_step",
                at,
                STATION if plan.visit else TOWNSHIP,
                {"step": "answered", "note": note},
            )
        if not quick and rng.random() < 0.15:  # late
            at = self.later(plan.t, span + 1, span + 12)
            yield from self.chase(plan, concern, before=at)
        else:
            at = self.later(plan.t, 1 if span > 1 else 0, 1 if quick else span)
        yield "done", at, doer, {"result": plan.fill(rng.choice(topic["result"]))}
