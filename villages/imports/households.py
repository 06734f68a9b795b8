"""Households (农户): 村, 村代码, 村民小组, 户主姓名, 联系电话, 家庭人口, 住址, 标签.

The village is named by its name, its statistical division code (村代码), or both
(``villages.imports.places``).

Natural key: the village and the head of household's name, told apart by the
phone when the row has one, otherwise by the village group. A blank phone or
group never clears what the register holds; a blank address or tag cell does
(when the file has that column at all).
"""

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from villages.imports.base import (
    BATCH,
    FirstSeen,
    ImportKind,
    PlaceIndex,
    Plan,
    by_name,
    match_person,
    write_rows,
)
from villages.imports.cells import Column, choice_key, compact, listing
from villages.imports.places import find_village, village_code_column
from villages.models import Household, HouseholdTag, Village, VillageGroup
from villages.pinyin import search_key
from villages.signals import households_written
from villages.wording import bracketed

NAME_MAX = Household._meta.get_field("head_name").max_length
ADDRESS_MAX = Household._meta.get_field("address").max_length
MEMBERS_MAX = 99

COLUMNS = (
    Column(
        "village",
        "村",
        "Village",
        required=True,
        aliases=("村名", "村（社区）", "村/社区", "社区", "行政村"),
        help=gettext_lazy("The village's name as in the register (or give its code instead)."),
        instead=("village_code",),
    ),
    village_code_column(),
    Column(
        "group",
        "村民小组",
        "Village group",
        aliases=("小组", "组", "组别", "group"),
        help=gettext_lazy(
            "Optional. A group of that village, by name or number: Group 1 and 1 are the same."
        ),
    ),
    Column(
        "head_name",
        "户主姓名",
        "Head of household",
        required=True,
        aliases=("户主", "姓名", "head"),
    ),
    Column(
        "phone",
        "联系电话",
        "Phone",
        aliases=("电话", "手机", "手机号", "手机号码", "户主电话"),
        help=gettext_lazy(
            "Optional. An 11-digit mobile or a landline such as 0739-5234567; "
            "tells apart households whose heads share a name."
        ),
    ),
    Column(
        "members",
        "家庭人口",
        "Members",
        aliases=("人口", "家庭人数", "人数", "household size"),
        help=gettext_lazy("Optional. A whole number; 1 when left blank."),
    ),
    Column("address", "住址", "Address", aliases=("地址", "家庭住址")),
    Column(
        "tags",
        "标签",
        "Tags",
        aliases=("类别", "户类别", "户类型"),
        help=gettext_lazy("Optional. Separate several with commas or the Chinese list comma."),
    ),
)

