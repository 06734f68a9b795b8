"""Spot-check and rating figures for any place and period, counted in the database.

``spotcheck_figures`` is the one selector the summary page and the monthly
report use, with the place and period arguments of
``visits.concerns.figures``. The period is a range of local (Asia/Shanghai)
days, ``start`` and ``end`` both included; each figure counts by its own date.

=================  ============================================================
spot_checks        draws made in the period (``drawn_at``).
answered           drawn households whose answers were recorded in the period
                   (``recorded_at``), reached or not.
reached            of those, the households reached by phone or in person.
known_points       "yes" answers of reached households: knows the cadre's
                   name, knows the cadre's phone, has been visited (3 each).
known_asked        3 × reached.
known_rate         知名度 = known_points / known_asked.
cadre_asked        answers where the cadre was asked about the household.
knows_points       the cadre's answers that matched the register: members,
                   head's name, circumstances (tags, all of them) (3 each).
knows_asked        3 × cadre_asked.
knows_rate         知民度 = knows_points / knows_asked.
ratings            households' ratings of station members given in the
                   period (``rated_on``).
satisfied, basically, not_satisfied
                   the ratings by value.
satisfaction       (satisfied + basically) / ratings.
members            one row per cadre with answers or ratings in the place and
                   period (see below), best seen first.
most_seen          最出镜: the members with the highest ``seen`` (ties all
                   listed).
least_seen         最不出镜: those with the lowest, when not every member
                   scored the same (then nobody is least seen).
unranked           cadres serving in the place during the period with no
                   answers and no ratings: not seen at all by these measures.
vote_items         from the vote rounds held in the period (``held_on``):
                   ``{"most": [...], "least": [...]}``, each a list of
                   ``{"text", "votes"}`` summed over rounds, most votes first
                   (at most ``TOP_ITEMS``).
=================  ============================================================

A member's ``seen`` is the share of points out of what could be had, every
item weighing the same: each 知名度 answer (1 for yes), each 知民度 check
(1 for right) and each rating (1 satisfied, ½ basically, 0 not satisfied).
It is made of what households and the register say, never of how much
anyone used the app: the 2026 rules forbid ranking by usage.

Rates are fractions between 0 and 1, or None when nothing was counted.
Places: ``user`` (what the user may see), ``county``, ``township``,
``station`` (the cadres serving there during the period; its ratings; its
township's vote rounds) and ``cadre`` — any combination narrows further.
"""

from fractions import Fraction

from django.db.models import Case, Count, IntegerField, Q, Sum, Value, When
from django.db.models.functions import Coalesce

from cadres.models import Cadre
from stations.models import Assignment
from visits.models import Rating, SpotCheck, SpotCheckAnswer, VoteItem, VoteRound
from visits.models.concerns import day_start, next_day_start

TOP_ITEMS = 5
V = Rating.Value


def _count_true(*fields, filter=None):
    """The number of ``fields`` that are true on a row, summed over the rows."""
    parts = [
        Case(When(**{field: True}, then=Value(1)), default=Value(0), output_field=IntegerField())
        for field in fields
    ]
    total = parts[0]
    for part in parts[1:]:
        total = total + part
    return Coalesce(Sum(total, filter=filter), 0)


def serving(*, start, end, county=None, township=None, station=None):
    """Assignments at the place that overlap the period (who were its members then)."""
    rows = Assignment.objects.filter(start_date__lte=end).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=start)
    )
    return rows.in_place(county=county, township=township, station=station)


def _answers(*, user, county, township, station, cadre, start, end):
    rows = SpotCheckAnswer.objects.filter(
        recorded_at__gte=day_start(start), recorded_at__lt=next_day_start(end)
    )
    if user is not None:
        rows = rows.visible_to(user)
    rows = rows.in_place(county=county, township=township)
    if station is not None:
        # A draw is the township's: at a station, those of the cadres who served there.
        members = serving(start=start, end=end, station=station).values("cadre")
        rows = rows.filter(spot_check__cadre__in=members)
    if cadre is not None:
        rows = rows.filter(spot_check__cadre=cadre)
    return rows


