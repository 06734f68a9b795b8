"""What ``make mutation`` mutates, and the tests that may kill each module's mutants.

Each module is tried against its relevant tests only, and of those only the ones that
reach the mutated function, so a run takes minutes, not hours. (test_access.py's 555
page-by-role checks are left out of the scoping's: a mutant they all let live would
cost every one of them.) The place scoping is ``villages/scoping.py`` and the part of
``cadres/models.py`` that works out a login's scope; the figures are every module that
computes supervision figures.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Target:
    path: str
    tests: tuple[str, ...]  # test files (or node ids) from the project root
    functions: tuple[str, ...] | None = None  # qualified names; None: every function

    def selects(self, nodeid):
        return any(nodeid == t or nodeid.startswith((f"{t}::", f"{t}[")) for t in self.tests)


SCOPING_TESTS = (
    "tests/test_scoping.py",
    "tests/test_city.py",
    "tests/test_user_places.py",
    "tests/test_place_narrowing.py",
    "tests/test_concerns_scoping.py",
    "tests/test_registers_access.py",
    "tests/test_registers_cadres.py",
)
VISIT_TESTS = (
    "tests/test_visit_saving.py",
    "tests/test_visit_log.py",
    "tests/test_visit_concern.py",
    "tests/test_visit_months.py",
    "tests/test_visit_field_bugs.py",
    "tests/test_materials.py",
    "tests/test_visit_history.py",
    "tests/test_visit_today.py",
    "tests/test_open_matters.py",
    "tests/test_reception.py",
    "tests/test_duty_roster.py",
    "tests/test_hiding_concurrency.py",
    "tests/test_lost_races.py",
    "tests/test_soft_delete.py",
)
CONCERN_TESTS = (
    "tests/test_concerns_saving.py",
    "tests/test_concerns_moves.py",
    "tests/test_concerns_flow.py",
    "tests/test_concerns_pages.py",
    "tests/test_concerns_concurrency.py",
    "tests/test_concerns_notice.py",
    "tests/test_concerns_scoping.py",
    "tests/test_notice_review.py",
    "tests/test_lost_races.py",
    "tests/test_hiding_concurrency.py",
    "tests/test_open_matters.py",
    "tests/test_concerns_reminders.py",
    "tests/test_office_inbox.py",
)
SUPERVISION_TESTS = (
    "tests/test_supervision_figures.py",
    "tests/test_supervision_reported.py",
    "tests/test_supervision_shortfalls.py",
    "tests/test_supervision_charts.py",
    "tests/test_supervision_pages.py",
    "tests/test_supervision_exports.py",
    "tests/test_reports_monthly.py",
)
# The figures of contacts and upkeep, and the activity and sources they read.
ACTIVITY_TESTS = (
    "tests/test_activity_places.py",
    "tests/test_supervision_contacts.py",
    "tests/test_supervision_upkeep.py",
    "tests/test_farmer_friends.py",
    *SUPERVISION_TESTS,
)
# The shortfall list, the scorecard and the measures they share.
SHORTFALL_TESTS = (
    "tests/test_supervision_ranking_rules.py",
    "tests/test_supervision_duty_rules.py",
    "tests/test_supervision_shortfalls.py",
    "tests/test_supervision_ranking.py",
    "tests/test_farmer_friends.py",
    "tests/test_figure_definitions.py",
    *SUPERVISION_TESTS,
)
# The monthly materials: the moves, the lock and the late and incomplete figures.
MATERIALS_TESTS = (
    "tests/test_materials.py",
    "tests/test_materials_services.py",
    "tests/test_materials_figures.py",
    "tests/test_materials_concurrency.py",
)

PLANS_TESTS = (
    "tests/test_plans_figures.py",
    "tests/test_plans_pages.py",
    "tests/test_plans_concurrency.py",
    "tests/test_deed_quantities.py",
    "tests/test_county_plans.py",
)
ASSESSMENT_TESTS = (
    "tests/test_assessment.py",
    "tests/test_assessment_city.py",
    "tests/test_assessment_under_way.py",
    "tests/test_assessment_public.py",
    "tests/test_assessment_pages.py",
    "tests/test_assessment_failure.py",
)

OVERVIEW_TESTS = (
    "tests/test_overview_figures.py",
    "tests/test_county_start.py",
    "tests/test_worklist.py",
    "tests/test_pages.py",
    "tests/test_supervision_pages.py",
    "tests/test_soft_delete.py",
)

TARGETS = (
    Target("villages/scoping.py", SCOPING_TESTS),
    Target(
        "cadres/models.py",
        SCOPING_TESTS,
        functions=(
            "is_office_staff",
            "User.place_scope",
            "User._prefecture_scope",
            "User._county_scope",
            "User._township_scope",
            "User._office_scope",
            "User._cadre_scope",
            "CadreQuerySet._within",
            "OfficeQuerySet.visible_to",
        ),
    ),
    Target("visits/services.py", VISIT_TESTS),
    Target("visits/concerns/services.py", CONCERN_TESTS),
    Target("visits/follow_ups.py", ("tests/test_open_matters.py", *CONCERN_TESTS)),
    Target(
        "visits/concerns/figures.py",
        (
            "tests/test_concerns_figures.py",
            "tests/test_concerns_figures_bounds.py",
            "tests/test_concerns_reminders.py",
            "tests/test_city.py",
            *SUPERVISION_TESTS,
        ),
    ),
    Target("visits/meetings/figures.py", ("tests/test_meetings_figures.py", *SUPERVISION_TESTS)),
    Target(
        "visits/spotchecks/figures.py",
        (
            "tests/test_spotcheck_figures.py",
            "tests/test_spotcheck_figures_bounds.py",
            "tests/test_spotcheck_draws.py",
            "tests/test_spotcheck_ratings.py",
            "tests/test_supervision_reported.py",
            "tests/test_reports_monthly.py",
        ),
    ),
    Target("visits/supervision/activity.py", ACTIVITY_TESTS),
    Target("visits/supervision/sources.py", ACTIVITY_TESTS),
    Target(
        "visits/supervision/period.py",
        (
            "tests/test_period.py",
            "tests/test_worklist.py",
            "tests/test_county_start.py",
            "tests/test_supervision_contacts.py",
            "tests/test_supervision_upkeep.py",
            *SHORTFALL_TESTS,
        ),
    ),
    Target(
        "visits/supervision/meetings.py", ("tests/test_meetings_figures.py", *SUPERVISION_TESTS)
    ),
    Target(
        "visits/supervision/chart_data.py",
        ("tests/test_supervision_charts.py", *SUPERVISION_TESTS),
    ),
    Target(
        "visits/supervision/contacts.py",
        (
            "tests/test_supervision_contacts.py",
            "tests/test_rollups.py",
            "tests/test_reach_rollups.py",
            "tests/test_day_rollups.py",
            "tests/test_read_once.py",
            *SUPERVISION_TESTS,
        ),
    ),
    Target(
        "visits/supervision/read_once.py",
        ("tests/test_read_once.py", "tests/test_reports_monthly.py"),
    ),
    Target(
        "visits/supervision/upkeep.py",
        ("tests/test_supervision_upkeep.py", "tests/test_rollups.py", *SUPERVISION_TESTS),
    ),
    Target(
        "visits/supervision/measures.py",
        (
            "tests/test_worklist.py",
            "tests/test_county_start.py",
            "tests/test_measures_standards.py",
            *SHORTFALL_TESTS,
        ),
    ),
    Target("visits/supervision/duty_rules.py", SHORTFALL_TESTS),
    Target("visits/supervision/shortfalls.py", SHORTFALL_TESTS),
    Target("visits/supervision/scorecard.py", SHORTFALL_TESTS),
    Target("visits/supervision/overview.py", OVERVIEW_TESTS),
    Target(
        "visits/supervision/ranking.py",
        (
            "tests/test_county_start.py",
            "tests/test_pages.py",
            "tests/test_city.py",  # the start page's query budget
            *SHORTFALL_TESTS,
        ),
    ),
    Target(
        "visits/supervision/worklist.py",
        ("tests/test_worklist.py", "tests/test_pages.py", *SHORTFALL_TESTS),
    ),
    Target(
        "visits/supervision/coverage.py",
        ("tests/test_coverage.py", "tests/test_coverage_bounds.py"),
    ),
    Target("visits/supervision/city.py", ("tests/test_city.py",)),
    Target("visits/reports/city.py", ("tests/test_city.py",)),
    Target("visits/materials/services.py", MATERIALS_TESTS),
    Target("visits/materials/figures.py", MATERIALS_TESTS),
    Target("stations/materials/locks.py", MATERIALS_TESTS),
    # Issue 13's rollups, and issue 15's plans, units and assessment: added at stop 27,
    # not yet run (their first runs are due before either issue closes).
    Target(
        "visits/rollups.py",
        ("tests/test_rollups.py", "tests/test_reach_rollups.py", "tests/test_day_rollups.py"),
    ),
    # The days in a village, kept with the visits and their companions.
    Target("visits/day_rollups.py", ("tests/test_day_rollups.py", "tests/test_rollups.py")),
    # What the month report reads for one table alone (its CSV).
    Target(
        "visits/reports/monthly.py",
        ("tests/test_reports_monthly.py", "tests/test_read_once.py"),
        functions=("build_report", "ReportParts.spot", "ReportParts.totals"),
    ),
    Target(
        "visits/card_rollups.py",
        ("tests/test_rollups.py", "tests/test_rollups_concurrency.py", "tests/test_imports.py"),
    ),
    Target("visits/plans/progress.py", PLANS_TESTS),
    Target("visits/units/figures.py", ("tests/test_units.py", *ASSESSMENT_TESTS)),
    Target("visits/assessment/results.py", ASSESSMENT_TESTS),
    Target("visits/assessment/plans.py", ASSESSMENT_TESTS),
    Target("visits/assessment/frozen.py", ASSESSMENT_TESTS),
    # A round under way, computed by the worker: what is shown, and when it is asked.
    Target("visits/assessment/under_way.py", ASSESSMENT_TESTS),
    # Who opens, runs and notes a round, and what its pages read (a page of a published
    # round's rows; nothing read in the request for a round under way).
    Target("visits/views/assessment.py", ASSESSMENT_TESTS),
    # The pairing's copy of its household's village (issue 13): written on save, and
    # moved with a household that moves.
    Target(
        "stations/models/assignments.py",
        ("tests/test_registers_households.py", "tests/test_rotation.py", *SCOPING_TESTS),
        functions=("Pairing.save",),
    ),
    Target(
        "villages/models/households.py",
        ("tests/test_registers_households.py", "tests/test_imports.py"),
        functions=("Household.save",),
    ),
)
