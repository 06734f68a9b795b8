"""Issuing contact cards (连心卡): one household, a whole village, reissues, stale cards.

A card's lines are a snapshot of who to call, taken when it is issued: the
station's current members (chief first, each with their mobile number if they
agreed to publish it), the township's key contacts, then the station's duty
number; and the duty rule in words. When anything of it changes (a member
joins or leaves, a role, a phone, a contact, the rule), the cards that still
print the old snapshot are stale and are offered for reissue
(``stations.cards.freshness``).

Serial numbers are unique within a county even when two clerks issue at the
same moment: every issue locks the county's ``CardSerialCounter`` row for the
rest of its transaction and draws its numbers from it.
"""

from collections import defaultdict

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, Max, OuterRef
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from pypinyin import lazy_pinyin
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from stations.cards import freshness
from stations.models import (
    Assignment,
    CardSerialCounter,
    ContactCard,
    ContactCardLine,
    WorkStation,
)
from stations.signals import cards_written
from villages.models import County, Household, TownshipContact

SERIAL_DIGITS = 6
# Serials are checked against existing ones in chunks of this many (SQLite's parameter limit).
CHUNK = 500


class CardError(Exception):
    """An issue that cannot go ahead; the message is for the clerk."""


def serial_prefix(county):
    """Initials of the county's name, e.g. 隆回县 → 'LH', so a card tells where it is from."""
    name = county.name.rstrip("县区市旗") or county.name
    initials = "".join(s[0] for s in lazy_pinyin(name) if s and s[0].isascii() and s[0].isalpha())
    return initials.upper()[:6]


def _locked_counter(county):
    counter, _created = CardSerialCounter.objects.select_for_update().get_or_create(county=county)
    return counter


def _highest_number(county, prefix):
    highest = (
        ContactCard.objects.in_place(county=county)
        .filter(serial__startswith=prefix)
        .aggregate(m=Max("serial"))
        .get("m")
    )
    digits = (highest or "")[len(prefix) :]
    return int(digits) if digits.isascii() and digits.isdigit() else 0


def _draw_serials(county, count):
    """``count`` fresh serial numbers of the county; the caller's transaction holds the lock."""
    counter = _locked_counter(county)
    prefix = serial_prefix(county)
    while True:
        first = counter.last_number + 1
        serials = [f"{prefix}{n:0{SERIAL_DIGITS}d}" for n in range(first, first + count)]
        taken = any(
            ContactCard.objects.in_place(county=county)
            .filter(serial__in=serials[i : i + CHUNK])
            .exists()
            for i in range(0, len(serials), CHUNK)
        )
        if not taken:
            break
        # Cards made outside this module (an import, the demo data) hold these
        # numbers: carry on after the highest one in use.
        counter.last_number = max(first, _highest_number(county, prefix))
    counter.last_number += count
    counter.save(update_fields=["last_number"])
    return serials


def _snapshots(stations):
    """{station pk: [line values]} — what a card issued by each station prints today."""
    members = defaultdict(list)
    for a in (
        Assignment.objects.current()
        .in_place(station=stations)
        .chief_first()
        .select_related("cadre")
    ):
        members[a.station_id].append(a)
    townships = {s.village.township_id for s in stations}
    contacts = defaultdict(list)
    for c in TownshipContact.objects.in_place(township=townships):
        contacts[c.township_id].append(c)
    snapshots = {}
    # Cards are printed for the village in Chinese whatever language the clerk reads.
    with translation.override(settings.LANGUAGE_CODE):
        duty_position = _("station duty phone")
        for station in stations:
            lines = [
                {
                    "cadre_id": a.cadre_id,
                    "name": a.cadre.name,
                    "position": a.get_role_display(),
                    # Printed only with the cadre's consent; the card's last
                    # line gives the station's duty phone for everyone.
                    "phone": a.cadre.phone if a.cadre.phone_public_since else "",
                }
                for a in members[station.pk]
            ]
            lines += [
                {"cadre_id": None, "name": c.name, "position": c.position, "phone": c.phone}
                for c in contacts[station.village.township_id]
            ]
            if station.office_phone:
                lines.append(
                    {
                        "cadre_id": None,
                        "name": station.name,
                        "position": duty_position,
                        "phone": station.office_phone,
                    }
                )
            snapshots[station.pk] = lines
    return snapshots


def current_prints(stations):
    """{station pk: (duty rule in words, lines)}: what a card issued today prints."""
    snapshots = _snapshots(stations)
    with translation.override(settings.LANGUAGE_CODE):
        return {s.pk: (s.duty_rule_text(), snapshots[s.pk]) for s in stations}


def current_fingerprints(cards):
    """{station pk: fingerprint of today's print} of the stations that issued ``cards``."""
    ids = cards.order_by().values("station").distinct()
    stations = list(WorkStation.objects.filter(pk__in=ids).select_related("village"))
    return {pk: freshness.fingerprint(*made) for pk, made in current_prints(stations).items()}


