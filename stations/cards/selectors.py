"""Reads that feed the contact-card pages, the printed sheets and the public station page.

Counts are grouped in the database and lines are prefetched, so each page
costs the same number of queries whatever the number of households or cards.
"""

from collections import defaultdict
from itertools import batched

import segno
from django.conf import settings
from django.db.models import Count, Min, Prefetch
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from stations.cards import freshness
from stations.cards.services import (
    current_fingerprints,
    current_prints,
    departed_lines,
    is_stale,
    stale_cards,
)
from stations.models import (
    Assignment,
    ContactCard,
    ContactCardLine,
    WorkStation,
)
from villages.models import ErrandGuide, Household, Township, Village
from villages.pagination import keyset_page

CARDS_PER_SHEET = 8
# What may have changed since a stale card was issued, in the order the page lists it.
CHANGES = {
    "members": gettext_lazy("members"),
    "roles": gettext_lazy("roles"),
    "phones": gettext_lazy("phones"),
    "contacts": gettext_lazy("township contacts"),
    "duty_rule": gettext_lazy("duty rule"),
}
HOUSEHOLDS_PER_PAGE = 50
HOUSEHOLD_ORDERING = ("head_name", "pk")


def public_base(request):
    """Where the QR codes' addresses start: ``PUBLIC_BASE_URL`` (when set) names the
    address households can reach, as a clerk may print from an office-only one;
    else the address the printing was asked from."""
    base = getattr(settings, "PUBLIC_BASE_URL", "")
    return (base or request.build_absolute_uri("/")).rstrip("/")


def public_url(base, station):
    """The address printed in a card's QR code."""
    return base + station.get_public_url()


def qr_svg(url):
    """The QR code of ``url`` as inline SVG, sized by the stylesheet."""
    return segno.make(url, error="m").svg_inline(omitsize=True, border=2)


# Coverage ---------------------------------------------------------------------


def _counts(queryset, key):
    return dict(queryset.values_list(key).annotate(n=Count("pk")).values_list(key, "n"))


def _coverage(households, carded):
    return round(100 * carded / households) if households else 0


def township_cards(township: Township):
    """Per village (and its station): households, households with a valid card, stale cards."""
    villages = list(
        Village.objects.in_place(township=township).select_related("station").order_by("name")
    )
    households = _counts(Household.objects.in_place(township=township), "village")
    # Cards count where their household lives now, whichever station issued them.
    valid = ContactCard.objects.valid().in_place_of("household", township=township)
    carded = _counts(valid, "household__village")
    stale = _counts(stale_cards(valid), "household__village")
    rows = []
    for village in villages:
        n, c = households.get(village.pk, 0), carded.get(village.pk, 0)
        rows.append(
            {
                "village": village,
                "station": getattr(village, "station", None),
                "households": n,
                "carded": c,
                "coverage": _coverage(n, c),
                "stale": stale.get(village.pk, 0),
            }
        )
    totals = {k: sum(r[k] for r in rows) for k in ("households", "carded", "stale")}
    totals["coverage"] = _coverage(totals["households"], totals["carded"])
    return {"township": township, "rows": rows, "totals": totals}


def county_cards(county):
    """Per township: households, households with a valid card."""
    townships = list(Township.objects.in_place(county=county).order_by("name"))
    households = _counts(Household.objects.in_place(county=county), "village__township")
    carded = _counts(
        # Cards count where their household lives now, whichever station issued them.
        ContactCard.objects.valid().in_place_of("household", county=county),
        "household__village__township",
    )
    rows = []
    for township in townships:
        n, c = households.get(township.pk, 0), carded.get(township.pk, 0)
        rows.append(
            {"township": township, "households": n, "carded": c, "coverage": _coverage(n, c)}
        )
    totals = {k: sum(r[k] for r in rows) for k in ("households", "carded")}
    totals["coverage"] = _coverage(totals["households"], totals["carded"])
    return {"county": county, "rows": rows, "totals": totals}


# A station's households and their cards ----------------------------------------


def station_cards(station: WorkStation, *, after=None, before=None, stale_only=False):
    """One page of the village's households with their valid card (and whether it is stale)."""
    valid = ContactCard.objects.valid().in_place_of("household", village=station.village_id)
    fingerprints = current_fingerprints(valid)
    cards = valid.annotate(stale=is_stale(valid, fingerprints))
    households = Household.objects.in_place(village=station.village_id)
    if stale_only:
        households = households.filter(cards__in=stale_cards(valid, fingerprints).values("pk"))
    households = households.select_related("group").prefetch_related(
        Prefetch("cards", queryset=cards, to_attr="valid_cards")
    )
    page = keyset_page(
        households,
        ordering=HOUSEHOLD_ORDERING,
        after=after,
        before=before,
        per_page=HOUSEHOLDS_PER_PAGE,
    )
    for household in page.rows:
        household.card = household.valid_cards[0] if household.valid_cards else None
    totals = {
        "households": Household.objects.in_place(village=station.village_id).count(),
        "carded": valid.count(),
        "stale": stale_cards(valid, fingerprints).count(),
    }
    return {"station": station, "page": page, "totals": totals, "stale_only": stale_only}


