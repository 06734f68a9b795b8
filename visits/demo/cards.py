"""The demo's contact cards (连心卡): the township contacts every card prints, the cards
issued to most households over the year, and a hundred older cards those replaced.

Each card prints the station's crew on the day it was issued, so an old card
names the cadres who served then.
"""

import datetime

from django.conf import settings
from django.utils import translation

from stations.cards.freshness import fingerprint
from stations.models import ContactCard, ContactCardLine
from villages.models import TownshipContact
from visits.demo import data as d


class Cards:
    """Writes the contacts and cards; ``seeder`` is the DemoSeeder that built the stations."""

    def __init__(self, seeder):
        self.s = seeder
        self.rng = seeder.rng

    def list_township_contacts(self):
        """The township's key contacts every card prints: the two leaders and the police."""
        s = self.s
        rows = []
        for township_places in s.by_township():
            township = township_places[0].township
            secretary, head = s.leaders[township.pk]
            contacts = [
                (secretary.name, secretary.position, secretary.phone),
                (head.name, head.position, head.phone),
                (f"{township.name}派出所", "值班电话", s.landline()),
            ]
            s.contacts[township.pk] = [
                TownshipContact(township=township, order=k, name=n, position=pos, phone=ph)
                for k, (n, pos, ph) in enumerate(contacts, start=1)
            ]
            rows += s.contacts[township.pk]
        TownshipContact.objects.bulk_create(rows)

    def card_lines(self, place, day):
        """What a card issued by the station on that day prints."""
        serving = [
            a
            for a in place.history
            if a.start_date <= day and (a.end_date is None or a.end_date >= day)
        ]
        # As the service prints them (stations.cards.services): chiefs first, then the most
        # recently started; a mobile number only with the cadre's consent.
        serving.sort(key=lambda a: (a.role != "chief", -a.start_date.toordinal(), a.pk or 0))
        lines = [
            (
                a.cadre,
                a.cadre.name,
                d.CARD_POSITIONS[a.role],
                a.cadre.phone if a.cadre.phone_public_since else "",
            )
            for a in serving
        ]
        lines += [(None, c.name, c.position, c.phone) for c in self.s.contacts[place.township.pk]]
        lines.append((None, place.station.name, "工作站值班电话", place.station.office_phone))
        return lines

    def issue_cards(self):
        rng, s = self.rng, self.s
        issued = []  # (issued_on, place index, home index, place, home, voided_on)
        for i, place in enumerate(s.places):
            coverage = 0.9 if place.station.has_contact_cards else 0.5
            rounds = sorted(rng.sample(range(3, 360), rng.randint(3, 6)))
            for j, home in enumerate(place.homes):
                if rng.random() < coverage:
                    day = s.today - datetime.timedelta(days=rng.choice(rounds))
                    issued.append((day, i, j, place, home, None))
        for new in rng.sample(issued, min(100, len(issued))):
            issued.append((s.days_ago(380, 720), new[1], new[2], new[3], new[4], new[0]))
        issued.sort(key=lambda row: row[:3])

        cards, specs = [], []
        duty = {}
        for n, (day, _i, _j, place, home, voided_on) in enumerate(issued, start=1):
            spec = self.card_lines(place, day)
            if place.station.pk not in duty:
                with translation.override(settings.LANGUAGE_CODE):
                    duty[place.station.pk] = place.station.duty_rule_text()
            printed = [{"name": nm, "position": pos, "phone": ph} for _c, nm, pos, ph in spec]
            cards.append(
                ContactCard(
                    county=s.county,
                    serial=f"LH{n:06d}",
                    household=home.household,
                    station=place.station,
                    issued_on=day,
                    issued_by=s.staff_user[place.township.pk],
                    voided_on=voided_on,
                    duty_text=duty[place.station.pk],
                    fingerprint=fingerprint(duty[place.station.pk], printed),
                )
            )
            specs.append(spec)
        ContactCard.objects.bulk_create(cards, batch_size=1000)
        lines = [
            ContactCardLine(
                card=card, order=k, cadre=cadre, name=name, position=position, phone=phone
            )
            for card, spec in zip(cards, specs, strict=True)
            for k, (cadre, name, position, phone) in enumerate(spec, start=1)
        ]
        ContactCardLine.objects.bulk_create(lines, batch_size=2000)
        return len(cards), len(lines)