def _issue(households, *, by, today):
    """Issue a card to each household (each of whose village has a station). Returns the cards."""
    if not households:
        return []
    stations = {h.village.station.pk: h.village.station for h in households}
    prints = current_prints(list(stations.values()))
    snapshots = {pk: lines for pk, (_duty, lines) in prints.items()}
    by_county = defaultdict(list)
    for h in households:
        by_county[h.village.township.county_id].append(h)
    cards = []
    for county_id in sorted(by_county):
        group = by_county[county_id]
        county = group[0].village.township.county
        serials = _draw_serials(county, len(group))
        cards += [
            ContactCard(
                county_id=county_id,
                serial=serial,
                household=h,
                station=h.village.station,
                issued_on=today,
                issued_by=by,
                duty_text=prints[h.village.station.pk][0],
                fingerprint=freshness.fingerprint(*prints[h.village.station.pk]),
            )
            for h, serial in zip(group, serials, strict=True)
        ]
    try:
        with transaction.atomic():
            # With a history row per card, as a save() would write.
            bulk_create_with_history(
                cards,
                ContactCard,
                batch_size=CHUNK,
                default_user=by,
                default_change_reason="issued",
            )
    except IntegrityError as error:
        # Only cards written meanwhile without the counter's lock (an import, the admin).
        message = _("Cards were issued elsewhere at the same moment: reload and try again.")
        raise CardError(message) from error
    ContactCardLine.objects.bulk_create(
        [
            ContactCardLine(card=card, order=k, **line)
            for card in cards
            for k, line in enumerate(snapshots[card.station_id], start=1)
        ],
        batch_size=CHUNK,
    )
    cards_written.send(sender=ContactCard, cards=cards)
    return cards


def _with_places(households):
    return households.select_related("village__station", "village__township__county")


def _lock_county(county):
    """Take the county's serial lock first, so the reads after it see every card issued before."""
    _locked_counter(county)


@transaction.atomic
def issue_card(*, household, by, today=None):
    """Issue a card to one household that holds no valid card."""
    today = today or timezone.localdate()
    household = _with_places(Household.objects.filter(pk=household.pk)).get()
    station = getattr(household.village, "station", None)
    if station is None:
        raise CardError(_("%(village)s has no work station yet.") % {"village": household.village})
    _lock_county(household.village.township.county)
    if ContactCard.objects.valid().filter(household=household).exists():
        raise CardError(
            _("%(household)s already holds a valid card: reissue it instead.")
            % {"household": household.head_name}
        )
    return _issue([household], by=by, today=today)[0]


@transaction.atomic
def issue_for_village(*, station, by, today=None):
    """Issue a card to every household of the station's village that holds no valid card.

    Returns the new cards (none when every household already holds one).
    """
    today = today or timezone.localdate()
    station = WorkStation.objects.select_related("village__township__county").get(pk=station.pk)
    _lock_county(station.village.township.county)
    holders = ContactCard.objects.valid().filter(household=OuterRef("pk"))
    households = list(
        _with_places(Household.objects.in_place(village=station.village_id))
        .exclude(Exists(holders))
        .order_by("group__name", "head_name", "pk")
    )
    return _issue(households, by=by, today=today)


@transaction.atomic
def reissue(*, cards, by, today=None):
    """Void each valid card (voided on ``today``) and issue its household a new one.

    All or nothing. Returns the new cards.
    """
    today = today or timezone.localdate()
    ids = {c.pk for c in cards}
    if not ids:
        return []
    counties = ContactCard.objects.filter(pk__in=ids).values("county_id")
    # Always in the same order, so two reissues across counties cannot deadlock.
    for county in County.objects.filter(pk__in=counties).order_by("pk"):
        _lock_county(county)
    old = list(ContactCard.objects.valid().filter(pk__in=ids).order_by("pk"))
    household_ids = [c.household_id for c in old]
    if len(household_ids) != len(ids):
        raise CardError(_("A card was voided meanwhile: reload and try again."))
    for card in old:
        card.voided_on = today
    bulk_update_with_history(
        old,
        ContactCard,
        ["voided_on"],
        batch_size=CHUNK,
        default_user=by,
        default_change_reason="voided on reissue",
    )
    # No cards_written for the voided cards: _issue sends it for the same households.
    households = list(_with_places(Household.objects.filter(pk__in=household_ids)).order_by("pk"))
    missing = [h for h in households if getattr(h.village, "station", None) is None]
    if missing:
        raise CardError(_("%(village)s has no work station yet.") % {"village": missing[0].village})
    return _issue(households, by=by, today=today)


def reissue_card(*, card, by, today=None):
    """Void one valid card and issue its household a new one."""
    return reissue(cards=[card], by=by, today=today)[0]


def _departed(line_station):
    """Lines naming a cadre with no current assignment at ``line_station``."""
    serving = (
        Assignment.objects.current().in_place(station=line_station).filter(cadre=OuterRef("cadre"))
    )
    return ContactCardLine.objects.filter(cadre__isnull=False).exclude(Exists(serving))


def is_stale(cards, fingerprints=None):
    """For ``cards`` (a queryset): an annotation, True where the card prints something its
    station would not print today (see ``stations.cards.freshness``). A page that asks
    twice passes ``fingerprints`` (``current_fingerprints``) to read them once."""
    return freshness.stale_flag(fingerprints or current_fingerprints(cards))


def stale_cards(cards=None, fingerprints=None):
    """Valid cards whose print differs from what their station would print today."""
    cards = (ContactCard.objects.all() if cards is None else cards).valid()
    fingerprints = current_fingerprints(cards) if fingerprints is None else fingerprints
    return cards.exclude(freshness.fresh(fingerprints))


def departed_lines(cards):
    """Lines of ``cards`` naming a cadre who no longer serves at the card's station."""
    return _departed(OuterRef("card__station")).filter(card__in=cards)


@transaction.atomic
def reissue_stale(*, stations, by, today=None):
    """Reissue every stale card of ``stations``. Returns the new cards."""
    stale = list(stale_cards(ContactCard.objects.in_place(station=stations)).order_by("pk"))
    return reissue(cards=stale, by=by, today=today)
