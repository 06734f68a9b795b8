"""What every kind of import shares: the plan it makes, and how rows find existing records."""

import re
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from villages.imports.cells import cell_text, choice_key, compact
from villages.wording import colon

# Rows per INSERT/UPDATE statement: well inside SQLite's and PostgreSQL's limits.
BATCH = 500
# Recorded on every history row an import writes.
CHANGE_REASON = "Excel import"


@dataclass
class Change:
    """One line of the preview: a row that creates or changes a record."""

    row: int
    created: bool
    label: str
    fields: tuple[str, ...] = ()
    # What the row writes, as "column: value" (a role, a date), so the preview shows it.
    values: tuple[str, ...] = ()


@dataclass
class Plan:
    """What applying the file would do: instances to create, instances to update."""

    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: int = 0
    changes: list = field(default_factory=list)
    extra: dict = field(default_factory=dict)  # what a kind writes besides the rows

    def create(self, row, label, payload, values=()):
        self.created.append(payload)
        self.changes.append(Change(row.number, True, label, (), tuple(values)))

    def update(self, row, label, payload, fields, values=()):
        self.updated.append(payload)
        self.changes.append(Change(row.number, False, label, tuple(fields), tuple(values)))


class ImportKind:
    """One kind of register a file can fill. Subclasses say how."""

    def written(self, **values):
        """{column key: value} as the preview lists it: "职务：站长", blanks left out."""
        return [
            f"{self.column(key).title}{colon()}{cell_text(value)}"
            for key, value in values.items()
            if value not in (None, "")
        ]

    slug = ""
    label = ""  # lazy, plural: "households"
    order = 0  # place on the import page: registers a later kind refers to come first
    columns = ()
    # {column key: TextChoices} offered as a drop-down in the blank template.
    dropdowns = {}

    def notes(self):
        """Lines of the template's instructions sheet that only this kind needs."""
        return []

    def load(self, township):
        """Everything the rows are checked against, in a fixed number of queries."""
        raise NotImplementedError

    def clean(self, row, lookups):
        """The row's values as an item to plan with, or None (problems are on the row)."""
        raise NotImplementedError

    def plan(self, items, lookups):
        """Match items to existing records; cross-row problems go on the items' rows."""
        raise NotImplementedError

    def write(self, plan, *, lookups, user):
        raise NotImplementedError

    def column(self, key):
        return next(c for c in self.columns if c.key == key)


class FirstSeen:
    """Remembers the first row of each natural key, to refuse repeats within the file."""

    def __init__(self):
        self._rows = {}

    def repeat(self, key, row, column, message=None):
        """True (and a problem on ``row``) when ``key`` came earlier in the file."""
        first = self._rows.setdefault(key, row.number)
        if first == row.number:
            return False
        row.error(
            column,
            message or _("This row repeats row %(row)s (the same record).") % {"row": first},
        )
        return True


def match_person(candidates, phone, *, claimed, same_place=None):
    """The existing record a row means among those of the same name.

    With a phone, the record with that phone; failing that, a single record
    of that name still without a phone (the file fills it in). Without a
    phone, the only record of that name — one without a phone first. Returns
    ``(record or None, ambiguous)``.
    """
    if same_place is not None:
        nearby = [c for c in candidates if same_place(c)]
    else:
        nearby = list(candidates)
    if phone:
        exact = [c for c in candidates if c.phone == phone]
        if len(exact) > 1:
            return None, True
        if exact:
            return exact[0], False
        spare = [c for c in nearby if not c.phone and c.pk not in claimed]
        return (spare[0] if len(spare) == 1 else None), False
    pool = [c for c in nearby if not c.phone] or nearby
    if len(pool) > 1:
        return None, True
    return (pool[0] if pool else None), False


def pick(candidates, phone):
    """The one existing record a reference names: ``(record, None)`` or ``(None, problem)``.

    ``problem`` is "unknown" or "ambiguous". A phone picks among namesakes;
    a record without a phone still answers to its name alone.
    """
    if phone:
        exact = [c for c in candidates if c.phone == phone]
        if len(exact) > 1:
            return None, "ambiguous"
        if exact:
            return exact[0], None
        if len(candidates) == 1 and not candidates[0].phone:
            return candidates[0], None
        return None, "unknown"
    if len(candidates) == 1:
        return candidates[0], None
    return None, ("ambiguous" if candidates else "unknown")


def by_name(records, *, attr, within=None):
    """{(place id, name without spaces): [records]}."""
    index = {}
    for record in records:
        place = getattr(record, within) if within else None
        index.setdefault((place, compact(getattr(record, attr))), []).append(record)
    return index


def labels(choices, *extra):
    """{choice_key(text): value} for a TextChoices' Chinese and English labels and values."""
    index = {}
    for value, label in choices.choices:
        for language in ("zh-hans", "en"):
            with override(language):
                index[choice_key(str(label))] = value
        index[choice_key(value)] = value
    for aliases, value in extra:
        for alias in aliases:
            index.setdefault(choice_key(alias), value)
    return index


VILLAGE_SUFFIX = re.compile(r"(村民委员会|居民委员会|村委会|居委会|社区|村)$")


class PlaceIndex:
    """The township's villages and stations by name, tolerant of a missing 村 / 社区."""

    def __init__(self, items, name, code=None):
        self._exact = {compact(name(item)): item for item in items}
        # By statistical division code, for the rows that give one (blank codes left out).
        self._codes = {code(item): item for item in items if code(item)} if code else {}
        self._short = {}
        for item in items:
            self._short.setdefault(VILLAGE_SUFFIX.sub("", compact(name(item))), []).append(item)

    def get(self, text):
        text = compact(text)
        found = self._exact.get(text)
        if found is None:
            near = self._short.get(VILLAGE_SUFFIX.sub("", text), [])
            found = near[0] if len(near) == 1 else None
        return found

    def by_code(self, code):
        return self._codes.get(code)


def write_rows(model, plan, *, user, fields):
    """Create and update ``model`` rows in bulk, with a history row for each.

    ``plan.created`` holds unsaved instances, ``plan.updated`` instances whose
    ``fields`` may have changed. Bulk writes skip ``save()``: the caller has
    already set every derived field (pinyin keys). Returns the history rows.
    """
    now = timezone.now()
    history = model.history
    records = []
    # Updates first: an assignment that ends makes room for the one that starts.
    if plan.updated:
        stamped = [f.name for f in model._meta.concrete_fields if getattr(f, "auto_now", False)]
        for obj in plan.updated:
            for name in stamped:
                setattr(obj, name, now)
        model.objects.bulk_update(plan.updated, [*fields, *stamped], batch_size=BATCH)
        records += history.bulk_history_create(
            plan.updated,
            batch_size=BATCH,
            update=True,
            default_user=user,
            default_change_reason=CHANGE_REASON,
        )
    created = model.objects.bulk_create(plan.created, batch_size=BATCH)
    records += history.bulk_history_create(
        created, batch_size=BATCH, default_user=user, default_change_reason=CHANGE_REASON
    )
    return records
