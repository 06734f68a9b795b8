"""The demo's sponsoring units (派驻单位): the county's departments and the city's.

Stations draw their sponsor from ``data.SPONSORING_UNITS`` as they always did; every
third sponsored station is then given one of the county's other departments or one of
the city's instead, in turn, without drawing (the rest of the demo stays as it was).
"""

from itertools import cycle

from cadres.models import SponsoringUnit
from visits.demo import data as d


def build_units(county, prefecture):
    """``{demo name: unit}``: the county's units (named after it) and the city's."""
    rows = [
        SponsoringUnit(
            county=county,
            level=SponsoringUnit.Level.COUNTY,
            name=f"{county.name}{name.removeprefix('县')}",
            contact_name=contact,
            contact_phone=phone,
        )
        for name, (contact, phone) in d.SPONSOR_CONTACTS.items()
    ]
    if prefecture is not None:
        rows += [
            SponsoringUnit(
                prefecture=prefecture,
                level=SponsoringUnit.Level.CITY,
                name=name,
                contact_name=contact,
                contact_phone=phone,
            )
            for name, (contact, phone) in d.CITY_SPONSORS.items()
        ]
    # A city unit is the city's: a second demo county of the same city finds it there.
    existing = (
        {u.name: u for u in SponsoringUnit.objects.of_city(prefecture)}
        if prefecture is not None
        else {}
    )
    new = [u for u in rows if u.county_id or u.name not in existing]
    SponsoringUnit.objects.bulk_create(new)
    by_name = {**existing, **{u.name: u for u in new}}
    return {
        **{name: by_name[f"{county.name}{name.removeprefix('县')}"] for name in d.SPONSOR_CONTACTS},
        **{name: by_name[name] for name in d.CITY_SPONSORS if name in by_name},
    }


def sponsors_in_turn(units, drawn):
    """The unit of each drawn sponsor name ("" for none), every third one replaced in turn."""
    others = cycle([*(n for n in d.CITY_SPONSORS if n in units), *d.OTHER_COUNTY_SPONSORS])
    found, sponsored = [], 0
    for name in drawn:
        if not name:
            found.append(None)
            continue
        sponsored += 1
        found.append(units[next(others) if sponsored % 3 == 0 else name])
    return found
