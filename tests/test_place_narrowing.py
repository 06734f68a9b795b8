"""Narrowing to a place is declared once, on the queryset (``PlaceQuerySet.in_place``).

Two parts: ``in_place`` returns exactly the rows of the place asked for, at
every level a model reaches, and refuses a level it cannot reach; and a check
of the apps' source that fails when a ``filter``, ``exclude`` or ``Q`` types a
path to a place by hand.
"""

import ast
import pathlib

import pytest

from cadres.models import Cadre
from stations.models import (
    Assignment,
    ContactCard,
    DutyDay,
    FarmerFriend,
    Pairing,
    WorkStation,
)
from tests import factories as f
from tests.concern_helpers import ConcernFactory
from villages.models import County, Household, Township, Village
from villages.scoping import LEVELS
from visits.models import Concern, Visit

pytestmark = pytest.mark.django_db

MODELS = [
    Visit,
    Concern,
    Household,
    Assignment,
    WorkStation,
    Pairing,
    FarmerFriend,
    ContactCard,
    DutyDay,
    Cadre,
    Village,
    Township,
]


@pytest.fixture
def world(county, station_a, station_a2, station_b):
    """One row of every model at station A, A2 (township A), B (township B) and C
    (another county, of another city)."""
    county.prefecture = f.PrefectureFactory(name="邵阳市")
    county.save()
    other = f.CountyFactory(name="衡山县", prefecture=f.PrefectureFactory(name="衡阳市"))
    station_c = f.StationFactory(village=f.VillageFactory(township=f.TownshipFactory(county=other)))
    rows = {}
    for key, station in {"a": station_a, "a2": station_a2, "b": station_b, "c": station_c}.items():
        village = station.village
        household = f.HouseholdFactory(village=village)
        cadre = f.CadreFactory(township=village.township)
        rows[key] = {
            "station": station,
            Visit: f.VisitFactory(station=station, author=cadre, household=household),
            Concern: ConcernFactory(station=station, household=household),
            Household: household,
            Assignment: f.AssignmentFactory(cadre=cadre, station=station),
            WorkStation: station,
            Pairing: f.PairingFactory(cadre=cadre, household=household),
            FarmerFriend: f.FarmerFriendFactory(cadre=cadre, village=village),
            ContactCard: f.ContactCardFactory(household=household, station=station),
            DutyDay: f.DutyDayFactory(station=station, cadre=cadre),
            Cadre: cadre,
            Village: village,
            Township: village.township,
        }
    return rows


def place(station, level):
    """The place at ``level`` that holds ``station``."""
    village = station.village
    return {
        "prefecture": village.township.county.prefecture,
        "county": village.township.county,
        "township": village.township,
        "village": village,
        "station": station,
    }[level]


# Which of the world's stations each place of station A holds.
HELD = {
    "prefecture": {"a", "a2", "b"},
    "county": {"a", "a2", "b"},
    "township": {"a", "a2"},
    "village": {"a"},
    "station": {"a"},
}


def keys_of(model, rows, world):
    pks = set(rows.values_list("pk", flat=True))
    return {key for key, objs in world.items() if objs[model].pk in pks}


def reaches(model, level):
    return getattr(model.objects.all(), f"{level}_path") is not None


CASES = [(model, level) for model in MODELS for level in LEVELS if reaches(model, level)]


@pytest.mark.parametrize(
    ("model", "level"), CASES, ids=[f"{m.__name__}-{level}" for m, level in CASES]
)
def test_in_place_keeps_exactly_the_rows_of_the_place(model, level, world):
    station_a = world["a"]["station"]
    rows = model.objects.in_place(**{level: place(station_a, level)})
    assert keys_of(model, rows, world) == HELD[level]


@pytest.mark.parametrize(
    ("model", "level"), CASES, ids=[f"{m.__name__}-{level}" for m, level in CASES]
)
def test_a_place_may_be_a_row_a_pk_a_list_or_a_queryset(model, level, world):
    ours, theirs = place(world["a"]["station"], level), place(world["c"]["station"], level)
    by_row = keys_of(model, model.objects.in_place(**{level: ours}), world)
    assert keys_of(model, model.objects.in_place(**{level: ours.pk}), world) == by_row
    both = keys_of(model, model.objects.in_place(**{level: [ours, theirs]}), world)
    assert both == by_row | {"c"}
    assert keys_of(model, model.objects.in_place(**{level: [ours.pk, theirs.pk]}), world) == both
    queryset = type(ours).objects.filter(pk__in=[ours.pk, theirs.pk])
    assert keys_of(model, model.objects.in_place(**{level: queryset}), world) == both