def _ratings(*, user, county, township, station, cadre, start, end):
    rows = Rating.objects.filter(rated_on__gte=start, rated_on__lte=end)
    if user is not None:
        rows = rows.visible_to(user)
    rows = rows.in_place(county=county, township=township, station=station)
    if cadre is not None:
        rows = rows.filter(cadre=cadre)
    return rows


def _draws(*, user, county, township, station, cadre, start, end):
    rows = SpotCheck.objects.filter(
        drawn_at__gte=day_start(start), drawn_at__lt=next_day_start(end)
    )
    if user is not None:
        rows = rows.visible_to(user)
    rows = rows.in_place(county=county, township=township)
    if station is not None:
        rows = rows.filter(cadre__in=serving(start=start, end=end, station=station).values("cadre"))
    if cadre is not None:
        rows = rows.filter(cadre=cadre)
    return rows


ANSWER_COUNTS = ("answered", "reached", "known_points", "cadre_asked", "knows_points")
RATING_COUNTS = ("ratings", "satisfied", "basically", "not_satisfied")


def _answer_aggregates(prefix=""):
    """Aggregates of answers; ``prefix`` reaches them from another model (``answers__``)."""
    recorded = Q(**{f"{prefix}recorded_at__isnull": False}) if prefix else None
    reached = Q(**{f"{prefix}contact__in": SpotCheckAnswer.REACHED})
    asked = Q(**{f"{prefix}cadre_asked": True})
    known = [f"{prefix}{name}" for name in ("knows_name", "knows_phone", "was_visited")]
    knows = [f"{prefix}{name}" for name in ("members_right", "head_name_right", "tags_right")]
    return {
        "answered": Count(f"{prefix}pk", filter=recorded),
        "reached": Count(f"{prefix}pk", filter=reached),
        "known_points": _count_true(*known, filter=recorded),
        "cadre_asked": Count(f"{prefix}pk", filter=asked),
        "knows_points": _count_true(*knows, filter=recorded),
    }


def _rating_aggregates():
    return {
        "ratings": Count("pk"),
        "satisfied": Count("pk", filter=Q(value=V.SATISFIED)),
        "basically": Count("pk", filter=Q(value=V.BASICALLY)),
        "not_satisfied": Count("pk", filter=Q(value=V.NOT_SATISFIED)),
    }


def _rate(part, whole):
    return part / whole if whole else None


def _with_rates(row):
    for name in RATING_COUNTS:
        row.setdefault(name, 0)
    row["known_asked"] = 3 * row["reached"]
    row["known_rate"] = _rate(row["known_points"], row["known_asked"])
    row["knows_asked"] = 3 * row["cadre_asked"]
    row["knows_rate"] = _rate(row["knows_points"], row["knows_asked"])
    row["satisfaction"] = _rate(row["satisfied"] + row["basically"], row["ratings"])
    return row


def _seen(row):
    """The member's share of points (see the module's docstring), exact, or None."""
    points = row["known_points"] + row["knows_points"] + row["satisfied"]
    points += Fraction(row["basically"], 2)
    possible = row["known_asked"] + row["knows_asked"] + row["ratings"]
    return Fraction(points) / possible if possible else None


def _members(answers, ratings):
    """Per-cadre counts: one grouped query of answers, one of ratings, one of the cadres."""
    empty = dict.fromkeys(ANSWER_COUNTS + RATING_COUNTS, 0)
    rows = {}
    grouped = answers.order_by().values("spot_check__cadre").annotate(**_answer_aggregates())
    for row in grouped:
        key = row.pop("spot_check__cadre")
        rows.setdefault(key, dict(empty)).update(row)
    for row in ratings.order_by().values("cadre").annotate(**_rating_aggregates()):
        rows.setdefault(row.pop("cadre"), dict(empty)).update(row)
    cadres = Cadre.objects.in_bulk(list(rows))
    members = []
    for key, row in rows.items():
        row = _with_rates(row)
        row["cadre"] = cadres[key]
        row["seen_exact"] = _seen(row)
        row["seen"] = None if row["seen_exact"] is None else float(row["seen_exact"])
        members.append(row)
    members.sort(
        key=lambda r: (r["seen"] is None, -(r["seen_exact"] or 0), r["cadre"].name, r["cadre"].pk)
    )
    return members


