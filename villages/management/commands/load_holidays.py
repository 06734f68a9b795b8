"""Add the State Council's holiday schedule of years the working calendar lacks.

Run after upgrading the ``chinesecalendar`` package once a new year's schedule is
published (the migrations load the years known when they ran). A year already in the
table is left as the county keeps it.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from villages import holidays
from villages.models import CalendarDay


class Command(BaseCommand):
    help = "Load public holidays and make-up workdays of the years the calendar lacks."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, action="append", help="only this year (repeat)")
        parser.add_argument("--dry-run", action="store_true", help="say what would be added")

    @transaction.atomic
    def handle(self, *, year, dry_run, **options):
        added = holidays.load(CalendarDay, years=year, dry_run=dry_run)
        for each, count in added.items():
            self.stdout.write(f"{each}: {count} days{' (dry run)' if dry_run else ''}")
        known = holidays.available_years()
        self.stdout.write(f"the package knows {known[0]}–{known[-1]}" if known else "no years")
