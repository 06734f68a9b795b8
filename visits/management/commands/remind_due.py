"""明天到期: list for each office its open concerns due tomorrow (Beijing days).

Nightly, shortly after midnight, from the timer in deploy/systemd/ (or cron): the
office's inbox shows the list at its top the next morning. Safe to run again the
same night: the lists come out the same.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from visits.concerns.digests import list_due


class Command(BaseCommand):
    help = "List, for each office, the concerns that fall due tomorrow, for its inbox."

    def add_arguments(self, parser):
        parser.add_argument(
            "--day",
            help="The day to run for, YYYY-MM-DD (default: today in Beijing time); "
            "concerns due the day after are listed.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Say what, write nothing.")

    def handle(self, *, day, dry_run, **options):
        try:
            day = datetime.date.fromisoformat(day) if day else timezone.localdate()
        except ValueError:
            raise CommandError(f"--day: not a date (YYYY-MM-DD): {day}") from None
        lists = list_due(day=day, dry_run=dry_run)
        due_on = day + datetime.timedelta(days=1)
        for office, concerns in lists:
            self.stdout.write(f"{office.township.name} {office.name}: {len(concerns)} due {due_on}")
        total = sum(len(concerns) for _office, concerns in lists)
        verb = "would list" if dry_run else "listed"
        self.stdout.write(f"{verb} {total} concerns due {due_on} for {len(lists)} offices")
