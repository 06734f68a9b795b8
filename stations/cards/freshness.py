"""Whether a contact card still prints what its station would print today.

A card prints a snapshot taken when it was issued: its lines (the station's
members with their roles and published phones, the township's key contacts,
the station's duty phone) and the duty rule in words. Each card keeps a
fingerprint of that snapshot; a valid card whose fingerprint differs from
what its station would print now is *stale*, whatever changed: a member
joined or left, a phone or a role changed, the township's contacts or the
duty rule. Comparing fingerprints costs a few queries for any number of
stations (the snapshots are read together) and one filter in the database.
"""

import hashlib
import json

from django.db.models import BooleanField, ExpressionWrapper, Q

# What a line prints, in order: the fingerprint reads these and nothing else.
LINE_FIELDS = ("name", "position", "phone")


def fingerprint(duty_text, lines):
    """The fingerprint of a card printing ``duty_text`` and ``lines`` (dicts or objects)."""

    def value(line, name):
        return line[name] if isinstance(line, dict) else getattr(line, name)

    printed = [duty_text, [[value(line, f) for f in LINE_FIELDS] for line in lines]]
    return hashlib.sha256(json.dumps(printed, ensure_ascii=False).encode()).hexdigest()


def fresh(current):
    """``Q``: the card prints what its station prints now (``current``: {station pk: print})."""
    condition = Q(pk__in=[])
    for station_id, fp in current.items():
        condition |= Q(station_id=station_id, fingerprint=fp)
    return condition


def stale_flag(current):
    """An annotation: True for a card whose station would print something else now."""
    return ExpressionWrapper(~fresh(current), output_field=BooleanField())


def changes(card_print, station_print):
    """What changed between a card's print and its station's today, as keys of ``CHANGES``."""
    (card_duty, card_lines), (duty, lines) = card_print, station_print
    found = []

    def people(rows, members):
        return {
            r["name"]: (r["position"], r["phone"]) for r in rows if bool(r["cadre_id"]) == members
        }

    was, now = people(card_lines, True), people(lines, True)
    if set(was) != set(now):
        found.append("members")
    shared = set(was) & set(now)
    if any(was[n][0] != now[n][0] for n in shared):
        found.append("roles")
    if any(was[n][1] != now[n][1] for n in shared):
        found.append("phones")
    if people(card_lines, False) != people(lines, False):
        found.append("contacts")
    if card_duty != duty:
        found.append("duty_rule")
    return found
