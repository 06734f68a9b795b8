"""A concern's workflow: every move allowed and refused per role, on the server.

The expectations below are written out by hand (not read from the flow
table), so a wrong entry in the table fails here.
"""

# Fixtures come from tests.concern_helpers by import; their use as arguments redefines them.
# ruff: noqa: F811

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories as f
from tests.concern_helpers import (  # noqa: F401 (fixtures)
    cadre_a2,
    concern_in,
    household_a,
    move,
    office_a,
    office_a2,
    office_user,
    other_office_user,
    raise_concern,
)
from visits.concerns import flow as flow
from visits.concerns import services as services
from visits.models import Concern, ConcernEvent

pytestmark = pytest.mark.django_db

S = Concern.State
ROLES = ["station_cadre", "other_cadre", "staff", "other_staff", "office", "other_office", "county"]

# move → (the state it is tried from, category, roles that may make it)
ALLOWED = {
    "escalate": (S.STATION, "help_subsistence", {"station_cadre"}),
    "station_done": (S.STATION, "help_subsistence", {"station_cadre", "staff"}),
    "assign": (S.ESCALATED, "help_subsistence", {"staff"}),
    "reassign": (S.ASSIGNED, "help_subsistence", {"staff"}),
    "done": (S.ASSIGNED, "help_subsistence", {"office", "staff"}),
    "feedback": (S.DONE, "help_subsistence", {"station_cadre", "staff"}),
    "close": (S.FED_BACK, "help_subsistence", {"station_cadre", "staff"}),
    "reopen": (S.FED_BACK, "help_subsistence", {"station_cadre", "staff"}),
    "explain": (S.ASSIGNED, "help_subsistence", {"staff"}),
    "mediation": (S.ASSIGNED, "dispute_land", {"station_cadre", "staff", "office"}),
    "petition_step": (S.ESCALATED, "petition", {"station_cadre", "staff"}),
}
# Where each move leads from the state above.
LEADS_TO = {
    "escalate": S.ESCALATED,
    "station_done": S.DONE,
    "assign": S.ASSIGNED,
    "reassign": S.ASSIGNED,
    "done": S.DONE,
    "feedback": S.FED_BACK,
    "close": S.CLOSED,
    "reopen": S.ESCALATED,
    "explain": S.EXPLAINED,
    "mediation": S.ASSIGNED,
    "petition_step": S.ESCALATED,
}


def post_data(name, concern, office):
    today = timezone.localdate()
    data = {
        "escalate": {"note": "村里解决不了"},
        "station_done": {"result": "站里协调修好了水管"},
        "assign": {"office": office.pk, "deadline": today + datetime.timedelta(days=10)},
        "reassign": {
            "office": office.pk,
            "deadline": today + datetime.timedelta(days=20),
            "note": "改由民政办",
        },
        "done": {"result": "已纳入低保"},
        "feedback": {"how": "phone", "on": today},
        "close": {"verdict": "basically"},
        "reopen": {"note": "补助标准太低"},
        "explain": {"explanation": "不符合政策，已当面解释"},
        "mediation": {"outcome": "succeeded"},
        "petition_step": {"step": "lodged", "note": "代为递交县信访局"},
    }[name]
    return {f"{name}-{k}": v for k, v in {**data, "version": concern.version}.items()}


@pytest.fixture
def people(cadre_user, cadre_a2, staff_a, staff_b, office_user, other_office_user, supervisor):
    return {
        "station_cadre": cadre_user,
        "other_cadre": cadre_a2,
        "staff": staff_a,
        "other_staff": staff_b,
        "office": office_user,
        "other_office": other_office_user,
        "county": supervisor,
    }


