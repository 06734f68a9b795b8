"""manage.py restore NAME: a backup into an EMPTY database and file storage, then checked."""

from django.core.management.base import BaseCommand, CommandError

from villages.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into the (empty) database DATABASE_URL "
        "points at and the (empty) file storage (MEDIA_ROOT, or S3_BUCKET under S3_PREFIX), "
        "then check every table has its rows back."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "name", help="the backup: a folder of the backup storage, or an absolute path"
        )
        parser.add_argument("--database", default="default", help="database alias")

    def handle(self, *args, name, database, **options):
        try:
            manifest, counts = restore(name, alias=database)
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
                f"and {manifest['media_files']} files from {name}"
            )
        )
