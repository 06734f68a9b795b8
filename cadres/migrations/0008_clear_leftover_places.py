"""Clear the place fields a login's role does not use, before the database refuses them.

Scoping reads only the field of the login's role; a county left on a township clerk,
or a township left on a cadre's or office clerk's login, was never its place. The
fields of its role (a supervisor's county, a clerk's township) are kept as they are.
"""

from django.db import migrations

# The one place field each role has (named as the role); every other role has none.
FIELDS = ("county", "township", "office")


def clear_leftovers(apps, schema_editor):
    User = apps.get_model("cadres", "User")
    for field in FIELDS:
        leftover = User.objects.exclude(role=field).filter(**{f"{field}__isnull": False})
        leftover.update(**{field: None})


class Migration(migrations.Migration):
    dependencies = [
        ("cadres", "0007_cadre_phone_public_since"),
    ]

    # Nothing to put back: a cleared field was never the login's place.
    operations = [migrations.RunPython(clear_leftovers, migrations.RunPython.noop)]
