"""The demo members' farmer friends (农民朋友): the villagers each has befriended.

The seeds ask each station member to make ten or more farmer friends; most of
the demo's members have, some not yet: those who joined lately, and a few who
are simply behind. A friend is a head of household of the member's village
other than the households the member is paired with (a separate register),
described as the seeds describe the people cadres befriend: old party members,
group leaders, growers and breeders, people who came back to start a
business, elders left behind. A few friendships have ended (the friend moved
away to work).

Run after everything else, with a random generator of its own: the rows
seeded before stay as they were.
"""

import datetime
import random

from stations.models import FarmerFriend

# Who a friend is, by the household's tags; anyone may be one of ``ANYONE``.
BY_TAG = {
    "veteran": ["老党员", "老干部", "老模范"],
    "well_off": ["种粮大户", "养殖大户", "致富带头人", "油茶种植户", "返乡创业青年"],
    "left_behind": ["留守老人", "留守妇女"],
}
ANYONE = [
    "村民小组长",
    "退休教师",
    "乡村医生",
    "村民理事会成员",
    "热心群众",
    "种植户",
    "外出务工返乡人员",
]
USUAL = (10, 16)  # friends now of a member who keeps up
BEHIND = (4, 9)  # friends of one who is behind
BEHIND_SHARE = 0.12  # of those serving a while, the share behind anyway
LATELY = 150  # days: a member who joined since has not made ten friends yet
ENDED_SHARE = 0.08  # friendships ended besides (the friend went away to work)


class Friends:
    def __init__(self, *, seeder, seed):
        self.s = seeder
        self.rng = random.Random(seed)
        self.today = seeder.today
        self.rows = []

    def run(self):
        for place in self.s.places:
            for assignment in place.crew:
                self.befriend(place, assignment)
        FarmerFriend.objects.bulk_create(self.rows, batch_size=1000)
        return {"farmer friends": len(self.rows)}

    def befriend(self, place, assignment):
        rng, cadre = self.rng, assignment.cadre
        serving = (self.today - assignment.start_date).days
        behind = serving < LATELY or rng.random() < BEHIND_SHARE
        low, high = BEHIND if behind else USUAL
        count = rng.randint(low, high)
        ended = sum(rng.random() < ENDED_SHARE for _ in range(count))
        # Not the member's paired households, nor a namesake of one (two 杨涛 would read
        # as one person in both registers).
        paired = {home.household.head_name for home in self.s.paired.get(id(cadre), ())}
        homes = [home for home in place.homes if home.household.head_name not in paired]
        first = max(assignment.start_date, self.today - datetime.timedelta(days=3 * 365))
        # Friends made by a month ago: the month the supervision pages show first counts them.
        span = max(1, (self.today - first).days - 30)
        names = set()
        for n, home in enumerate(self.pick(homes, count + ended)):
            if home.household.head_name in names:  # two 刘一 in a village: one friend
                continue
            names.add(home.household.head_name)
            since = first + datetime.timedelta(days=rng.randrange(span))
            until = None
            if n >= count:  # the friend went away to work
                until = since + datetime.timedelta(days=rng.randint(0, (self.today - since).days))
            self.rows.append(
                FarmerFriend(
                    cadre=cadre,
                    name=home.household.head_name,
                    village=place.village,
                    who=self.who(home),
                    phone=home.household.phone,
                    since=since,
                    ended_on=until,
                )
            )

    def pick(self, homes, n):
        """n different households, the weighted ones likelier (as ``DemoSeeder.pick_homes``)."""
        keyed = [(self.rng.random() ** (1 / home.weight), i) for i, home in enumerate(homes)]
        keyed.sort(reverse=True)
        return [homes[i] for _key, i in keyed[:n]]

    def who(self, home):
        choices = [w for tag in home.tags for w in BY_TAG.get(tag, ())]
        if not choices or self.rng.random() < 0.3:
            choices = ANYONE
        return self.rng.choice(choices)
