"""Print whether this deployment's connections fit in PostgreSQL's max_connections."""

from django.core.management.base import BaseCommand, CommandError

from config import connections


class Command(BaseCommand):
    help = "Check the connection budget (README: 'Connection budget') against the database server."

    def handle(self, *args, **options):
        fits, detail = connections.budget()
        if not fits:
            raise CommandError(detail)
        self.stdout.write(detail)