def _totals(members):
    totals = {name: sum(row[name] for row in members) for name in ANSWER_COUNTS + RATING_COUNTS}
    return _with_rates(totals)


def _most_and_least(members):
    scored = [row for row in members if row["seen_exact"] is not None]
    if not scored:
        return [], []
    best = max(row["seen_exact"] for row in scored)
    worst = min(row["seen_exact"] for row in scored)
    most = [row["cadre"] for row in scored if row["seen_exact"] == best]
    if best == worst:
        return most, []
    return most, [row["cadre"] for row in scored if row["seen_exact"] == worst]


def _vote_items(*, user, county, township, station, start, end):
    items = VoteItem.objects.filter(round__held_on__gte=start, round__held_on__lte=end)
    if user is not None:
        items = items.filter(round__in=_rounds_visible(user))
    items = items.in_place(county=county, township=township)
    if station is not None:
        # Rounds are held by the township: a station's are its township's.
        items = items.in_place(township=station.village.township_id)
    rows = items.order_by().values("kind", "text").annotate(total=Sum("votes"))
    result = {VoteItem.Kind.MOST.value: [], VoteItem.Kind.LEAST.value: []}
    for row in rows.order_by("kind", "-total", "text"):
        bucket = result[row["kind"]]
        if len(bucket) < TOP_ITEMS:
            bucket.append({"text": row["text"], "votes": row["total"]})
    return result


def _rounds_visible(user):
    return VoteRound.objects.visible_to(user).values("pk")


def spotcheck_figures(
    *, user=None, county=None, township=None, station=None, cadre=None, start, end
):
    """The figures (see the module's table) for one place and period, in a few queries."""
    place = {
        "user": user,
        "county": county,
        "township": township,
        "station": station,
        "cadre": cadre,
        "start": start,
        "end": end,
    }
    members = _members(_answers(**place), _ratings(**place))
    figures = _totals(members)
    figures["spot_checks"] = _draws(**place).count()
    figures["members"] = members
    figures["most_seen"], figures["least_seen"] = _most_and_least(members)
    figures["unranked"] = _unranked(place, members)
    if cadre is None:
        place.pop("cadre")
        figures["vote_items"] = _vote_items(**place)
    else:
        figures["vote_items"] = {VoteItem.Kind.MOST.value: [], VoteItem.Kind.LEAST.value: []}
    return figures


def _unranked(place, members):
    """The cadres serving in the place with no answers or ratings, by name: a queryset,
    read where it is shown (a county's 2,300 members; the month report's summary, which
    does not show them, read them for 20 ms at city size)."""
    if place["cadre"] is not None:
        return Cadre.objects.none()
    rows = serving(
        start=place["start"],
        end=place["end"],
        county=place["county"],
        township=place["township"],
        station=place["station"],
    )
    if place["user"] is not None:
        rows = rows.visible_to(place["user"])
    seen = [row["cadre"].pk for row in members]
    return (
        Cadre.objects.filter(pk__in=rows.values("cadre"))
        .exclude(pk__in=seen)
        .order_by("name", "pk")
    )


def with_answer_figures(draws):
    """Draws annotated with their answers' counts (one query); rates via ``draw_rates``."""
    return draws.annotate(**_answer_aggregates("answers__"))


def draw_rates(draw):
    """知名度 and 知民度 of one annotated draw (see ``with_answer_figures``)."""
    return _with_rates({name: getattr(draw, name) for name in ANSWER_COUNTS})
