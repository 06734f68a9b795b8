"""manage.py backup DIR: the database and the uploaded photos, into a new directory."""

from django.core.management.base import BaseCommand, CommandError

from villages.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump -Fc on PostgreSQL, a consistent copy on SQLite) "
        "and MEDIA_ROOT (a tar) into DIR, with a manifest of row counts per table."
    )

    def add_arguments(self, parser):
        parser.add_argument("target", help="a new directory for the backup")
        parser.add_argument("--database", default="default", help="database alias")

    def handle(self, *args, target, database, **options):
        try:
            manifest = backup(target, alias=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {len(manifest['tables'])} tables ({rows} rows) "
                f"and {manifest['media_files']} media files to {target}"
            )
        )
