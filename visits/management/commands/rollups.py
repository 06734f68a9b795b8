"""``manage.py rollups --rebuild`` / ``--check``: the rollups against the raw rows.

``--rebuild`` writes them afresh (the visit rollups, the households reached and
the days in a village from the visits, the card
rollups of every month from the households and cards, the month under way's
counted on today; or ``--month 2026-11`` alone: run it on the 1st for the month
just over); ``--check`` counts again and compares: it names each differing row
and exits non-zero when any differs. Both together rebuild, then prove the
rebuild. ``--last-month`` is the nightly timer's
(``deploy/systemd/gzz-rollups.timer``): the month just over, written on the 1st
and repaired every night after, and the month under way's card rows, counted
again on the new day.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from visits import card_rollups, day_rollups, rollups

SHOWN = 20


def _month(value):
    try:
        return datetime.date.fromisoformat(f"{value}-01")
    except ValueError as error:
        raise CommandError(f"--month takes a month as YYYY-MM, not {value!r}.") from error


class Command(BaseCommand):
    help = "Rebuild the visit rollups from the visits, or check that they match them."

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="Write them afresh.")
        parser.add_argument("--check", action="store_true", help="Compare with the visits.")
        parser.add_argument("--month", help="Only this month (YYYY-MM).")
        parser.add_argument(
            "--last-month",
            action="store_true",
            help="Only the month before this one (the nightly timer's: it writes a month "
            "just over, and repairs it while corrections still come in).",
        )

    def handle(self, *args, rebuild=False, check=False, month=None, last_month=False, **options):
        if not rebuild and not check:
            raise CommandError("Say --rebuild, --check or both.")
        months = card_months = None
        if last_month:
            this = timezone.localdate().replace(day=1)
            month = f"{this - datetime.timedelta(days=1):%Y-%m}"
        if month:
            first = _month(month)
            months, card_months = (first, first), [first]
        if last_month:
            # And the month under way's card rows, counted on today: the figures of
            # today read them (a card written today recounts its village's at once).
            card_months.append(this)
        if rebuild:
            written = rollups.rebuild(months)
            self.stdout.write(f"Rebuilt the visit rollups: {written} rows.")
            written = card_rollups.rebuild(card_months)
            self.stdout.write(f"Rebuilt the card rollups: {written} rows.")
        if check:
            lines = [
                f"{month_:%Y-%m} station {station} village {village} author {author} "
                f"{kind}: rollup {kept}, visits {counted}"
                for (month_, station, village, author, kind), kept, counted in (
                    rollups.differences(months)
                )
            ]
            lines += [
                f"{month_:%Y-%m} county {county} household {household}: rollup {kept}, "
                f"visits {counted}"
                for (month_, county, household), kept, counted in rollups.reach_differences(months)
            ]
            lines += [
                f"{day} cadre {cadre} station {station}: days rollup {kept}, visits {counted}"
                for (cadre, day, station), kept, counted in day_rollups.differences(
                    rollups.days_of_months(months)
                )
            ]
            lines += [
                f"{month_:%Y-%m} village {village}: rollup {kept[0]} households, {kept[1]} "
                f"carded; counted {counted[0]} households, {counted[1]} carded"
                for month_, village, kept, counted in card_rollups.differences(card_months)
            ]
            for line in lines[:SHOWN]:
                self.stdout.write(line)
            if lines:
                more = f" ({len(lines) - SHOWN} more not shown)" if len(lines) > SHOWN else ""
                raise CommandError(
                    f"{len(lines)} rollup rows differ from the raw rows{more}: "
                    "run manage.py rollups --rebuild."
                )
            self.stdout.write("The rollups match the raw rows.")
