"""Reads of the farmer-friend register (农民朋友): a member's friends on their page."""

from django.db.models import F
from django.utils import timezone

from cadres.models import Cadre
from stations.models import FarmerFriend


def friends_of(cadre: Cadre, *, user):
    """The member's friends the user may see, current ones first, then the ended ones."""
    return (
        FarmerFriend.objects.visible_to(user)
        .filter(cadre=cadre)
        .select_related("village")
        .order_by(F("ended_on").desc(nulls_first=True), "since", "pk")
    )


def current_count(cadre: Cadre, *, user, day=None) -> int:
    """How many friends the member has on ``day`` (today): what the quota counts."""
    day = day or timezone.localdate()
    return FarmerFriend.objects.visible_to(user).filter(cadre=cadre).on(day).count()
