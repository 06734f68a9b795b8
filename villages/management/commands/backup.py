"""manage.py backup [NAME]: the database and the stored files, into a new backup."""

from django.core.management.base import BaseCommand, CommandError

from villages.backup import BackupError, backup, default_name


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump -Fc on PostgreSQL, a consistent copy on SQLite) "
        "and every file of the file storage (disk or S3: a tar) into a new folder NAME of "
        "the backup storage (BACKUP_ROOT or BACKUP_S3_PREFIX), or a directory given by its "
        "absolute path, with a manifest of row counts and file checksums."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "name",
            nargs="?",
            help="a new folder of the backup storage, or an absolute path "
            "(default: gzz-<date>T<time>)",
        )
        parser.add_argument("--database", default="default", help="database alias")

    def handle(self, *args, name, database, **options):
        name = name or default_name()
        try:
            manifest = backup(name, alias=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {len(manifest['tables'])} tables ({rows} rows) "
                f"and {manifest['media_files']} files to {name}"
            )
        )