def test_levels_narrow_together_and_none_does_not_narrow(world, township_a, township_b):
    station_a = world["a"]["station"]
    assert keys_of(Visit, Visit.objects.in_place(), world) == {"a", "a2", "b", "c"}
    assert keys_of(Visit, Visit.objects.in_place(township=None), world) == {"a", "a2", "b", "c"}
    both = Visit.objects.in_place(township=township_a, station=station_a)
    assert keys_of(Visit, both, world) == {"a"}
    assert not Visit.objects.in_place(township=township_b, station=station_a).exists()
    assert not Visit.objects.in_place(station=[]).exists()


def test_a_cadre_is_at_the_stations_they_serve_at_now(world, station_a, station_b):
    moved = world["a"][Cadre]
    assignment = world["a"][Assignment]
    assignment.end_date = assignment.start_date
    assignment.save()
    f.AssignmentFactory(cadre=moved, station=station_b)
    assert not Cadre.objects.in_place(station=station_a).exists()
    assert list(Cadre.objects.in_place(station=station_b).order_by("pk")) == sorted(
        [moved, world["b"][Cadre]], key=lambda c: c.pk
    )


@pytest.mark.parametrize(
    ("model", "level"),
    [(Cadre, "village"), (Township, "village"), (Township, "station"), (County, "township")],
)
def test_a_level_the_model_cannot_reach_is_refused(model, level, world):
    with pytest.raises(ValueError, match=f"{model.__name__} rows cannot be narrowed to a {level}"):
        model.objects.in_place(**{level: place(world["a"]["station"], level)})


def test_a_row_of_another_kind_is_refused_where_the_pk_is_the_place(world):
    with pytest.raises(TypeError):
        WorkStation.objects.in_place(station=world["a"]["station"].village)


def test_in_place_of_goes_by_the_related_rows_place(world, station_b):
    """A household that moved village keeps its card from the old station: counted
    where it lives now (``in_place_of``), issued where it was (``in_place``)."""
    card = world["a"][ContactCard]
    household = card.household
    household.village = station_b.village
    household.save()
    issued = ContactCard.objects.in_place(village=world["a"]["station"].village)
    held = ContactCard.objects.in_place_of("household", village=world["a"]["station"].village)
    assert card in issued and card not in held
    assert card in ContactCard.objects.in_place_of("household", village=station_b.village)
    assert ContactCard.objects.in_place_of("household").count() == ContactCard.objects.count()


@pytest.mark.parametrize("level", LEVELS)
def test_in_place_of_narrows_at_every_level(level, world):
    """Cards counted by their household's place, at each level: the same rows as the
    cards' own place while no household has moved."""
    ours = place(world["a"]["station"], level)
    held = ContactCard.objects.in_place_of("household", **{level: ours})
    assert keys_of(ContactCard, held, world) == HELD[level]


def test_an_unknown_level_is_refused_naming_the_levels():
    with pytest.raises(ValueError, match="'parish' is not a level of place"):
        Household.objects.path_to("parish")


def test_places_given_as_a_queryset_are_narrowed_to_in_the_same_query(
    world, django_assert_num_queries
):
    villages = Village.objects.filter(pk=world["a"]["station"].village_id)
    with django_assert_num_queries(1):
        assert list(Village.objects.in_place(village=villages)) == [world["a"][Village]]


# The source check ------------------------------------------------------------

ROOT = pathlib.Path(__file__).resolve().parent.parent
APPS = ("villages", "cadres", "stations", "visits")
PLACES = frozenset(LEVELS)
LOOKUPS = frozenset({"in", "id", "exact"})
NARROWING_CALLS = frozenset({"filter", "exclude", "Q"})
JOINS = frozenset({"OuterRef", "F"})  # a correlated join or a column, not a place