def _visible(role, concern):
    if role in ("other_cadre", "other_staff", "other_office"):
        return False
    if role == "office":
        return concern.office_id is not None
    return True


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", list(ALLOWED))
def test_each_move_is_allowed_to_its_roles_only(
    client, people, station_a, cadre_user, staff_a, office_a, office_user, name, role
):
    state, category, allowed = ALLOWED[name]
    concern = concern_in(
        state,
        station=station_a,
        cadre=cadre_user,
        staff=staff_a,
        office=office_a,
        office_user=office_user,
        category=category,
    )
    events_before = concern.events.count()
    client.force_login(people[role])
    response = client.post(
        reverse("visits:concern_move", args=[concern.pk, name]), post_data(name, concern, office_a)
    )
    concern.refresh_from_db()
    if role in allowed:
        assert response.status_code == 302, response.content.decode()[:2000]
        assert concern.state == LEADS_TO[name]
        event = concern.events.order_by("-version").first()
        assert (event.move, event.actor) == (name, people[role])
        assert concern.events.count() == events_before + 1
    else:
        expected = 403 if _visible(role, concern) else 404
        assert response.status_code == expected
        assert concern.state == state
        assert concern.events.count() == events_before


@pytest.mark.parametrize(
    ("role", "move_name", "allowed"),
    [
        ("station_cadre", "solve_on_spot", True),
        ("station_cadre", "keep_at_station", True),
        ("station_cadre", "raise_to_township", True),
        ("staff", "raise_to_township", True),
        ("staff", "solve_on_spot", False),
        ("staff", "keep_at_station", False),
        ("other_cadre", "raise_to_township", False),
        ("other_staff", "raise_to_township", False),
        ("office", "raise_to_township", False),
        ("county", "raise_to_township", False),
    ],
)
def test_who_may_raise_a_concern_at_a_station(people, station_a, role, move_name, allowed):
    user = people[role]
    if allowed:
        concern = raise_concern(user, station_a, move_name)
        assert concern.events.get().move == move_name
    else:
        with pytest.raises(services.MoveRefused):
            raise_concern(user, station_a, move_name)
        assert not Concern.objects.exists()


def test_a_move_from_the_wrong_state_is_refused_and_nothing_written(
    client, station_a, cadre_user, staff_a, office_a, office_user
):
    concern = concern_in(
        S.DONE,
        station=station_a,
        cadre=cadre_user,
        staff=staff_a,
        office=office_a,
        office_user=office_user,
    )
    client.force_login(staff_a)
    response = client.post(
        reverse("visits:concern_move", args=[concern.pk, "assign"]),
        post_data("assign", concern, office_a),
    )
    assert response.status_code == 409
    assert "当前" in response.text and "已办结" in response.text
    concern.refresh_from_db()
    assert concern.state == S.DONE
    assert concern.events.count() == 3


def test_the_full_way_from_a_visit_to_the_households_verdict(
    station_a, cadre_user, staff_a, office_a, office_user, household_a
):
    visit = f.VisitFactory(station=station_a, author=cadre_user.cadre, household=household_a)
    concern = raise_concern(
        cadre_user, station_a, visit=visit, household=household_a, category="infra_water"
    )
    assert concern.raised_in == visit and concern.raised_by == cadre_user.cadre
    assert concern.raised_at == visit.occurred_at
    deadline = timezone.localdate() + datetime.timedelta(days=5)
    concern = move(concern, "assign", staff_a, office=office_a, deadline=deadline)
    assert (concern.office, concern.deadline, concern.assigned_by) == (office_a, deadline, staff_a)
    concern = move(concern, "done", office_user, result="已接通自来水")
    assert concern.done_on == timezone.localdate() and concern.done_on_time
    concern = move(concern, "feedback", cadre_user, how="in_person", on=timezone.localdate())
    concern = move(concern, "close", cadre_user, verdict="satisfied")
    assert concern.state == S.CLOSED and concern.closed_at is not None
    timeline = list(concern.events.values_list("move", "from_state", "to_state"))
    assert timeline == [
        ("raise_to_township", "", "escalated"),
        ("assign", "escalated", "assigned"),
        ("done", "assigned", "done"),
        ("feedback", "done", "fed_back"),
        ("close", "fed_back", "closed"),
    ]
    # django-simple-history keeps every version, with who made it.
    assert concern.history.count() == 5
    assert concern.history.first().history_user == cadre_user


