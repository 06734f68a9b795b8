"""The demo county that ``manage.py seed_demo`` builds: ``seeder.DemoSeeder`` runs the parts
(one module each), ``data`` and ``work_data`` hold the names and phrases they draw from,
and ``reset`` removes it all again."""
