"""factory_boy factories: one per model, with the smallest valid defaults."""

import datetime

import factory
from django.utils import timezone

from cadres.models import Cadre, User
from stations.cards import services as card_services
from stations.cards.freshness import fingerprint as print_fingerprint
from stations.models import (
    Assignment,
    ContactCard,
    DutyDay,
    FarmerFriend,
    Pairing,
    WorkStation,
)
from villages.models import County, Household, Prefecture, Township, Village, VillageGroup
from visits.models import Visit

PASSWORD = "correct-horse-battery"


class PrefectureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Prefecture
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"测试市{n}")


class CountyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = County
        django_get_or_create = ["name", "prefecture"]

    name = factory.Sequence(lambda n: f"测试县{n}")
    prefecture = None


class TownshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Township

    county = factory.SubFactory(CountyFactory)
    name = factory.Sequence(lambda n: f"测试乡{n}")


class VillageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Village

    township = factory.SubFactory(TownshipFactory)
    name = factory.Sequence(lambda n: f"测试村{n}")


class VillageGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VillageGroup

    village = factory.SubFactory(VillageFactory)
    name = factory.Sequence(lambda n: f"第{n}组")


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    village = factory.SubFactory(VillageFactory)
    head_name = factory.Sequence(lambda n: f"户主{n}")
    phone = factory.Sequence(lambda n: f"139{n:08d}")
    members = 3


class StationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkStation

    village = factory.SubFactory(VillageFactory)
    name = factory.LazyAttribute(lambda o: f"{o.village.name}群众工作站")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return model_class.objects.create_user(*args, password=PASSWORD, **kwargs)


class CadreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cadre

    township = factory.SubFactory(TownshipFactory)
    name = factory.Sequence(lambda n: f"干部{n}")
    phone = factory.Sequence(lambda n: f"138{n:08d}")
    position = "乡干部"


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    cadre = factory.SubFactory(CadreFactory)
    station = factory.SubFactory(StationFactory)
    role = Assignment.Role.MEMBER
    start_date = datetime.date(2025, 1, 1)


class PairingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pairing

    cadre = factory.SubFactory(CadreFactory)
    household = factory.SubFactory(HouseholdFactory)
    start_date = datetime.date(2025, 1, 1)


class FarmerFriendFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FarmerFriend

    cadre = factory.SubFactory(CadreFactory)
    name = factory.Sequence(lambda n: f"朋友{n}")
    village = factory.SubFactory(VillageFactory)
    who = "老党员"
    since = datetime.date(2025, 1, 1)


def _station_print(station):
    return card_services.current_prints([station])[station.pk]


class ContactCardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactCard

    household = factory.SubFactory(HouseholdFactory)
    station = factory.LazyAttribute(lambda o: StationFactory(village=o.household.village))
    county = factory.LazyAttribute(lambda o: o.household.village.township.county)
    serial = factory.Sequence(lambda n: f"T{n:06d}")
    issued_on = datetime.date(2026, 1, 5)
    # Printing what the station prints at the time it is made: not stale until that changes.
    duty_text = factory.LazyAttribute(lambda o: _station_print(o.station)[0])
    fingerprint = factory.LazyAttribute(lambda o: print_fingerprint(*_station_print(o.station)))


class DutyDayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DutyDay

    station = factory.SubFactory(StationFactory)
    date = datetime.date(2026, 11, 24)


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Visit

    station = factory.SubFactory(StationFactory)
    author = factory.SubFactory(CadreFactory)
    village = factory.LazyAttribute(lambda o: o.station.village)
    household = factory.LazyAttribute(lambda o: HouseholdFactory(village=o.station.village))
    occurred_at = factory.LazyFunction(timezone.now)
    kind = Visit.Kind.HOME
    seen = "家中两位老人身体尚好"