def test_not_satisfied_reopens_where_it_was_handled(
    station_a, cadre_user, staff_a, office_a, office_user
):
    escalated = concern_in(
        S.FED_BACK,
        station=station_a,
        cadre=cadre_user,
        staff=staff_a,
        office=office_a,
        office_user=office_user,
    )
    escalated = move(escalated, "reopen", cadre_user, note="补助还没到账")
    assert escalated.state == S.ESCALATED
    assert escalated.verdict == "not_satisfied"
    assert escalated.done_on is None  # no longer counts as done
    station_only = raise_concern(cadre_user, station_a, "keep_at_station")
    station_only = move(station_only, "station_done", cadre_user, result="已协调")
    station_only = move(station_only, "feedback", cadre_user, how="phone", on=timezone.localdate())
    station_only = move(station_only, "reopen", cadre_user, note="不满意")
    assert station_only.state == S.STATION


def test_solved_on_the_spot_is_closed_at_once_and_a_dispute_counts_as_mediated(
    station_a, cadre_user
):
    concern = raise_concern(
        cadre_user, station_a, "solve_on_spot", category="dispute_neighbours", result="当场调解"
    )
    assert concern.state == S.ON_SPOT
    assert concern.closed_at and concern.done_on == timezone.localdate()
    assert concern.mediation == "succeeded"
    assert flow.moves_for(cadre_user, concern) == []


def test_a_petition_records_each_step_as_an_event(station_a, cadre_user, staff_a):
    concern = raise_concern(cadre_user, station_a, category="petition")
    for step in ("lodged", "accepted", "answered"):
        concern = move(concern, "petition_step", cadre_user, step=step, note=f"步骤{step}")
    steps = list(concern.events.filter(move="petition_step").values_list("value", flat=True))
    assert steps == ["lodged", "accepted", "answered"]
    assert concern.state == S.ESCALATED


def test_mediation_and_petition_moves_are_not_offered_for_other_categories(station_a, cadre_user):
    concern = raise_concern(cadre_user, station_a, category="infra_road")
    names = {m.name for m in flow.moves_for(cadre_user, concern)}
    assert "mediation" not in names and "petition_step" not in names
    with pytest.raises(services.MoveRefused):
        move(concern, "mediation", cadre_user, outcome="succeeded")


def test_a_stale_page_is_refused_and_told_who_came_first(
    client, station_a, cadre_user, staff_a, office_a, office_a2
):
    concern = raise_concern(cadre_user, station_a)
    seen_version = concern.version
    other = f.UserFactory(
        username="township-b", role="township", township=staff_a.township, first_name="王主任"
    )
    move(concern, "assign", other, office=office_a2, deadline=timezone.localdate())
    client.force_login(staff_a)
    data = post_data("assign", concern, office_a)
    data["assign-version"] = seen_version
    response = client.post(reverse("visits:concern_move", args=[concern.pk, "assign"]), data)
    assert response.status_code == 409
    assert "已由王主任于" in response.text and "批办至司法所" in response.text
    concern.refresh_from_db()
    assert concern.office == office_a2
    assert ConcernEvent.objects.filter(move="assign").count() == 1


def test_a_resent_move_is_not_made_twice(client, station_a, cadre_user, staff_a, office_a):
    concern = raise_concern(cadre_user, station_a)
    client.force_login(staff_a)
    data = post_data("assign", concern, office_a)
    url = reverse("visits:concern_move", args=[concern.pk, "assign"])
    assert client.post(url, data).status_code == 302
    # A double tap or a browser retry sends the same form again.
    assert client.post(url, data).status_code == 302
    assert ConcernEvent.objects.filter(move="assign").count() == 1


def test_nothing_is_ever_deleted(station_a, cadre_user):
    concern = raise_concern(cadre_user, station_a)
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        concern.delete()
