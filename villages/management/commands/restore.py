"""manage.py restore DIR: a backup into an EMPTY database and media directory, then checked."""

from django.core.management.base import BaseCommand, CommandError

from villages.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into the (empty) database DATABASE_URL "
        "points at and the (empty) MEDIA_ROOT, then check every table has its rows back."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="the backup directory")
        parser.add_argument("--database", default="default", help="database alias")

    def handle(self, *args, source, database, **options):
        try:
            manifest, counts = restore(source, alias=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        wrong = {
            table: (rows, counts.get(table))
            for table, rows in manifest["tables"].items()
            if counts.get(table) != rows
        }
        if wrong:
            details = ", ".join(f"{t}: {want} → {got}" for t, (want, got) in sorted(wrong.items()))
            raise CommandError(f"Restored, but row counts differ: {details}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {len(counts)} tables ({sum(counts.values())} rows) "
                f"and {manifest['media_files']} media files from {source}"
            )
        )