def stale_by_station(township: Township):
    """Stations of the township with stale cards: how many, who left, and what changed."""
    stations = list(
        WorkStation.objects.in_place(township=township).select_related("village").order_by("name")
    )
    prints = current_prints(stations)
    fingerprints = {pk: freshness.fingerprint(*made) for pk, made in prints.items()}
    stale = stale_cards(ContactCard.objects.in_place(station=stations), fingerprints)
    counts = _counts(stale, "station")
    departed = defaultdict(set)
    for station_id, name in (
        departed_lines(stale).values_list("card__station", "name").distinct().order_by("name")
    ):
        departed[station_id].add(name)
    listed = [s for s in stations if s.pk in counts]
    changed = _changes(stale, prints)
    rows = [
        {
            "station": s,
            "stale": counts[s.pk],
            "departed": sorted(departed[s.pk]),
            "changed": [CHANGES[key] for key in CHANGES if key in changed[s.pk]],
        }
        for s in listed
    ]
    today = timezone.localdate()
    # Reissued cards are printed together, township-wide: those issued today.
    issued_today = ContactCard.objects.valid().in_place(township=township).filter(issued_on=today)
    return {
        "township": township,
        "rows": rows,
        "total": sum(counts.values()),
        "today": today,
        "issued_today": issued_today.count(),
    }


def _changes(stale, today):
    """{station pk: {what changed}}: one stale card of each print a station issued, against
    what the station prints ``today``; three queries whatever the number of cards."""
    samples = stale.order_by().values("station", "fingerprint").annotate(card=Min("pk"))
    sample_ids = {row["card"]: row["station"] for row in samples}
    printed = defaultdict(list)
    lines = ContactCardLine.objects.filter(card__in=sample_ids).order_by("card", "order")
    for line in lines.values("card", "cadre_id", "name", "position", "phone"):
        printed[line["card"]].append(line)
    duty = dict(ContactCard.objects.filter(pk__in=sample_ids).values_list("pk", "duty_text"))
    changed = defaultdict(set)
    for card_id, station_id in sample_ids.items():
        if station_id in today:
            was = (duty[card_id], printed[card_id])
            changed[station_id].update(freshness.changes(was, today[station_id]))
    return changed


# Printing ------------------------------------------------------------------------


def print_cards(cards):
    """The cards to print with their lines, households and stations, in serial order."""
    return (
        cards.valid()
        .select_related("household__group", "household__village", "station__village__township")
        .prefetch_related(Prefetch("lines", queryset=ContactCardLine.objects.order_by("order")))
        .order_by("serial")
    )


def card_sheets(base, cards):
    """Cards laid out on A4 sheets of eight, each with its lines split and its QR code
    (to ``base`` + the station's public address: see ``public_base``)."""
    qr = {}
    printable = []
    for card in cards:
        station = card.station
        if station.pk not in qr:
            with translation.override(settings.LANGUAGE_CODE):
                duty = station.duty_rule_text()
            qr[station.pk] = {"svg": qr_svg(public_url(base, station)), "duty": duty}
        lines = list(card.lines.all())
        printable.append(
            {
                "card": card,
                "station": station,
                # The card as it was issued: its own duty rule beside its own members.
                "duty": card.duty_text or qr[station.pk]["duty"],
                "members": [line for line in lines if line.cadre_id],
                "contacts": [line for line in lines if not line.cadre_id],
                "qr": qr[station.pk]["svg"],
                # Cards are printed for the village in Chinese whatever language the
                # clerk reads, like the lines they were issued with (stations.cards.services).
                "language": settings.LANGUAGE_CODE,
            }
        )
    return [list(sheet) for sheet in batched(printable, CARDS_PER_SHEET)]


# The public station page -------------------------------------------------------------


def public_stations():
    """Stations as the public page reads them: only fields the card prints anyway.

    ``only`` keeps a later template edit from showing more than that.
    """
    return WorkStation.objects.select_related("village__township").only(
        "name",
        "office_address",
        "office_phone",
        "duty_rule",
        "duty_days",
        "village__name",
        "village__township__name",
    )


def public_station_page(station):
    """What the public page of a station shows: no household data, nothing behind login.

    A member's mobile number shows only if they agreed to publish it
    (``Cadre.phone_public_since``); the template gives the duty phone first.
    """
    members = (
        Assignment.objects.current()
        .in_place(station=station)
        .chief_first()
        .select_related("cadre")
        .only(
            "role",
            "station_id",
            "cadre__name",
            "cadre__position",
            "cadre__phone",
            "cadre__phone_public_since",
        )
    )
    guides = dict(
        ErrandGuide.objects.in_place(township=station.village.township_id).values_list(
            "kind", "text"
        )
    )
    return {
        "station": station,
        "duty": station.duty_rule_text(),
        "members": members,
        "guides": [(label, guides.get(kind, "")) for kind, label in ErrandGuide.Kind.choices],
    }
