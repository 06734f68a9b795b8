"""The demo's annual work plans: last year's plan of every station, approved, and this
year's, most approved, some waiting for the township, a few still drafts.

The targets follow what the seeds' station plans aim at (a model village hall, trainings
that teach farmers a skill or two for more income, roads and wells, the quarterly
concern-analysis meeting) and are sized on each station's own pace: what it recorded so
far this year, carried to the whole year, times a factor between 0.8 and 1.3, so some
items are on track and some behind, as in a real township.
"""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from stations.models import AnnualPlan, Measure, PlanItem, PlanState
from visits.concerns.figures import concern_figures_by
from visits.meetings.figures import meeting_figures_by
from visits.plans.progress import done_of, visit_counts, year_span

M = Measure
# A measure, its least target (a station that did none yet still plans some) and its words.
ITEMS = (
    (M.VISITS, 60, ""),
    (M.NIGHT_VISITS, 6, ""),
    (M.CONCERNS_RESOLVED, 10, ""),
    (M.DEEDS, 6, ""),
    (M.DEEDS_ROAD, 1, "硬化通组道路约1.5公里"),
    (M.DEEDS_WATER, 1, "新打机井2眼，改造入户水管"),
    (M.DEEDS_TRAINING, 2, "电脑与种养技术培训，每户掌握一两门增收技术"),
    (M.MONEY_RAISED, 20000, "争取项目资金用于村部规范化建设"),
    (M.PEOPLE_HELPED, 50, ""),
    (M.FOUR_MEETINGS, 4, ""),
    (M.ANALYSIS_MEETINGS, 4, "每季度一次"),
    (M.NIGHT_ACTIVITIES, 6, ""),
)
NOTES = "村部规范化建设，建成村级示范窗口；村务公开、民主管理制度化；农民人均纯收入力争增长一成。"


def _round(value, money):
    """A target as a plan writes it: whole tens (thousands of yuan), or units when small."""
    step = 1000 if money else (10 if value >= 100 else 1)
    return max(step, int(round(value / step)) * step)


class Plans:
    def __init__(self, *, seeder, seed):
        self.s = seeder
        self.rng = random.Random(seed)

    def run(self):
        today = self.s.today
        stations = [place.station for place in self.s.places]
        paces = self.paces([s.pk for s in stations], today)
        chief = self.s.demo_cadres[0] if self.s.demo_cadres else None
        plans, items = [], []
        for place in self.s.places:
            own = chief is not None and any(a.cadre is chief for a in place.crew)
            staff = self.s.staff_user.get(place.township.pk)
            pace = paces.get(place.station.pk, ({}, {}, {}))
            for year, state in ((today.year - 1, PlanState.APPROVED), (today.year, None)):
                if state is None:
                    # The demo chief's plan is approved (its progress shows on the station
                    # page); of the others most are approved, some wait, a few are drafts.
                    state = (
                        PlanState.APPROVED
                        if own
                        else self.rng.choices(list(PlanState), weights=[10, 20, 70])[0]
                    )
                plan = self.plan(place.station, year, state, staff)
                plans.append(plan)
                items += [self.item(plan, m, low, words, pace) for m, low, words in ITEMS]
        AnnualPlan.objects.bulk_create(plans)
        for item in items:
            item.plan_id = item.plan.pk
        PlanItem.objects.bulk_create(items, batch_size=1000)
        return {"annual plans": len(plans), "plan items": len(items)}

    def paces(self, stations, today):
        """{station: (visits, concerns, work)} of this year so far, carried to the whole year."""
        as_of, elapsed, days = year_span(today.year, today)
        start = datetime.date(today.year, 1, 1)
        self.scale = days / max(elapsed, 1)
        visits = visit_counts(stations, start, as_of)
        concerns = concern_figures_by("station", station=stations, start=start, end=as_of)
        work = meeting_figures_by("station", station=stations, start=start, end=as_of)
        return {s: (visits.get(s, {}), concerns.get(s, {}), work.get(s, {})) for s in stations}

    def plan(self, station, year, state, staff):
        # Written in the first days of January, approved the week after.
        moment = timezone.make_aware(datetime.datetime(year, 1, 12, 10))
        plan = AnnualPlan(station=station, year=year, state=state, notes=NOTES, written_by=staff)
        if state != PlanState.DRAFT:
            plan.submitted_at, plan.submitted_by = moment, staff
        if state == PlanState.APPROVED:
            plan.approved_at, plan.approved_by = moment, staff
        return plan

    def item(self, plan, measure, low, words, pace):
        money = measure == M.MONEY_RAISED
        done = done_of(measure, *pace)
        target = max(low, _round(float(done) * self.scale * self.rng.uniform(0.8, 1.3), money))
        return PlanItem(plan=plan, measure=measure, target=Decimal(target), note=words)