# Where a path to a place may be typed by hand, and why.
# (``villages/scoping.py`` needs none: it builds its filters from the declared paths.)
ALLOWED = {
    "visits/demo/reset.py": (
        "the demo's reset deletes all of one demo county's rows through several relations "
        "at once (station or village or author in one Q); it is not a figure or a page"
    ),
    "cadres/sponsoring_units.py": (
        "a sponsoring unit belongs to a county or to a city (a city's department is in "
        "every county of the city): its own _within says either, which one declared path "
        "cannot; and the keepers' units are the login's own place fields, read by role"
    ),
    "stations/models/assessment.py": (
        "a round is run by a county or by a city: its own county and prefecture say who "
        "runs it (the city's rounds cover every county of the city), which no declared "
        "place path can; the queryset's visible_to, run_by_city and covering say it once"
    ),
    "stations/cards/freshness.py": (
        "a card is fresh when its fingerprint is its own station's print of today: one "
        "(station, fingerprint) pair per station of rows already narrowed by in_place"
    ),
}


def _name(call):
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)


def is_place_path(keyword):
    """``station__village__township``, ``household__village``, ``township_id``,
    ``station__in``…: a lookup that ends at a place (a lookup like ``__in`` aside)."""
    parts = keyword.split("__")
    while len(parts) > 1 and parts[-1] in LOOKUPS:
        parts.pop()
    last = parts[-1].removesuffix("_id")
    return last in PLACES


def _dict_keys_name_a_place(node):
    """``**{f"{path}__county": …}``: a place in the literal parts of a built keyword."""
    if not isinstance(node, ast.Dict):
        return False
    literals = (
        part.value
        for key in node.keys
        if key is not None
        for part in ast.walk(key)
        if isinstance(part, ast.Constant) and isinstance(part.value, str)
    )
    return any(PLACES & set(literal.split("__")) for literal in literals)


def hand_typed_narrowings(source):
    """``[(line, keyword)]`` of the filters in ``source`` that type a path to a place."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and _name(node) in NARROWING_CALLS):
            continue
        for keyword in node.keywords:
            value = keyword.value
            if keyword.arg is None:
                if _dict_keys_name_a_place(value):
                    found.append((node.lineno, node.col_offset, "**" + ast.unparse(value)))
            elif is_place_path(keyword.arg):
                if isinstance(value, ast.Call) and _name(value) in JOINS:
                    continue
                found.append((node.lineno, node.col_offset, keyword.arg))
    return [(line, keyword) for line, _col, keyword in sorted(found)]


def _app_sources():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8")


def test_the_check_catches_a_path_typed_by_hand():
    source = """
Visit.objects.filter(station__village__township=township)
Visit.objects.exclude(station__village__township__county__in=counties)
Household.objects.filter(village_id=3, head_name="张三")
ContactCard.objects.filter(Q(household__village=village) | Q(station=station))
models.Q(township__county=county)
rows.filter(**{f"{path}__county": county})
"""
    found = [keyword for _line, keyword in hand_typed_narrowings(source)]
    assert found == [
        "station__village__township",
        "station__village__township__county__in",
        "village_id",
        "household__village",
        "station",
        "township__county",
        "**{f'{path}__county': county}",
    ]


def test_the_check_leaves_what_is_not_narrowing_alone():
    source = """
Visit.objects.select_related("station__village").values("station__village__township")
Assignment.objects.filter(station=OuterRef("station"), cadre=OuterRef("cadre"))
Household.objects.filter(Q(station__isnull=True) | Q(pk=village_id))
Visit.objects.in_place(township=township).filter(kind="home", village__name="高石村")
Visit.objects.get(station=station, token=token)
"""
    assert hand_typed_narrowings(source) == []


def test_no_module_narrows_to_a_place_by_hand():
    found = [
        f"{path}:{line}: {keyword}"
        for path, source in _app_sources()
        if path not in ALLOWED
        for line, keyword in hand_typed_narrowings(source)
    ]
    assert found == [], "Narrow with the queryset's in_place(...) instead:\n" + "\n".join(found)


def test_every_exception_is_still_needed():
    sources = dict(_app_sources())
    for path in ALLOWED:
        assert path in sources, f"{path} is gone: drop it from ALLOWED"
        assert hand_typed_narrowings(sources[path]), f"{path} no longer needs an exception"