GROUP_SUFFIX = re.compile(r"(村民小组|小组|组)$")
DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4}
DIGITS |= {"五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def group_key(name):
    """第一组, 一组, 1组, 第1村民小组 and 1 all give '1'."""
    text = GROUP_SUFFIX.sub("", compact(name).removeprefix("第"))
    number = _chinese_number(text)
    return str(number) if number is not None else text


def _chinese_number(text):
    if text.isascii() and text.isdigit():
        return int(text)
    if "十" in text:
        tens, _sep, ones = text.partition("十")
        tens = DIGITS.get(tens) if tens else 1
        ones = DIGITS.get(ones) if ones else 0
        return None if tens is None or ones is None else tens * 10 + ones
    return DIGITS.get(text) if len(text) == 1 else None


def tag_choices(tags):
    """{choice_key: tag pk} for the Chinese and English labels, codes and common short forms."""
    index = {}
    for tag in tags:
        label = HouseholdTag.Code(tag.code).label
        names = [tag.code]
        for language in ("zh-hans", "en"):
            with override(language):
                names.append(str(label))
        zh = names[1]
        # 低保户 / 低保, 留守 / 留守户, and each of 老党员/老干部/老模范.
        names += [zh.removesuffix("户"), zh + "户", *zh.split("/")]
        for name in names:
            index.setdefault(choice_key(name), tag.pk)
    return index


class Lookups:
    def __init__(self, township):
        self.township = township
        villages = list(Village.objects.in_place(township=township))
        self.villages = PlaceIndex(villages, lambda v: v.name, lambda v: v.code)
        self.groups = {}
        for group in VillageGroup.objects.in_place(township=township):
            self.groups.setdefault((group.village_id, compact(group.name)), group)
            self.groups.setdefault((group.village_id, "#" + group_key(group.name)), group)
        households = Household.objects.in_place(township=township)
        self.households = list(households)
        self.by_name = by_name(self.households, attr="head_name", within="village_id")
        tags = list(HouseholdTag.objects.all())
        self.tag_choices = tag_choices(tags)
        self.tag_rows = {}  # household pk → [(through pk, tag pk)]
        through = Household.tags.through.objects.filter(household__in=households)
        for pk, household_id, tag_id in through.values_list(
            "pk", "household_id", "householdtag_id"
        ):
            self.tag_rows.setdefault(household_id, []).append((pk, tag_id))

    def group(self, village, name):
        return self.groups.get((village.pk, compact(name))) or self.groups.get(
            (village.pk, "#" + group_key(name))
        )

    def tags_of(self, household):
        return {tag for _pk, tag in self.tag_rows.get(household.pk, ())}


class Item:
    __slots__ = ("row", "village", "group", "name", "phone", "members", "address", "tags")

    def __init__(self, **values):
        for name, value in values.items():
            setattr(self, name, value)

    @property
    def label(self):
        return bracketed(self.name, self.village.name)


class HouseholdImport(ImportKind):
    slug = "households"
    label = gettext_lazy("households")
    order = 10
    columns = COLUMNS

    def notes(self):
        return [_("Tags: %(tags)s.") % {"tags": listing(HouseholdTag.Code)}]

    def load(self, township):
        return Lookups(township)

    def clean(self, row, lookups):
        village = find_village(row, lookups.villages, lookups.township)
        group_name = row.text("group")
        group = None
        if group_name and village is not None:
            group = lookups.group(village, group_name)
            if group is None:
                row.error(
                    "group",
                    _("%(village)s has no village group “%(name)s”.")
                    % {"village": village.name, "name": group_name},
                )
        item = Item(
            row=row,
            village=village,
            group=group,
            name=row.text("head_name", required=True, max_length=NAME_MAX, name=True),
            phone=row.phone("phone"),
            members=row.integer("members", minimum=1, maximum=MEMBERS_MAX, unit="人"),
            address=row.text("address", max_length=ADDRESS_MAX),
            tags=row.choice_set("tags", lookups.tag_choices, allowed=HouseholdTag.Code),
        )
        return None if row.failed else item

    def plan(self, items, lookups):
        plan = Plan()
        seen, claimed = FirstSeen(), {}
        unnamed = self._blank_group_rows(items)
        for item in items:
            row = item.row
            if item.phone:
                key = (item.village.pk, item.name, "phone", item.phone)
            else:
                key = (item.village.pk, item.name, "group", item.group and item.group.pk)
            if seen.repeat(key, row, "head_name"):
                continue
            if row.number in unnamed:
                row.error(
                    "head_name",
                    _(
                        "The file names “%(name)s” of %(village)s both with and without a "
                        "village group: fill in the group or the phone on this row."
                    )
                    % {"name": item.name, "village": item.village.name},
                )
                continue
            group_id = item.group and item.group.pk
            match, ambiguous = match_person(
                lookups.by_name.get((item.village.pk, item.name), []),
                item.phone,
                claimed=claimed,
                same_place=None if group_id is None else (lambda h, g=group_id: h.group_id == g),
            )
            if ambiguous:
                row.error(
                    "head_name",
                    _(
                        "%(village)s has several households headed by “%(name)s”: "
                        "fill in the phone (or the village group) to tell them apart."
                    )
                    % {"village": item.village.name, "name": item.name},
                )
            elif match is not None and match.pk in claimed:
                row.error(
                    "head_name",
                    _("This is the same household as row %(row)s.") % {"row": claimed[match.pk]},
                )
            elif match is None:
                self._plan_new(plan, item)
            else:
                claimed[match.pk] = row.number
                self._plan_existing(plan, item, match, lookups)
        return plan

    def _blank_group_rows(self, items):
        """Rows without phone or group whose head's name the file also gives in a group."""
        groups = {}
        for item in items:
            if not item.phone:
                groups.setdefault((item.village.pk, item.name), set()).add(item.group)
        return {
            item.row.number
            for item in items
            if not item.phone
            and item.group is None
            and len(groups[(item.village.pk, item.name)]) > 1
        }

    def _plan_new(self, plan, item):
        household = Household(
            village=item.village,
            group=item.group,
            head_name=item.name,
            phone=item.phone,
            members=item.members or 1,
            address=item.address,
        )
        plan.extra[id(household)] = item.tags
        plan.create(item.row, item.label, household)

    def _plan_existing(self, plan, item, household, lookups):
        row, changed = item.row, []
        if item.group is not None and household.group_id != item.group.pk:
            household.group = item.group
            changed.append("group")
        if item.phone and household.phone != item.phone:
            household.phone = item.phone
            changed.append("phone")
        if item.members is not None and household.members != item.members:
            household.members = item.members
            changed.append("members")
        if row.has("address") and household.address != item.address:
            household.address = item.address
            changed.append("address")
        old_tags = lookups.tags_of(household)
        tags = item.tags if row.has("tags") else old_tags
        if tags != old_tags:
            changed.append("tags")
        if not changed:
            plan.unchanged += 1
            return
        plan.extra[id(household)] = tags
        titles = [self.column(key).title for key in changed]
        plan.update(row, item.label, household, titles)

    def write(self, plan, *, lookups, user):
        for household in plan.created:  # bulk_create skips save(), which sets it
            household.name_pinyin = search_key(household.head_name)
        records = write_rows(
            Household, plan, user=user, fields=["group", "phone", "members", "address"]
        )
        # Written in bulk, past ``save``'s signals: the card rollups count them by this one.
        households_written.send(sender=Household, households=plan.created)
        through = Household.tags.through
        changed = {h.pk for h in plan.updated if plan.extra[id(h)] != lookups.tags_of(h)}
        ordered = sorted(changed)
        for start in range(0, len(ordered), BATCH):
            through.objects.filter(household_id__in=ordered[start : start + BATCH]).delete()
        kept = {h.pk: lookups.tag_rows.get(h.pk, []) for h in plan.updated if h.pk not in changed}
        fresh = [
            through(household_id=household.pk, householdtag_id=tag)
            for household in [*plan.created, *(h for h in plan.updated if h.pk in changed)]
            for tag in sorted(plan.extra[id(household)])
        ]
        through.objects.bulk_create(fresh, batch_size=BATCH)
        # The history keeps the tags each version had, as a save() would.
        rows = {}
        for link in fresh:
            rows.setdefault(link.household_id, []).append((link.pk, link.householdtag_id))
        rows |= kept
        snapshot = Household.history.model.tags.model
        snapshot.objects.bulk_create(
            [
                snapshot(history=record, id=pk, household_id=record.id, householdtag_id=tag)
                for record in records
                for pk, tag in rows.get(record.id, ())
            ],
            batch_size=BATCH,
        )


KIND = HouseholdImport()
