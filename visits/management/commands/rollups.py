"""``manage.py rollups --rebuild`` / ``--check``: the visit rollups against the visits.

``--rebuild`` writes them afresh from the visits (all months, or ``--month
2026-11`` alone); ``--check`` counts the visits again and compares: it names
each differing row and exits non-zero when any differs. Both together rebuild,
then prove the rebuild.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError

from visits import rollups

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

    def handle(self, *args, rebuild=False, check=False, month=None, **options):
        if not rebuild and not check:
            raise CommandError("Say --rebuild, --check or both.")
        months = None
        if month:
            first = _month(month)
            months = (first, first)
        if rebuild:
            written = rollups.rebuild(months)
            self.stdout.write(f"Rebuilt the visit rollups: {written} rows.")
        if check:
            differ = rollups.differences(months)
            for key, kept, counted in differ[:SHOWN]:
                month_, station, village, author, kind = key
                self.stdout.write(
                    f"{month_:%Y-%m} station {station} village {village} author {author} "
                    f"{kind}: rollup {kept}, visits {counted}"
                )
            if differ:
                more = f" ({len(differ) - SHOWN} more not shown)" if len(differ) > SHOWN else ""
                raise CommandError(
                    f"{len(differ)} rollup rows differ from the visits{more}: "
                    "run manage.py rollups --rebuild."
                )
            self.stdout.write("The visit rollups match the visits.")
