"""A city from one seeded county: the county's rows copied in the database, once per
other county of the city, with new keys.

Seeding row by row through the ORM costs about 0.4 s of Python per village (a
1,200-village county took eight minutes and 1.4 GB); a city of 6,000 villages that
way would take most of an hour. Here the demo seeder builds one county, then
PostgreSQL copies every table of it with ``INSERT … SELECT`` once per further
county: each copy's primary keys are the original's plus ``k`` times the table's
largest key, every foreign key into a copied table moves by that table's step, and
the few values that must differ between counties (the county's name and codes,
login names, form tokens, the stations' public address keys) are rewritten in the
same statement. History rows are copied the same way, so every copied row has the
history it had. The copies are deterministic: the same seed gives the same city.

The copies hold the same work as the original (same visits on the same days): for
measuring the city's pages that is what matters — the rows' number and shape.
"""

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, models, transaction

from cadres.models import SponsoringUnit, User
from stations.models import AssessmentNote, AssessmentResult, AssessmentRound

# Rows shared by every county, never copied: the working calendar, the household
# tags (a fixed list), the background jobs, the access log, the places above counties.
SHARED = {
    "villages.CalendarDay",
    "villages.HistoricalCalendarDay",
    "villages.HouseholdTag",
    "villages.Job",
    "villages.JobRequest",
    "villages.WorkerHeartbeat",
    "villages.AccessLog",
    "villages.Prefecture",
    "villages.HistoricalPrefecture",
}
APPS = ("villages", "cadres", "stations", "visits")


def clone_county(county, copies, *, trust_keys=False):
    """Copy ``county`` (the only county in the database) once per ``(name, code)`` in
    ``copies``; returns the number of rows written per table.

    With ``trust_keys`` (and a database superuser), the copies' foreign keys are not
    checked row by row: at city size the deferred checks took longer than the copying
    (more than half of the first city seed's 20 minutes, under load). The test
    (``tests/test_city_seed.py``) copies with the checks on.
    """
    if connection.vendor != "postgresql":
        raise RuntimeError("A city is copied in PostgreSQL only (INSERT … SELECT, md5).")
    County = type(county)
    if County.objects.exclude(pk=county.pk).exists():
        raise RuntimeError("Copying needs a database that holds one county only.")
    # Rows every county shares, never copied: logins above the county, the city's own
    # departments (a copied county's stations point at the same city unit), the city's
    # assessment rounds with their notes and results (one round covers every county).
    city_round = models.Q(round__prefecture__isnull=False)
    kept = {
        model: list(model.objects.filter(shared).values_list("pk", flat=True))
        for model, shared in (
            (User, _kept_users()),
            (SponsoringUnit, models.Q(prefecture__isnull=False)),
            (AssessmentRound, models.Q(prefecture__isnull=False)),
            (AssessmentNote, city_round),
            (AssessmentResult, city_round),
        )
    }
    tables = _copied_models()
    steps = {m: _largest_key(m) for m in tables}
    written = {}
    # One transaction: the foreign keys are checked at its end, once every table is in.
    with transaction.atomic(), connection.cursor() as cursor:
        if trust_keys and _superuser(cursor):
            # Replication mode fires no foreign-key triggers, for this transaction only.
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("CREATE TEMP TABLE clone_copies (k integer, name text, code text)")
        cursor.executemany(
            "INSERT INTO clone_copies VALUES (%s, %s, %s)",
            [(k, name, code) for k, (name, code) in enumerate(copies, start=1)],
        )
        for model in tables:
            if not steps[model]:
                continue
            columns, expressions = _copy_columns(model, steps, kept)
            table = connection.ops.quote_name(model._meta.db_table)
            pk = connection.ops.quote_name(model._meta.pk.column)
            where = f"t.{pk} <= {steps[model]}"
            if model in kept:
                where += f" AND NOT (t.{pk} = ANY({_array(kept[model])}))"
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(columns)}) "
                f"SELECT {', '.join(expressions)} FROM {table} t CROSS JOIN clone_copies c "
                f"WHERE {where}"
            )
            written[model._meta.label] = cursor.rowcount
        for statement in connection.ops.sequence_reset_sql(no_style(), tables):
            cursor.execute(statement)
        cursor.execute("DROP TABLE clone_copies")
    return written


def _superuser(cursor):
    cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    return cursor.fetchone()[0]


def _kept_users():
    """Logins not copied: superusers, and supervisors above the county (they see every
    copy already)."""
    kept = models.Q(is_superuser=True)
    if any(f.name == "prefecture" for f in User._meta.concrete_fields):
        kept |= models.Q(prefecture__isnull=False)
    return kept


def _copied_models():
    return [
        model
        for label in APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
        if model._meta.label not in SHARED and not model._meta.proxy and model._meta.managed
    ]


def _largest_key(model):
    return model._base_manager.aggregate(n=models.Max("pk"))["n"] or 0


def _copy_columns(model, steps, kept):
    """The column list and, for each column, what the copy ``c.k`` writes there."""
    q = connection.ops.quote_name
    columns, expressions = [], []
    tracked = getattr(model, "instance_type", None)  # a history table's tracked model
    for field in model._meta.concrete_fields:
        column = f"t.{q(field.column)}"
        columns.append(q(field.column))
        expressions.append(_copied_value(model, field, column, steps, tracked, kept))
    return columns, expressions


def _copied_value(model, field, column, steps, tracked, kept):
    step = steps.get
    if field.primary_key:
        return f"{column} + c.k * {step(model)}"
    if field.is_relation:
        target = field.related_model
        if target in kept:
            # A row pointing at one not copied (a login of the admin, a city unit) keeps it.
            moved = f"{column} + c.k * {step(target)}"
            return (
                f"CASE WHEN {column} = ANY({_array(kept[target])}) THEN {column} ELSE {moved} END"
            )
        if target in steps:
            return f"{column} + c.k * {step(target)}"
        return column  # a shared row: the same household tag, the same prefecture
    if tracked is not None and field.name == tracked._meta.pk.name and tracked in steps:
        return f"{column} + c.k * {step(tracked)}"
    base = tracked or model
    label = base._meta.label
    if label == "villages.County" and field.name == "name":
        return "c.name"
    if field.name == "code" and label == "villages.County":
        return "c.code"
    if field.name == "code" and label in ("villages.Township", "villages.Village"):
        # A township's or village's 12 digits begin with its county's six.
        moved = f"c.code || substr({column}, 7)"
        return f"CASE WHEN {column} IS NULL OR {column} = '' THEN {column} ELSE {moved} END"
    if field.name == "username":
        return f"{column} || '.' || c.code"
    if isinstance(field, models.UUIDField) and (field.unique or tracked is not None):
        return f"md5({column}::text || ':' || c.k)::uuid"
    if field.name == "public_key":
        return f"left(md5({column} || ':' || c.k), {field.max_length})"
    if field.unique and tracked is None:
        raise RuntimeError(f"{label}.{field.name} is unique: say how a copy rewrites it.")
    return column


def _array(ids):
    return "ARRAY[" + ",".join(str(int(i)) for i in ids) + "]::integer[]"
