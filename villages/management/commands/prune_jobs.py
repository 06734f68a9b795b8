"""Delete finished background jobs past their time (``JOBS_KEEP_HOURS``), with their files.

Nightly, from the timer in deploy/ (or cron); safe to run at any time.
"""

from django.core.management.base import BaseCommand

from villages.jobs.services import prune


class Command(BaseCommand):
    help = "Delete expired background-job files."

    def handle(self, **options):
        self.stdout.write(f"{prune()} expired jobs deleted")
