"""Build the demo county 隆回县: places, stations, households, cadres and a year of work.

The rows are made by ``visits.demo.seeder.DemoSeeder``; this command checks
that it may run, clears the old demo on ``--reset`` and reports what it wrote.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from cadres.models import User
from visits import card_rollups, rollups
from visits.demo import data as d
from visits.demo import scale as tiers
from visits.demo.cloning import clone_county
from visits.demo.reset import delete_demo_data, demo_county
from visits.demo.seeder import DemoSeeder


class Command(BaseCommand):
    help = (
        "Seed the demo county 隆回县 (townships 石门乡 and 金石桥镇, 22 villages with their "
        "stations, about 3,000 households, cadres, pairings, contact cards, a year of duty "
        "days and visits, the townships' offices and a year of concerns raised in the visits, "
        "the stations' meetings, practical deeds and ratings, spot checks and a vote round) "
        "and the demo logins admin, county, township, township2, chief, cadre and office, all "
        f"with password {settings.DEMO_PASSWORD}. Does nothing if the county exists, unless "
        "--reset is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete the demo county with everything in it and the demo logins, then seed "
            "again.",
        )
        parser.add_argument(
            "--scale",
            choices=list(tiers.TIERS),
            default="demo",
            help="demo: the two townships above. county: the county grown to 20 townships of "
            "15 villages (about 300 villages, 98,000 visits). city: 邵阳市's twelve counties, "
            "each a copy of the county grown to 34 townships of 15 villages (6,120 villages, "
            "about 2 million visits; PostgreSQL only).",
        )

    def handle(self, *args, reset=False, scale="demo", **options):
        # The demo logins share a published password: never on a real deployment.
        if not settings.DEMO_MODE:
            raise CommandError(
                "seed_demo runs only in demo mode (DEBUG=true or DEMO_MODE=true): "
                f"it creates logins with the published password {settings.DEMO_PASSWORD}."
            )
        if scale == "city" and connection.vendor != "postgresql":
            raise CommandError("--scale city copies the county in PostgreSQL: set DATABASE_URL.")
        if size := tiers.TIERS[scale]:
            tiers.grow(*size)
        started = time.monotonic()
        with transaction.atomic():
            if demo_county() is not None and not reset:
                self.stdout.write(
                    f"{d.COUNTY} already exists; nothing changed (use --reset to rebuild it)."
                )
                return
            if reset:
                delete_demo_data()
            taken = sorted(
                User.objects.filter(username__in=list(d.DEMO_USERS)).values_list(
                    "username", flat=True
                )
            )
            if taken:
                raise CommandError(
                    f"Users {', '.join(taken)} already exist; run with --reset to replace them."
                )
            counts = DemoSeeder(today=timezone.localdate()).run()
            # The seeder writes visits in bulk, around the rollups' hooks: count them
            # now, before the city's copies (which copy the rollups with the visits).
            counts["visit rollup rows"] = rollups.rebuild()
            counts["card rollup rows"] = card_rollups.rebuild()
            if scale == "city":
                county = demo_county()
                copied = clone_county(county, tiers.other_counties(), trust_keys=True)
                counts["rows copied for the other counties"] = sum(copied.values())
        if connection.vendor == "postgresql":
            # Fresh statistics: the planner takes a table of a million rows it has never
            # measured for an empty one (a township's start page took 13 s instead of 0.45 s
            # on the city seed before this).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        summary = ", ".join(f"{n} {what}" for what, n in counts.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {d.COUNTY}: {summary} in {time.monotonic() - started:.1f}s."
            )
        )
